"""Full-text indexes that Django's model layer cannot express, one per database engine.

SQLite: an FTS5 table holding the *stemmed* question and answer of each published translation,
and its language as an indexed column (a column filter in MATCH is far cheaper than a WHERE)
(rowid = EntryTranslation.id); stemming happens in Python (search.py), per language. A trigger
removes a translation's row when the translation is deleted.
PostgreSQL: a GIN index on EntryTranslation.search_vector (moved to SearchDocument in 0003).
"""

from django.db import migrations

from welcome.knowledge.migrations._vendor import VendorRunSQL


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
    ]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=(
                "CREATE VIRTUAL TABLE knowledge_fts USING fts5("
                "question, answer, language, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            ),
            reverse_sql="DROP TABLE knowledge_fts",
        ),
        # A deleted translation leaves the index too (also when tests flush the tables).
        VendorRunSQL(
            "sqlite",
            sql=(
                "CREATE TRIGGER knowledge_fts_forget AFTER DELETE ON knowledge_entrytranslation "
                "BEGIN DELETE FROM knowledge_fts WHERE rowid = old.id; END"
            ),
            reverse_sql="DROP TRIGGER knowledge_fts_forget",
        ),
        VendorRunSQL(
            "postgresql",
            sql=(
                "CREATE INDEX knowledge_translation_search_gin "
                "ON knowledge_entrytranslation USING gin (search_vector)"
            ),
            reverse_sql="DROP INDEX knowledge_translation_search_gin",
        ),
    ]
