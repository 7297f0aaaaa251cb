"""Every write of the knowledge app: imports, the editor workflow, feedback and search gaps.

The editor workflow (draft, four-eyes publication, history) is welcome.knowledge.workflow's;
here FAQ entries and process guides declare what is theirs. Publishing an entry computes the
sentence vectors, updates the full-text index and tells all processes that the published set
changed; publishing a guide copies its content into the live tables the public pages read.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from welcome.knowledge import embeddings
from welcome.knowledge.models import (
    Audience,
    Entry,
    EntryFeedback,
    EntryTranslation,
    EntryVersion,
    Guide,
    GuideStep,
    GuideStepTranslation,
    GuideTranslation,
    GuideVersion,
    GuideVersionReview,
    RoadmapStep,
    SearchDocument,
    SearchGap,
)
from welcome.knowledge.search import bump_stamp
from welcome.knowledge.text import PG_CONFIGS, normalise_query, plain_text, stems
from welcome.knowledge.workflow import Review, VersionedContent, WorkflowError, save_as

EMBEDDED_ANSWER_CHARS = 200


def _content_hash(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


# --- search index maintenance -------------------------------------------------------------------


def embedding_texts(question: str, answer: str) -> list[str]:
    """What a translation's sentence vectors are made of: the question alone, and the question
    with the answer's opening. Search takes the better of the two; on the search cases this
    beat either alone (recall@1 0.86 question only, 0.73 with the answer, 0.91 both)."""
    return [question, f"{question}\n{plain_text(answer)[:EMBEDDED_ANSWER_CHARS]}"]


def index_versions(versions: Iterable[EntryVersion], *, compute_vectors: bool = True) -> None:
    """Vectors and full-text rows for the translations of freshly published versions.

    `compute_vectors=False` keeps vectors already stored (bulk loads that bring their own).
    """
    translations = list(EntryTranslation.objects.filter(version__in=list(versions)).order_by("id"))
    if not translations:
        return
    texts = [embedding_texts(t.question, t.answer) for t in translations] if compute_vectors else []
    vectors = (
        embeddings.encode([text for group in texts for text in group]) if compute_vectors else None
    )
    if vectors is not None:
        start = 0
        for translation_row, group in zip(translations, texts, strict=True):
            translation_row.vector = embeddings.to_bytes(vectors[start : start + len(group)])
            start += len(group)
        EntryTranslation.objects.bulk_update(translations, ["vector"], batch_size=500)
    if connection.vendor == "postgresql":
        ids_by_language: dict[str, list[int]] = {}
        for t in translations:
            ids_by_language.setdefault(t.language, []).append(t.id)
        with connection.cursor() as cursor:
            for language, ids in ids_by_language.items():
                config = PG_CONFIGS.get(language, "simple")
                cursor.execute(
                    "INSERT INTO knowledge_searchdocument (translation_id, language, document) "
                    "SELECT id, language, setweight(to_tsvector(%s::regconfig, question), 'A') "
                    "|| setweight(to_tsvector(%s::regconfig, answer), 'B') "
                    "FROM knowledge_entrytranslation WHERE id = ANY(%s) "
                    "ON CONFLICT (translation_id) DO UPDATE SET "
                    "language = EXCLUDED.language, document = EXCLUDED.document",
                    [config, config, ids],
                )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM knowledge_fts WHERE rowid = ?", [(t.id,) for t in translations]
            )
            cursor.executemany(
                "INSERT INTO knowledge_fts(rowid, question, answer, language) VALUES (?, ?, ?, ?)",
                [
                    (
                        t.id,
                        " ".join(stems(t.question, t.language)),
                        " ".join(stems(plain_text(t.answer), t.language)),
                        t.language,
                    )
                    for t in translations
                ],
            )


def _unindex_version(version: EntryVersion) -> None:
    """A version leaves the full-text index when it is no longer the published one."""
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(translation__version=version).delete()
    elif connection.vendor == "sqlite":
        ids = list(version.translations.values_list("id", flat=True))
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM knowledge_fts WHERE rowid = ?", [(i,) for i in ids])


# --- import from the YAML content (load_knowledge) ------------------------------------------------


@transaction.atomic
def entry_import(*, item: dict) -> str:
    """Publish the YAML content of one entry unless exactly this content was imported before.

    Returns "created", "updated" or "unchanged". Editors' later versions are kept: a re-import
    of unchanged YAML does not overwrite them.
    """
    digest = _content_hash(item)
    entry, created = Entry.objects.get_or_create(slug=item["slug"])
    if not created and entry.versions.filter(import_hash=digest).exists():
        return "unchanged"
    version = EntryVersion.objects.create(
        entry=entry,
        number=ENTRIES.next_number(entry),
        # Not a draft on its way: an editor's open draft of the entry must not block the import
        # (one open draft per entry); publish() publishes it at once.
        state=EntryVersion.State.ARCHIVED,
        topic=str(item.get("topic", ""))[:80],
        audience=_audience(item.get("audience")),
        source=str(item.get("source", ""))[:500],
        reviewed_on=_date(item.get("reviewed_on")),
        popular=bool(item.get("popular", False)),
        note="Imported from the content files.",
        import_hash=digest,
    )
    EntryTranslation.objects.bulk_create(
        EntryTranslation(
            version=version,
            language=language,
            question=str(text["question"]).strip()[:300],
            answer=str(text["answer"]).strip(),
        )
        for language, text in (item.get("translations") or {}).items()
        if language in PG_CONFIGS and text and text.get("question") and text.get("answer")
    )
    ENTRIES.publish(version, by=None)
    return "created" if created else "updated"


def _audience(value) -> str:
    """ "employers,workers" from a YAML list or string, in a fixed order; unknown values dropped."""
    values = value if isinstance(value, list | tuple) else [value or "workers"]
    aliases = {"worker": "workers", "employer": "employers", "youth": "young_people"}
    keys = set()
    for raw in values:
        key = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
        keys.add(aliases.get(key, key))
    return ",".join(a for a in Audience.values if a in keys) or Audience.WORKERS


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return timezone.localdate()


def guide_content(item: dict) -> dict:
    """The canonical content document of a guide from one YAML item (or an editor's form).

    Known languages only, text as strings, the date as ISO text (so it fits a JSONField); a
    summary or step body counts only in a language that has the title.
    """

    def texts(value, limit: int | None = None) -> dict[str, str]:
        return {
            language: str(text)[:limit]
            for language, text in (value or {}).items()
            if language in PG_CONFIGS and text
        }

    def beside(titles: dict, value) -> dict[str, str]:
        return {language: text for language, text in texts(value).items() if language in titles}

    titles = texts(item.get("title"), 200)
    steps = []
    for step in item.get("steps") or []:
        step_titles = texts(step.get("title"), 200)
        steps.append(
            {
                "roadmap_step": step.get("roadmap_step") or None,
                "title": step_titles,
                "body": beside(step_titles, step.get("body")),
            }
        )
    return {
        "slug": str(item["slug"]),
        "source": str(item.get("source") or "")[:500],
        "reviewed_on": _date(item.get("reviewed_on")).isoformat(),
        "title": titles,
        "summary": beside(titles, item.get("summary")),
        "steps": steps,
    }


def guide_content_apply(*, guide: Guide, content: dict, by=None, reviews=None) -> None:
    """Make the live guide tables, which the public page reads, show exactly `content`, with the
    review marks `reviews` ({language: Review}) on its languages."""
    reviews = reviews or {}
    guide.source = content["source"]
    guide.reviewed_on = _date(content["reviewed_on"])
    save_as(guide, by, update_fields=["source", "reviewed_on"])
    guide.translations.all().delete()
    guide.steps.all().delete()
    summaries = content.get("summary") or {}
    GuideTranslation.objects.bulk_create(
        GuideTranslation(
            guide=guide,
            language=language,
            title=title,
            summary=summaries.get(language, ""),
            reviewed_by_id=reviews.get(language, Review()).by_id,
            reviewed_at=reviews.get(language, Review()).at,
        )
        for language, title in content["title"].items()
    )
    for position, item in enumerate(content["steps"], 1):
        step = GuideStep.objects.create(
            guide=guide, position=position, roadmap_step=item.get("roadmap_step") or ""
        )
        bodies = item.get("body") or {}
        GuideStepTranslation.objects.bulk_create(
            GuideStepTranslation(
                step=step, language=language, title=title, body=bodies.get(language, "")
            )
            for language, title in item["title"].items()
        )


@transaction.atomic
def guide_import(*, item: dict) -> str:
    """Publish the YAML content of a guide as a new version; "unchanged" if imported before.

    Returns "created", "updated" or "unchanged". The version is created as published (never as
    a draft), so an editor's open draft of the guide does not stand in its way.
    """
    digest = _content_hash(item)
    guide, created = Guide.objects.get_or_create(
        slug=item["slug"],
        defaults={"source": "", "reviewed_on": _date(item.get("reviewed_on"))},
    )
    if not created and guide.import_hash == digest:
        return "unchanged"
    GUIDES.publish(GUIDES.new_version(guide, content=guide_content(item)), by=None)
    Guide.objects.filter(pk=guide.pk).update(import_hash=digest)
    return "created" if created else "updated"


# --- the two content types of the editor workflow -----------------------------------------------


class EntryContent(VersionedContent):
    """FAQ entries: metadata in the version, question and answer per language in rows."""

    name = "entry"
    item_model, version_model = Entry, EntryVersion
    content_fields = ("topic", "audience", "source", "reviewed_on", "popular")
    translation_model, translation_fields = EntryTranslation, ("question", "answer")
    audit_prefix = "knowledge."
    not_an_editor = gettext_lazy("Only content editors may change FAQ entries.")
    open_draft = gettext_lazy("This entry already has an open draft. Publish or discard it first.")
    slug_taken = gettext_lazy("An entry with this short name already exists.")
    choose_versions = gettext_lazy("Please choose two versions of this entry.")

    def clean(self, *, item, values, translations):
        """Translations come as {language: (question, answer)}; a row needs its question."""
        texts = {
            language: {"question": question.strip(), "answer": answer.strip()}
            for language, (question, answer) in translations.items()
            if question.strip()
        }
        if "de" not in texts and "en" not in texts:
            raise WorkflowError(_("Please write at least the German or the English text."))
        return {**values, "audience": _audience(values["audience"])}, texts

    def check_publishable(self, version):
        if not version.translations.filter(language__in=["de", "en"]).exists():
            raise WorkflowError(_("Please write at least the German or the English text."))

    def restored(self, draft, source):
        draft.note = _("Restored from version %(number)s.") % {"number": source.number}

    def on_archive(self, version):
        _unindex_version(version)

    def on_publish(self, version, *, by):
        Entry.objects.filter(pk=version.entry_id).update(published_version=version)
        index_versions([version])
        bump_stamp()

    def diff_fields(self, version):
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


class GuideContent(VersionedContent):
    """Process guides: the whole content is one JSON document in the version; publishing copies
    it into the live guide tables."""

    name = "guide"
    item_model, version_model = Guide, GuideVersion
    content_fields = ("content",)
    audit_prefix = "knowledge.guide_"
    not_an_editor = gettext_lazy("Only content editors may change process guides.")
    open_draft = gettext_lazy("This guide already has an open draft. Publish or discard it first.")
    choose_versions = gettext_lazy("Please choose a version of this guide.")

    def clean(self, *, item, values, translations):
        content = guide_content({**values["content"], "slug": item.slug})
        if not (content["title"].get("de") and content["title"].get("en")):
            raise WorkflowError(_("Please write the German and the English title."))
        if not content["steps"]:
            raise WorkflowError(_("A guide needs at least one step."))
        if not all(s["title"].get("de") and s["title"].get("en") for s in content["steps"]):
            raise WorkflowError(_("Please write the German and the English title of every step."))
        return {"content": content}, None

    def on_publish(self, version, *, by):
        guide_content_apply(
            guide=version.guide, content=version.content, by=by, reviews=self.review_marks(version)
        )

    def language_texts(self, version):
        """A language's title, summary and step texts: its review mark covers them all."""
        content = version.content
        return {
            code: (
                title,
                content["summary"].get(code, ""),
                *((s["title"].get(code, ""), s["body"].get(code, "")) for s in content["steps"]),
            )
            for code, title in content["title"].items()
        }

    def review_marks(self, version):
        rows = version.reviews.select_related("reviewed_by")
        return {row.language: Review.of(row) for row in rows}

    def reviews_save(self, version, marks, *, by):
        version.reviews.exclude(language__in=list(marks)).delete()
        for language, mark in marks.items():
            GuideVersionReview.objects.update_or_create(
                version=version,
                language=language,
                defaults={"reviewed_by_id": mark.by_id, "reviewed_at": mark.at},
            )

    def diff_fields(self, version):
        """Language by language and step by step (steps by position)."""
        content, names, roadmap = (
            version.content,
            dict(settings.LANGUAGES),
            dict(RoadmapStep.choices),
        )
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


ENTRIES, GUIDES = EntryContent(), GuideContent()

# The workflow's services under the names the rest of the code calls them by.
entry_draft_save = ENTRIES.draft_save
entry_version_publish = ENTRIES.version_publish
entry_version_restore = ENTRIES.version_restore
entry_draft_discard = ENTRIES.draft_discard
version_contributors = ENTRIES.contributors
guide_draft_save = GUIDES.draft_save
guide_version_publish = GUIDES.version_publish
guide_version_restore = GUIDES.version_restore
guide_draft_discard = GUIDES.draft_discard
guide_version_contributors = GUIDES.contributors


# --- feedback and search gaps (no personal data) --------------------------------------------------


def _increment(model, lookup: dict, field: str) -> None:
    """Add one to a counter row, creating it on first use; safe against concurrent first use."""
    with transaction.atomic():
        if model.objects.filter(**lookup).update(**{field: F(field) + 1}):
            return
        try:
            with transaction.atomic():
                model.objects.create(**lookup, **{field: 1})
        except IntegrityError:
            model.objects.filter(**lookup).update(**{field: F(field) + 1})


def search_gap_record(*, query: str, language: str, reason: str) -> None:
    """Count a search that found nothing ("no_result") or whose answer did not help."""
    normalised = normalise_query(query)
    if len(normalised) < 3:
        return
    field = "no_result" if reason == "no_result" else "not_helpful"
    _increment(SearchGap, {"query": normalised, "language": language}, field)


def entry_feedback_record(*, entry: Entry, language: str, helpful: bool, query: str = "") -> None:
    """Count a reader's "helpful" or "not helpful"; a not-helpful search answer is a gap."""
    _increment(
        EntryFeedback,
        {"entry": entry, "language": language},
        "helpful" if helpful else "not_helpful",
    )
    if not helpful and query:
        search_gap_record(query=query, language=language, reason="not_helpful")
