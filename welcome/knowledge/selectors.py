"""Reads of the knowledge app. The public sees published versions only; editors see all.

"Not allowed" and "does not exist" look the same (Http404) and both are logged.
"""

import logging
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from welcome.knowledge.models import (
    Entry,
    EntryTranslation,
    EntryVersion,
    Guide,
    GuideStep,
    GuideVersion,
    SearchGap,
)
from welcome.knowledge.search import pick_translation
from welcome.knowledge.services import ENTRIES, GUIDES
from welcome.knowledge.workflow import editor_or_404

logger = logging.getLogger(__name__)


@dataclass
class Localised:
    """A translation picked for the reader, and whether it is a fallback."""

    translation: object
    requested: str

    @property
    def language(self) -> str:
        return self.translation.language

    @property
    def is_fallback(self) -> bool:
        return self.translation.language != self.requested


def entry_get_published(*, slug: str) -> Entry:
    """A published entry with its published translations (for the public)."""
    entry = (
        Entry.objects.filter(slug=slug, published_version__state=EntryVersion.State.PUBLISHED)
        .select_related("published_version")
        .prefetch_related("published_version__translations")
        .first()
    )
    if entry is None:
        logger.info("FAQ entry %r not found or not published", slug[:100])
        raise Http404
    return entry


def localise(translations, language: str) -> Localised | None:
    chosen = pick_translation(list(translations), language)
    return Localised(translation=chosen, requested=language) if chosen else None


def entry_list_published(*, language: str, audience: str = "") -> list[tuple[Entry, Localised]]:
    """All published entries, each with the translation for `language` (or its fallback)."""
    entries = (
        Entry.objects.filter(published_version__state=EntryVersion.State.PUBLISHED)
        .select_related("published_version")
        .prefetch_related(
            Prefetch(
                "published_version__translations",
                queryset=EntryTranslation.objects.only("id", "version_id", "language", "question"),
            )
        )
    )
    if audience:
        entries = entries.filter(published_version__audience__contains=audience)
    items = []
    for entry in entries:
        localised = localise(entry.published_version.translations.all(), language)
        if localised:
            items.append((entry, localised))
    items.sort(key=lambda item: (item[0].published_version.topic, item[1].translation.question))
    return items


def guide_list() -> list[Guide]:
    return list(Guide.objects.prefetch_related("translations"))


def guide_get(*, slug: str) -> Guide:
    guide = (
        Guide.objects.filter(slug=slug)
        .prefetch_related(
            "translations",
            Prefetch("steps", queryset=GuideStep.objects.prefetch_related("translations")),
        )
        .first()
    )
    if guide is None:
        logger.info("Guide %r not found", slug[:100])
        raise Http404
    return guide


def guides_for_roadmap_step(*, step: str) -> list[Guide]:
    """Guides with a step linked to a roadmap step of the pathway check (e.g. "visa")."""
    return list(
        Guide.objects.filter(steps__roadmap_step=step).distinct().prefetch_related("translations")
    )


# --- editors (the reads of one content type's workflow: ENTRIES.…, GUIDES.…) ----------------------

version_diff, guide_version_diff = ENTRIES.version_diff, GUIDES.version_diff


def entry_list_for_editor(*, user) -> list[Entry]:
    editor_or_404(user, "entry list")
    return list(
        Entry.objects.select_related("published_version").prefetch_related(
            Prefetch(
                "versions",
                queryset=EntryVersion.objects.filter(state=EntryVersion.State.DRAFT)
                .select_related("author")
                .prefetch_related("translations"),
                to_attr="open_drafts",
            ),
            "published_version__translations",
        )
    )


def guide_list_for_editor(*, user) -> list[Guide]:
    """Every guide with its titles, its published version and its open draft (if any)."""
    editor_or_404(user, "guide list")
    return list(
        Guide.objects.prefetch_related(
            "translations",
            Prefetch(
                "versions",
                queryset=GuideVersion.objects.filter(
                    state__in=[GuideVersion.State.DRAFT, GuideVersion.State.PUBLISHED]
                ),
                to_attr="current_versions",
            ),
        )
    )


def gap_list_for_editor(*, user, limit: int = 200) -> list[SearchGap]:
    """The gaps to fill: queries without answer or with unhelpful answers, most frequent first."""
    editor_or_404(user, "search gaps")
    gaps = list(SearchGap.objects.all()[:5000])
    gaps.sort(key=lambda g: (-(g.no_result + g.not_helpful), -g.last_seen.timestamp()))
    return gaps[:limit]
