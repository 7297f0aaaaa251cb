"""Benchmark: re-checking saved pathway results when the rules change (issue 13).

Run: `.venv/bin/python -m bench.recheck [--profiles N] [--workers 2] [--path P] [--dates D]
[--cprofile]`. Goal (2 cores): a million saved profiles re-checked in under 60 s.

No database and no web server: the re-check's cost is the law's evaluation (the job reads and
writes one row per result besides, measured by `bench.recheck_job`, not here). Each of N varied
profiles (`bench.inputs.pathway_profile`: salary, nationality, age and date differ between any
two; qualification, recognition, occupation, languages, contract, place vary with them) is

1. "saved": evaluated under rules A, keeping each title's status and the roadmap's best title,
   as `SavedResult.evaluation` keeps them;
2. "re-checked": evaluated under rules B and compared with A by the portal's own rule
   (`welcome.portal.pathway.changes.title_changes`, no Django in it).

`--dates` says what rules A and B are:

- `own` (the default, what the job does): each profile on its own evaluation date (1,096 days,
  2024-03-01 to 2027-02-28), as a saved result is re-checked. Rules A are the parameter files
  before the yearly figures for 2026 were published (those five figures left out), rules B the
  files as they are: the event that starts a re-check every New Year;
- `one`: every profile on one date, rules A the law on 2026-06-01 and rules B the law on
  2027-01-04. The lookups remembered per date then nearly always hit, which flatters the rate:
  kept to compare with the numbers measured this way until the seventeenth session.

Phase 2 is the re-check whose rate the goal is about; phase 1 is timed too. Every profile is
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
`--cprofile` profiles `--profiles` re-checks (rules B) of the first `--path` in this process
and prints where the time goes.

The default (10,000 profiles) keeps `make bench` short; the table states the rate and the time
a million would take at that rate (extrapolated, and marked so) unless run with
`--profiles 1000000`.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import io
import os
import pstats
import time
from multiprocessing import Pool

from bench.inputs import pathway_profile
from welcome.law import evaluate, evaluate_statuses, parameters
from welcome.portal.pathway.changes import title_changes

RULES_A = dt.date(2026, 6, 1)  # --dates one
RULES_B = dt.date(2027, 1, 4)
PUBLISHED = dt.date(2026, 1, 1)  # --dates own: rules A lack the yearly figures from here on
MILLION = 1_000_000
GOAL_SECONDS = 60
CHUNK = 500
DATES = ("own", "one")
PATHS = ("statuses", "evaluate", "render")


def profile_on(i: int, on: dt.date) -> dict:
    """The i-th profile evaluated on ``on`` (its qualification finished 200 days before or more)."""
    profile = pathway_profile(i)
    profile["evaluation_date"] = on.isoformat()
    qualification = profile["qualification"]
    if dt.date.fromisoformat(qualification["completed_on"]) > on - dt.timedelta(days=200):
        qualification["completed_on"] = (on - dt.timedelta(days=200)).isoformat()
    return profile


_FILES = parameters.load  # the files as they are: rules B of --dates own
_rules = "B"  # the parameter files this process uses now


def before_publication() -> dict[str, parameters.Parameter]:
    """The parameter files before the yearly figures from ``PUBLISHED`` on came out."""
    return {
        name: dataclasses.replace(
            parameter,
            figures=tuple(
                f for f in parameter.figures if not parameter.yearly or f.valid_from < PUBLISHED
            ),
        )
        for name, parameter in _FILES().items()
    }


def use_rules(rules: str) -> None:
    """Rules "A" or "B" of --dates own in this process, with every lookup remembered under the
    other files forgotten (as a deploy of new files starts new processes)."""
    global _rules
    if rules != _rules:
        files = before_publication() if rules == "A" else _FILES()
        parameters.load = lambda: files
        parameters.forget()
        _rules = rules


Outcome = tuple[dict[str, str], str | None]


def outcome(i: int, rules: str, path: str, dates: str) -> Outcome:
    """Each title's status and the best title under ``rules``, as the saved JSON holds them."""
    if dates == "own":
        use_rules(rules)
        profile = pathway_profile(i)
    else:
        profile = profile_on(i, RULES_A if rules == "A" else RULES_B)
    if path == "statuses":
        statuses = evaluate_statuses(profile)
        return statuses.as_dict(), statuses.best
    evaluation = evaluate(profile)
    if path == "render":
        evaluation.as_dict()
    return {o.title: str(o.status) for o in evaluation.outcomes}, evaluation.roadmap.title


def changed(before: Outcome, after: Outcome) -> bool:
    return before[1] != after[1] or bool(title_changes(before[0], after[0]))


def save_chunk(args: tuple[int, int, str, str]) -> tuple[list[Outcome], float]:
    """The outcomes of profiles start … stop-1 under rules A, and the CPU seconds they took."""
    start, stop, path, dates = args
    cpu = time.process_time()
    saved = [outcome(i, "A", path, dates) for i in range(start, stop)]
    return saved, time.process_time() - cpu


def recheck_chunk(args: tuple[int, list[Outcome], str, str]) -> tuple[list[int], float]:
    """Re-check the saved outcomes of profiles start, start+1, …; answers the numbers of those
    whose outcome changed, and the CPU seconds it took."""
    start, saved, path, dates = args
    cpu = time.process_time()
    changes = [
        start + k
        for k, before in enumerate(saved)
        if changed(before, outcome(start + k, "B", path, dates))
    ]
    return changes, time.process_time() - cpu


def run(profiles: int, workers: int, path: str, dates: str) -> dict:
    bounds = [(s, min(s + CHUNK, profiles), path, dates) for s in range(0, profiles, CHUNK)]
    with Pool(workers) as pool:
        t0 = time.perf_counter()
        saved = pool.map(save_chunk, bounds, chunksize=1)
        t1 = time.perf_counter()
        jobs = [(b[0], chunk, path, dates) for b, (chunk, _cpu) in zip(bounds, saved, strict=True)]
        results = pool.map(recheck_chunk, jobs, chunksize=1)
        t2 = time.perf_counter()
    return {
        "path": path,
        "dates": dates,
        "profiles": profiles,
        "save_s": t1 - t0,
        "recheck_s": t2 - t1,
        "save_cpu_s": sum(cpu for _chunk, cpu in saved),
        "recheck_cpu_s": sum(cpu for _chunk, cpu in results),
        "changed": [i for chunk, _cpu in results for i in chunk],
    }


def where_time_goes(profiles: int, path: str, dates: str, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(profiles):
        outcome(i, "B", path, dates)
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
        (
            "each profile on its own date; rules A: the parameter files without the yearly "
            f"figures from {PUBLISHED} on; rules B: the files as they are"
            if results[0]["dates"] == "own"
            else f"every profile on one date: rules A the law on {RULES_A}, B on {RULES_B}"
        ),
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
    parser.add_argument(
        "--dates", choices=DATES, default="own", help="own (the default) or one; see above"
    )
    args = parser.parse_args(argv)
    paths = args.path or ["statuses", "evaluate"]
    if args.cprofile:
        print(where_time_goes(args.profiles, paths[0], args.dates), flush=True)
        return
    report([run(args.profiles, args.workers, path, args.dates) for path in paths], args.workers)


if __name__ == "__main__":
    main()
