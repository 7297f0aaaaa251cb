"""Benchmark: the deadline sweep of the § 81a procedure over PROCEDURES open procedures.

Creates a fresh PostgreSQL database and fills it with INSERT … SELECT generate_series: companies,
open applications spread over the steps as long as each step lasts, and their deadlines —
running, met and paused — with due dates computed by `welcome.law.deadlines` (a table of
start → due per step). The data is in the steady state of a sweep that ran until yesterday:
reminders and escalations of earlier days are claimed, earlier deemed approvals taken. Then, with
the locmem mail backend, it times
  - the three selections (`jobs.reminders_due`, `jobs.escalations_due`,
    `services.deemed_approvals_due`) on the partial index `proc_deadline_running`,
  - the first sweep of the day (`jobs.sweep`: every row due today, claimed and mailed once;
    as in a huey worker, the step notices are queued and the URLconf is loaded beforehand),
    per phase, with the rows claimed, the mails sent and the queries made — at a million
    procedures tens of thousands of rows are due, so it runs on a random share of them
    (SWEEP_ROWS; the default 0 takes all) and the whole day's sweep is extrapolated,
  - the next quarter-hourly sweep, which finds nothing left (goal: < 2 s per full sweep),
against the cheapest query a job makes (one deadline by primary key) measured in the same run.
The database (bench.common.bench_database: production settings, PostgreSQL, Redis) is dropped
afterwards. Run: `.venv/bin/python -m bench.procedures_deadlines` (PROCEDURES=1000000 for a
million; the default keeps `make bench` short). No HTTP here: the timings are in-process.

The helpers at the top (INSERT … SELECT with the model's defaults, bulk loading, the due-date
table, where a page's time goes) are shared with bench.procedures_statistics and
bench.procedures_dashboard.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable

from bench.common import bench_database, load_average

PROCEDURES = int(os.environ.get("PROCEDURES", "100000"))
# The first sweep of the day is measured on this many of the rows due (0: all of them).
SWEEP_ROWS = int(os.environ.get("SWEEP_ROWS", "0"))  # 0: every row due today
GOAL_SWEEP_S = 2.0
STARTED = time.monotonic()


# --- shared helpers ------------------------------------------------------------------------------


def insert_select(model, values: dict[str, str], source: str, params: dict | None = None) -> int:
    """INSERT INTO <model's table> (…) SELECT <values> FROM <source>; answers the rows added.

    ``values`` maps columns to SQL expressions. Every other column gets the field's default
    (now() for auto_now fields), so a column added to the model later does not break the
    benchmark — a new NOT NULL column without a default fails loudly instead.
    """
    from django.db import connection

    columns, expressions, defaults = [], [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in values:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            expressions.append(values[field.column])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("now()")
        else:
            key = f"default_{field.column}"
            defaults[key] = field.get_db_prep_save(field.get_default(), connection)
            expressions.append(f"%({key})s")
    # S608: the SQL is this module's own text; every value is passed as a parameter.
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(sql, {**(params or {}), **defaults})
        count = cursor.rowcount
    seconds = time.monotonic() - started
    print(f"filled {model._meta.db_table:28} {count:>9} rows in {seconds:5.1f} s")
    return count


def vacuum() -> None:
    """Vacuum and analyse now, so autovacuum does not compete with the measurement."""
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuum analyze in {time.monotonic() - started:.1f} s")


@contextlib.contextmanager
def bulk_load(*models):
    """Fill ``models``' tables fast: their secondary indexes are dropped and built again after
    (sorted, in one pass each — the same definitions), and foreign keys are not checked row by
    row (the generated rows refer to rows generated before them). Analyses the tables after."""
    from django.db import connection

    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND "
            "NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        print(f"built {len(indexes)} indexes again in {time.monotonic() - started:.1f} s")


def analyze(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def summary(latencies: list[float], seconds: float, errors: int = 0) -> dict:
    """A row of `timings`: count, rate, p50 and p95 of in-process timings (seconds in)."""
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds if seconds else 0,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000,
        "errors": errors,
    }


def timings(title: str, rows: dict[str, dict], goals_ms: dict[str, float]) -> None:
    """In-process timings (no HTTP) beside the cheapest query of the same run ("baseline")."""
    base = rows["baseline"]
    print(f"## {title}")
    print("| target | runs | p50 ms | p95 ms | × baseline p95 | goal |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        goal = goals_ms.get(name)
        met = f"< {goal:.0f} ms: {'met' if r['p95_ms'] < goal else 'NOT met'}" if goal else ""
        print(
            f"| {name} | {r['requests']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['p95_ms'] / base['p95_ms']:.0f}× | {met} |"
        )


def where_the_time_goes(path: str, cookie: str = "", top: int = 3) -> None:
    """One request in this process: its queries, their time, and the plans of the slowest
    (EXPLAIN ANALYZE), so a slow page says which query to look at."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, _equals, value = cookie.partition("=")
        client.cookies[name] = value
    client.get(path, secure=True)  # warm: the first request loads translations and URL resolvers
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        status = client.get(path, secure=True).status_code
        seconds = time.perf_counter() - started
    captured = queries.captured_queries
    in_db = sum(float(q["time"]) for q in captured)
    print(
        f"{path}: {status} in {seconds * 1000:.0f} ms in this process, {len(captured)} queries "
        f"taking {in_db * 1000:.0f} ms"
    )
    with connection.cursor() as cursor:
        for query in sorted(captured, key=lambda q: -float(q["time"]))[:top]:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            print(f"           {plan[0].strip()[:110]} … {plan[-1].strip()}")


