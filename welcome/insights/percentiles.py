"""Exact percentiles of whole days, from a histogram (days → how many), without the rows.

The nearest-rank method: the p-th percentile is the smallest value that at least p % of the
observations do not exceed. It is always an observed whole day, needs no interpolation, and
two histograms added together give the same answer as the rows they came from — so the
database can count (GROUP BY days) and Python reads the answer off the counts.
Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Mapping


def nearest_rank(histogram: Mapping[int, int], percent: int) -> int:
    """The ``percent``-th percentile (1–100) of the values counted in ``histogram``."""
    if not 0 < percent <= 100:
        raise ValueError(f"A percentile lies between 1 and 100, not {percent}.")
    total = sum(histogram.values())
    if total <= 0:
        raise ValueError("A percentile of no observations does not exist.")
    rank = max((percent * total + 99) // 100, 1)  # ceil(p/100 · n) in integers: exact
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable: the ranks add up to the total")  # pragma: no cover


def merge(into: dict[int, int], histogram: Mapping[int, int]) -> dict[int, int]:
    """Add ``histogram``'s counts to ``into`` (the union of the observations)."""
    for value, count in histogram.items():
        into[value] = into.get(value, 0) + count
    return into
