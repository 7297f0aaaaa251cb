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
    """A large set is searched in principal components, then its best rows in full from int8
    codes: the same entries as comparing every float32 row, each score within 0.002."""
    rng = np.random.default_rng(7)
    per_entry, entries = 4, 4000
    matrix = _clustered_rows(rng, per_entry * entries, topics=40)
    row_ids = np.repeat(np.arange(entries, dtype=np.int64) + 1, per_entry)
    index, exact_index = search._Index(), search._Index()
    index.use_rows(matrix, row_ids)
    assert isinstance(index.coarse, embeddings.Int8Rows)  # large: two steps, int8 codes
    exact_index.use_rows(matrix, row_ids)
    exact_index.projection, exact_index.coarse, exact_index.matrix = None, None, matrix
    for row in range(0, per_entry * entries, 811):
        query = matrix[row] + rng.normal(scale=0.02, size=embeddings.DIMENSIONS)
        query = (query / np.linalg.norm(query)).astype(np.float32)
        exact = exact_index.semantic(query)
        found = index.semantic(query)
        assert found[0][0] == exact[0][0] == row_ids[row]
        score = dict(exact)
        assert all(abs(value - score[entry]) < 0.002 for entry, value in found if entry in score)
        # Scores that differ by less than the codes' error may change places at the cut.
        cut = exact[-1][1] + 0.004
        assert all(value < cut for entry, value in found if entry not in score)
        assert {entry for entry, value in exact if value > cut} <= {entry for entry, _ in found}


def test_int8_rows_give_the_dot_products_of_the_float_rows(monkeypatch):
    monkeypatch.setattr(embeddings.Int8Rows, "BLOCK", 64)  # several blocks and a short last
    matrix = _clustered_rows(np.random.default_rng(3), 1000, topics=8)
    rows = embeddings.Int8Rows(matrix)
    assert rows.codes.dtype == np.int8 and len(rows) == 1000
    vector = matrix[17]
    assert np.abs(rows.dot(vector) - matrix @ vector).max() < 0.002
    some = np.array([3, 17, 500, 999])
    assert np.abs(rows.dot(vector, some) - matrix[some] @ vector).max() < 0.002


def test_a_small_set_is_always_compared_exactly():
    rows = _clustered_rows(np.random.default_rng(1), 400, topics=5)
    assert search._principal_components(rows) == (None, None)
    index = search._Index()
    index.use_rows(rows, np.arange(len(rows), dtype=np.int64) + 1)
    assert index.matrix is rows and index.coarse is None
    assert index.semantic(rows[7])[0] == (8, pytest.approx(1.0))


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
