"""Benchmark: the staff calendar's week with 2,000 appointments (production profile).

Creates a fresh database, fills it with INSERT … SELECT generate_series: a week of the Welcome
Center with 2,500 slots of which 2,000 are booked (each booking with its request), and around
it a year of every institution's slots (SLOTS, default 50,000; 60 % booked), so the week is
found among many. Starts gunicorn in the production profile (bench/common.py) and measures with
wrk, with a verified staff session of the Welcome Center,
  - the week (first keyset page; goal p95 < 50 ms),
against the bare Django JSON view `/bench/baseline` measured with the same wrk settings in the
same run (the same week asked again: a calendar page has no other input). The database is
dropped afterwards. Run: `.venv/bin/python -m bench.calendar_week`.
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
    verified_session,
)
from welcome.region.data import region

SLOTS = int(os.environ.get("SLOTS", "50000"))
WEEK_SLOTS = 2500
WEEK_BOOKED = 2000
GOALS_MS = {"week, 2,000 appointments": 50}
INSTITUTIONS = tuple(region().institutions)  # all partners, from the Region's data

FILL = [
    (
        "week",
        # 2,500 slots of the Welcome Center in the measured week, three channels, every 10
        # minutes from Monday 07:00 UTC on; every fifth one stays free.
        """
        INSERT INTO consultations_slot (institution_id, channel, start, "end", capacity,
            booked_count, location, created_at)
        SELECT 'welcome-center',
            (ARRAY['in_person', 'phone', 'video'])[1 + i %% 3],
            %(monday)s::timestamptz + interval '7 hours' + (i / 3) * interval '10 minutes',
            %(monday)s::timestamptz + interval '7 hours' + (i / 3) * interval '10 minutes'
                + interval '30 minutes',
            1, CASE WHEN i %% 5 = 0 THEN 0 ELSE 1 END, '', now()
        FROM generate_series(0, %(week)s - 1) AS i
        """,
    ),
    (
        "year",
        # Every institution's slots over a year around the week (7 minutes off the week's grid;
        # none of the Welcome Center's inside the measured week), 60 % booked.
        """
        INSERT INTO consultations_slot (institution_id, channel, start, "end", capacity,
            booked_count, location, created_at)
        SELECT institution, channel, start, start + interval '30 minutes', 1,
            CASE WHEN random() < 0.6 THEN 1 ELSE 0 END, '', now()
        FROM (
            SELECT (%(institutions)s::text[])[1 + i %% %(n_institutions)s] AS institution,
                (ARRAY['in_person', 'phone', 'video'])[1 + (i / %(n_institutions)s) %% 3]
                    AS channel,
                %(monday)s::timestamptz - interval '26 weeks' + interval '7 minutes'
                    + (i / (%(n_institutions)s * 3)) * interval '20 minutes' AS start
            FROM generate_series(0, %(slots)s - 1) AS i
        ) AS s
        WHERE NOT (institution = 'welcome-center' AND start >= %(monday)s::timestamptz
                   AND start < %(monday)s::timestamptz + interval '7 days')
        """,
    ),
    (
        "requests",
        """
        INSERT INTO consultations_consultationrequest (public_id, requester_kind, topic, status,
            name, email, phone, nationality, company, qualification, occupation_isco,
            municipality, language, channel, summary, consents, profile, ui_language,
            case_reference, inbox_id, created_at, updated_at)
        SELECT gen_random_uuid(), 'worker', 'general', 'open', 'Person ' || i,
            'p' || i || '@example.org', '+49 511 ' || i, '', '', '', '', '',
            (ARRAY['de', 'en', 'tr', 'ar', 'es', 'fr', 'uk'])[1 + i %% 7], 'phone', '',
            '[]'::jsonb, '{}'::jsonb, 'de', 'WC-B-' || lpad(i::text, 8, '0'),
            'welcome-center', now(), now()
        FROM generate_series(1, (SELECT count(*) FROM consultations_slot
                                 WHERE booked_count = 1)) AS i
        """,
    ),
    (
        "bookings",
        """
        INSERT INTO consultations_booking (slot_id, request_id, created_at)
        SELECT s.id, r.id, now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
              FROM consultations_slot WHERE booked_count = 1) AS s
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n
              FROM consultations_consultationrequest) AS r USING (n)
        """,
    ),
]


def main():
    with bench_database("calendar") as env:
        run(env)


def run(env):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from welcome.accounts.models import User
    from welcome.consultations import selectors

    print(load_average())
    started = time.monotonic()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())  # next week: all of it ahead
    params = {
        "monday": monday.isoformat() + "T00:00:00+00:00",
        "week": WEEK_SLOTS,
        "slots": SLOTS,
        "institutions": list(INSTITUTIONS),
        "n_institutions": len(INSTITUTIONS),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")  # the same data in every run
        for name, sql in FILL:
            t0 = time.monotonic()
            cursor.execute(sql, params)
            print(f"filled {name:8} {cursor.rowcount:>9} rows in {time.monotonic() - t0:5.1f} s")
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT count(*) FROM consultations_booking b JOIN consultations_slot s "
            "ON s.id = b.slot_id WHERE s.institution_id = 'welcome-center' "
            "AND s.start >= %s AND s.start < %s",
            [params["monday"], (monday + dt.timedelta(days=7)).isoformat() + "T00:00:00+00:00"],
        )
        (in_week,) = cursor.fetchone()
    assert in_week == WEEK_BOOKED, in_week
    print(f"database ready in {time.monotonic() - started:.0f} s ({in_week} appointments)")

    user = User.objects.create_user(
        username="bench-wc", kind="staff", institution_id="welcome-center", role="case_worker"
    )
    cookie = verified_session(user)

    with CaptureQueriesContext(connection) as queries:
        page = selectors.calendar_for_user(user=user, first_day=monday, days=7)
    print(f"week page: {len(page.slots)} slots, {len(queries.captured_queries)} queries")
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if "consultations_slot" not in query["sql"] or "INSERT" in query["sql"]:
                continue
            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            print(f"  {query['sql'][:60]}…: {plan[-1].strip()}")

    week = f"/en/consultation/staff/calendar/week/?date={monday.isoformat()}"
    targets = {
        "week, 2,000 appointments": week,
    }
    with serve(env) as server:
        status, body = get(server.port, week, cookie)
        assert status == 200 and b"Person " in body, ("not the week's appointments", status)
        rows = measure(
            server,
            [
                Target(name, get_paths([path]), cookie, True, goal_p95_ms=GOALS_MS.get(name))
                for name, path in targets.items()
            ],
        )
    report(
        f"Staff calendar: a week of {WEEK_BOOKED:,} appointments among {SLOTS:,} slots "
        "(production profile, gunicorn 2 workers)",
        rows,
    )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


STARTED = time.monotonic()

if __name__ == "__main__":
    sys.exit(main())
