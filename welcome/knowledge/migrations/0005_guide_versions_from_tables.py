"""Every guide gets a published version 1 built from its live tables, so that editors start
from what the public sees and the history of each guide begins with it."""

from django.db import migrations
from django.utils import timezone


def guide_content(guide) -> dict:
    """The content document of a guide as its tables hold it (the shape of one YAML item)."""
    translations = list(guide.translations.all())
    return {
        "slug": guide.slug,
        "source": guide.source,
        "reviewed_on": guide.reviewed_on.isoformat(),
        "title": {t.language: t.title for t in translations},
        "summary": {t.language: t.summary for t in translations if t.summary},
        "steps": [
            {
                "roadmap_step": step.roadmap_step or None,
                "title": {t.language: t.title for t in step.translations.all()},
                "body": {t.language: t.body for t in step.translations.all() if t.body},
            }
            for step in guide.steps.order_by("position")
        ],
    }


def versions_from_tables(apps, schema_editor):
    Guide = apps.get_model("knowledge", "Guide")
    GuideVersion = apps.get_model("knowledge", "GuideVersion")
    now = timezone.now()
    for guide in Guide.objects.filter(versions__isnull=True):
        GuideVersion.objects.create(
            guide=guide, number=1, state="published", content=guide_content(guide), published_at=now
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_guide_versions"),
    ]

    operations = [
        migrations.RunPython(versions_from_tables, migrations.RunPython.noop),
    ]
