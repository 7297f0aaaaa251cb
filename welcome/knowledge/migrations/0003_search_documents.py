"""PostgreSQL's full-text vectors move to a narrow table with a partial GIN index per language.

Ranking reads the vector of every matching row; next to the answers and sentence vectors of
EntryTranslation that read three times as many pages. The per-language indexes hand the query
only rows of the reader's language. SQLite keeps its FTS5 table (0002); there the new table
stays empty.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from welcome.knowledge.migrations._vendor import VendorRunSQL

LANGUAGES = ("de", "en", "tr", "ar", "es", "fr")


def copy_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO knowledge_searchdocument (translation_id, language, document) "
            "SELECT id, language, search_vector FROM knowledge_entrytranslation "
            "WHERE search_vector IS NOT NULL"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "translation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="knowledge.entrytranslation",
                    ),
                ),
                ("language", models.CharField(max_length=5)),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        *(
            VendorRunSQL(
                "postgresql",
                sql=(
                    f"CREATE INDEX knowledge_search_{code} ON knowledge_searchdocument "
                    f"USING gin (document) WHERE language = '{code}'"
                ),
                reverse_sql=f"DROP INDEX knowledge_search_{code}",
            )
            for code in LANGUAGES
        ),
        migrations.RunPython(copy_vectors, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="entrytranslation",
            name="search_vector",
        ),
    ]
