"""Benchmark: re-checking saved pathway results when the rules change (issue 13).

Run: `.venv/bin/python -m bench.recheck [--profiles N] [--workers 2] [--path P] [--cprofile]`.
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
for a change of the parameter files: both make the law pick other figures. Every profile is
made anew in the worker from its number (nothing large crosses the pipe, no profile repeats),
parsed and validated by the law like the saved answers.

Paths (`--path`, several allowed; the default measures `statuses` and `evaluate` in the same
run, one after the other, and checks that both find the same changes, profile by profile):

- `statuses`: `welcome.law.evaluate_statuses` — each title's status and the best title from
  the same condition functions, without reasons, citations, trace and roadmap steps;
- `evaluate`: `welcome.law.evaluate` (the whole evaluation: what the re-check used before);
- `render`: `evaluate` plus `Evaluation.as_dict()` (every message rendered, untranslated),
  what the job stores besides.

Both phases run on `--workers` processes (multiprocessing, chunks of profile numbers). The
goal is judged on the wall-clock time. The machine is often shared, so the table also gives the
workers' CPU time per profile and what a million would take at it on `--workers` otherwise idle
cores (an estimate, marked so: it assumes the workers scale perfectly).
`--cprofile` profiles `--profiles` evaluations of the first `--path` in this process and
prints where the time goes.

The default (10,000 profiles) keeps `make bench` short; the table states the rate and the time
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
from welcome.law import evaluate, evaluate_statuses
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
PATHS = ("statuses", "evaluate", "render")


def outcome(i: int, on: dt.date, path: str) -> Outcome:
    """Each title's status and the best title, as the saved JSON holds them."""
    if path == "statuses":
        statuses = evaluate_statuses(profile_on(i, on))
        return statuses.as_dict(), statuses.best
    evaluation = evaluate(profile_on(i, on))
    if path == "render":
        evaluation.as_dict()
    return {o.title: str(o.status) for o in evaluation.outcomes}, evaluation.roadmap.title


def changed(before: Outcome, after: Outcome) -> bool:
    return before[1] != after[1] or bool(title_changes(before[0], after[0]))


def save_chunk(args: tuple[int, int, str]) -> tuple[list[Outcome], float]:
    """The outcomes of profiles start … stop-1 under rules A, and the CPU seconds they took."""
    start, stop, path = args
    cpu = time.process_time()
    saved = [outcome(i, RULES_A, path) for i in range(start, stop)]
    return saved, time.process_time() - cpu


def recheck_chunk(args: tuple[int, list[Outcome], str]) -> tuple[list[int], float]:
    """Re-check the saved outcomes of profiles start, start+1, …; answers the numbers of those
    whose outcome changed, and the CPU seconds it took."""
    start, saved, path = args
    cpu = time.process_time()
    changes = [
        start + k
        for k, before in enumerate(saved)
        if changed(before, outcome(start + k, RULES_B, path))
    ]
    return changes, time.process_time() - cpu


def run(profiles: int, workers: int, path: str) -> dict:
    bounds = [(s, min(s + CHUNK, profiles), path) for s in range(0, profiles, CHUNK)]
    with Pool(workers) as pool:
        t0 = time.perf_counter()
        saved = pool.map(save_chunk, bounds, chunksize=1)
        t1 = time.perf_counter()
        jobs = [(b[0], chunk, path) for b, (chunk, _cpu) in zip(bounds, saved, strict=True)]
        results = pool.map(recheck_chunk, jobs, chunksize=1)
        t2 = time.perf_counter()
    return {
        "path": path,
        "profiles": profiles,
        "save_s": t1 - t0,
        "recheck_s": t2 - t1,
        "save_cpu_s": sum(cpu for _chunk, cpu in saved),
        "recheck_cpu_s": sum(cpu for _chunk, cpu in results),
        "changed": [i for chunk, _cpu in results for i in chunk],
    }


def where_time_goes(profiles: int, path: str, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(profiles):
        outcome(i, RULES_B, path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    out.write("\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def report(results: list[dict], workers: int) -> str:
    n = results[0]["profiles"]
    measured = n >= MILLION
    extrapolated = "" if measured else " (extrapolated)"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"## Re-check of saved pathway results ({workers} processes; "
        f"os.cpu_count() = {os.cpu_count()}; load average after: {load})",
        f"rules A: the law on {RULES_A}; rules B: the law on {RULES_B}",
        "",
        "| path | phase | profiles | seconds | profiles/s | 1,000,000 profiles | goal | "
        "CPU µs per profile | 1,000,000 on idle cores |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        save_rate, rate = n / result["save_s"], n / result["recheck_s"]
        million = MILLION / rate
        save_cpu, cpu = result["save_cpu_s"] / n, result["recheck_cpu_s"] / n
        lines += [
            f"| {result['path']} | saved under rules A | {n:,} | {result['save_s']:.1f} | "
            f"{save_rate:,.0f} | {MILLION / save_rate:,.0f} s{extrapolated} | – | "
            f"{save_cpu * 1e6:,.0f} | {save_cpu * MILLION / workers:,.0f} s (estimate) |",
            f"| {result['path']} | re-checked under rules B | {n:,} | "
            f"{result['recheck_s']:.1f} | {rate:,.0f} | {million:,.0f} s{extrapolated} | "
            f"< {GOAL_SECONDS} s: {'met' if million < GOAL_SECONDS else 'MISSED'} | "
            f"{cpu * 1e6:,.0f} | {cpu * MILLION / workers:,.0f} s (estimate) |",
        ]
    changed = results[0]["changed"]
    lines += [
        "",
        f"outcome changed (a title's status or the best title): {len(changed):,} of {n:,} "
        f"({len(changed) / n:.1%})",
    ]
    if len(results) > 1:
        rates = [n / result["recheck_s"] for result in results]
        same = all(result["changed"] == changed for result in results)
        lines += [
            f"{results[0]['path']} / {results[1]['path']}: {rates[0] / rates[1]:.1f}× the "
            f"re-check rate; the same profiles changed on every path: {'yes' if same else 'NO'}"
        ]
    text = "\n".join(lines)
    print(text, flush=True)
    if len(results) > 1 and not same:
        raise SystemExit("The paths disagree on which outcomes changed.")
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=int(os.environ.get("RECHECK", 10_000)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument(
        "--path",
        action="append",
        choices=PATHS,
        help="statuses, evaluate or render; repeatable (default: statuses and evaluate)",
    )
    parser.add_argument(
        "--cprofile", action="store_true", help="profile --profiles evaluations in this process"
    )
    args = parser.parse_args(argv)
    paths = args.path or ["statuses", "evaluate"]
    if args.cprofile:
        print(where_time_goes(args.profiles, paths[0]), flush=True)
        return
    report([run(args.profiles, args.workers, path) for path in paths], args.workers)


if __name__ == "__main__":
    main()
