"""The full-text GIN indexes write every new document into the index at once (PostgreSQL).

With GIN's default `fastupdate`, new rows wait in an unsorted pending list until a vacuum or 4 MB
of them, and every search reads that whole list: after 10,000 entries were published, each search
in German or English scanned some 260 pages (4.5 ms of a 5.5 ms index scan). Entries are published
rarely and searched all the time, so the (small) cost goes to publishing. The lists that exist are
merged now.
"""

from django.db import migrations

from welcome.knowledge.migrations._vendor import VendorRunSQL

CODES = ("de", "en", "tr", "ar", "es", "fr", "uk", "ru")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_languages_uk_ru"),
    ]

    operations = [
        VendorRunSQL(
            "postgresql",
            sql=[
                *(f"ALTER INDEX knowledge_search_{code} SET (fastupdate = off)" for code in CODES),
                *(
                    f"SELECT gin_clean_pending_list('knowledge_search_{code}'::regclass)"
                    for code in CODES
                ),
            ],
            reverse_sql=[f"ALTER INDEX knowledge_search_{code} RESET (fastupdate)" for code in CODES],
        ),
    ]
