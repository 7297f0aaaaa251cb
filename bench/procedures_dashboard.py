"""Benchmark: the employer dashboard of the § 81a procedure for a company with 500 applications.

Creates a fresh PostgreSQL database with a background of 100,000 finished procedures of other
companies (INSERT … SELECT generate_series, with their steps: what the forecasts read) and one
company with 500 applications in every state — a year drawn by `manage.py demo_procedures`'
own generator (steps, running deadlines, documents of the open ones) — then starts gunicorn
with a verified session of one of its HR users (password and second factor passed) and
measures p50/p95 of
  - the dashboard `/en/employer/` (goal p95 < 100 ms),
  - the dashboard filtered by step, by who acts next, and searched by name,
  - its CSV export,
against the bare Django JSON view `/bench/baseline` measured with the same client in the same run.
The database is dropped afterwards. Run: `.venv/bin/python -m bench.procedures_dashboard`
(BACKGROUND=20000 APPLICATIONS=500 for a quicker run).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import sys
import tempfile
import time

from bench.common import gunicorn, report, verified_session
from bench.procedures_deadlines import (
    bench_database,
    bulk_load,
    due_table,
    fill_companies,
    get,
    goals,
    load,
    load_average,
    vacuum,
    where_the_time_goes,
)
from bench.procedures_statistics import fill_finished_procedures, path_table

APPLICATIONS = int(os.environ.get("APPLICATIONS", "500"))
BACKGROUND = int(os.environ.get("BACKGROUND", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = 2
GOALS_MS = {"dashboard": 100}
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
    media = tempfile.mkdtemp(prefix="bench-dashboard-media-")
    try:
        with bench_database("dashboard", {"MEDIA_ROOT": media}) as env:
            run(env)
    finally:
        shutil.rmtree(media, ignore_errors=True)


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
    targets = {
        "dashboard": "/en/employer/",
        "dashboard, one step": "/en/employer/?state=recognition_requested",
        "dashboard, who acts next": "/en/employer/?actor=employer",
        "dashboard, name search": "/en/employer/?q=Mithal",
        "dashboard as CSV": "/en/employer/?format=csv",
    }
    where_the_time_goes(targets["dashboard"], cookie)
    with gunicorn(env=env, workers=2) as port:
        for name, path in targets.items():  # warm up; make sure the pages answer 200
            status, body = get(port, path, cookie)
            assert status == 200, (name, status)
            if name == "dashboard":
                assert user.company.name.encode() in body or b"BF-" in body, "not the dashboard"
        rows = {"baseline": load(port, "/bench/baseline", seconds=SECONDS)}
        for name, path in targets.items():
            rows[name] = load(port, path, cookie, seconds=SECONDS, concurrency=CONCURRENCY)
    report(
        f"Employer dashboard, one company with {APPLICATIONS} applications among "
        f"{BACKGROUND:,} others (PostgreSQL, gunicorn 2 workers, {CONCURRENCY} client threads; "
        f"{load_average()})",
        rows,
    )
    goals(rows, GOALS_MS)
    print(f"\ntotal {time.monotonic() - STARTED:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