def repeat(fn: Callable[[], object], times: int) -> dict:
    latencies = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        latencies.append(time.perf_counter() - start)
    return summary(latencies, sum(latencies))


# Steps whose deadlines run while an application is in a state (machine.TRANSITIONS: starts).
RUNNING_DEADLINES = {
    "recognition_requested": ("recognition_receipt", "recognition_decision"),
    "ba_requested": ("ba_approval",),
    "pre_approval_sent": ("visa_appointment",),
    "visa_appointment": ("visa_decision",),
}


def due_table(first: dt.date, last: dt.date) -> None:
    """bench_due(step, started_on, due_on, citation): the law's due date for every start day,
    so INSERT … SELECT joins it instead of counting periods in SQL."""
    from django.db import connection

    from welcome.law import deadlines

    rows = []
    day = first
    while day <= last:
        for step in deadlines.STEPS:
            computed = deadlines.deadline(step, day)
            rows.append((step, day, computed.due, computed.citation))
        day += dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_due (step varchar(30), started_on date, due_on date, "
            "citation varchar(120), PRIMARY KEY (step, started_on))"
        )
        cursor.executemany("INSERT INTO bench_due VALUES (%s, %s, %s, %s)", rows)


def fill_companies(count: int) -> tuple[int, int]:
    """Verified companies in the Region's municipalities; answers the first and last id."""
    from django.db import connection

    from welcome.accounts.models import Company

    insert_select(
        Company,
        {
            "name": "'Bench Employer ' || i || ' GmbH'",
            "municipality": "(ARRAY['Hannover','Garbsen','Laatzen','Langenhagen','Lehrte',"
            "'Burgdorf','Seelze','Wunstorf'])[1 + i %% 8]",
            "register_number": "'HRB B' || i",
            "contact_email": "'hr' || i || '@bench.example'",
            "verified_at": "now() - interval '400 days'",
        },
        "generate_series(1, %(n)s) AS i",
        {"n": count},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM accounts_company")
        return cursor.fetchone()


# The share of open applications in each state, roughly as long as each step lasts.
OPEN_STATES = [
    ("draft", 4),
    ("pre_check", 2),
    ("pre_checked", 1),
    ("filed", 8),
    ("agreement_concluded", 2),
    ("recognition_requested", 17),
    ("recognition_decided", 1),
    ("ba_requested", 2),
    ("ba_approved", 2),
    ("pre_approval_sent", 14),
    ("visa_appointment", 9),
    ("visa_decided", 14),
    ("entered", 5),
    ("residence_permit", 17),
    ("documents_missing", 2),
]


def _state_case(column: str) -> str:
    total, bounds, parts = sum(w for _s, w in OPEN_STATES), 0, []
    for state, weight in OPEN_STATES:
        bounds += weight
        parts.append(f"WHEN {column} < {bounds / total:.4f} THEN '{state}'")
    return "CASE " + " ".join(parts[:-1]) + f" ELSE '{OPEN_STATES[-1][0]}' END"


# Days an application has been in its state: young in the BA's week (the BA mostly answers
# within days; 3 % reach the day after the week, today's deemed approvals), up to the period
# and beyond it for the late ones (recognition 8 %, missions half of the appointments).
AGE = """CASE s.state
    WHEN 'recognition_requested' THEN CASE WHEN s.r2 < 0.08 THEN 62 + floor(s.r3 * 20)
        ELSE floor(s.r3 * 62) END
    WHEN 'ba_requested' THEN CASE WHEN s.r2 < 0.03 THEN 8 ELSE floor(7.99 * s.r3 * s.r3) END
    WHEN 'pre_approval_sent' THEN CASE WHEN s.r2 < 0.5 THEN 21 + floor(s.r3 * 14)
        ELSE floor(s.r3 * 21) END
    WHEN 'visa_appointment' THEN CASE WHEN s.r2 < 0.1 THEN 21 + floor(s.r3 * 14)
        ELSE floor(s.r3 * 21) END
    ELSE floor(s.r3 * 30) END::int"""


def fill_open_applications(count: int, companies: tuple[int, int], today: dt.date) -> None:
    """``count`` open applications (PERSONAL DATA invented), filed with the Zentralstelle in
    this year (a tenth with the ABH, filed before it took over), in OPEN_STATES."""
    from welcome.procedures.models import Application

    first, last = companies
    filed = "s.state NOT IN ('draft','pre_check','pre_checked')"
    abh = "(s.i %% 10 = 0)"
    insert_select(
        Application,
        {
            "reference": "'BF-B-' || lpad(s.i::text, 9, '0')",
            "company_id": f"{first} + s.i %% {last - first + 1}",
            "state": "s.state",
            "version": "8",
            "state_since": f"%(today)s::date - {AGE}",
            "paused_from": "CASE WHEN s.state = 'documents_missing' "
            "THEN 'recognition_requested' ELSE '' END",
            "mode": f"CASE WHEN NOT {filed} THEN '' WHEN {abh} THEN 'platform' ELSE 'recorded' END",
            "pre_checker_id": "CASE WHEN s.state = 'draft' THEN NULL ELSE 'welcome-center' END",
            "authority_id": f"CASE WHEN NOT {filed} THEN NULL "
            "WHEN s.i %% 20 = 0 THEN 'abh-lhh' WHEN s.i %% 10 = 0 THEN 'abh-region' "
            "ELSE 'zentralstelle-nds' END",
            "title": "'skilled_vocational'",
            "needs_recognition": "s.i %% 5 < 3",
            "needs_ba_approval": "s.i %% 10 < 7",
            "recognition_body": "'ihk-fosa'",
            "worker_name": "'Worker ' || s.i",
            "worker_email": "'w' || s.i || '@bench.example'",
            "worker_nationality": "'IN'",
            "occupation": "'Pflegefachkraft'",
            "occupation_isco": "'2221'",
            "fee_eur": f"CASE WHEN {filed} THEN 411 END",
            "filed_on": f"CASE WHEN {filed} THEN %(today)s::date - 60 - s.i %% 200 END",
            "created_at": "now() - interval '90 days'",
            "updated_at": "now() - (s.i %% 90) * interval '1 day'",
        },
        f"(SELECT i, {_state_case('r1')} AS state, r2, r3 FROM (SELECT i, "  # noqa: S608
        "random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, %(n)s) AS i) "
        "AS g) AS s",
        {"n": count, "today": today},
    )


def fill_deadlines(today: dt.date, reminder_horizon_yesterday: dt.date) -> None:
    """Running deadlines of the open applications, in the steady state after yesterday's sweeps
    (escalated when due before yesterday, reminded when due within yesterday's horizon); the
    recognition body confirmed receipt for half of the applications and for all older ones;
    a paused deadline per application with documents missing; a met one of earlier steps."""
    from welcome.procedures.models import Deadline

    states = ", ".join(
        f"('{state}', '{step}')" for state, steps in RUNNING_DEADLINES.items() for step in steps
    )
    receipt_met = "(k.step = 'recognition_receipt' AND (a.id %% 2 = 0 OR d.due_on < %(today)s))"
    insert_select(
        Deadline,
        {
            "application_id": "a.id",
            "step": "k.step",
            "started_on": "a.state_since",
            "due_on": "d.due_on",
            "citation": "d.citation",
            "met_on": f"CASE WHEN {receipt_met} THEN LEAST(a.state_since + 1 + (a.id %% 9)::int, "
            "%(today)s::date) END",
            "escalated_at": f"CASE WHEN NOT {receipt_met} AND d.due_on < %(today)s::date - 1 "
            "THEN (d.due_on + 1) + time '06:00' END",
            "reminded_at": f"CASE WHEN NOT {receipt_met} AND d.due_on <= %(horizon)s::date "
            "THEN GREATEST(a.state_since, d.due_on - 3) + time '06:00' END",
        },
        f"procedures_application a JOIN (VALUES {states}) AS k(state, step) ON k.state = a.state "
        "JOIN bench_due d ON d.step = k.step AND d.started_on = a.state_since",
        {"today": today, "horizon": reminder_horizon_yesterday},
    )
    insert_select(
        Deadline,
        {
            "application_id": "a.id",
            "step": "'recognition_decision'",
            "started_on": "d.started_on",
            "due_on": "d.due_on",
            "citation": "d.citation",
            "paused_since": "a.state_since",
        },
        "procedures_application a JOIN bench_due d ON d.step = 'recognition_decision' "
        "AND d.started_on = a.state_since - 20 WHERE a.state = 'documents_missing'",
    )
    insert_select(
        Deadline,
        {
            "application_id": "a.id",
            "step": "'ba_approval'",
            "started_on": "d.started_on",
            "due_on": "d.due_on",
            "citation": "d.citation",
            "met_on": "d.started_on + 3",
        },
        "procedures_application a JOIN bench_due d ON d.step = 'ba_approval' "
        "AND d.started_on = a.state_since - 12 WHERE a.needs_ba_approval AND a.state IN "
        "('ba_approved','pre_approval_sent','visa_appointment','visa_decided','entered',"
        "'residence_permit')",
    )


def staff(institutions: tuple[str, ...]) -> None:
    """Two case workers and a team lead per institution: the sweep's mail recipients."""
    from welcome.accounts.models import User

    for institution in institutions:
        for n, role in enumerate(("case_worker", "case_worker", "team_lead")):
            User.objects.create_user(
                username=f"bench-{institution}-{n}",
                email=f"bench-{institution}-{n}@bench.example",
                kind="staff",
                institution_id=institution,
                role=role,
            )


# --- the benchmark -------------------------------------------------------------------------------


def _selections():
    """The sweep's three reads; the jobs module's own where it has them (else the same
    set-based queries on the partial index, written here)."""
    from welcome.procedures import jobs, services
    from welcome.procedures.models import Deadline

    running = Deadline.objects.filter(met_on__isnull=True, paused_since__isnull=True)
    own = {
        "reminders due": getattr(jobs, "reminders_due", None),
        "escalations due": getattr(jobs, "escalations_due", None),
        "deemed approvals due": getattr(services, "deemed_approvals_due", None),
    }
    fallback = {
        "reminders due": lambda today: running.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=4), reminded_at__isnull=True
        ),
        "escalations due": lambda today: running.filter(
            due_on__lt=today, escalated_at__isnull=True
        ),
        "deemed approvals due": lambda today: running.filter(
            step="ba_approval", due_on__lt=today, application__state="ba_requested"
        ),
    }
    missing = [name for name, fn in own.items() if fn is None]
    if missing:
        print(f"not in jobs.py/services.py yet, timed as equivalent queries: {missing}")
    return {name: own[name] or fallback[name] for name in own}


