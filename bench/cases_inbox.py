"""Benchmark: the back-office case page and inbox on CASES cases (production profile).

Creates a fresh database, fills it with INSERT … SELECT generate_series (cases, persons, consents,
timeline events, notes, the public requests and appointments behind the cases), starts gunicorn
(bench/common.py: PostgreSQL, Redis, the preloaded app) and measures with wrk, logged in as a case
worker of ABH Landeshauptstadt Hannover (a verified session: password and second factor), with
never-repeated requests:
  - the case page of a different case of the inbox every request,
  - the inbox with a different filter (status × language × overdue) and keyset page (`after=`
    the position of a different case) every request,
  - the inbox's note search with a new text every request,
against the bare Django JSON view measured in the same run with the same wrk settings.
Goal (2 cores, 4 connections, 1,000,000 cases): case page and inbox p95 < 25 ms.

Run: `.venv/bin/python -m bench.cases_inbox` (CASES=1000000 for the goal's scale; the default
keeps `make bench` short). The database is dropped afterwards.
"""

from __future__ import annotations

import math
import os
import random
import time
from urllib.parse import urlencode

from bench.cases_search import APPOINTMENTS, fill_sql
from bench.common import (
    Target,
    bench_database,
    get_paths,
    load_average,
    measure,
    report,
    serve,
    verified_session,
)
from bench.inputs import digits, scatter

CASES = int(os.environ.get("CASES", "50000"))
GOAL_P95_MS = 25
STATUSES = ("", "new", "in_progress", "waiting", "handed_over", "closed")
LANGUAGES = ("", "de", "en", "tr", "ar", "es", "fr")
NOTE_WORDS = ("Documents", "Passport", "employer", "Recognition", "Appointment", "missing")


FILL = [
    (
        "cases",
        """
        INSERT INTO cases_case (reference, topic, requester_kind, status, inbox_id, language,
            channel, municipality, occupation_isco, source, competent_authority, created_at,
            updated_at, last_activity_at, due_on)
        SELECT 'WC-B-' || lpad(i::text, 8, '0'),
            (ARRAY['residence','recognition','labour_market','accelerated_procedure','general'])
                [1 + floor(random() * 5)::int],
            CASE WHEN i %% 4 = 0 THEN 'employer' ELSE 'worker' END,
            (ARRAY['new','in_progress','waiting','handed_over','closed','closed','closed',
                   'in_progress'])[1 + floor(random() * 8)::int],
            (ARRAY['abh-lhh','abh-lhh','abh-lhh','abh-region','abh-region','welcome-center',
                   'welcome-center','hwk-hannover','ihk-hannover','ba-hannover',
                   'jobcenter-region','zentralstelle-nds'])[1 + floor(random() * 12)::int],
            (ARRAY['de','de','de','en','en','tr','ar','ar','es','fr','uk','ru'])
                [1 + floor(random() * 12)::int],
            'email', 'Hannover', '', 'bench', '', ts, ts, ts, (ts + interval '14 days')::date
        FROM (SELECT i, now() - random() * interval '700 days' AS ts
              FROM generate_series(1::bigint, %(n)s::bigint) AS i) AS s
        """,
    ),
    (
        "persons",
        """
        INSERT INTO cases_person (case_id, name, email, phone, nationality, summary, data)
        SELECT id, 'Person ' || id, 'p' || id || '@example.org', '', '', 'Benchmark request',
            '{}'::jsonb FROM cases_case
        """,
    ),
    (
        "consents",
        """
        INSERT INTO cases_consent (case_id, institution_id, purpose, given_at)
        SELECT id, inbox_id, 'case_handling', created_at FROM cases_case WHERE id %% 10 <> 0
        """,
    ),
    (
        "events",
        """
        INSERT INTO cases_event (case_id, kind, at, details, institution_id)
        SELECT id, k, created_at, '{}'::jsonb, inbox_id
        FROM cases_case, unnest(ARRAY['opened', 'routed']) AS k
        """,
    ),
    (
        "notes",
        """
        INSERT INTO cases_note (case_id, institution_id, text, created_at)
        SELECT id, inbox_id,
            (ARRAY['Documents complete', 'Passport copy missing', 'Called the employer',
                   'Recognition notice requested', 'Appointment agreed'])[1 + id %% 5]
                || ' (' || id || ')', created_at
        FROM cases_case WHERE id %% 5 = 0
        """,
    ),
    *APPOINTMENTS,
]


def fill() -> None:
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")  # the same data in every run
        for name, sql in FILL:
            t0 = time.monotonic()
            if name == "cases":
                sql = fill_sql(cursor, sql)
            cursor.execute(sql, {"n": CASES})
            print(f"filled {name:8} {cursor.rowcount:>9} rows in {time.monotonic() - t0:5.1f} s")
        # Vacuum now, so autovacuum does not compete with the measurement afterwards.
        cursor.execute("VACUUM ANALYZE")
    print(f"database ready in {time.monotonic() - started:.0f} s", flush=True)


def inbox_cases(limit: int = 100_000) -> list[tuple[int, str]]:
    """(id, keyset position) of the inbox's cases, in random order."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, last_activity_at FROM cases_case WHERE inbox_id = 'abh-lhh' "
            "ORDER BY random() LIMIT %s",
            [limit],
        )
        return [(pk, f"{moment.isoformat()}|{pk}") for pk, moment in cursor.fetchall()]


def inbox_paths(cases: list[tuple[int, str]]):
    """The inbox with a filter (status × language × overdue) and a keyset page (after a case)
    never combined before: a bijection onto the combinations."""
    radices = (len(STATUSES), len(LANGUAGES), 2, len(cases))

    def path(i: int) -> str:
        status, language, overdue, case = digits(scatter(i, math.prod(radices)), radices)
        query = {
            "status": STATUSES[status],
            "language": LANGUAGES[language],
            "overdue": "1" if overdue else "",
            "after": cases[case][1],
        }
        return "/en/office/?" + urlencode({k: v for k, v in query.items() if v})

    return path


def targets(cookie: str, cases: list[tuple[int, str]]) -> list[Target]:
    ids = [pk for pk, _ in cases]
    noted = [pk for pk in ids if pk % 5 == 0] or ids

    def note_search(i: int) -> str:
        word, case = divmod(i, len(noted))
        text = f"{NOTE_WORDS[word]} {noted[case]}"  # IndexError when all are used
        return "/en/office/?" + urlencode({"q": text})

    return [
        Target(
            "case page, a different case",
            get_paths(lambda i: f"/en/office/{ids[i]}/"),
            cookie=cookie,
            goal_p95_ms=GOAL_P95_MS,
        ),
        Target(
            "inbox, a new filter and page",
            get_paths(inbox_paths(cases)),
            cookie=cookie,
            goal_p95_ms=GOAL_P95_MS,
        ),
        Target("inbox, note search, a new text", get_paths(note_search), cookie=cookie),
    ]


def main():
    with bench_database("cases") as env:
        from welcome.accounts.models import User

        print(load_average())
        fill()
        user = User.objects.create_user(
            username="bench-lhh", kind="staff", institution_id="abh-lhh", role="case_worker"
        )
        cookie = verified_session(user)
        cases = inbox_cases()
        random.Random(2026).shuffle(cases)
        with serve(env) as server:
            rows = measure(server, targets(cookie, cases))
    report(
        f"Back office on {CASES:,} cases ({len(cases):,} of the inbox's used; production "
        "profile, gunicorn 2 workers)",
        rows,
    )


if __name__ == "__main__":
    main()
