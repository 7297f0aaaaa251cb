"""Benchmark: the FAQ's front page and topic pages, on the real content plus ENTRIES more.

Production profile (bench/common.py). The synthetic entries of bench.faq_search all share one
topic, the worst case for a topic's pages: 10,000 entries are 200 pages of 50. Rows:
- the front page in the eight languages in turn (each topic's first 15 questions and a link to
  the rest; the same page each time in a language, so "repeated"),
- the synthetic topic's pages, each page in each language once (1,600 pages, cycled),
- a real topic's page (13 entries) in the eight languages in turn.
Goal: p95 < 15 ms for every public page (issue 12). Not in `make bench` (its ten minutes are
spent): run it by hand, `.venv/bin/python -m bench.faq_pages` (ENTRIES=10000).
"""

from __future__ import annotations

import os
from io import StringIO

from bench.common import Target, bench_database, get_paths, measure, report, serve
from bench.faq_search import populate
from bench.inputs import prefix

ENTRIES = int(os.environ.get("ENTRIES", "10000"))
GOAL_P95_MS = 15
LANGUAGES = ("de", "en", "ar", "es", "fr", "ru", "tr", "uk")
PAGE_SIZE = 50


def targets() -> list[Target]:
    pages = max(1, ENTRIES // PAGE_SIZE)

    def topic_page(i: int) -> str:
        page = (i // len(LANGUAGES)) % pages + 1
        return f"{prefix(LANGUAGES[i % len(LANGUAGES)])}faq/topics/synthetic/?page={page}"

    return [
        Target(
            "FAQ front page, eight languages in turn",
            get_paths([f"{prefix(code)}faq/" for code in LANGUAGES]),
            repeated=True,
            goal_p95_ms=GOAL_P95_MS,
        ),
        Target(
            f"FAQ topic of {ENTRIES:,} entries, its {pages:,} pages in eight languages in turn",
            get_paths(topic_page),
            repeated=True,
            goal_p95_ms=GOAL_P95_MS,
        ),
        Target(
            "FAQ topic of 13 real entries, eight languages in turn",
            get_paths([f"{prefix(code)}faq/topics/recognition/" for code in LANGUAGES]),
            repeated=True,
            goal_p95_ms=GOAL_P95_MS,
        ),
    ]


def main() -> None:
    with bench_database("faq_pages") as env:
        from django.core.management import call_command

        call_command("load_knowledge", stdout=StringIO())
        populate(ENTRIES)
        with serve(env) as server:
            rows = measure(server, targets())
    report(
        f"FAQ front page and topic pages, the real content and {ENTRIES:,} more entries "
        "(production profile, gunicorn 2 workers)",
        rows,
    )


if __name__ == "__main__":
    main()
