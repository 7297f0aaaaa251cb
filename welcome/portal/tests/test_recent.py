"""The memory of answers computed from a person's facts: bounded, and forgetful after a while."""

from welcome.portal import recent as recent_module
from welcome.portal.recent import recent


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def remembering(monkeypatch, maxsize=3, seconds=60):
    clock = Clock()
    monkeypatch.setattr(recent_module.time, "monotonic", clock)
    calls = []

    @recent(maxsize=maxsize, seconds=seconds)
    def square(n):
        calls.append(n)
        return n * n

    return square, calls, clock


def test_an_answer_is_remembered_within_its_time(monkeypatch):
    square, calls, clock = remembering(monkeypatch)
    assert square(3) == 9 and square(3) == 9
    clock.now += 59
    assert square(3) == 9
    assert calls == [3]


def test_an_answer_is_forgotten_after_its_time_even_without_traffic_for_it(monkeypatch):
    square, calls, clock = remembering(monkeypatch)
    square(3)
    clock.now += 60
    square(4)  # any call clears what has expired
    assert square.cache_len() == 1
    assert square(3) == 9 and calls == [3, 4, 3]


def test_the_memory_is_bounded_oldest_first(monkeypatch):
    square, calls, _clock = remembering(monkeypatch, maxsize=2)
    for n in (1, 2, 3):
        square(n)
    square(1)
    assert calls == [1, 2, 3, 1]
    assert square.cache_len() == 2


def test_cache_clear_forgets_everything(monkeypatch):
    square, calls, _clock = remembering(monkeypatch)
    square(2)
    square.cache_clear()
    square(2)
    assert calls == [2, 2]
