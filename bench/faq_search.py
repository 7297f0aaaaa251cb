"""Benchmark: the FAQ search API on 10,000 entries, on SQLite and on PostgreSQL, under gunicorn.

For each engine a fresh database is created (SQLite: a temporary file; PostgreSQL: a database
created here and dropped afterwards) and filled with 10,000 published entries in German and
English, recombined from the real content (question of one entry with the qualifier of
another, answers built from paragraphs of several), with their sentence vectors (the real
entries' vectors, slightly perturbed — computing 40,000 vectors would dominate the run) and
their full-text index. Then gunicorn serves it on loopback and we measure p50/p95 of
`/api/v1/faq/search` against the bare Django JSON view `/bench/baseline` in the same run, twice:
with questions never asked before (the search cases' questions, each with a new number: the
whole pipeline runs, sentence encoding included) and with the search cases' questions asked
again, as popular questions are (answered from each worker's memory of recent searches).
Goal: p95 < 30 ms and throughput ≥ 0.5× the baseline.

Run: `.venv/bin/python -m bench.faq_search` (about 3-4 minutes; ENTRIES=2000 for a quicker run,
BENCH_ENGINES=postgresql for one engine).
"""

from __future__ import annotations

import http.client
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.common import ROOT, gunicorn

ENTRIES = int(os.environ.get("ENTRIES", "10000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = 2
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite,postgresql").split(",")
GOAL_P95_MS = 30
GOAL_RATIO = 0.5


def populate() -> None:
    """Runs inside a subprocess whose DATABASE_URL names the fresh database."""
    import django

    django.setup()
    import numpy as np
    import yaml
    from django.core.management import call_command
    from django.db import transaction

    from welcome.knowledge import embeddings
    from welcome.knowledge.models import Entry, EntryTranslation, EntryVersion
    from welcome.knowledge.search import bump_stamp
    from welcome.knowledge.services import embedding_texts, index_versions

    call_command("migrate", verbosity=0)
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
    print(f"  creating {ENTRIES} entries …", flush=True)
    batch = 1000
    for start in range(0, ENTRIES, batch):
        with transaction.atomic():
            count = min(batch, ENTRIES - start)
            entries = Entry.objects.bulk_create(
                Entry(slug=f"synthetic-{start + i}") for i in range(count)
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
        print(f"  {start + count}/{ENTRIES}", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE")


def queries() -> list[str]:
    import yaml

    cases = []
    for path in sorted((Path(ROOT) / "welcome" / "knowledge" / "tests").glob("search_cases_*")):
        cases += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        "/api/v1/faq/search?" + urllib.parse.urlencode({"lang": c["lang"], "q": c["q"]})
        for c in cases
    ]


def distinct(paths: list[str]):
    """The search cases' questions, each with a number never asked before: every request is a
    new question (full-text, typo check and sentence encoding all run; nothing remembered)."""
    counter = itertools.count()

    def path(i: int) -> str:
        n = next(counter)
        return paths[n % len(paths)] + urllib.parse.quote(f" {n}")

    return path


def load(port: int, paths, *, seconds=SECONDS, concurrency=CONCURRENCY) -> dict:
    """Closed-loop GET load over `paths` in turn (or `paths(i)`), keep-alive connections."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int):
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad, i = [], 0, offset
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            conn.request("GET", paths(i) if callable(paths) else paths[i % len(paths)])
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            bad += response.status >= 400
            i += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(concurrency)]
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


def measure(engine: str, database_url: str, var_dir: str) -> dict[str, dict]:
    env = {
        "DATABASE_URL": database_url,
        "VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # Persistent connections, as in production (and in bench.cases_inbox): otherwise every
        # request pays a new PostgreSQL backend with cold caches, which the baseline never does.
        "DB_CONN_MAX_AGE": "60",
        # One BLAS thread per worker: with 2 workers on 2 cores, more threads only contend.
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.faq_search", "populate"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    print(f"  {engine}: data ready in {time.monotonic() - started:.0f} s", flush=True)
    paths = queries()
    with gunicorn(env=env) as port:
        load(port, paths, seconds=3)  # warm-up: every worker builds its matrix and vocabulary
        return {
            "baseline": load(port, ["/bench/baseline"]),
            f"FAQ search API ({engine}), new questions": load(port, distinct(paths)),
            f"FAQ search API ({engine}), the search cases again": load(port, paths),
        }


def main() -> None:
    results: dict[str, dict] = {}
    if "sqlite" in ENGINES:
        with tempfile.TemporaryDirectory() as tmp:
            results["SQLite"] = measure("SQLite", f"sqlite:///{tmp}/faq.sqlite3", tmp)
    if "postgresql" in ENGINES:
        host = PG.split("@", 1)[1].split(":")[0]
        name = f"welcome_bench_faq_{os.getpid()}"
        subprocess.run(["createdb", "-h", host, "-U", "postgres", name], check=True)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                results["PostgreSQL"] = measure("PostgreSQL", f"{PG}/{name}", tmp)
        finally:
            subprocess.run(
                ["dropdb", "-h", host, "-U", "postgres", "--if-exists", name], check=False
            )

    print(f"\n## FAQ search, {ENTRIES} entries (gunicorn, 2 workers, {CONCURRENCY} client threads)")
    print("| engine | target | requests | req/s | p50 ms | p95 ms | errors | vs baseline | goal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for engine, rows in results.items():
        base = next(r for k, r in rows.items() if k == "baseline")
        for target, r in rows.items():
            ratio = r["rps"] / base["rps"] if base["rps"] else 0
            goal = ""
            if target != "baseline":
                met = r["p95_ms"] < GOAL_P95_MS and ratio >= GOAL_RATIO
                goal = f"p95 < {GOAL_P95_MS} ms, ≥ {GOAL_RATIO}×: {'met' if met else 'NOT met'}"
            print(
                f"| {engine} | {target} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {r['errors']} | {ratio:.2f}× | {goal} |"
            )


if __name__ == "__main__":
    if sys.argv[1:] == ["populate"]:
        populate()
    else:
        main()
