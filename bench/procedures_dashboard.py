"""Benchmark: the employer dashboard of the § 81a procedure for a company with 500 applications.

Creates a fresh PostgreSQL database with a background of 100,000 finished procedures of other
companies (INSERT … SELECT generate_series, with their steps: what the forecasts read) and one
company with 500 applications in every state — a year drawn by `manage.py demo_procedures`'
own generator (steps, running deadlines, documents of the open ones) — then starts gunicorn in
the production profile (bench/common.py) and measures with wrk, with a verified session of one
of its HR users (password and second factor passed),
  - the dashboard `/en/employer/` (goal p95 < 100 ms),
  - the dashboard searched by a name (or the first letters of one) never searched before,
against the bare Django JSON view `/bench/baseline` measured with the same wrk settings in the
same run. The database is dropped afterwards.
Run: `.venv/bin/python -m bench.procedures_dashboard` (BACKGROUND, default 20,000).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import time
from urllib.parse import urlencode

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
from bench.procedures_deadlines import (
    bulk_load,
    due_table,
    fill_companies,
    vacuum,
    where_the_time_goes,
)
from bench.procedures_statistics import fill_finished_procedures, path_table

APPLICATIONS = int(os.environ.get("APPLICATIONS", "500"))
BACKGROUND = int(os.environ.get("BACKGROUND", "20000"))
GOAL_P95_MS = 100
STARTED = time.monotonic()


def demo_company(applications: int, today: dt.date):
    """The Garbsen demo company with its HR users and ``applications`` drawn by the demo's
    generator; answers its first HR user."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from welcome.procedures.management.commands import demo_procedures as demo

    command = demo.Command(stdout=io.StringIO(), stderr=io.StringIO())
    company = command._company(demo.COMPANIES[0], make_password(None), today.year)
    rng = random.Random(2026)  # noqa: S311 — repeatable demo data, not a secret
    started = time.monotonic()
    with transaction.atomic():
        counts = demo._Builder([company], today, today.year, rng, lambda *_: None).run(applications)
    print(
        f"demo company: {applications} applications, {counts['steps']} steps, "
        f"{counts['deadlines']} deadlines, {counts['documents']} documents in "
        f"{time.monotonic() - started:.1f} s; states: "
        + ", ".join(f"{state} {n}" for state, n in counts["states"])
    )
    return company.users.order_by("username").first()


def main():
    with bench_database("dashboard") as env:  # uploads under its temporary VAR_DIR
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
        companies = fill_companies(max(BACKGROUND // 100, 10))
        fill_finished_procedures(BACKGROUND, companies, today)
    user = demo_company(APPLICATIONS, today)
    vacuum()
    print(
        f"database ready in {time.monotonic() - started:.0f} s: "
        f"{Application.objects.count():,} applications, {Step.objects.count():,} steps"
    )
    cookie = verified_session(user)
    names = list(
        Application.objects.filter(company=user.company)
        .exclude(worker_name="")
        .values_list("worker_name", flat=True)
        .distinct()
    )
    # A name, a part of it, or the first letters of a part, as people type them (capitalised or
    # not: the search folds case), each searched once — 1,321 texts without the lower-case ones
    # ran out in the third round once the dashboard did 150 req/s.
    parts = [part for name in names for part in (name, *name.split())]
    typed = parts + [part[:n] for part in parts for n in range(3, len(part))]
    texts = list(dict.fromkeys(typed + [text.lower() for text in typed]))
    random.Random(2026).shuffle(texts)
    where_the_time_goes("/en/employer/", cookie)
    with serve(env) as server:
        status, body = get(server.port, "/en/employer/", cookie)
        company = user.company.name.encode()
        assert status == 200 and (company in body or b"BF-" in body), ("no dashboard", status)
        targets = [
            Target(
                "dashboard",
                get_paths(["/en/employer/"]),
                cookie,
                repeated=True,
                goal_p95_ms=GOAL_P95_MS,
            ),
            Target(
                "dashboard, a name never searched",
                get_paths(lambda i: f"/en/employer/?{urlencode({'q': texts[i]})}"),
                cookie,
            ),
        ]
        rows = measure(server, targets)
    report(
        f"Employer dashboard, one company with {APPLICATIONS} applications among "
        f"{BACKGROUND:,} others (production profile, gunicorn 2 workers)",
        rows,
    )
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
