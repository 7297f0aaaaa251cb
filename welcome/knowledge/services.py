"""Every write of the knowledge app: imports, the editor workflow, feedback and search gaps.

The editor workflow follows the four-eyes principle: whoever wrote or changed a draft cannot
publish it. Publishing archives the previous version (never deletes it), computes the sentence
vectors, updates the full-text index and tells all processes that the published set changed.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from welcome.audit.services import audit_log
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
    SearchDocument,
    SearchGap,
)
from welcome.knowledge.search import bump_stamp
from welcome.knowledge.text import PG_CONFIGS, normalise_query, plain_text, stems

EDITOR_ROLE = "content_editor"
EMBEDDED_ANSWER_CHARS = 200


class WorkflowError(Exception):
    """A step of the editor workflow that the rules do not allow; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(EDITOR_ROLE))


def _require_editor(user) -> None:
    if not is_editor(user):
        raise WorkflowError(_("Only content editors may change FAQ entries."))


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


def _publish(version: EntryVersion, *, by) -> None:
    current = (
        EntryVersion.objects.select_for_update()
        .filter(entry_id=version.entry_id, state=EntryVersion.State.PUBLISHED)
        .first()
    )
    if current is not None:
        current.state = EntryVersion.State.ARCHIVED
        if by is not None:
            current._history_user = by
        current.save(update_fields=["state", "updated_at"])
        _unindex_version(current)
    version.state = EntryVersion.State.PUBLISHED
    version.published_by = by
    version.published_at = timezone.now()
    if by is not None:
        version._history_user = by
    version.save()
    Entry.objects.filter(pk=version.entry_id).update(published_version=version)
    index_versions([version])
    bump_stamp()


def _next_number(owner: Entry | Guide) -> int:
    """The next version number of an entry or a guide."""
    return (owner.versions.aggregate(n=Max("number"))["n"] or 0) + 1


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
        number=_next_number(entry),
        # Not a draft on its way: an editor's open draft of the entry must not block the import
        # (one open draft per entry); _publish publishes it at once.
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
    _publish(version, by=None)
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


