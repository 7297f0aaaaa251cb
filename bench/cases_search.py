"""Benchmark: the case search on CASES cases (production profile), a new text every request.

Creates a fresh database, fills it with INSERT … SELECT generate_series (cases, persons with
names from many languages — accents, Arabic and Cyrillic script —, consents, and handovers from
the user's institution), builds the search index the way the migration does
(`search.person_index_all`, folding in Python), starts gunicorn (bench/common.py: PostgreSQL,
Redis, the preloaded app) and measures with wrk, logged in as a case worker of ABH
Landeshauptstadt Hannover (verified session), the search page (`/office/search/?text=…`) for
  - a full name as written (with accents),
  - a full name folded (lower case, no accents),
  - a surname alone (each of the ~2,500 surnames, then each again with a status filter),
  - a part of a reference,
each request a text (or text and filter) never sent before, goal p95 < 50 ms, against the bare
Django JSON view measured in the same run. The database is dropped afterwards.
Run: `.venv/bin/python -m bench.cases_search` (CASES=1000000 for a million cases; the default
keeps `make bench` short).
"""

from __future__ import annotations

import os
import random
import sys
import time
from urllib.parse import urlencode

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

CASES = int(os.environ.get("CASES", "50000"))
GOAL_P95_MS = 50
STATUSES = ("", "new", "in_progress", "waiting", "handed_over", "closed")


def _words(text: str) -> list[str]:
    return text.split()


# Names of persons from the languages the Region's cases come in; a surname pool of some 2,500
# (real ones and made-up ones), so a full name is shared by about five persons in a million.
FIRST_NAMES = _words(
    "José María Jürgen Zoë Ömer Ayşe İbrahim Łukasz Søren François Anaïs Chloé Renée Björn "
    "Håkon Dagmar Grzegorz Małgorzata Jiří Tomáš Nikolaï Amina Fatima Omar Yusuf Priya Rahul "
    "Ananya Wei Li Mei Hiroshi Yuki Kwame Chiamaka Thabo Lucía João Conceição Gonçalo Elif "
    "Emre Svetlana Dmytro Olena Anna Peter Thomas Sabine Katharina Lena Noah Mia Lukas Hannah "
    "Elias Sofia Leon Marie Paul محمد أحمد فاطمة علي يوسف مريم عمر خديجة Олена Дмитро Сергей "
    "Анна Ngozi Adaeze Tatiana Irina Ewa Marta Nguyễn Thảo"
)
REAL_SURNAMES = _words(
    "Müller Schröder Schäfer Weiß Groß Köhler Jäger Günther Yıldız Öztürk Şahin Çelik Doğan "
    "Kowalski Nowak Wiśniewski Łukasiewicz García Fernández Martínez Gonçalves Conceição "
    "Nguyễn Trần Phạm Haddad Mansour El-Amin Abdullah Hussein Rahman Shevchenko Kovalenko "
    "Bondarenko Ivanova Petrov Singh Patel Sharma Iyer Okafor Adeyemi Mensah Dvořák Novák "
    "Černý Søndergaard Ødegård Åberg Lefèvre Béranger Brontë Zielińska Kaczmarek Tanaka "
    "Suzuki Wang Zhang Chen Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Koch "
    "الأحمد الحسن حداد منصور العلي الخطيب Шевченко Коваленко Иванов"
)
ONSETS = _words("Ka Be Mo Sa Te Lu Ro Na Vi Do Ha Ze Fi Gu Jo Pe Ri Wa Yo El")
MIDDLES = _words("ran lov ber son man dar wal lin ker tan mir sel")
ENDINGS = ["", "ek", "a", "ov", "is", "er", "ić", "oğlu", "sen", "ez"]
SURNAMES = REAL_SURNAMES + [o + m + e for o in ONSETS for m in MIDDLES for e in ENDINGS]