def _explain(queryset) -> str:
    from django.db import connection

    sql, params = queryset.values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    index = "proc_deadline_running" if any("proc_deadline_running" in p for p in plan) else "-"
    return f"index {index}; {plan[-1].strip()}"


class _Queries:
    """Counts the queries of a block (an execute wrapper: no per-query bookkeeping)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed_phases(jobs) -> dict[str, float]:
    """Wrap the sweep's phases (module functions sweep() calls) to time each of them."""
    phases: dict[str, float] = {}
    for name in ("deem_approvals", "send_escalations", "send_reminders"):
        original = getattr(jobs, name, None)
        if original is None:
            continue

        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                phases[_name] = time.perf_counter() - start

        setattr(jobs, name, timed)
    return phases


def _sample(selections, today: dt.date, rows: int) -> tuple[int, int]:
    """Leave ``rows`` of the day's due rows for the measured sweep (a random share of each
    kind); the others count as handled by an earlier sweep (reminded, escalated; the BA
    answered). Answers (rows due today, rows left)."""
    import random

    from django.utils import timezone

    from welcome.procedures.models import Application, Deadline

    due = {name: list(select(today).values_list("pk", flat=True)) for name, select in selections}
    total = sum(len(ids) for ids in due.values())
    if rows <= 0 or total <= rows:
        return total, total
    rng, now = random.Random(2026), timezone.now()  # noqa: S311 — a sample, not a secret
    left = 0
    for name, ids in due.items():
        kept = {pk for pk in ids if rng.random() < rows / total}
        left += len(kept)
        dropped = [pk for pk in ids if pk not in kept]
        for chunk in range(0, len(dropped), 10000):
            these = Deadline.objects.filter(pk__in=dropped[chunk : chunk + 10000])
            if name == "reminders due":
                these.update(reminded_at=now)
            elif name == "escalations due":
                these.update(escalated_at=now)
            else:
                Application.objects.filter(deadlines__in=these).update(state="ba_approved")
                these.update(met_on=today - dt.timedelta(days=1))
    return total, left


