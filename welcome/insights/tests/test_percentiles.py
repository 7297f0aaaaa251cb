"""Percentiles read off a histogram equal the nearest-rank percentile of the rows themselves."""

import random
from collections import Counter

import pytest

from welcome.insights.percentiles import merge, nearest_rank


def brute_force(values: list[int], percent: int) -> int:
    """The definition, spelled out: the smallest observed value that at least ``percent`` % of
    the observations do not exceed."""
    return min(v for v in values if 100 * sum(x <= v for x in values) >= percent * len(values))


@pytest.mark.parametrize("seed", range(40))
def test_it_agrees_with_the_definition_on_random_data(seed):
    rng = random.Random(seed)
    values = [
        rng.choice([rng.randint(0, 10), rng.randint(0, 200)]) for _ in range(rng.randint(1, 300))
    ]
    histogram = Counter(values)
    for percent in (1, 10, 25, 50, 80, 90, 99, 100):
        assert nearest_rank(histogram, percent) == brute_force(values, percent), percent


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        pytest.param([7], 50, 7, id="one observation is every percentile"),
        pytest.param([1, 2, 3, 4], 50, 2, id="an even count takes the lower middle, a real day"),
        pytest.param([1, 2, 3, 4, 5], 80, 4, id="80 % of five is exactly the fourth"),
        pytest.param([1, 2, 3, 4, 5, 6], 80, 5, id="80 % of six rounds the rank up"),
        pytest.param(list(range(1, 11)), 90, 9, id="90 % of ten is the ninth, not the tenth"),
        pytest.param([0, 0, 0, 30], 90, 30, id="a long tail shows at the 90th percentile"),
    ],
)
def test_it_follows_the_nearest_rank_method(values, percent, expected):
    assert nearest_rank(Counter(values), percent) == expected


def test_histograms_added_together_give_the_percentile_of_all_rows():
    left, right = [3, 9, 9, 14], [1, 2, 40, 41, 41]
    assert nearest_rank(merge(Counter(left), Counter(right)), 50) == brute_force(left + right, 50)


@pytest.mark.parametrize("percent", [0, 101])
def test_it_refuses_a_percentile_outside_1_to_100(percent):
    with pytest.raises(ValueError, match="between 1 and 100"):
        nearest_rank({1: 1}, percent)


def test_it_refuses_an_empty_histogram():
    with pytest.raises(ValueError, match="no observations"):
        nearest_rank({}, 50)
