"""Benchmark: the statistics page of the § 81a procedure on many finished procedures.

Creates a fresh PostgreSQL database and fills it with INSERT … SELECT generate_series: companies
and finished procedures (closed, some refused at the recognition), each with the steps of its
path through the transition table — recognition for 60 %, BA approval for 70 %, about 12 steps
each — with `days`, `waiting_for`, `acting_body` and `within_deadline` as the services record
them (due dates from `welcome.law.deadlines`), filed with the ABH before 2026 and with the
Zentralstelle from 2026. Then starts gunicorn in the production profile (bench/common.py) and
measures with wrk
  - `/en/statistics/?from=…&to=…` with a NEW period on every request (never cached: the code
    caches only the default period) — goal p95 < 300 ms,
  - the API `/api/v1/statistics/processing-times?from=…&to=…` (new periods) if it exists,
against the bare Django JSON view `/bench/baseline` measured with the same wrk settings in the
same run. The database is dropped afterwards. Run: `.venv/bin/python -m bench.procedures_statistics`
(STATISTICS_PROCEDURES, default 20,000).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

from bench.common import (
    Target,
    bench_database,
    get,
    get_paths,
    load_average,
    measure,
    report,
    serve,
)
from bench.procedures_deadlines import (
    analyze,
    bulk_load,
    due_table,
    fill_companies,
    insert_select,
    vacuum,
    where_the_time_goes,
)

PROCEDURES = int(os.environ.get("STATISTICS_PROCEDURES", "20000"))
GOAL_P95_MS = 300
STARTED = time.monotonic()
# The Zentralstelle is competent from this day (region.yaml); a draft started between the
# 29 November and New Year could be filed on either side, so none is started then.
ZENTRALSTELLE_FROM = dt.date(2026, 1, 1)
PRE_FILING_MAX_DAYS = 21 + 6 + 5
# A finished procedure's path: (transition, from, to, fewest and most days in `from`,
# needs recognition, needs BA approval (None: either), the deadline the step meets).
PATH = [
    ("request_pre_check", "draft", "pre_check", 2, 21, None, None, ""),
    ("confirm_pre_check", "pre_check", "pre_checked", 1, 6, None, None, ""),
    ("file", "pre_checked", "filed", 0, 5, None, None, ""),
    ("conclude_agreement", "filed", "agreement_concluded", 7, 21, None, None, ""),
    ("request_recognition", "agreement_concluded", "recognition_requested", 1, 5, True, None, ""),
    (
        "decide_recognition",
        "recognition_requested",
        "recognition_decided",
        21,
        63,
        True,
        None,
        "recognition_decision",
    ),
    ("request_ba_approval", "recognition_decided", "ba_requested", 1, 5, True, True, ""),
    ("request_ba_approval", "agreement_concluded", "ba_requested", 1, 5, False, True, ""),
    ("record_ba_approval", "ba_requested", "ba_approved", 1, 7, None, True, "ba_approval"),
    ("send_pre_approval", "ba_approved", "pre_approval_sent", 1, 5, None, True, ""),
    ("send_pre_approval", "recognition_decided", "pre_approval_sent", 1, 5, True, False, ""),
    ("send_pre_approval", "agreement_concluded", "pre_approval_sent", 1, 5, False, False, ""),
    (
        "record_visa_appointment",
        "pre_approval_sent",
        "visa_appointment",
        14,
        35,
        None,
        None,
        "visa_appointment",
    ),
    ("decide_visa", "visa_appointment", "visa_decided", 5, 25, None, None, "visa_decision"),
    ("record_entry", "visa_decided", "entered", 7, 45, None, None, ""),
    ("request_residence_permit", "entered", "residence_permit", 3, 14, None, None, ""),
    ("close", "residence_permit", "closed", 14, 56, None, None, ""),
]


def path_table() -> None:
    """bench_path: PATH with its order, who acts (the table's actor) and who is waited for."""
    from django.db import connection

    from welcome.procedures import machine

    order = {}
    rows = []
    for transition, source, target, low, high, recognition, ba, meets in PATH:
        order.setdefault(transition, len(order) + 1)
        rows.append(
            (
                order[transition],
                transition,
                source,
                target,
                machine.TRANSITIONS[transition].actor,
                machine.WAITING_FOR.get(source, ""),
                low,
                high,
                recognition,
                ba,
                meets,
            )
        )
        assert source in machine.TRANSITIONS[transition].sources, transition
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_path (ord int, transition varchar(40), from_state varchar(30), "
            "to_state varchar(30), actor varchar(20), waiting_for varchar(20), low int, "
            "high int, recognition boolean, ba boolean, meets varchar(30))"
        )
        cursor.executemany(
            "INSERT INTO bench_path VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
        )


def fill_finished_procedures(
    count: int, companies: tuple[int, int], today: dt.date, *, prefix: str = "F"
) -> None:
    """``count`` finished procedures with their steps (bench_due and bench_path must exist).

    Started 200 to 700 days ago (none in the weeks before New Year 2026, see
    ZENTRALSTELLE_FROM); 7 % of those needing recognition refused there, the others closed.
    """
    from django.db import connection

    from welcome.procedures.models import Application, Step

    first, last = companies
    gap_from = ZENTRALSTELLE_FROM - dt.timedelta(days=PRE_FILING_MAX_DAYS + 1)
    started = (
        "(CASE WHEN g.d >= %(gap_from)s::date AND g.d < %(zentralstelle)s::date "
        "THEN g.d - 35 ELSE g.d END)"
    )
    before = f"{started} < %(zentralstelle)s::date"
    insert_select(
        Application,
        {
            "reference": f"'BF-{prefix}-' || lpad(g.i::text, 9, '0')",
            "company_id": "c.id",
            "state": "CASE WHEN g.i %% 5 < 3 AND g.i %% 100 < 7 THEN 'refused' ELSE 'closed' END",
            "version": "0",
            "state_since": started,
            "mode": f"CASE WHEN {before} THEN 'platform' ELSE 'recorded' END",
            "pre_checker_id": "(ARRAY['welcome-center','welcome-center','ihk-hannover',"
            "'hwk-hannover'])[1 + g.i %% 4]",
            "authority_id": f"CASE WHEN NOT {before} THEN 'zentralstelle-nds' "
            "WHEN c.municipality = 'Hannover' THEN 'abh-lhh' ELSE 'abh-region' END",
            "title": "(ARRAY['skilled_vocational','skilled_academic','blue_card'])[1 + g.i %% 3]",
            "needs_recognition": "g.i %% 5 < 3",
            "needs_ba_approval": "g.i %% 10 < 7",
            "recognition_body": "CASE WHEN g.i %% 5 < 3 THEN (ARRAY['ihk-fosa','hwk-hannover',"
            "'zab','state-body'])[1 + g.i %% 4] ELSE '' END",
            "worker_name": "'Finished Worker ' || g.i",
            "worker_nationality": "(ARRAY['IN','PH','TR','MA','TN','EG','CO','MX','BR','VN',"
            "'UA','ID','BA'])[1 + g.i %% 13]",
            "occupation": "'Fachkraft'",
            "occupation_isco": "(ARRAY['2221','2512','7231','8332','4321','5120','2142',"
            "'7411'])[1 + g.i %% 8]",
            "fee_eur": "411",
            "created_at": f"{started} + time '09:00'",
            "updated_at": "now()",
        },
        "(SELECT i, %(today)s::date - 200 - floor(random() * 500)::int AS d "
        "FROM generate_series(1, %(n)s) AS i) AS g "
        "JOIN accounts_company c ON c.id = %(first)s + g.i %% %(companies)s",
        {
            "n": count,
            "today": today,
            "gap_from": gap_from,
            "zentralstelle": ZENTRALSTELLE_FROM,
            "first": first,
            "companies": last - first + 1,
        },
    )
    analyze("procedures_application")
    # The steps, each `days` after the previous one; a deadline the step meets is judged on
    # the law's due date for its start (the day the application entered `from_state`).
    drawn = (
        "SELECT a.id, a.mode, a.authority_id, a.pre_checker_id, a.recognition_body, "
        "a.state AS final, a.state_since AS start, p.*, p.low + floor((random() + random()) / 2 "
        "* (p.high - p.low + 1))::int AS days FROM procedures_application a JOIN bench_path p "
        "ON (p.recognition IS NULL OR p.recognition = a.needs_recognition) "
        "AND (p.ba IS NULL OR p.ba = a.needs_ba_approval) "
        "AND NOT (a.state = 'refused' AND p.ord > 6) "
        "WHERE a.reference LIKE %(prefix)s AND a.version = 0"
    )
    dated = (
        "SELECT x.*, x.start + sum(x.days) OVER (PARTITION BY x.id ORDER BY x.ord)::int AS on_ "
        "FROM (" + drawn + ") AS x"
    )
    authority = "CASE WHEN s.mode = 'recorded' THEN 'welcome-center' ELSE s.authority_id END"
    insert_select(
        Step,
        {
            "application_id": "s.id",
            "transition": "s.transition",
            "from_state": "s.from_state",
            "to_state": "CASE WHEN s.final = 'refused' AND s.ord = 6 THEN 'refused' "
            "ELSE s.to_state END",
            "outcome": "CASE WHEN s.transition = 'decide_recognition' THEN CASE WHEN "
            "s.final = 'refused' THEN 'refused' ELSE 'full' END WHEN s.transition = "
            "'decide_visa' THEN 'granted' ELSE '' END",
            "on": "s.on_",
            "at": "s.on_ + time '10:00' + s.ord * interval '1 minute'",
            "institution_id": f"CASE s.actor WHEN 'employer' THEN NULL WHEN 'pre_checker' "
            f"THEN s.pre_checker_id ELSE {authority} END",
            "source": "CASE WHEN s.actor IN ('employer', 'pre_checker') OR s.mode = 'platform' "
            "THEN 'platform' ELSE 'notice' END",
            "waiting_for": "s.waiting_for",
            "acting_body": "CASE s.waiting_for WHEN 'authority' THEN s.authority_id "
            "WHEN 'pre_checker' THEN s.pre_checker_id "
            "WHEN 'recognition_body' THEN s.recognition_body ELSE s.waiting_for END",
            "days": "s.days",
            "within_deadline": "CASE WHEN s.meets <> '' THEN s.on_ <= d.due_on END",
            "notified_at": "s.on_ + time '10:05'",
        },
        f"({dated}) AS s LEFT JOIN bench_due d ON d.step = s.meets "
        "AND d.started_on = s.on_ - s.days",
        {"prefix": f"BF-{prefix}-%"},
    )
    started_at = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procedures_application a SET state_since = x.last, closed_on = x.last, "
            "filed_on = x.filed, version = x.n, updated_at = x.last + time '10:30' "
            'FROM (SELECT application_id, max("on") AS last, count(*) AS n, '
            "max(\"on\") FILTER (WHERE transition = 'file') AS filed "
            "FROM procedures_step GROUP BY application_id) AS x "
            "WHERE x.application_id = a.id AND a.reference LIKE %(prefix)s",
            {"prefix": f"BF-{prefix}-%"},
        )
        print(f"dated {cursor.rowcount} applications in {time.monotonic() - started_at:.1f} s")


