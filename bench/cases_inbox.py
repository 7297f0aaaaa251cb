"""Benchmark: the back-office inbox and case page on 1,000,000 cases (PostgreSQL, gunicorn).

Creates a fresh database, fills it with INSERT … SELECT generate_series (cases, persons, consents,
timeline events, notes), starts gunicorn on loopback with a verified staff session, and measures
p50/p95 of
  - the inbox of ABH Landeshauptstadt Hannover filtered by status (goal p95 < 50 ms),
  - the same inbox filtered by language and "overdue",
  - one case page (goal p95 < 30 ms),
against the bare Django JSON view `/bench/baseline` measured with the same client in the same run.
The database is dropped afterwards. Run: `.venv/bin/python -m bench.cases_inbox` (about 3 minutes;
CASES=200000 for a quicker run).
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time

from bench.common import gunicorn, report, verified_session

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CASES = int(os.environ.get("CASES", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = 2
DB_NAME = f"welcome_bench_cases_{os.getpid()}"
GOALS_MS = {
    "inbox, status filter": 50,
    "inbox, language + overdue": 50,
    "inbox, note search": 50,
    "case page": 30,
}


def psql_admin(*args: str) -> None:
    host = PG.split("@", 1)[1].split(":")[0]
    subprocess.run([*args, "-h", host, "-U", "postgres", DB_NAME], check=True)


def load(port: int, path: str, cookie: str = "", *, seconds=SECONDS, concurrency=CONCURRENCY):
    """Closed-loop GET load with keep-alive connections (as bench.common.load, plus a cookie)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            bad += response.status >= 400
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000,
        "errors": errors,
    }


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
]


def main():
    psql_admin("createdb")
    url = f"{PG}/{DB_NAME}"
    env = {"DATABASE_URL": url, "DB_CONN_MAX_AGE": "60", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    os.environ.update(env)
    try:
        run(url, env)
    finally:
        from django.db import connections

        connections.close_all()
        psql_admin("dropdb", "--force")


def run(url, env):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from welcome.accounts.models import User
    from welcome.region.services import institutions_sync

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    institutions_sync()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")  # the same data in every run
        for name, sql in FILL:
            t0 = time.monotonic()
            cursor.execute(sql, {"n": CASES})
            print(f"filled {name:8} {cursor.rowcount:>9} rows in {time.monotonic() - t0:5.1f} s")
        # Vacuum now, so autovacuum does not compete with the measurement afterwards.
        cursor.execute("VACUUM ANALYZE")
    print(f"database ready in {time.monotonic() - started:.0f} s")

    user = User.objects.create_user(
        username="bench-lhh", kind="staff", institution_id="abh-lhh", role="case_worker"
    )
    cookie = verified_session(user)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id FROM cases_case c WHERE c.inbox_id = 'abh-lhh' AND c.id % 5 = 0 "
            "AND c.id % 10 <> 0 ORDER BY c.id DESC LIMIT 1"
        )
        (case_id,) = cursor.fetchone()

    from welcome.cases.selectors import case_list_for_user

    with connection.cursor() as cursor:
        from django.test.utils import CaptureQueriesContext

        for filters in (
            {"status": "waiting"},
            {"language": "tr", "overdue": "1"},
            {"q": "Passport"},
        ):
            with CaptureQueriesContext(connection) as queries:
                case_list_for_user(user=user, filters=filters)
            sql = next(q["sql"] for q in queries.captured_queries if "cases_case" in q["sql"])
            cursor.execute("EXPLAIN ANALYZE " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            print(f"inbox query {filters}: {plan[-1].strip()}")

    targets = {
        "staff home page (reference)": "/en/accounts/",
        "inbox, status filter": "/en/office/?status=waiting",
        "inbox, language + overdue": "/en/office/?language=tr&overdue=1",
        "inbox, note search": "/en/office/?q=Passport",
        "case page": f"/en/office/{case_id}/",
    }
    with gunicorn(env=env, workers=2) as port:
        for path in targets.values():  # warm up, and make sure the pages answer 200
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
        rows = {"baseline": load(port, "/bench/baseline")}
        for name, path in targets.items():
            rows[name] = load(port, path, cookie)
    title = (
        f"Back office on {CASES:,} cases (PostgreSQL, gunicorn 2 workers, "
        f"{CONCURRENCY} client threads)"
    )
    report(title, rows)
    base = rows["baseline"]
    print("\n| target | p95 ms | goal ms | met | p95 vs baseline p95 |")
    print("|---|---|---|---|---|")
    for name, goal in GOALS_MS.items():
        r = rows[name]
        print(
            f"| {name} | {r['p95_ms']:.1f} | {goal} | {'yes' if r['p95_ms'] < goal else 'NO'} | "
            f"{r['p95_ms'] / base['p95_ms']:.1f}× |"
        )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


STARTED = time.monotonic()

if __name__ == "__main__":
    sys.exit(main())
