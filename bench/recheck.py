"""Benchmark: re-checking saved pathway results when the rules change (issue 13).

Run: `.venv/bin/python -m bench.recheck [--profiles N] [--workers 2] [--render] [--cprofile]`.
Goal (2 cores): a million saved profiles re-checked in under 60 s.

No database and no web server: the re-check's cost is the law's evaluation (the job reads and
writes one row per result besides, measured by the portal's tests, not here). Each of N varied
profiles (`bench.inputs.pathway_profile`: salary, nationality, age differ between any two;
qualification, recognition, occupation, languages, contract, place vary with them) is

1. "saved": evaluated under rules A — the law on 2026-06-01 — keeping each title's status and
   the roadmap's best title, as `SavedResult.evaluation` keeps them;
2. "re-checked": evaluated under rules B — the law on 2027-01-04, after the yearly salary
   thresholds moved (and where the 2027 figures are not yet published) — and compared with A by
   the portal's own rule (`welcome.portal.pathway.changes.title_changes`, no Django in it).

Phase 2 is the re-check whose rate the goal is about; phase 1 is timed too. The date stands in
for a change of the parameter files: both make `evaluate` pick other figures. `--render` adds
`Evaluation.as_dict()` (every message rendered, untranslated), which the job stores as well.
Both phases run on `--workers` processes (multiprocessing, chunks of profile numbers: the
profiles are made in the worker, nothing large crosses the pipe). `--cprofile` profiles
`--profiles` evaluations in this process and prints where the time goes.

The default (20,000 profiles) keeps `make bench` short; the table states the rate and the time
a million would take at that rate (extrapolated, and marked so) unless run with
`--profiles 1000000`.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import time
from multiprocessing import Pool

from bench.inputs import pathway_profile
from welcome.law import evaluate
from welcome.portal.pathway.changes import title_changes

RULES_A = dt.date(2026, 6, 1)
RULES_B = dt.date(2027, 1, 4)
MILLION = 1_000_000
GOAL_SECONDS = 60
CHUNK = 500


def profile_on(i: int, on: dt.date) -> dict:
    """The i-th profile evaluated on ``on`` (its qualification finished 200 days before or more)."""
    profile = pathway_profile(i)
    profile["evaluation_date"] = on.isoformat()
    qualification = profile["qualification"]
    if dt.date.fromisoformat(qualification["completed_on"]) > on - dt.timedelta(days=200):
        qualification["completed_on"] = (on - dt.timedelta(days=200)).isoformat()
    return profile


Outcome = tuple[dict[str, str], str | None]


def outcome(i: int, on: dt.date, render: bool) -> Outcome:
    """Each title's status and the best title, as the saved JSON holds them."""
    evaluation = evaluate(profile_on(i, on))
    if render:
        evaluation.as_dict()
    statuses = {o.title: str(o.status) for o in evaluation.outcomes}
    return statuses, evaluation.roadmap.title


def changed(before: Outcome, after: Outcome) -> bool:
    return before[1] != after[1] or bool(title_changes(before[0], after[0]))


def save_chunk(args: tuple[int, int, bool]) -> list[Outcome]:
    start, stop, render = args
    return [outcome(i, RULES_A, render) for i in range(start, stop)]


def recheck_chunk(args: tuple[int, list[Outcome], bool]) -> tuple[int, int]:
    """Re-check the saved outcomes of profiles start, start+1, …; answers (count, changed)."""
    start, saved, render = args
    changes = sum(
        changed(before, outcome(start + k, RULES_B, render)) for k, before in enumerate(saved)
    )
    return len(saved), changes


def run(profiles: int, workers: int, render: bool) -> dict:
    bounds = [(s, min(s + CHUNK, profiles), render) for s in range(0, profiles, CHUNK)]
    with Pool(workers) as pool:
        t0 = time.perf_counter()
        saved = pool.map(save_chunk, bounds, chunksize=1)
        t1 = time.perf_counter()
        jobs = [(b[0], chunk, render) for b, chunk in zip(bounds, saved, strict=True)]
        results = pool.map(recheck_chunk, jobs, chunksize=1)
        t2 = time.perf_counter()
    return {
        "profiles": profiles,
        "save_s": t1 - t0,
        "recheck_s": t2 - t1,
        "changed": sum(c for _n, c in results),
    }


def where_time_goes(profiles: int, render: bool, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(profiles):
        outcome(i, RULES_B, render)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    out.write("\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def report(result: dict, workers: int, render: bool) -> str:
    n = result["profiles"]
    rate = n / result["recheck_s"]
    million = MILLION / rate
    measured = n >= MILLION
    lines = [
        f"## Re-check of saved pathway results ({workers} processes, "
        f"{'evaluate + as_dict' if render else 'evaluate'}; os.cpu_count() = {os.cpu_count()})",
        f"rules A: the law on {RULES_A}; rules B: the law on {RULES_B}",
        "",
        "| phase | profiles | seconds | profiles/s | 1,000,000 profiles | goal |",
        "|---|---|---|---|---|---|",
        f"| saved under rules A | {n:,} | {result['save_s']:.1f} | "
        f"{n / result['save_s']:,.0f} | {MILLION / (n / result['save_s']):,.0f} s"
        f"{'' if measured else ' (extrapolated)'} | – |",
        f"| re-checked under rules B | {n:,} | {result['recheck_s']:.1f} | {rate:,.0f} | "
        f"{million:,.0f} s{'' if measured else ' (extrapolated)'} | < {GOAL_SECONDS} s: "
        f"{'met' if million < GOAL_SECONDS else 'MISSED'} |",
        "",
        f"outcome changed (a title's status or the best title): {result['changed']:,} of {n:,} "
        f"({result['changed'] / n:.1%})",
    ]
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=int(os.environ.get("RECHECK", 20_000)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--render", action="store_true", help="also render as_dict()")
    parser.add_argument(
        "--cprofile", action="store_true", help="profile --profiles evaluations in this process"
    )
    args = parser.parse_args(argv)
    if args.cprofile:
        print(where_time_goes(args.profiles, args.render), flush=True)
        return
    report(run(args.profiles, args.workers, args.render), args.workers, args.render)


if __name__ == "__main__":
    main()
