"""What gunicorn's master loads once, before it forks its workers (deploy/gunicorn.conf.py).

With `preload_app` the workers share the master's memory copy-on-write. Loaded here, the
sentence encoder's weights (a 65 MB table, about two seconds to read), the FAQ index (the
vectors and vocabulary of the published entries), the occupation finder's names and vectors,
and the URL configuration with every view module cost that memory and time once per server
instead of once per worker, and no visitor waits for them on a worker's first request.

Afterwards every database connection is closed: a connection opened here would be shared by
all workers through the same socket, and their queries would corrupt each other's answers.
And the memory that loading used and freed (the encoder's compressed weights, the rows the FAQ
index was assembled from: some 90 MB) is handed back to the system: C's allocator keeps freed
blocks for reuse, and every worker forked with them would count them in its own memory.
"""

import ctypes
import ctypes.util
import gc
import logging
import time

from django.db import connections
from django.urls import get_resolver

logger = logging.getLogger(__name__)

WARM_UP_QUERY = "Blaue Karte beantragen"


def warm_up() -> None:
    """Load views, encoder and FAQ index into this process, then close its DB connections.

    A database that cannot be read yet (not migrated, not reachable) does not stop the start:
    the workers then read the index on their first search, as they would without preloading.
    """
    from welcome.knowledge import embeddings, search
    from welcome.occupations import search as occupations

    started = time.monotonic()
    try:
        get_resolver().url_patterns  # noqa: B018 - imports every view module
        encoder = embeddings.encode([WARM_UP_QUERY]) is not None  # weights load on first use
        try:
            search.search(query=WARM_UP_QUERY, language="de")  # published vectors, vocabulary
            index = True
        except Exception:  # noqa: BLE001 - any database problem: the workers load it themselves
            index = False
            logger.warning("FAQ index not preloaded; each worker reads it on its first search.")
        names = len(occupations.index().names)  # names, trigrams and vectors; no database
    finally:
        connections.close_all()
    released = release_free_memory()
    logger.info(
        "Preloaded before fork: sentence encoder %s, FAQ index %s, %d occupation names (%.1f s)%s.",
        "loaded" if encoder else "unavailable",
        "loaded" if index else "not loaded",
        names,
        time.monotonic() - started,
        "; freed memory returned to the system" if released else "",
    )


def release_free_memory() -> bool:
    """Collect garbage, then ask glibc to return its free pages (`malloc_trim`); False where
    the C library has no such function (musl, macOS)."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True
