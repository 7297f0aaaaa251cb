"""Benchmark: the FAQ search API and the entry pages, on the real content and on 10,000 entries.

Production profile (bench/common.py: PostgreSQL, Redis, gunicorn with the preloaded app, wrk).
One fresh database:
1. the real content, loaded as `manage.py load_knowledge` loads it (every FAQ entry and guide
   under welcome/knowledge/content/, their sentence vectors and full-text index);
2. then ENTRIES (default 10,000) more published entries in German and English, recombined from
   the real content (question of one entry with the qualifier of another, answers built from
   paragraphs of several), with their sentence vectors (the real entries' vectors, slightly
   perturbed — computing 20,000 vectors would dominate the run) and their full-text index.
For each, gunicorn serves it and wrk measures
- the search API with a question never asked before on every request (bench.inputs.faq_question:
  a topic, a person, a town and a detail in one of the six languages; the whole pipeline runs,
  sentence encoding included, nothing remembered),
- (on the 10,000 entries) the search cases' questions asked again, as popular questions are
  (each worker's memory of recent searches answers them),
- the entry pages as the search links them, each with a new question in `?q=`,
against the bare Django JSON view measured in the same run; afterwards the memory of the master
and the workers (RSS, PSS and private memory).
Goals at 10,000 entries: search p95 < 15 ms, entry page p95 < 15 ms, RSS < 300 MB per worker.

Run: `.venv/bin/python -m bench.faq_search` (ENTRIES=2000 for a quicker run).
"""

from __future__ import annotations

import os
import random
import time
import urllib.parse
from pathlib import Path

from bench.common import (
    ROOT,
    Target,
    bench_database,
    get_paths,
    measure,
    memory,
    memory_report,
    report,
    serve,
)
from bench.inputs import faq_entry_path, faq_search_path

ENTRIES = int(os.environ.get("ENTRIES", "10000"))
GOAL_P95_MS = 15
GOAL_RSS_MB = 300


