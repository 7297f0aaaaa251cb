"""Benchmark: the youth finder's ranking function over 500 programmes, in-process.

`welcome.youth.finder.rank` is pure Python (no Django, no database), so it is measured where
it runs, without gunicorn or wrk: ROUNDS rounds (BENCH_ROUNDS, 3) of PROFILES ranks each
(YOUTH_PROFILES, 2,000), every rank a profile never asked before (age 12–35 × the Region's 21
municipalities × school status × training place × five yes/no needs: 96,768 profiles, shuffled
once and dealt out without repetition) against PROGRAMMES varied programmes (YOUTH_PROGRAMMES,
500: age ranges, served municipalities, school statuses, training place and needs drawn from a
fixed seed). A row reports the median of the rounds' p50/p95/p99 and the worst round's p95; the
goal is p95 < 30 ms. Absolute times drift on a shared machine (`load_average` is printed).
Run: `.venv/bin/python -m bench.youth_finder`.
"""

import itertools
import os
import random
import statistics
import time

from bench.common import load_average
from welcome.region.data import region
from welcome.youth.finder import Profile, Programme, School, TrainingPlace, rank

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PROFILES = int(os.environ.get("YOUTH_PROFILES", "2000"))
PROGRAMMES = int(os.environ.get("YOUTH_PROGRAMMES", "500"))
GOAL_MS = 30.0
NEEDS = ("newly_arrived", "came_for_training", "language_support", "single_parent",
         "housing_problem")  # fmt: skip


def programmes(count: int, places: list[str], rng: random.Random) -> list[Programme]:
    made = []
    for key in range(count):
        low = rng.randint(12, 20)
        served = places if rng.random() < 0.3 else rng.sample(places, rng.randint(1, 5))
        made.append(
            Programme(
                key=key,
                min_age=low,
                max_age=rng.randint(low + 2, 30),
                municipalities=frozenset(served),
                school_statuses=frozenset(s for s in School if rng.random() < 0.4),
                training_place=rng.choice(list(TrainingPlace)),
                newly_arrived=rng.random() < 0.2,
                language_support=rng.random() < 0.2,
                single_parents=rng.random() < 0.1,
                housing=rng.random() < 0.1,
                training_related=rng.random() < 0.4,
                free_places=rng.choice([None, 0, 3, 10]),
            )
        )
    return made


def all_profiles(places: list[str], rng: random.Random) -> list[Profile]:
    """Every distinct profile the form can send, shuffled: dealt out, none is asked twice."""
    combos = itertools.product(
        range(12, 36),
        places,
        list(School),
        (False, True),
        itertools.product((False, True), repeat=5),
    )
    profiles = [
        Profile(
            age=age,
            municipality=place,
            school=school,
            has_training_place=has_place,
            **dict(zip(NEEDS, needs, strict=True)),
        )  # fmt: skip
        for age, place, school, has_place, needs in combos
    ]
    rng.shuffle(profiles)
    return profiles


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    rng = random.Random(20261203)
    places = [m.name for m in region().municipalities]
    catalogue = programmes(PROGRAMMES, places, rng)
    profiles = iter(all_profiles(places, rng))
    asked = set()
    rows = []
    for _ in range(ROUNDS):
        times, matched = [], 0
        for _ in range(PROFILES):
            profile = next(profiles)
            assert profile not in asked, "a profile was asked twice"
            asked.add(profile)
            started = time.perf_counter()
            matches = rank(profile, catalogue)
            times.append((time.perf_counter() - started) * 1000)
            matched += len(matches)
        rows.append(
            {
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "matches": matched / PROFILES,
            }
        )
    p95 = statistics.median(r["p95"] for r in rows)
    worst = max(r["p95"] for r in rows)
    print(f"## Youth finder: rank() over {PROGRAMMES} programmes, in-process ({load_average()})")
    print()
    print("| row | ranks | p50 ms | p95 ms (worst) | p99 ms | matches per profile | goal |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| a new profile each time | {ROUNDS} × {PROFILES} "
        f"| {statistics.median(r['p50'] for r in rows):.2f} | {p95:.2f} ({worst:.2f}) "
        f"| {statistics.median(r['p99'] for r in rows):.2f} "
        f"| {statistics.median(r['matches'] for r in rows):.0f} "
        f"| p95 < {GOAL_MS:.0f} ms: {'met' if p95 < GOAL_MS else 'MISSED'} |"
    )


if __name__ == "__main__":
    main()
