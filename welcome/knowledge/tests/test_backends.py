"""The engine-specific parts of full-text search."""

import pytest
from django.db import connection, transaction

from welcome.knowledge import search as search_module
from welcome.knowledge.models import EntryTranslation, SearchDocument
from welcome.knowledge.search import SUPPORTED_LANGUAGES, search
from welcome.knowledge.tests.factories import small_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only")


@pytest.mark.postgres
def test_postgres_weights_the_question_over_the_answer_per_language(postgres_only):
    small_content()
    row = EntryTranslation.objects.get(version__entry__slug="blue-card-apply", language="de")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document::text FROM knowledge_searchdocument WHERE translation_id = %s",
            [row.id],
        )
        vector = cursor.fetchone()[0]
    assert "'beantrag':" in vector  # German stemming
    assert "A" in vector.split("'kart':")[1].split(" ")[0]  # question words carry weight A


@pytest.mark.postgres
def test_postgres_has_a_partial_gin_index_per_language(postgres_only):
    with connection.cursor() as cursor:
        for code in SUPPORTED_LANGUAGES:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [f"knowledge_search_{code}"]
            )
            definition = cursor.fetchone()[0]
            assert "gin (document)" in definition
            assert f"WHERE ((language)::text = '{code}'::text)" in definition
            # No pending list that every search would read (migration 0007).
            assert "WITH (fastupdate=off)" in definition


@pytest.mark.postgres
def test_postgres_answers_from_the_language_s_gin_index(postgres_only):
    small_content()
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT translation_id FROM knowledge_searchdocument "
            "WHERE language = 'de' AND document @@ to_tsquery('german', 'karte')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "knowledge_search_de" in plan


@pytest.mark.postgres
def test_the_search_s_own_statement_uses_each_language_s_gin_index(postgres_only):
    """The full-text statement as the search builds it (the tsquery once per branch, in a
    subquery), for a question in Turkish that looks in Turkish, English and German."""
    small_content()
    parsed = search_module._parse("mavi kart başvuru", "tr")
    statement, params = search_module._fulltext_statement(parsed, ("tr", "en", "de"))
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {statement}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    for code in ("tr", "en", "de"):
        assert f"knowledge_search_{code}" in plan


@pytest.mark.postgres
def test_postgres_stems_turkish_questions_with_the_turkish_configuration(postgres_only):
    small_content()
    assert search(query="kartları başvurular", language="tr").results[0].slug == "blue-card-apply"


def test_sqlite_keeps_only_published_translations_in_the_fts5_table(sqlite_only):
    small_content()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM knowledge_fts")
        assert (
            cursor.fetchone()[0]
            == EntryTranslation.objects.filter(version__state="published").count()
        )
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'knowledge_fts'")
        assert "remove_diacritics 2" in cursor.fetchone()[0]


def test_sqlite_stems_turkish_questions_in_python(sqlite_only):
    small_content()
    assert search(query="kartları başvurular", language="tr").results[0].slug == "blue-card-apply"


def test_sqlite_forgets_the_index_rows_of_deleted_translations(sqlite_only):
    small_content()
    EntryTranslation.objects.filter(version__entry__slug="blue-card-apply").delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM knowledge_fts")
        assert cursor.fetchone()[0] == EntryTranslation.objects.count()


@pytest.mark.postgres
def test_postgres_keeps_search_documents_only_for_published_translations(postgres_only):
    from welcome.knowledge.services import entry_version_publish
    from welcome.knowledge.tests.factories import EditorFactory, draft

    entry = small_content()["blue-card-apply"]
    old = entry.published_version
    entry_version_publish(version=draft(by=EditorFactory(), entry=entry), by=EditorFactory())
    indexed = set(SearchDocument.objects.values_list("translation_id", flat=True))
    assert not indexed & set(old.translations.values_list("id", flat=True))
    entry.refresh_from_db()
    assert set(entry.published_version.translations.values_list("id", flat=True)) <= indexed
    assert (
        SearchDocument.objects.count()
        == EntryTranslation.objects.filter(version__state="published").count()
    )


@pytest.mark.postgres
def test_postgres_search_leaves_the_planner_settings_as_they_were(postgres_only):
    """The search turns sequential scans off for its own query only, also inside a transaction
    (as this test runs)."""
    small_content()
    assert search(query="Blaue Karte beantragen", language="de").results
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
