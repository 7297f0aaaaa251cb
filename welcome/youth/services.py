"""Writes of the youth app: the programme catalogue on the one versioned-content workflow.

`PROGRAMMES` declares the content type; its services (draft_save, version_publish,
version_restore, draft_discard) are the workflow's, written once in welcome.knowledge.workflow.
"""

import hashlib
import json

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from welcome.knowledge.workflow import VersionedContent, WorkflowError
from welcome.region.data import region
from welcome.youth.finder import School, TrainingPlace
from welcome.youth.models import (
    Organisation,
    Programme,
    ProgrammeTranslation,
    ProgrammeVersion,
)

REQUIRED_LANGUAGES = ("de", "en")


def municipality_names() -> list[str]:
    return [m.name for m in region().municipalities]


class ProgrammeContent(VersionedContent):
    """Youth programmes: whom, where and what in the version, title and description per language."""

    name = "programme"
    item_model, version_model = Programme, ProgrammeVersion
    content_fields = (
        "organisation", "min_age", "max_age", "school_statuses", "training_place",
        "newly_arrived", "language_support", "single_parents", "housing", "training_related",
        "municipalities", "reachability", "contact", "start_dates", "capacity", "free_places",
        "demo",
    )  # fmt: skip
    translation_model, translation_fields = ProgrammeTranslation, ("title", "description")
    audit_prefix = "youth."
    not_an_editor = gettext_lazy("Only content editors may change youth programmes.")
    open_draft = gettext_lazy(
        "This programme already has an open draft. Publish or discard it first."
    )
    slug_taken = gettext_lazy("A programme with this short name already exists.")
    choose_versions = gettext_lazy("Please choose two versions of this programme.")

    def clean(self, *, item, values, translations):
        """Ages in order, known municipalities and statuses, German and English texts."""
        if values["min_age"] > values["max_age"]:
            raise WorkflowError(_("The minimum age must not be above the maximum age."))
        known = municipality_names()
        unknown = set(values["municipalities"]) - set(known)
        if unknown or not values["municipalities"]:
            raise WorkflowError(_("Please choose the municipalities the programme serves."))
        values["municipalities"] = [m for m in known if m in values["municipalities"]]
        values["school_statuses"] = [s for s in School if s in values["school_statuses"]]
        values["training_place"] = TrainingPlace(values["training_place"])
        capacity, free = values.get("capacity"), values.get("free_places")
        if capacity is not None and free is not None and free > capacity:
            raise WorkflowError(_("There cannot be more free places than places."))
        texts = {
            language: {"title": text["title"].strip(), "description": text["description"].strip()}
            for language, text in (translations or {}).items()
            if text["title"].strip()
        }
        if not all(texts.get(code, {}).get("description") for code in REQUIRED_LANGUAGES):
            raise WorkflowError(_("Please write the title and description in German and English."))
        return values, texts

    def check_publishable(self, version):
        languages = set(version.translations.values_list("language", flat=True))
        if not set(REQUIRED_LANGUAGES) <= languages:
            raise WorkflowError(_("Please write the title and description in German and English."))

    def restored(self, draft, source):
        draft.note = _("Restored from version %(number)s.") % {"number": source.number}

    def on_publish(self, version, *, by):
        Programme.objects.filter(pk=version.programme_id).update(published_version=version)

    def diff_fields(self, version):
        """Lists one per line, then each field and each language's text."""
        values = {
            "organisation": str(version.organisation),
            "school_statuses": ", ".join(version.school_statuses),
            "municipalities": "\n".join(version.municipalities),
        }
        for field in self.content_fields:
            value = getattr(version, field)
            values.setdefault(field, "" if value is None else str(value))
        for row in version.translations.all():
            values[f"title [{row.language}]"] = row.title
            values[f"description [{row.language}]"] = row.description
        return values


PROGRAMMES = ProgrammeContent()


def _content_hash(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def organisation_ensure(
    *, slug: str, name: str, kind: str, website: str = "", demo: bool
) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "website": website, "demo": demo}
    )
    return organisation


@transaction.atomic
def programme_import(*, item: dict, organisation: Organisation) -> str:
    """Publish one programme of the demo set unless exactly this content was loaded before.

    Returns "created", "updated" or "unchanged". An import has no author (like the FAQ's
    content files), so it is published at once; editors' later versions are kept.
    """
    digest = _content_hash({**item, "organisation": organisation.slug})
    programme, created = Programme.objects.get_or_create(slug=item["slug"])
    if not created and programme.versions.filter(import_hash=digest).exists():
        return "unchanged"
    values, texts = PROGRAMMES.clean(
        item=programme,
        values={field: item[field] for field in PROGRAMMES.content_fields if field in item},
        translations=item["translations"],
    )
    version = PROGRAMMES.new_version(
        programme,
        # Not a draft: an editor's open draft must not block the import; published at once.
        state=ProgrammeVersion.State.ARCHIVED,
        organisation=organisation,
        note="Loaded from the demo programmes.",
        import_hash=digest,
        **{k: v for k, v in values.items() if k != "organisation"},
    )
    version.save()
    ProgrammeTranslation.objects.bulk_create(
        ProgrammeTranslation(version=version, language=language, **text)
        for language, text in texts.items()
    )
    PROGRAMMES.publish(version, by=None)
    return "created" if created else "updated"
