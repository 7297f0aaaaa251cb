"""Benchmark: the saved-result re-check job on PostgreSQL (issue 13), as it runs in production.

Run: `.venv/bin/python -m bench.recheck_job [--results N] [--rounds 3] [--runs 2]`.

`bench.recheck` measures the law's evaluation alone; this measures what the job does with the
database around it (`welcome.portal.services.saved_results_recheck`): find the
stale rows in batches, lock them, evaluate each again on its own date in the visitor's
language, render it with its trace, compare, write. Per round, N saved results never re-checked
before (varied profiles from `bench.inputs`, four languages, ~34 KB of JSON each) are made stale
in one of two ways:

- **rule code changed**: made by another `LAW_CODE_VERSION`, so every one is evaluated again —
  the worst case, a corrected rule; measured with one run of the job and again with `--runs`
  runs at once in processes of their own, as the periodic job runs on each of M worker
  replicas: they share the rows (`SKIP LOCKED`), and together must re-check each exactly once;
- **figures unchanged**: made by this rule code and reading the same figures, only the rules
  version differs (a new year's figures that an earlier date never reads): the job marks them
  re-checked without evaluating them.

Each round takes other results (3 × 3 × N are made before the first round), so nothing repeats.
Reports results/s and the job's CPU ms per result (median and range of the rounds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import time

from bench.common import bench_database, load_average
from bench.recheck import profile_on

LANGUAGES = ("de", "en", "tr", "ar")
SAVED_ON = dt.date(2026, 6, 1)
STALE = {"rules_version": "0+older", "law_code_version": "0+older"}  # made by older rule code


def make_results(count: int, start: int) -> list:
    """``count`` saved results of profiles start, start+1, … as the portal saves them."""
    from django.utils import timezone

    from welcome.law import RULES_VERSION
    from welcome.portal import services
    from welcome.portal.models import SavedResult

    now = timezone.now()
    rows = []
    for i in range(start, start + count):
        language = LANGUAGES[i % len(LANGUAGES)]
        profile = profile_on(i, SAVED_ON)
        full, dependencies = services._evaluated(profile, language)
        trace = full.pop("trace")
        rows.append(
            SavedResult(
                profile=profile,
                evaluation=full,
                trace=trace,
                rules_version=RULES_VERSION,
                language=language,
                created_at=now,
                expires_at=now + dt.timedelta(days=100),
                **dependencies,
            )
        )
    return [row.pk for row in SavedResult.objects.bulk_create(rows, batch_size=500)]


def _job(_: int) -> tuple[dict, float]:
    """One run of the job in this process: its counts and CPU seconds."""
    from welcome.portal import services

    cpu = time.process_time()
    counts = services.saved_results_recheck()
    return counts, time.process_time() - cpu


def one_round(ids: list, *, code_changed: bool, runs: int = 1) -> tuple[float, float, dict]:
    """Make ``ids`` stale, run the job (``runs`` runs at once, each in a process of its own);
    (results/s, CPU ms per result, the runs' counts added up)."""
    from django.db import connections

    from welcome.portal.models import SavedResult

    stale = STALE if code_changed else {"rules_version": STALE["rules_version"]}
    SavedResult.objects.filter(pk__in=ids).update(**stale)
    connections.close_all()  # each process opens its own connection
    wall = time.perf_counter()
    if runs == 1:
        results = [_job(0)]
    else:
        with multiprocessing.get_context("fork").Pool(runs) as pool:
            results = pool.map(_job, range(runs))
    wall = time.perf_counter() - wall
    counts = {key: sum(c[key] for c, _cpu in results) for key in results[0][0]}
    if counts["rechecked"] != len(ids) or counts["failed"]:
        raise SystemExit(f"{runs} run(s) of the job re-checked {counts} of {len(ids)}")
    cpu = sum(cpu for _counts, cpu in results)
    return len(ids) / wall, cpu / len(ids) * 1e3, counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=int, default=int(os.environ.get("RECHECK_JOB", 200)))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--runs", type=int, default=2, help="runs at once in the second row")
    args = parser.parse_args(argv)
    n, rounds, runs = args.results, args.rounds, args.runs
    with bench_database("recheck_job"):
        started = time.monotonic()
        sets = [make_results(n, 9_000_000 + k * n) for k in range(3 * rounds)]
        print(f"{3 * rounds * n:,} saved results made in {time.monotonic() - started:.0f} s")
        lines = [
            f"## Saved-result re-check job on PostgreSQL ({load_average()})",
            "",
            "| stale because | runs at once | results per round | rounds | results/s (median, "
            "min–max) | 1,000,000 results | CPU ms per result (median) | changed |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, code_changed, parallel, offset in (
            ("rule code changed (every result evaluated)", True, 1, 0),
            ("rule code changed (every result evaluated)", True, runs, rounds),
            ("figures unchanged (marked without evaluating)", False, 1, 2 * rounds),
        ):
            measured = [
                one_round(sets[offset + k], code_changed=code_changed, runs=parallel)
                for k in range(rounds)
            ]
            rates = [rate for rate, _cpu, _counts in measured]
            rate = statistics.median(rates)
            cpu = statistics.median(cpu for _rate, cpu, _counts in measured)
            changed = sum(counts["changed"] for _rate, _cpu, counts in measured)
            lines.append(
                f"| {label} | {parallel} | {n:,} | {rounds} | {rate:,.0f} ({min(rates):,.0f}–"
                f"{max(rates):,.0f}) | {1_000_000 / rate / 60:,.0f} min | {cpu:.2f} | "
                f"{changed} |"
            )
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
