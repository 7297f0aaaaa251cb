"""``@recent(maxsize, seconds)``: a bounded memory of a function's answers with an age limit.

For answers computed from what a person entered (the pathway check's facts): a reload or a
shared link is answered from memory, but nothing a person typed stays in a process's memory
longer than `seconds` — nothing is stored unless the person asks to save it.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


def recent(maxsize: int, seconds: float) -> Callable[[Callable], Callable]:
    def decorate(function: Callable) -> Callable:
        entries: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        lock = threading.Lock()

        def forget_expired(now: float) -> None:
            # Entries are kept in the order they were made, so the expired ones are in front.
            while entries and now - next(iter(entries.values()))[0] >= seconds:
                entries.popitem(last=False)

        @functools.wraps(function)
        def wrapper(*args):
            now = time.monotonic()
            with lock:
                forget_expired(now)
                found = entries.get(args)
            if found is not None:
                return found[1]
            value = function(*args)
            with lock:
                entries.pop(args, None)
                entries[args] = (now, value)
                while len(entries) > maxsize:
                    entries.popitem(last=False)
            return value

        def cache_clear() -> None:
            with lock:
                entries.clear()

        wrapper.cache_clear = cache_clear
        wrapper.cache_len = lambda: len(entries)
        return wrapper

    return decorate
