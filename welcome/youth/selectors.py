"""Reads of the youth app. The public sees published programmes only; editors see all."""

from dataclasses import dataclass

from welcome.knowledge.selectors import Localised, localise
from welcome.youth import finder
from welcome.youth.models import Programme, ProgrammeVersion
from welcome.youth.services import PROGRAMMES


@dataclass(frozen=True)
class Published:
    """A published programme as the finder page shows it."""

    programme: Programme
    version: ProgrammeVersion
    localised: Localised


def as_finder_programme(version: ProgrammeVersion) -> finder.Programme:
    return finder.Programme(
        key=version.programme_id,
        min_age=version.min_age,
        max_age=version.max_age,
        municipalities=frozenset(version.municipalities),
        school_statuses=frozenset(version.schools),
        training_place=finder.TrainingPlace(version.training_place),
        newly_arrived=version.newly_arrived,
        language_support=version.language_support,
        single_parents=version.single_parents,
        housing=version.housing,
        training_related=version.training_related,
        free_places=version.free_places,
    )


def programme_list_published(*, language: str) -> dict[int, Published]:
    """Every published programme with its text in `language` (or English, then German), by id."""
    programmes = (
        Programme.objects.filter(published_version__state=ProgrammeVersion.State.PUBLISHED)
        .select_related("published_version__organisation")
        .prefetch_related("published_version__translations")
        .order_by("slug")
    )
    published = {}
    for programme in programmes:
        version = programme.published_version
        localised = localise(version.translations.all(), language)
        if localised is not None:
            published[programme.pk] = Published(programme, version, localised)
    return published


def programme_list_for_editor(*, user) -> list[tuple[Programme, object, object]]:
    """Every programme with its published version and open draft (editors only)."""
    drafts = {v.programme_id: v for v in PROGRAMMES.drafts_awaiting_publication(user=user)}
    programmes = Programme.objects.select_related("published_version__organisation").order_by(
        "slug"
    )
    return [(p, p.published_version, drafts.get(p.pk)) for p in programmes]
