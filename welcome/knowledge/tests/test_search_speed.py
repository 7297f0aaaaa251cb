"""The speed-ups of the FAQ search (two-step semantic search, GIN only) change no
answer: each is checked against the slow way it replaces."""

import numpy as np
import pytest
from django.db import connection

from welcome.knowledge import embeddings, search
from welcome.knowledge.tests.factories import small_content


def _clustered_rows(rng, rows: int, topics: int) -> np.ndarray:
    """Vectors shaped like sentence vectors: a few topics, every row near one of them."""
    centres = rng.normal(size=(topics, embeddings.DIMENSIONS))
    noise = rng.normal(scale=0.6, size=(rows, embeddings.DIMENSIONS))
    vectors = centres[rng.integers(0, topics, rows)] + noise
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_the_two_step_semantic_search_finds_what_the_exact_comparison_finds():
    rng = np.random.default_rng(7)
    per_entry, entries = 4, 4000
    index = search._Index()
    index.matrix = _clustered_rows(rng, per_entry * entries, topics=40)
    index.row_entry = np.repeat(np.arange(entries, dtype=np.int64) + 1, per_entry)
    index.entry_ids = np.arange(entries, dtype=np.int64) + 1
    index.starts = np.arange(0, per_entry * entries, per_entry)
    projection, coarse = search._principal_components(index.matrix)
    assert coarse is not None  # large enough for the two steps
    for row in range(0, per_entry * entries, 811):
        query = index.matrix[row] + rng.normal(scale=0.02, size=embeddings.DIMENSIONS)
        query = (query / np.linalg.norm(query)).astype(np.float32)
        index.projection, index.coarse = None, None
        exact = index.semantic(query)
        index.projection, index.coarse = projection, coarse
        found = index.semantic(query)
        # Equal scores may come in either order, and a tie at the cut may keep either entry.
        assert [score for _entry, score in found] == [score for _entry, score in exact]
        cut = exact[-1][1]
        assert {hit for hit in found if hit[1] > cut} == {hit for hit in exact if hit[1] > cut}
        assert exact[0][0] == index.row_entry[row]


def test_a_small_set_is_always_compared_exactly():
    rows = _clustered_rows(np.random.default_rng(1), 400, topics=5)
    assert search._principal_components(rows) == (None, None)


@pytest.fixture
def encoder():
    if embeddings.model() is None:
        pytest.skip("the sentence encoder is not installed")


def test_a_missing_model_gives_no_vector(encoder, monkeypatch):
    assert embeddings.encode_query("Blaue Karte beantragen") is not None
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_failed", True)
    assert embeddings.encode_query("Blaue Karte beantragen") is None


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_search_leaves_the_planner_settings_as_it_found_them():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")
    small_content()
    assert search.search(query="Mavi Kart başvuru", language="tr").results
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_searches_every_language_of_a_question_in_one_statement():
    """A Turkish question looks in Turkish, English and German: one statement, and the same
    three rankings as three separate statements."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")
    from django.test.utils import CaptureQueriesContext

    small_content()
    search.search(query="Blaue Karte", language="de")  # the index and vocabulary, read once
    parsed = search._parse("Mavi Kart başvuru Blue Card Blaue Karte", "tr")
    with CaptureQueriesContext(connection) as queries:
        together = search._fulltext(parsed, ("tr", "en", "de"))
    assert len(queries) == 1
    alone = {code: search._fulltext(parsed, (code,))[code] for code in ("tr", "en", "de")}
    assert together == alone
    assert all(together.values())


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_leaves_out_words_too_common_to_rank_by(monkeypatch):
    """A word in more than COMMON_SHARE of a language's documents costs a ranked row each and
    orders nothing: it is left out of that language's query, unless it is all there is."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")
    small_content()
    # Five English documents: "card" is in two of them (Blue Card, Opportunity Card).
    monkeypatch.setattr(search, "COMMON_MIN_ROWS", 1)
    monkeypatch.setattr(search, "COMMON_SHARE", 0.3)
    search._index.expire()
    outcome = search.search(query="blue card", language="en")
    assert "card" in search._index.common["en"]
    assert "blue" not in search._index.common["en"]
    assert outcome.results[0].slug == "blue-card-apply"

    _sql, terms = search._tsquery_postgresql(search._parse("blue card", "en"), "en")
    assert "blue" in terms and "card" not in terms
    _sql, terms = search._tsquery_postgresql(search._parse("card", "en"), "en")
    assert "card" in terms  # all there is: kept
    search._index.expire()
