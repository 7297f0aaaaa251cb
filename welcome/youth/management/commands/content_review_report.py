"""Per language: how many published texts exist, and how many of them a person has checked.

Here, not in the knowledge app, because it counts youth programmes too (youth builds on
knowledge, not the other way round).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count, F, Q

from welcome.knowledge.models import Entry, EntryTranslation, GuideTranslation, GuideVersion
from welcome.youth.models import ProgrammeTranslation

PUBLISHED = GuideVersion.State.PUBLISHED


def review_counts() -> dict[str, dict[str, tuple[int, int]]]:
    """{kind: {language: (published texts, of them reviewed)}} for entries, guides, programmes."""
    rows = {
        "entries": EntryTranslation.objects.filter(
            version__state=PUBLISHED, version__entry__published_version=F("version")
        ),
        "guides": GuideTranslation.objects.filter(guide__versions__state=PUBLISHED),
        "programmes": ProgrammeTranslation.objects.filter(
            version__state=PUBLISHED,
            version__programme__published_version=F("version"),
        ),
    }
    counts = {}
    for kind, queryset in rows.items():
        counted = queryset.values("language").annotate(
            texts=Count("pk", distinct=True),
            reviewed=Count("pk", distinct=True, filter=Q(reviewed_at__isnull=False)),
        )
        counts[kind] = {row["language"]: (row["texts"], row["reviewed"]) for row in counted}
    return counts


class Command(BaseCommand):
    help = (
        "Per language: published FAQ entries, process guides and youth programmes with a text in "
        "it, and how many of those texts a person has checked; FAQ entries translated / total."
    )

    def handle(self, *args, **options):
        counts = review_counts()
        total_entries = Entry.objects.filter(published_version__state=PUBLISHED).count()
        kinds = ("entries", "guides", "programmes")
        header = f"{'language':<9}" + "".join(f"{k + ' (reviewed)':>24}" for k in kinds)
        self.stdout.write(header + f"{'FAQ translated / total':>26}")
        totals = dict.fromkeys(kinds, (0, 0))
        for code, _name in settings.LANGUAGES:
            line = f"{code:<9}"
            for kind in kinds:
                texts, reviewed = counts[kind].get(code, (0, 0))
                totals[kind] = (totals[kind][0] + texts, totals[kind][1] + reviewed)
                line += f"{f'{texts} ({reviewed})':>24}"
            translated = counts["entries"].get(code, (0, 0))[0]
            self.stdout.write(line + f"{f'{translated} / {total_entries}':>26}")
        line = f"{'all':<9}" + "".join(f"{f'{totals[k][0]} ({totals[k][1]})':>24}" for k in kinds)
        self.stdout.write(line)