FILL = [
    (
        "cases",
        """
        INSERT INTO cases_case (reference, topic, requester_kind, status, inbox_id, language,
            channel, municipality, occupation_isco, source, competent_authority, created_at,
            updated_at, last_activity_at, due_on)
        SELECT 'WC-' || (2024 + i %% 3) || '-' || lpad((i / 3 + 1)::text, 6, '0'),
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
        SELECT id,
            (%(first)s::text[])[1 + floor(random() * cardinality(%(first)s::text[]))::int]
            || ' ' ||
            (%(last)s::text[])[1 + floor(random() * cardinality(%(last)s::text[]))::int],
            'p' || id || '@mail.example', '', '', 'Benchmark request', '{}'::jsonb
        FROM cases_case
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
        # One in twenty cases elsewhere came from the user's institution, with the consent that
        # keeps it readable there: the "handed over by us" half of the search has work to do.
        "handover",
        """
        WITH sent AS (
            INSERT INTO cases_handover (case_id, from_institution_id, to_institution_id, reason,
                at)
            SELECT id, 'abh-lhh', inbox_id, 'Benchmark handover', created_at FROM cases_case
            WHERE inbox_id <> 'abh-lhh' AND id %% 20 = 1
            RETURNING case_id, at
        )
        INSERT INTO cases_consent (case_id, institution_id, purpose, given_at)
        SELECT case_id, 'abh-lhh', 'case_handling', at FROM sent
        """,
    ),
]

# The public requests behind three cases in four, an hourly slot of two institutions for two
# years, and an appointment for every third request: the case page reads a case's appointments
# through its requests, which no benchmark saw while these tables were empty (a scan of every
# request on each case page, 80 ms at 750,000, until `consultation_request_case`).
APPOINTMENTS = [
    (
        "requests",
        """
        INSERT INTO consultations_consultationrequest (public_id, requester_kind, topic, status,
            name, email, phone, nationality, company, qualification, occupation_isco,
            municipality, language, channel, summary, consents, profile, ui_language,
            case_reference, inbox_id, created_at, updated_at)
        SELECT gen_random_uuid(), requester_kind, topic, 'open', 'Benchmark person',
            'request@mail.example', '', '', '', '', '', 'Hannover', language, 'email',
            'Benchmark request', '[]'::jsonb, '{}'::jsonb, 'de', reference, inbox_id,
            created_at, created_at
        FROM cases_case WHERE id %% 4 <> 0
        """,
    ),
    (
        "slots",
        """
        INSERT INTO consultations_slot (channel, start, "end", capacity, booked_count, location,
            created_at, institution_id)
        SELECT 'in_person', at, at + interval '30 minutes', 20, 0, 'Benchmark', now(), place
        FROM generate_series(now() - interval '700 days', now() + interval '60 days',
                             interval '1 hour') AS at,
            unnest(ARRAY['welcome-center', 'abh-lhh']) AS place
        """,
    ),
    (
        "bookings",
        """
        INSERT INTO consultations_booking (created_at, request_id, slot_id)
        SELECT r.created_at, r.id, (SELECT s.id FROM consultations_slot s
                                    WHERE s.start >= r.created_at ORDER BY s.start LIMIT 1)
        FROM consultations_consultationrequest r
        WHERE r.id %% 3 = 0 AND r.created_at < now() - interval '1 day'
        """,
    ),
]
FILL += APPOINTMENTS


def fill_sql(cursor, sql: str) -> str:
    """`sql` with every other NOT NULL column of cases_case that has no default given an empty
    value, so the fill keeps working while the case model grows (e.g. triage fields)."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'cases_case' AND is_nullable = 'NO' AND column_default IS NULL"
    )
    empty = {"jsonb": "'{}'::jsonb", "boolean": "false", "integer": "0", "bigint": "0"}
    listed = {name.strip() for name in sql.split("(", 1)[1].split(")", 1)[0].split(",")}
    extra = [
        (name, empty.get(kind, "''"))
        for name, kind in cursor.fetchall()
        if name not in listed | {"id"}
    ]
    if not extra:
        return sql
    columns = "".join(f", {name}" for name, _ in extra)
    values = "".join(f", {value}" for _, value in extra)
    sql = sql.replace("due_on)", f"due_on{columns})", 1)
    return sql.replace("::date\n", f"::date{values}\n", 1)


def main():
    with bench_database("search") as env:
        run(env)


def run(env):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from welcome.accounts.models import User
    from welcome.cases import search
    from welcome.cases.selectors import case_search_for_user

    print(load_average())
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")  # the same data in every run
        for name, sql in FILL:
            t0 = time.monotonic()
            if name == "cases":
                sql = fill_sql(cursor, sql)
            cursor.execute(sql, {"n": CASES, "first": FIRST_NAMES, "last": SURNAMES})
            print(f"filled {name:8} {cursor.rowcount:>9} rows in {time.monotonic() - t0:5.1f} s")
    t0 = time.monotonic()
    indexed = search.person_index_all()
    print(f"search index {indexed:>9} rows in {time.monotonic() - t0:5.1f} s (Python folding)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # so autovacuum does not compete with the measurement
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('cases_person_search')), "
            "pg_size_pretty(pg_relation_size('cases_case_reference_trgm'))"
        )
        sizes = cursor.fetchone()
        print(f"index sizes: person search with its indexes {sizes[0]}, references {sizes[1]}")
    print(f"database ready in {time.monotonic() - started:.0f} s")

    user = User.objects.create_user(
        username="bench-lhh", kind="staff", institution_id="abh-lhh", role="case_worker"
    )
    cookie = verified_session(user)

    # Names of persons the user may find (own inbox, consent), each searched once.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.name FROM cases_person p JOIN cases_case c ON c.id = p.case_id "
            "WHERE c.inbox_id = 'abh-lhh' AND c.id % 10 <> 0 ORDER BY random() LIMIT 60000"
        )
        names = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
        cursor.execute("SELECT reference FROM cases_case ORDER BY random() LIMIT 60000")
        # "2025-01234": a reference's year and all but the last digit (ten cases per part).
        parts = list(dict.fromkeys(row[0][3:-1] for row in cursor.fetchall()))
    rng = random.Random(2026)
    rng.shuffle(names)
    surnames = SURNAMES[:]
    rng.shuffle(surnames)
    half = len(names) // 2
    texts = {
        "search, full name as written": names[:half],
        "search, full name folded": [search.fold(name) for name in names[half:]],
        "search, surname alone (then with a status filter)": surnames,
        "search, part of a reference": parts,
    }
    print(
        "distinct texts per target: "
        + ", ".join(f"{name.split(', ')[1]}: {len(items)}" for name, items in texts.items())
    )

    with connection.cursor() as cursor:
        for sample in (names[-1], surnames[-1], parts[-1]):
            with CaptureQueriesContext(connection) as queries:
                page = case_search_for_user(user=user, filters={"text": sample})
            for query in queries.captured_queries:
                if "cases_case" not in query["sql"] or "audit" in query["sql"]:
                    continue
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
                print(f"search {sample!r} ({len(page.rows)} rows): {plan[-1].strip()}")

    def search(texts: list[str], filtered: bool = False):
        def path(i: int) -> str:
            status, n = divmod(i, len(texts))
            query = {"text": texts[n]}
            if filtered and STATUSES[status]:  # IndexError when every pair is used
                query["status"] = STATUSES[status]
            elif status:
                raise IndexError("every text is used")
            return f"/en/office/search/?{urlencode(query)}"

        return get_paths(path)

    targets = [
        Target(name, search(items, filtered="surname" in name), cookie, goal_p95_ms=GOAL_P95_MS)
        for name, items in texts.items()
    ]
    with serve(env) as server:
        rows = measure(server, targets)
    report(
        f"Case search on {CASES:,} cases (production profile, gunicorn 2 workers, a new text "
        "every request)",
        rows,
    )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


STARTED = time.monotonic()

if __name__ == "__main__":
    sys.exit(main())