def main():
    mail = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with bench_database("deadlines", mail):
        run()


def run():
    from django.core import mail
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from welcome.accounts.models import Company
    from welcome.law.periods import add_working_days
    from welcome.procedures import jobs
    from welcome.procedures.models import Application, Deadline

    print(load_average())
    today = timezone.localdate()
    horizon = add_working_days(today - dt.timedelta(days=1), jobs.reminder_working_days())
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")  # the same data in every run
    due_table(today - dt.timedelta(days=130), today + dt.timedelta(days=1))
    with bulk_load(Company, Application, Deadline):
        companies = fill_companies(max(PROCEDURES // 200, 10))
        fill_open_applications(PROCEDURES, companies, today)
        analyze("procedures_application", "bench_due")
        fill_deadlines(today, horizon)
    staff(("welcome-center", "abh-lhh", "abh-region"))
    vacuum()
    print(f"database ready in {time.monotonic() - started:.0f} s")
    running = Deadline.objects.filter(met_on__isnull=True, paused_since__isnull=True).count()
    print(
        f"{Application.objects.count():,} open applications, {Deadline.objects.count():,} "
        f"deadlines, {running:,} running"
    )

    selections = _selections()
    for name, select in selections.items():
        print(f"{name}: {select(today).count():,} rows; {_explain(select(today))}")
    some = Deadline.objects.order_by("id").values_list("pk", flat=True).first()
    rows = {
        "baseline": repeat(lambda: Deadline.objects.filter(pk=some).exists(), 200),
        **{
            f"select {name}": repeat(lambda s=select: list(s(today).values_list("pk")), 10)
            for name, select in selections.items()
        },
    }

    # The first sweep of the day claims every row due today; at a million procedures that is
    # tens of thousands, so it runs on a random share (SWEEP_ROWS) and is extrapolated.
    due_today, left = _sample(selections.items(), today, SWEEP_ROWS)
    vacuum()
    # As in production, the sweep runs in a huey worker: the step notices of the deemed
    # approvals are queued for the workers (not sent inside the sweep, as the embedded default
    # does), and the worker has resolved its URLconf before — once per process, importing every
    # view module (0.46 s on this machine), not once per sweep.
    reverse("procedures_office:inbox")
    immediate, HUEY.immediate = HUEY.immediate, False
    phases = _timed_phases(jobs)
    queries = _Queries()
    mail.outbox = []
    with connection.execute_wrapper(queries):
        start = time.perf_counter()
        claimed = jobs.sweep(today)
        first = time.perf_counter() - start
    total = sum(claimed.values())
    per_row = first / total if total else 0
    print(
        f"\nfirst sweep of the day: {due_today:,} rows due today; measured on {left:,} of them: "
        f"{first:.1f} s, claimed {claimed} ({total:,} rows), {len(mail.outbox):,} digest mails, "
        f"{HUEY.pending_count():,} step notices queued, {queries.count:,} queries, "
        f"{per_row * 1000:.1f} ms per claimed row"
    )
    HUEY.flush()  # the queued notices are not the benchmark's to send
    HUEY.immediate = immediate
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()))
    extrapolated = per_row * due_today
    print(f"  the whole day's first sweep at this rate: {extrapolated:.0f} s")
    rows[f"first sweep, {total:,} rows claimed"] = summary([first], first)
    rows["first sweep of the day (extrapolated)"] = summary([extrapolated], extrapolated)
    # The quarter-hourly sweeps after it: nothing left to claim.
    rows["next sweep (nothing due)"] = repeat(lambda: jobs.sweep(today), 5)
    print(f"next sweeps claimed {jobs.sweep(today)}")

    timings(
        f"Deadline sweep on {PROCEDURES:,} open procedures, {running:,} running deadlines "
        f"(PostgreSQL, one worker process, notices queued, locmem mail; {load_average()})",
        rows,
        {
            "first sweep of the day (extrapolated)": GOAL_SWEEP_S * 1000,
            "next sweep (nothing due)": GOAL_SWEEP_S * 1000,
        },
    )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
