"""Reads of the knowledge app. The public sees published versions only; editors see all.

"Not allowed" and "does not exist" look the same (Http404) and both are logged.
"""

import difflib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from welcome.knowledge.models import (
    Entry,
    EntryTranslation,
    EntryVersion,
    Guide,
    GuideStep,
    GuideVersion,
    RoadmapStep,
    SearchGap,
)
from welcome.knowledge.search import pick_translation
from welcome.knowledge.services import is_editor

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


# --- editors ------------------------------------------------------------------------------------


def _editor_or_404(user, what: str) -> None:
    if not is_editor(user):
        logger.warning("User %s is not a content editor (%s)", getattr(user, "pk", None), what)
        raise Http404


def entry_list_for_editor(*, user) -> list[Entry]:
    _editor_or_404(user, "entry list")
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


def entry_get_for_editor(*, user, slug: str) -> Entry:
    _editor_or_404(user, f"entry {slug[:100]}")
    entry = Entry.objects.filter(slug=slug).first()
    if entry is None:
        logger.info("FAQ entry %r not found (editor)", slug[:100])
        raise Http404
    return entry


def version_get_for_editor(*, user, version_id: int) -> EntryVersion:
    _editor_or_404(user, f"version {version_id}")
    version = (
        EntryVersion.objects.filter(pk=version_id)
        .select_related("entry", "author", "published_by", "restored_from")
        .prefetch_related("translations")
        .first()
    )
    if version is None:
        logger.info("FAQ entry version %s not found", version_id)
        raise Http404
    return version


def version_list_for_editor(*, user, entry: Entry) -> list[EntryVersion]:
    _editor_or_404(user, f"versions of {entry.slug}")
    return list(entry.versions.select_related("author", "published_by").order_by("-number"))


def drafts_awaiting_publication(*, user) -> list[EntryVersion]:
    _editor_or_404(user, "drafts")
    return list(
        EntryVersion.objects.filter(state=EntryVersion.State.DRAFT)
        .select_related("entry", "author")
        .order_by("-updated_at")
    )


def gap_list_for_editor(*, user, limit: int = 200) -> list[SearchGap]:
    """The gaps to fill: queries without answer or with unhelpful answers, most frequent first."""
    _editor_or_404(user, "search gaps")
    gaps = list(SearchGap.objects.all()[:5000])
    gaps.sort(key=lambda g: (-(g.no_result + g.not_helpful), -g.last_seen.timestamp()))
    return gaps[:limit]


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str
    lines: list[str]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def version_diff(old: EntryVersion, new: EntryVersion) -> list[FieldDiff]:
    """Field by field, language by language: what changed from `old` to `new`."""

    def fields(version: EntryVersion) -> dict[str, str]:
        values = {
            "topic": version.topic,
            "audience": version.get_audience_display(),
            "source": version.source,
            "reviewed_on": version.reviewed_on.isoformat(),
        }
        for row in version.translations.all():
            values[f"question [{row.language}]"] = row.question
            values[f"answer [{row.language}]"] = row.answer
        return values

    return _field_diffs(fields(old), fields(new))


def _field_diffs(before: dict[str, str], after: dict[str, str]) -> list[FieldDiff]:
    diffs = []
    for key in list(dict.fromkeys([*before, *after])):
        a, b = before.get(key, ""), after.get(key, "")
        lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=2))[2:]
        diffs.append(FieldDiff(label=key, old=a, new=b, lines=lines))
    return diffs


# --- editors: process guides --------------------------------------------------------------------


def guide_list_for_editor(*, user) -> list[Guide]:
    """Every guide with its titles, its published version and its open draft (if any)."""
    _editor_or_404(user, "guide list")
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


def guide_get_for_editor(*, user, slug: str) -> Guide:
    _editor_or_404(user, f"guide {slug[:100]}")
    guide = Guide.objects.filter(slug=slug).first()
    if guide is None:
        logger.info("Guide %r not found (editor)", slug[:100])
        raise Http404
    return guide


def guide_version_get_for_editor(*, user, version_id: int) -> GuideVersion:
    _editor_or_404(user, f"guide version {version_id}")
    version = (
        GuideVersion.objects.filter(pk=version_id)
        .select_related("guide", "author", "published_by", "restored_from")
        .first()
    )
    if version is None:
        logger.info("Guide version %s not found", version_id)
        raise Http404
    return version


def guide_version_list_for_editor(*, user, guide: Guide) -> list[GuideVersion]:
    _editor_or_404(user, f"versions of guide {guide.slug}")
    return list(guide.versions.select_related("author", "published_by").order_by("-number"))


def guide_drafts_awaiting_publication(*, user) -> list[GuideVersion]:
    _editor_or_404(user, "guide drafts")
    return list(
        GuideVersion.objects.filter(state=GuideVersion.State.DRAFT)
        .select_related("guide", "author")
        .order_by("-updated_at")
    )


def guide_version_published(*, guide: Guide) -> GuideVersion | None:
    return guide.versions.filter(state=GuideVersion.State.PUBLISHED).first()


def guide_version_to_edit(*, user, guide: Guide) -> GuideVersion | None:
    """What the edit form starts from: the open draft, else the published version."""
    _editor_or_404(user, f"guide {guide.slug}")
    return guide.versions.filter(state=GuideVersion.State.DRAFT).first() or guide_version_published(
        guide=guide
    )


def guide_version_diff(old: GuideVersion, new: GuideVersion) -> list[FieldDiff]:
    """The fields that changed, language by language and step by step (steps by position)."""
    names = dict(settings.LANGUAGES)
    roadmap = dict(RoadmapStep.choices)

    def fields(content: dict) -> dict[str, str]:
        values = {_("Source"): content["source"], _("Last reviewed"): content["reviewed_on"]}
        for code, text in content["title"].items():
            values[_("Title (%(language)s)") % {"language": names.get(code, code)}] = text
        for code, text in content["summary"].items():
            values[_("Summary (%(language)s)") % {"language": names.get(code, code)}] = text
        for number, step in enumerate(content["steps"], 1):
            key = _("Step %(number)s: roadmap step") % {"number": number}
            values[key] = str(roadmap.get(step["roadmap_step"], step["roadmap_step"] or ""))
            for code, text in step["title"].items():
                label = _("Step %(number)s: title (%(language)s)")
                values[label % {"number": number, "language": names.get(code, code)}] = text
            for code, text in step["body"].items():
                label = _("Step %(number)s: text (%(language)s)")
                values[label % {"number": number, "language": names.get(code, code)}] = text
        return values

    return [d for d in _field_diffs(fields(old.content), fields(new.content)) if d.changed]