def populate(count: int) -> None:
    """`count` synthetic entries recombined from the real content (Django is set up)."""
    import numpy as np
    import yaml
    from django.db import transaction

    from welcome.knowledge import embeddings
    from welcome.knowledge.models import Entry, EntryTranslation, EntryVersion
    from welcome.knowledge.search import bump_stamp
    from welcome.knowledge.services import embedding_texts, index_versions

    content = Path(ROOT) / "welcome" / "knowledge" / "content" / "faq"
    items = []
    for path in sorted(content.glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    base = [
        {lang: item["translations"][lang] for lang in ("de", "en") if lang in item["translations"]}
        for item in items
    ]
    base = [b for b in base if "de" in b and "en" in b]
    print(f"  encoding {len(base)} real entries …", flush=True)
    vectors = {}
    for index, texts in enumerate(base):
        for lang in ("de", "en"):
            t = texts[lang]
            vectors[index, lang] = embeddings.encode(embedding_texts(t["question"], t["answer"]))
    rng = random.Random(42)
    noise = np.random.default_rng(42)
    qualifiers = {
        "de": ["in Garbsen", "für Pflegekräfte", "als Berufseinsteiger", "mit Familie",
               "im Handwerk", "für IT-Fachleute", "nach dem Studium", "in Laatzen"],
        "en": ["in Garbsen", "for nurses", "as a career starter", "with my family",
               "in the crafts", "for IT specialists", "after my studies", "in Laatzen"],
    }  # fmt: skip
    print(f"  creating {count:,} entries …", flush=True)
    batch = 1000
    for start in range(0, count, batch):
        with transaction.atomic():
            n = min(batch, count - start)
            entries = Entry.objects.bulk_create(
                Entry(slug=f"synthetic-{start + i}") for i in range(n)
            )
            versions = EntryVersion.objects.bulk_create(
                EntryVersion(
                    entry=entry,
                    number=1,
                    state="published",
                    topic="synthetic",
                    audience="workers",
                    source="§ 18 AufenthG",
                    reviewed_on="2026-11-25",
                    published_at="2026-11-25T12:00:00Z",
                )
                for entry in entries
            )
            rows = []
            for version in versions:
                a, b, c = rng.sample(range(len(base)), 3)
                q = rng.randrange(len(qualifiers["de"]))
                for lang in ("de", "en"):
                    question = base[a][lang]["question"].rstrip("?") + f" {qualifiers[lang][q]}?"
                    answer = "\n\n".join(
                        [
                            base[a][lang]["answer"].split("\n\n")[0],
                            base[b][lang]["answer"].split("\n\n")[0],
                            base[c][lang]["answer"].split("\n\n")[-1],
                        ]
                    )
                    vector = vectors[a, lang] + noise.normal(0, 0.01, (2, 512)).astype("float32")
                    vector /= np.linalg.norm(vector, axis=1, keepdims=True)
                    rows.append(
                        EntryTranslation(
                            version=version,
                            language=lang,
                            question=question[:300],
                            answer=answer,
                            vector=embeddings.to_bytes(vector),
                        )
                    )
            EntryTranslation.objects.bulk_create(rows, batch_size=500)
            Entry.objects.bulk_update(
                [
                    Entry(pk=e.pk, slug=e.slug, published_version=v)
                    for e, v in zip(entries, versions, strict=True)
                ],
                ["published_version"],
            )
            index_versions(versions, compute_vectors=False)
            bump_stamp()
        print(f"  {start + n}/{count}", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE")


def queries() -> list[str]:
    """The search cases' questions (welcome/knowledge/tests/search_cases_*.yaml)."""
    import yaml

    cases = []
    for path in sorted((Path(ROOT) / "welcome" / "knowledge" / "tests").glob("search_cases_*")):
        cases += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        "/api/v1/faq/search?" + urllib.parse.urlencode({"lang": c["lang"], "q": c["q"]})
        for c in cases
    ]


def targets(slugs: list[str], many: bool) -> list[Target]:
    """The rows; the goals and the repeated searches at 10,000 entries only."""
    rows = [
        Target(
            "FAQ search API, a new question",
            get_paths(faq_search_path),
            goal_p95_ms=GOAL_P95_MS if many else None,
        ),
        Target(
            "FAQ entry page, a new ?q=",
            get_paths(faq_entry_path(slugs)),
            goal_p95_ms=GOAL_P95_MS,
        ),
    ]
    if many:
        rows.insert(
            1,
            Target("FAQ search API, the search cases again", get_paths(queries()), repeated=True),
        )
    return rows


def published_slugs() -> list[str]:
    from welcome.knowledge.models import Entry

    slugs = list(
        Entry.objects.filter(published_version__isnull=False).values_list("slug", flat=True)
    )
    random.Random(2026).shuffle(slugs)
    return slugs


def main() -> None:
    from io import StringIO

    with bench_database("faq") as env:
        from django.core.management import call_command

        started = time.monotonic()
        call_command("load_knowledge", stdout=StringIO())
        slugs = published_slugs()
        print(f"real content: {len(slugs)} entries loaded in {time.monotonic() - started:.0f} s")
        with serve(env) as server:
            rows = measure(server, targets(slugs, many=False))
        report(
            f"FAQ, the real content ({len(slugs)} entries; production profile, gunicorn 2 workers)",
            rows,
        )

        started = time.monotonic()
        populate(ENTRIES)
        slugs = published_slugs()
        print(f"{len(slugs):,} entries in {time.monotonic() - started:.0f} s")
        with serve(env) as server:
            rows = measure(server, targets(slugs, many=ENTRIES >= 10_000))
            used = memory(server)
        title = f"FAQ, {len(slugs):,} entries (production profile, gunicorn 2 workers)"
        report(title, rows)
        memory_report(
            f"Memory after the {len(slugs):,}-entry rows (workers are replaced every ~20,000 "
            "requests, GUNICORN_MAX_REQUESTS)",
            used,
            GOAL_RSS_MB,
        )


if __name__ == "__main__":
    main()