def periods(kind: str, today: dt.date):
    """A path per request with a period never asked before: start and length both move
    (unique for the first 24,090 requests: lcm(365, 330))."""
    base = today - dt.timedelta(days=720)

    def path(n: int) -> str:
        if n >= 24_090:
            raise IndexError("no more distinct periods")
        start = base + dt.timedelta(days=n % 365)
        end = start + dt.timedelta(days=30 + (n * 37) % 330)
        return kind.format(start=start.isoformat(), end=end.isoformat())

    return path


def main():
    with bench_database("statistics") as env:
        run(env)


def run(env):
    from django.db import connection
    from django.utils import timezone

    from welcome.accounts.models import Company
    from welcome.procedures.models import Application, Step

    print(load_average())
    today = timezone.localdate()
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
    due_table(today - dt.timedelta(days=760), today)
    path_table()
    with bulk_load(Company, Application, Step):
        companies = fill_companies(max(PROCEDURES // 100, 10))
        fill_finished_procedures(PROCEDURES, companies, today)
    vacuum()
    steps = Step.objects.count()
    print(
        f"database ready in {time.monotonic() - started:.0f} s: {Application.objects.count():,} "
        f"procedures, {steps:,} steps ({steps / max(PROCEDURES, 1):.1f} each)"
    )

    new_page = periods("/en/statistics/?from={start}&to={end}", today)
    new_api = periods("/api/v1/statistics/processing-times?from={start}&to={end}", today)
    year = (today - dt.timedelta(days=540), today - dt.timedelta(days=176))
    where_the_time_goes(f"/en/statistics/?from={year[0].isoformat()}&to={year[1].isoformat()}")
    with serve(env) as server:
        targets = [
            Target("statistics page, new period", get_paths(new_page), goal_p95_ms=GOAL_P95_MS),
        ]
        if get(server.port, "/api/v1/statistics/processing-times")[0] == 404:
            print("API processing times: answers 404 (not written yet); not measured")
        else:
            targets.append(
                Target(
                    "API processing times, new period",
                    get_paths(new_api),
                    goal_p95_ms=GOAL_P95_MS,
                )
            )
        rows = measure(server, targets)
    report(
        f"Statistics on {PROCEDURES:,} finished procedures, {steps:,} steps (production profile, "
        "gunicorn 2 workers)",
        rows,
    )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