def guide_content_apply(*, guide: Guide, content: dict, by=None) -> None:
    """Make the live guide tables, which the public page reads, show exactly `content`."""
    guide.source = content["source"]
    guide.reviewed_on = _date(content["reviewed_on"])
    if by is not None:
        guide._history_user = by
    guide.save(update_fields=["source", "reviewed_on"])
    guide.translations.all().delete()
    guide.steps.all().delete()
    summaries = content.get("summary") or {}
    GuideTranslation.objects.bulk_create(
        GuideTranslation(
            guide=guide, language=language, title=title, summary=summaries.get(language, "")
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


def _guide_publish(version: GuideVersion, *, by) -> None:
    """Archive the published version, publish this one and copy it into the live tables."""
    current = (
        GuideVersion.objects.select_for_update()
        .filter(guide_id=version.guide_id, state=GuideVersion.State.PUBLISHED)
        .first()
    )
    if current is not None:
        current.state = GuideVersion.State.ARCHIVED
        if by is not None:
            current._history_user = by
        current.save(update_fields=["state", "updated_at"])
    version.state = GuideVersion.State.PUBLISHED
    version.published_by = by
    version.published_at = timezone.now()
    if by is not None:
        version._history_user = by
    version.save()
    guide_content_apply(guide=version.guide, content=version.content, by=by)


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
    version = GuideVersion(guide=guide, number=_next_number(guide), content=guide_content(item))
    _guide_publish(version, by=None)
    Guide.objects.filter(pk=guide.pk).update(import_hash=digest)
    return "created" if created else "updated"


# --- editor workflow ----------------------------------------------------------------------------


@transaction.atomic
def entry_draft_save(
    *,
    by,
    entry: Entry | None,
    slug: str = "",
    topic: str,
    audience: list[str],
    source: str,
    reviewed_on: dt.date,
    popular: bool = False,
    translations: dict[str, tuple[str, str]],
    note: str = "",
) -> EntryVersion:
    """Create the open draft of an entry (a new entry when `entry` is None), or change it."""
    _require_editor(by)
    texts = {lang: (q.strip(), a.strip()) for lang, (q, a) in translations.items() if q.strip()}
    if "de" not in texts and "en" not in texts:
        raise WorkflowError(_("Please write at least the German or the English text."))
    if entry is None:
        if Entry.objects.filter(slug=slug).exists():
            raise WorkflowError(_("An entry with this short name already exists."))
        entry = Entry.objects.create(slug=slug)
    draft = (
        EntryVersion.objects.select_for_update()
        .filter(entry=entry, state=EntryVersion.State.DRAFT)
        .first()
    )
    if draft is None:
        draft = EntryVersion(entry=entry, number=_next_number(entry), author=by)
    draft.topic, draft.audience, draft.source = topic, _audience(audience), source
    draft.reviewed_on, draft.popular, draft.note = reviewed_on, popular, note
    draft._history_user = by
    draft.save()
    existing = {t.language: t for t in draft.translations.all()}
    for language, (question, answer) in texts.items():
        row = existing.pop(language, None) or EntryTranslation(version=draft, language=language)
        if row.pk is None or (row.question, row.answer) != (question, answer):
            row.question, row.answer = question, answer
            row._history_user = by
            row.save()
    for row in existing.values():
        row._history_user = by
        row.delete()
    audit_log(actor=by, action="knowledge.draft_saved", obj=draft, slug=entry.slug)
    return draft


def version_contributors(version: EntryVersion) -> set[int]:
    """Ids of everyone who wrote or changed this version (author and every saved change)."""
    ids = {version.author_id}
    ids |= set(EntryVersion.history.filter(id=version.id).values_list("history_user_id", flat=True))
    ids |= set(
        EntryTranslation.history.filter(version_id=version.id).values_list(
            "history_user_id", flat=True
        )
    )
    ids.discard(None)
    return ids


@transaction.atomic
def entry_version_publish(*, version: EntryVersion, by) -> EntryVersion:
    """Publish a draft. Only a second editor may: not its author, nor anyone who changed it."""
    _require_editor(by)
    version = EntryVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != EntryVersion.State.DRAFT:
        raise WorkflowError(_("Only a draft can be published."))
    if by.pk in version_contributors(version):
        raise WorkflowError(
            _("You wrote or changed this draft. A second content editor has to publish it.")
        )
    if not version.translations.filter(language__in=["de", "en"]).exists():
        raise WorkflowError(_("Please write at least the German or the English text."))
    _publish(version, by=by)
    audit_log(
        actor=by, action="knowledge.published", obj=version, slug=version.entry.slug,
        number=version.number,
    )  # fmt: skip
    return version


@transaction.atomic
def entry_version_restore(*, version: EntryVersion, by) -> EntryVersion:
    """Start a new draft with the content of an earlier version; a second editor publishes it."""
    _require_editor(by)
    entry = Entry.objects.select_for_update().get(pk=version.entry_id)
    if entry.versions.filter(state=EntryVersion.State.DRAFT).exists():
        raise WorkflowError(_("This entry already has an open draft. Publish or discard it first."))
    draft = EntryVersion(
        entry=entry,
        number=_next_number(entry),
        topic=version.topic,
        audience=version.audience,
        source=version.source,
        reviewed_on=version.reviewed_on,
        popular=version.popular,
        author=by,
        restored_from=version,
        note=_("Restored from version %(number)s.") % {"number": version.number},
    )
    draft._history_user = by
    draft.save()
    for row in version.translations.all():
        copy = EntryTranslation(
            version=draft, language=row.language, question=row.question, answer=row.answer
        )
        copy._history_user = by
        copy.save()
    audit_log(
        actor=by, action="knowledge.restored", obj=draft, slug=entry.slug, source=version.number
    )
    return draft


@transaction.atomic
def entry_draft_discard(*, version: EntryVersion, by) -> EntryVersion:
    """Set an open draft aside; it stays in the history."""
    _require_editor(by)
    version = EntryVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != EntryVersion.State.DRAFT:
        raise WorkflowError(_("Only a draft can be discarded."))
    version.state = EntryVersion.State.DISCARDED
    version._history_user = by
    version.save(update_fields=["state", "updated_at"])
    audit_log(actor=by, action="knowledge.discarded", obj=version, slug=version.entry.slug)
    return version


# --- editor workflow for process guides ---------------------------------------------------------


def _require_guide_editor(user) -> None:
    if not is_editor(user):
        raise WorkflowError(_("Only content editors may change process guides."))


@transaction.atomic
def guide_draft_save(*, guide: Guide, content: dict, by) -> GuideVersion:
    """Create the open draft of a guide, or change it; whoever saves becomes a contributor."""
    _require_guide_editor(by)
    content = guide_content({**content, "slug": guide.slug})
    if not (content["title"].get("de") and content["title"].get("en")):
        raise WorkflowError(_("Please write the German and the English title."))
    if not content["steps"]:
        raise WorkflowError(_("A guide needs at least one step."))
    if not all(step["title"].get("de") and step["title"].get("en") for step in content["steps"]):
        raise WorkflowError(_("Please write the German and the English title of every step."))
    guide = Guide.objects.select_for_update().get(pk=guide.pk)  # one draft, even if two save
    draft = guide.versions.filter(state=GuideVersion.State.DRAFT).first()
    if draft is None:
        draft = GuideVersion(guide=guide, number=_next_number(guide), author=by)
    draft.content = content
    draft._history_user = by
    draft.save()
    audit_log(actor=by, action="knowledge.guide_draft_saved", obj=draft, slug=guide.slug)
    return draft


def guide_version_contributors(version: GuideVersion) -> set[int]:
    """Ids of everyone who wrote or changed this version (author and every saved change)."""
    ids = {version.author_id}
    ids |= set(GuideVersion.history.filter(id=version.id).values_list("history_user_id", flat=True))
    ids.discard(None)
    return ids


@transaction.atomic
def guide_version_publish(*, version: GuideVersion, by) -> GuideVersion:
    """Publish a guide draft. Only a second editor may: not its author, nor anyone who changed
    it. The public guide page shows the new content at once."""
    _require_guide_editor(by)
    version = GuideVersion.objects.select_for_update().select_related("guide").get(pk=version.pk)
    if version.state != GuideVersion.State.DRAFT:
        raise WorkflowError(_("Only a draft can be published."))
    if by.pk in guide_version_contributors(version):
        raise WorkflowError(
            _("You wrote or changed this draft. A second content editor has to publish it.")
        )
    _guide_publish(version, by=by)
    audit_log(
        actor=by, action="knowledge.guide_published", obj=version, slug=version.guide.slug,
        number=version.number,
    )  # fmt: skip
    return version


@transaction.atomic
def guide_version_restore(*, version: GuideVersion, by) -> GuideVersion:
    """Start a new draft with the content of an earlier version; a second editor publishes it."""
    _require_guide_editor(by)
    guide = Guide.objects.select_for_update().get(pk=version.guide_id)
    if guide.versions.filter(state=GuideVersion.State.DRAFT).exists():
        raise WorkflowError(_("This guide already has an open draft. Publish or discard it first."))
    draft = GuideVersion(
        guide=guide,
        number=_next_number(guide),
        content=version.content,
        author=by,
        restored_from=version,
    )
    draft._history_user = by
    draft.save()
    audit_log(
        actor=by, action="knowledge.guide_restored", obj=draft, slug=guide.slug,
        source=version.number,
    )  # fmt: skip
    return draft


@transaction.atomic
def guide_draft_discard(*, version: GuideVersion, by) -> GuideVersion:
    """Set an open guide draft aside; it stays in the history."""
    _require_guide_editor(by)
    version = GuideVersion.objects.select_for_update().select_related("guide").get(pk=version.pk)
    if version.state != GuideVersion.State.DRAFT:
        raise WorkflowError(_("Only a draft can be discarded."))
    version.state = GuideVersion.State.DISCARDED
    version._history_user = by
    version.save(update_fields=["state", "updated_at"])
    audit_log(actor=by, action="knowledge.guide_discarded", obj=version, slug=version.guide.slug)
    return version


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
