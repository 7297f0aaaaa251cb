"""Reads of the knowledge app. The public sees published versions only; editors see all.

"Not allowed" and "does not exist" look the same (Http404) and both are logged.
"""

import logging
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from welcome.knowledge.models import (
    Entry,
    EntryTranslation,
    EntryVersion,
    Guide,
    GuideStep,
    GuideTranslation,
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
    """A published entry (for the public's feedback on it)."""
    entry = Entry.objects.filter(
        slug=slug, published_version__state=EntryVersion.State.PUBLISHED
    ).first()
    if entry is None:
        logger.info("FAQ entry %r not found or not published", slug[:100])
        raise Http404
    return entry


# What an entry's page shows of its published translations and their version.
ENTRY_PAGE_FIELDS = (
    "language", "question", "answer", "reviewed_at",
    "version__source", "version__reviewed_on", "version__audience",
)  # fmt: skip


def entry_page_translations(*, slug: str) -> list[EntryTranslation]:
    """The published translations of an entry for its public page, each with its version,
    in one query: no entry row and no sentence vectors, which the page does not show (the
    ORM's share of the page was 2.3 ms of its 7.6 with two queries, 1.3 ms with this one)."""
    translations = list(
        EntryTranslation.objects.filter(
            version__entry__slug=slug, version__state=EntryVersion.State.PUBLISHED
        )
        .select_related("version")
        .only(*ENTRY_PAGE_FIELDS)
        .order_by("language")
    )
    if not translations:
        logger.info("FAQ entry %r not found or not published", slug[:100])
        raise Http404
    return translations


def localise(translations, language: str) -> Localised | None:
    chosen = pick_translation(list(translations), language)
    return Localised(translation=chosen, requested=language) if chosen else None


# A topic on the FAQ's front page shows this many questions (the largest topic of the real
# content has 15); all of them are on the topic's own pages, TOPIC_PAGE_SIZE at a time.
TOPIC_PREVIEW = 15
TOPIC_PAGE_SIZE = 50


class Listed(NamedTuple):
    """A published entry in a list: what a question's link needs of it, without the model."""

    topic: str
    slug: str


@dataclass
class Topic:
    key: str
    count: int  # published entries in the topic
    items: list[tuple[Listed, Localised]]  # TOPIC_PREVIEW of them at most, by question


def _published_in_order(topic: str):
    """A topic's published entries (one version each, a database constraint) by their entry
    ids, in the order of the topic index: popular ones first, then the oldest entry."""
    return (
        EntryVersion.objects.filter(state=EntryVersion.State.PUBLISHED, topic=topic)
        .order_by("topic", "-popular", "entry_id")
        .values_list("entry_id", flat=True)
    )


class Question(NamedTuple):
    """A translation's question, for lists: what `Localised` needs of it, without the model."""

    language: str
    question: str


def _localised(entry_ids: list[int], language: str) -> list[tuple[Listed, Localised]]:
    """The published entries `entry_ids`, in that order, each with its question in `language`
    (or the fallback): one query of their slugs, topics and questions, no instances (driven by
    the entries' keys: joined from the translations, PostgreSQL read every entry's row)."""
    found: dict[int, tuple[Listed, list[Question]]] = {}
    rows = (
        Entry.objects.filter(
            id__in=entry_ids,
            published_version__state=EntryVersion.State.PUBLISHED,
            published_version__translations__isnull=False,
        )
        .order_by()
        .values_list(
            "id",
            "published_version__topic",
            "slug",
            "published_version__translations__language",
            "published_version__translations__question",
        )
    )
    for entry_id, topic, slug, code, text in rows:
        found.setdefault(entry_id, (Listed(topic, slug), []))[1].append(Question(code, text))
    items = []
    for entry_id in entry_ids:
        listed, questions = found.get(entry_id, (None, ()))
        if localised := localise(questions, language):
            items.append((listed, localised))
    return items


def entry_topics_published(*, language: str) -> list[Topic]:
    """Every topic with its number of published entries and the first TOPIC_PREVIEW of them
    (popular ones first, then the oldest), in `language` or its fallback, sorted by question.

    The front page stays the same size however many entries there are (10,000 listed whole
    took 4 s): a window over the topic index alone (no table read, no sort) picks them, then
    one query reads those few with their questions."""
    topic = F("topic")
    picked = list(
        EntryVersion.objects.filter(state=EntryVersion.State.PUBLISHED)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[topic],
                order_by=[F("popular").desc(), F("entry_id").asc()],
            ),
            in_topic=Window(Count("entry_id"), partition_by=[topic]),
        )
        .filter(position__lte=TOPIC_PREVIEW)
        .order_by()
        .values_list("entry_id", "topic", "in_topic")
    )
    counts = {key: count for _entry, key, count in picked}
    topics: dict[str, Topic] = {}
    for listed, localised in _localised([entry_id for entry_id, _, _ in picked], language):
        topic = topics.setdefault(listed.topic, Topic(listed.topic, counts[listed.topic], []))
        topic.items.append((listed, localised))
    for topic in topics.values():
        topic.items.sort(key=lambda pair: pair[1].translation.question)
    return sorted(topics.values(), key=lambda topic: topic.key)


def entry_page_for_topic(*, topic: str, language: str, page: str | None) -> Page:
    """One page of a topic's published entries, in the order the front page picks them
    (popular ones first, then the oldest); Http404 for a topic without any.

    The page's entries are counted and picked from the topic index alone (an index-only scan:
    1.8 ms for the last of 200 pages, where joining the entries' slugs first sorted all 10,000
    rows, 11 ms); one query then reads the page's few with their questions."""
    shown = Paginator(_published_in_order(topic), TOPIC_PAGE_SIZE).get_page(page)
    if not shown.paginator.count:
        logger.info("FAQ topic %r has no published entries", topic[:100])
        raise Http404
    shown.object_list = _localised(list(shown.object_list), language)
    return shown


class GuideTitle(NamedTuple):
    """A guide's title in one language, for the list: what `Localised` needs, no model."""

    slug: str
    language: str
    title: str


def guide_titles(*, language: str) -> list[Localised]:
    """Every guide's title in `language` or its fallback, by slug as the guides are (one
    query of three columns: with model instances the list took 2.3 ms of the FAQ's front page)."""
    titles: dict[str, list[GuideTitle]] = {}
    rows = GuideTranslation.objects.order_by("guide__slug", "language").values_list(
        "guide__slug", "language", "title"
    )
    for row in rows:
        titles.setdefault(row[0], []).append(GuideTitle(*row))
    return [found for texts in titles.values() if (found := localise(texts, language))]


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
