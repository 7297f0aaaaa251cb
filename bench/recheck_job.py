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

- **through the huey consumer** (`manage.py run_huey --workers 2`, as in production): the
  periodic job is enqueued and timed until no result is left stale, once with thread workers
  and once with process workers, where the job starts a run per further worker process
  (`welcome.portal.tasks`); this is the lever's A/B on the same kind of results.

Each round takes other results (5 × 3 × N are made before the first round), so nothing repeats.
Reports results/s and the job's CPU ms per result (median and range of the rounds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.common import bench_database, flush_redis, load_average, start_consumer, stop
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


def huey_round(ids: list, *, worker_type: str) -> tuple[float, float | None, dict]:
    """Make ``ids`` stale, start a huey consumer with two ``worker_type`` workers, enqueue the
    periodic job, wait until none is stale; (results/s, None: the CPU is the consumer's,
    counts)."""
    from welcome.portal.models import SavedResult
    from welcome.portal.tasks import recheck_saved_results

    SavedResult.objects.filter(pk__in=ids).update(**STALE)
    flush_redis()
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        consumer = start_consumer(
            log, "--no-periodic", "--workers", "2", env={"HUEY_WORKER_TYPE": worker_type}
        )
        try:
            while "consumer started" not in Path(log.name).read_text():
                if consumer.poll() is not None:
                    raise SystemExit(Path(log.name).read_text())
                time.sleep(0.1)
            wall = time.perf_counter()
            recheck_saved_results()  # into the queue
            stale = SavedResult.objects.filter(pk__in=ids, rules_version=STALE["rules_version"])
            while stale.exists():
                if consumer.poll() is not None:
                    raise SystemExit(Path(log.name).read_text())
                time.sleep(0.05)
            wall = time.perf_counter() - wall
        finally:
            stop(consumer)
    changed = SavedResult.objects.filter(pk__in=ids, changed_at__isnull=False).count()
    return len(ids) / wall, None, {"rechecked": len(ids), "changed": changed}


def one_round(ids: list, *, code_changed: bool = False, runs: int = 1) -> tuple[float, float, dict]:
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
        sets = [make_results(n, 9_000_000 + k * n) for k in range(5 * rounds)]
        print(f"{5 * rounds * n:,} saved results made in {time.monotonic() - started:.0f} s")
        lines = [
            f"## Saved-result re-check job on PostgreSQL ({load_average()})",
            "",
            "| stale because | runs at once | results per round | rounds | results/s (median, "
            "min–max) | 1,000,000 results | CPU ms per result (median) | changed |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for k, (label, parallel, measure) in enumerate(
            (
                (
                    "rule code changed (every result evaluated)",
                    1,
                    partial(one_round, code_changed=True),
                ),
                (
                    "rule code changed (every result evaluated)",
                    f"{runs} (processes)",
                    partial(one_round, code_changed=True, runs=runs),
                ),
                ("figures unchanged (marked without evaluating)", 1, partial(one_round)),
                (
                    "rule code changed, the periodic job through huey",
                    "2 thread workers",
                    partial(huey_round, worker_type="thread"),
                ),
                (
                    "rule code changed, the periodic job through huey",
                    "2 process workers (a run each)",
                    partial(huey_round, worker_type="process"),
                ),
            )
        ):
            measured = [measure(sets[k * rounds + r]) for r in range(rounds)]
            rates = [rate for rate, _cpu, _counts in measured]
            rate = statistics.median(rates)
            cpus = [cpu for _rate, cpu, _counts in measured if cpu is not None]
            cpu = f"{statistics.median(cpus):.2f}" if cpus else "–"
            changed = sum(counts["changed"] for _rate, _cpu, counts in measured)
            lines.append(
                f"| {label} | {parallel} | {n:,} | {rounds} | {rate:,.0f} ({min(rates):,.0f}–"
                f"{max(rates):,.0f}) | {1_000_000 / rate / 60:,.0f} min | {cpu} | {changed} |"
            )
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
