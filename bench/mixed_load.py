"""Benchmark: mixed traffic on the production profile — the public and the back office at once.

gunicorn with 4 workers (BENCH_MIXED_WORKERS), PostgreSQL, Redis and a huey consumer
(`manage.py run_huey`, as the worker container runs it) on one machine; one database with the
real FAQ content (`load_knowledge`) and CASES cases with persons, consents and handovers (the
generator of bench.cases_search, with its search index). wrk (BENCH_MIXED_CONNECTIONS
connections, default 8) sends one file of requests in which, per 100:
    20 FAQ searches (API), a question never asked before,
    15 pathway checks (API), a profile never sent before,
    12 FAQ entry pages, with a new `?q=`,
     8 home pages, the six languages in turn (they have no input),
    15 inbox pages of case workers (four sessions), a new filter and keyset page,
    15 case pages, a different case each,
    15 case searches, a new name, reference part or surname (then with a status filter).

Meanwhile the huey consumer runs the saved-result re-check job (`recheck_saved_results`,
enqueued when the measured round starts) over BENCH_MIXED_RECHECK (default 300) saved results
made by older rule code, so each is evaluated again — the job competes with the traffic for the
same cores, as it does after a deployment that corrects a rule.

Two views of the latency, because wrk cannot tag a request's latency with its endpoint:
- wrk's own figures for the whole mix: throughput and client-side p50/p95/p99 — these include
  the time a request waits for a free worker;
- per endpoint, gunicorn's access log (`%(D)s`: microseconds from the parsed request to the
  response written, in the worker): count, status, p50/p95/p99 — the time the worker spends,
  without the wait before it. Writing the log costs each request a line of file output.
Errors: wrk's socket errors and timeouts, and per endpoint every status that is neither 2xx nor
3xx. Before the mix, the bare Django view with the same wrk settings, for the ratio.

Run: `.venv/bin/python -m bench.mixed_load`; BENCH_MIXED_SECONDS (default 20) sets the duration,
BENCH_MIXED_SECONDS=600 for the ten-minute run (then CASES=1000000, or the case pages run out
of distinct cases and the report counts the repeats). It exits with status 1 when anything went
wrong — an error on any endpoint or in wrk, an endpoint that got no request, the huey consumer
dead or logging errors — so its short form in `.ci/run` is a check of the production profile
under load, not only a report.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

from bench import cases_search, recheck_job
from bench.cases_inbox import STATUSES, inbox_cases, inbox_paths
from bench.common import (
    SECONDS,
    THREADS,
    Target,
    baseline_target,
    bench_database,
    check,
    load_average,
    run_round,
    serve,
    start_consumer,
    stop,
    verified_session,
)
from bench.inputs import faq_entry_path, faq_search_path, pathway_profile, prefix

CASES = int(os.environ.get("CASES", "50000"))
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "20"))
MIXED_WORKERS = int(os.environ.get("BENCH_MIXED_WORKERS", "4"))
MIXED_CONNECTIONS = int(os.environ.get("BENCH_MIXED_CONNECTIONS", "8"))
RECHECK = int(os.environ.get("BENCH_MIXED_RECHECK", "300"))
RECHECK_WAIT = 120  # seconds the job may take after the mix before the run counts as failed
CASE_WORKERS = 4
HOME_LANGUAGES = ("de", "en", "tr", "ar", "es", "fr")
# (endpoint, requests per 100)
MIX = (
    ("FAQ search API", 20),
    ("pathway API", 15),
    ("FAQ entry page", 12),
    ("home page", 8),
    ("inbox", 15),
    ("case page", 15),
    ("case search", 15),
)
ENDPOINTS = (  # the access log's path (no query) → endpoint
    ("FAQ search API", re.compile(r"^/api/v1/faq/search$")),
    ("pathway API", re.compile(r"^/api/v1/pathway-check$")),
    ("case search", re.compile(r"^/[a-z]{2}/office/search/$")),
    ("case page", re.compile(r"^/[a-z]{2}/office/\d+/$")),
    ("inbox", re.compile(r"^/[a-z]{2}/office/$")),
    ("FAQ entry page", re.compile(r"^/([a-z]{2}/)?faq/[^/]+/$")),
    ("home page", re.compile(r"^/([a-z]{2}/)?$")),
    ("bare view", re.compile(r"^/bench/baseline$")),
)


class Mix:
    """The i-th request of the mix: the endpoints in a fixed shuffled order of 100, each with
    its own running number. An endpoint whose distinct inputs run out starts again from its
    first (counted, and reported as repeats)."""

    def __init__(self, generators: dict, cookies: list[str]):
        order = [name for name, share in MIX for _ in range(share)]
        random.Random(2026).shuffle(order)
        self.order, self.generators, self.cookies = order, generators, cookies
        self.distinct: dict[str, int] = {}  # endpoint → its distinct inputs, where they ran out

    def __call__(self, i: int):
        rounds, slot = divmod(i, len(self.order))
        name = self.order[slot]
        n = rounds * self.order.count(name) + self.order[:slot].count(name)
        generate, staff = self.generators[name]
        if name in self.distinct:
            n %= self.distinct[name]
        try:
            method, path, body = generate(n)
        except IndexError:
            if n == 0:
                raise
            self.distinct[name] = n
            method, path, body = generate(0)
        return (method, path, body, self.cookies[i % len(self.cookies)] if staff else "")


def fill() -> tuple[list[str], list[tuple[int, str]], list[str], list[str], list[str]]:
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from welcome.accounts.models import User
    from welcome.cases import search
    from welcome.knowledge.models import Entry

    started = time.monotonic()
    call_command("load_knowledge", stdout=StringIO())
    slugs = list(
        Entry.objects.filter(published_version__isnull=False).values_list("slug", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        for name, sql in cases_search.FILL:
            if name == "cases":
                sql = cases_search.fill_sql(cursor, sql)
            params = {"n": CASES, "first": cases_search.FIRST_NAMES, "last": cases_search.SURNAMES}
            cursor.execute(sql, params)
    search.person_index_all()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT p.name FROM cases_person p JOIN cases_case c ON c.id = p.case_id "
            "WHERE c.inbox_id = 'abh-lhh' AND c.id % 10 <> 0 ORDER BY random() LIMIT 60000"
        )
        names = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
        cursor.execute("SELECT reference FROM cases_case ORDER BY random() LIMIT 60000")
        # "2025-01234": a reference's year and all but the last digit (ten cases per part).
        parts = list(dict.fromkeys(row[0][3:-1] for row in cursor.fetchall()))
    cookies = []
    for n in range(CASE_WORKERS):
        user = User.objects.create_user(
            username=f"bench-lhh-{n}", kind="staff", institution_id="abh-lhh", role="case_worker"
        )
        cookies.append(verified_session(user))
    stale_results(RECHECK)
    print(
        f"database ready in {time.monotonic() - started:.0f} s: {len(slugs)} FAQ entries, "
        f"{CASES:,} cases, {RECHECK:,} saved results to re-check",
        flush=True,
    )
    random.Random(2026).shuffle(slugs)
    random.Random(2027).shuffle(names)
    random.Random(2028).shuffle(parts)
    return slugs, inbox_cases(), names, parts, cookies


def stale_results(count: int) -> None:
    """``count`` saved results as if made by older rule code: the job evaluates each again."""
    from welcome.portal.models import SavedResult

    ids = recheck_job.make_results(count, 9_000_000)
    SavedResult.objects.filter(pk__in=ids).update(**recheck_job.STALE)


def recheck_left() -> int:
    from welcome.portal.models import SavedResult

    return SavedResult.objects.filter(rules_version=recheck_job.STALE["rules_version"]).count()


def generators(slugs, cases, names, parts) -> dict:
    ids = [pk for pk, _ in cases]
    inbox = inbox_paths(cases)

    surnames = list(cases_search.SURNAMES)
    random.Random(2029).shuffle(surnames)

    def case_search(i: int) -> tuple[str, str, str]:
        """A full name, a part of a reference, a surname (then with a status filter) in turn."""
        kind, n = i % 3, i // 3
        if kind == 0:
            query = {"text": names[n]}
        elif kind == 1:
            query = {"text": parts[n]}
        else:
            status, k = divmod(n, len(surnames))
            query = {"text": surnames[k]}
            if status:
                query["status"] = STATUSES[status]  # IndexError when every pair is used
        return ("GET", f"/en/office/search/?{urlencode(query)}", "")

    entry = faq_entry_path(slugs)
    return {
        "FAQ search API": (lambda i: ("GET", faq_search_path(i), ""), False),
        "pathway API": (
            lambda i: ("POST", "/api/v1/pathway-check", json.dumps(pathway_profile(i))),
            False,
        ),
        "FAQ entry page": (lambda i: ("GET", entry(i), ""), False),
        "home page": (
            lambda i: ("GET", prefix(HOME_LANGUAGES[i % len(HOME_LANGUAGES)]), ""),
            False,
        ),
        "inbox": (lambda i: ("GET", inbox(i), ""), True),
        "case page": (lambda i: ("GET", f"/en/office/{ids[i]}/", ""), True),
        "case search": (case_search, True),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def access_log(path: Path, since: int) -> dict[str, dict]:
    """Per endpoint: count, statuses and the worker's time, from the log lines after `since`."""
    times: dict[str, list[float]] = defaultdict(list)
    bad: Counter = Counter()
    statuses: dict[str, Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8") as handle:
        handle.seek(since)
        for line in handle:
            method, url, status, micros = line.split()
            name = next((n for n, pattern in ENDPOINTS if pattern.match(url)), "other")
            times[name].append(int(micros) / 1000)
            statuses[name][status[0] + "xx"] += 1
            bad[name] += not status.startswith(("2", "3"))
    return {
        name: {
            "count": len(values),
            "p50_ms": percentile(values, 50),
            "p95_ms": percentile(values, 95),
            "p99_ms": percentile(values, 99),
            "errors": bad[name],
            "statuses": dict(statuses[name]),
        }
        for name, values in times.items()
    }


def main():
    with bench_database("mixed") as env:
        slugs, cases, names, parts, cookies = fill()
        mix = Mix(generators(slugs, cases, names, parts), cookies)
        with tempfile.TemporaryDirectory(prefix="bench-mixed-") as tmp:
            run(env, mix, Path(tmp))


def run(env: dict, mix: Mix, tmp: Path):
    from welcome.portal.tasks import recheck_saved_results

    log = tmp / "access.log"
    extra = ["--access-logfile", str(log), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    huey_log = tmp / "huey.log"
    with serve(env, workers=MIXED_WORKERS, extra=extra) as server:
        with open(huey_log, "w") as out:
            huey = start_consumer(out, "--graceful-signal", "TERM", env=env)
        try:
            port, connections = server.port, MIXED_CONNECTIONS
            base = baseline_target()
            check(port, base)
            run_round(port, base, 2, 5000, connections)  # warm up
            bare = run_round(port, base, SECONDS, 5000, connections)
            target = Target("mix", mix, repeated=True)  # Mix keeps each endpoint's inputs apart
            check(port, target, samples=100)  # every endpoint answers 200
            warm = run_round(port, target, 3, bare["rps"], connections)  # warm up, calibrate
            offset = log.stat().st_size
            started = time.monotonic()
            recheck_saved_results()  # into the consumer's queue
            result = run_round(port, target, MIXED_SECONDS, warm["rps"] * 1.3, connections)
            took = time.monotonic() - started
            endpoints = access_log(log, offset)
            while recheck_left() and time.monotonic() - started < took + RECHECK_WAIT:
                time.sleep(0.5)
            left = recheck_left()
            huey_alive = huey.poll() is None
        finally:
            stop(huey)
    huey_lines = huey_log.read_text().splitlines()
    huey_problems = sum(1 for line in huey_lines if "ERROR" in line or "Traceback" in line)
    job_seconds = {  # "….recheck_saved_results[_share]: <task id> executed in 9.123s", a run each
        m[1]: float(m[2])
        for line in huey_lines
        if (m := re.search(r"recheck_saved_results(?:_share)?: (\S+) executed in ([\d.]+)s", line))
    }.values()
    report(bare, result, endpoints, mix, took)
    wrong = problems(result, endpoints, huey_alive, huey_problems)
    if left:
        wrong.append(f"the re-check job left {left} of {RECHECK} saved results")
    print(
        f"\nhuey consumer: the re-check job, enqueued with the mix, re-checked "
        f"{RECHECK - left:,} of {RECHECK:,} saved results in runs (at once) of "
        f"{', '.join(f'{t:.1f}' for t in job_seconds) or '?'} s (the mix: {took:.0f} s); "
        f"{'running' if huey_alive else 'NOT running'} at the end; {huey_problems} error lines "
        f"in its log. wrk: {result['errors']} errors (socket errors, timeouts, statuses ≥ 400)."
    )
    if wrong:
        print("\nFAILED: " + "; ".join(wrong))
        if huey_problems:
            print(huey_log.read_text()[-4000:])
        sys.exit(1)


def problems(result: dict, endpoints: dict, huey_alive: bool, huey_problems: int) -> list[str]:
    """What went wrong under the mix; empty when nothing did."""
    wrong = [f"{name}: no request answered" for name, _ in MIX if name not in endpoints]
    wrong += [f"{name}: {e['errors']} errors" for name, e in endpoints.items() if e["errors"]]
    if result["errors"]:
        wrong.append(f"wrk: {result['errors']} errors")
    if not huey_alive:
        wrong.append("the huey consumer died")
    if huey_problems:
        wrong.append(f"the huey consumer logged {huey_problems} error lines")
    return wrong


def report(bare: dict, result: dict, endpoints: dict, mix: Mix, took: float):
    total = sum(e["count"] for e in endpoints.values())
    print(
        f"\n## Mixed load for {MIXED_SECONDS:g} s: gunicorn {MIXED_WORKERS} workers, PostgreSQL, "
        f"Redis, huey consumer; wrk -t{THREADS} -c{MIXED_CONNECTIONS}; {CASES:,} cases; "
        f"{load_average()}\n"
    )
    print("| | requests | req/s | p50 ms | p95 ms | p99 ms | errors | × bare view |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| bare Django view, before the mix (wrk) | {bare['requests']} | {bare['rps']:.0f} "
        f"| {bare['p50_ms']:.1f} | {bare['p95_ms']:.1f} | {bare['p99_ms']:.1f} "
        f"| {bare['errors']} | 1.00× |"
    )
    print(
        f"| the mix (wrk, client side: waiting for a worker included) | {result['requests']} "
        f"| {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} "
        f"| {result['p99_ms']:.1f} | {result['errors']} "
        f"| {result['rps'] / bare['rps'] if bare['rps'] else 0:.2f}× |"
    )
    print(
        "\nPer endpoint (gunicorn's access log: time in the worker, without the wait for one; "
        "errors: status neither 2xx nor 3xx)\n"
    )
    print("| endpoint | share | requests | req/s | p50 ms | p95 ms | p99 ms | errors | repeats |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, _share in MIX:
        e = endpoints.get(name, {"count": 0, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0, "errors": 0})
        distinct = mix.distinct.get(name)
        repeats = max(0, e["count"] - distinct) if distinct is not None else 0
        print(
            f"| {name} | {e['count'] / total if total else 0:.0%} | {e['count']} "
            f"| {e['count'] / took:.0f} | {e['p50_ms']:.1f} | {e['p95_ms']:.1f} "
            f"| {e['p99_ms']:.1f} | {e['errors']} | {repeats} |"
        )
    other = endpoints.get("other")
    if other:
        print(f"| other | | {other['count']} | | | | | {other['errors']} | |")


if __name__ == "__main__":
    main()
