"""One draft → four-eyes review → publish → history cycle for every kind of versioned content.

A content type is a `VersionedContent` subclass that names its models (built on the abstract
`VersionedItem` and `Version`), its messages and audit names, and overrides the hooks where its
content differs: what a draft must hold, what publishing it changes beyond the version (search
index, live tables), which fields a diff compares. The rules themselves are written only here:
whoever wrote or changed a draft cannot publish it; publishing archives the previous version
and never deletes it; a restore starts a new draft for a second editor.
"""

import datetime as dt
import difflib
import logging
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.audit.services import audit_log
from welcome.knowledge.models import Version, VersionedItem

logger = logging.getLogger(__name__)

EDITOR_ROLE = "content_editor"
DRAFT, PUBLISHED = Version.State.DRAFT, Version.State.PUBLISHED


class WorkflowError(Exception):
    """A step of the editor workflow that the rules do not allow; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(EDITOR_ROLE))


def editor_or_404(user, what: str) -> None:
    """Editor reads: "not allowed" looks like "not found", and is logged."""
    if not is_editor(user):
        logger.warning("User %s is not a content editor (%s)", getattr(user, "pk", None), what)
        raise Http404


def save_as(obj: models.Model, by, **kwargs) -> None:
    """Save and record `by` as the author of the change in the model's history."""
    if by is not None:
        obj._history_user = by
    obj.save(**kwargs)


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str
    lines: list[str]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def field_diffs(before: dict[str, str], after: dict[str, str]) -> list[FieldDiff]:
    """The changed fields of two {label: text} views of a version, with unified diff lines."""
    diffs = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key, ""), after.get(key, "")
        lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=2))[2:]
        diffs.append(FieldDiff(label=key, old=a, new=b, lines=lines))
    return [d for d in diffs if d.changed]


@dataclass(frozen=True)
class Review:
    """A language's review mark: who checked the text (None: account deleted) and when."""

    by_id: int | None = None
    at: dt.datetime | None = None
    by: object = dataclass_field(default=None, compare=False)

    @classmethod
    def of(cls, row) -> "Review":
        return cls(by_id=row.reviewed_by_id, at=row.reviewed_at, by=row.reviewed_by)


@dataclass(frozen=True)
class LanguageReview:
    """One language of a version for the editor pages: its mark now, and on a draft the mark
    it keeps on publication if nobody ticks it (its text is unchanged since that review)."""

    language: str
    name: str
    review: Review | None
    kept: Review | None = None


class VersionedContent:
    """A content type's declaration, and the workflow's services and editor reads for it.

    Declare `item_model`, `version_model` (its ForeignKey to the item is named by its
    `owner_field`), `content_fields` (what a restore copies), `audit_prefix` and the messages.
    Text kept per language in rows (`translation_model`, ForeignKey `version`, related_name
    "translations") is saved, copied and compared as `translation_fields`.
    """

    name: str  # "entry": the templates' name for an item
    item_model: type[VersionedItem]
    version_model: type[Version]
    content_fields: tuple[str, ...] = ()
    translation_model: type[models.Model] | None = None
    translation_fields: tuple[str, ...] = ()
    audit_prefix: str  # "knowledge." gives knowledge.draft_saved, knowledge.published …
    not_an_editor: str
    open_draft: str
    slug_taken: str = ""
    choose_versions: str = ""

    @property
    def owner_field(self) -> str:
        return self.version_model.owner_field

    # --- hooks --------------------------------------------------------------------------------

    def clean(self, *, item, values: dict, translations: dict | None) -> tuple[dict, dict | None]:
        """What a draft stores, normalised; raise WorkflowError for what it must not."""
        return values, translations

    def check_publishable(self, version: Version) -> None:
        """Raise WorkflowError if this draft must not be published (beyond the four eyes)."""

    def restored(self, draft: Version, source: Version) -> None:
        """Mark a draft restored from `source` (before it is saved)."""

    def on_archive(self, version: Version) -> None:
        """The public no longer sees `version` (another one was published)."""

    def on_publish(self, version: Version, *, by) -> None:
        """The public sees `version` from now on."""

    def language_texts(self, version: Version) -> dict[str, tuple]:
        """The version's text per language, as compared to decide whether a review still holds."""
        return {
            row.language: tuple(getattr(row, field) for field in self.translation_fields)
            for row in version.translations.all()
        }

    def review_marks(self, version: Version) -> dict[str, Review]:
        """The reviewed languages of a version: {language: Review}."""
        rows = version.translations.select_related("reviewed_by") if self.translation_model else ()
        return {row.language: Review.of(row) for row in rows if row.is_reviewed}

    def reviews_save(self, version: Version, marks: dict[str, Review], *, by) -> None:
        """Give the version exactly these review marks (the other languages: none)."""
        for row in version.translations.all():
            mark = marks.get(row.language, Review())
            if (row.reviewed_by_id, row.reviewed_at) != (mark.by_id, mark.at):
                row.reviewed_by_id, row.reviewed_at = mark.by_id, mark.at
                save_as(row, by, update_fields=["reviewed_by", "reviewed_at"])

    def diff_fields(self, version: Version) -> dict[str, str]:
        """The version's content as {label: text}, which diffs compare."""
        values = {
            field: str(getattr(version, field))
            for field in self.content_fields
            if not isinstance(getattr(version, field), dict | list)
        }
        for row in version.translations.all() if self.translation_model else ():
            for field in self.translation_fields:
                values[f"{field} [{row.language}]"] = getattr(row, field)
        return values

    # --- services ------------------------------------------------------------------------------

    def require_editor(self, user) -> None:
        if not is_editor(user):
            raise WorkflowError(self.not_an_editor)

    def audit(self, action: str, *, by, version: Version, **details) -> None:
        audit_log(
            actor=by, action=f"{self.audit_prefix}{action}", obj=version,
            slug=version.owner.slug, **details,
        )  # fmt: skip

    @staticmethod
    def next_number(item: VersionedItem) -> int:
        return (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1

    def new_version(self, item: VersionedItem, **fields) -> Version:
        return self.version_model(
            **{self.owner_field: item}, number=self.next_number(item), **fields
        )

    @transaction.atomic
    def draft_save(self, *, by, slug: str = "", translations=None, **values) -> Version:
        """Create the open draft of an item, or change it; the item comes as `<owner_field>=`
        (a new one named `slug` when it is None), the version's fields as the other arguments.

        `translations` is {language: {field: text}}: the draft keeps exactly these rows.
        """
        self.require_editor(by)
        item = values.pop(self.owner_field)
        values, translations = self.clean(item=item, values=values, translations=translations)
        if item is None:
            if self.item_model.objects.filter(slug=slug).exists():
                raise WorkflowError(self.slug_taken)
            item = self.item_model.objects.create(slug=slug)
        item = self.item_model.objects.select_for_update().get(pk=item.pk)  # one draft only
        draft = item.versions.filter(state=DRAFT).first() or self.new_version(item, author=by)
        for field, value in values.items():
            setattr(draft, field, value)
        save_as(draft, by)
        if translations is not None:
            self._translations_save(draft, translations, by=by)
        self.audit("draft_saved", by=by, version=draft)
        return draft

    def _translations_save(self, draft: Version, translations: dict, *, by) -> None:
        existing = {row.language: row for row in draft.translations.all()}
        for language, texts in translations.items():
            row = existing.pop(language, None) or self.translation_model(
                version=draft, language=language
            )
            if row.pk is None or any(getattr(row, f) != texts[f] for f in self.translation_fields):
                for field in self.translation_fields:
                    setattr(row, field, texts[field])
                save_as(row, by)
        for row in existing.values():
            row._history_user = by
            row.delete()

    def contributors(self, version: Version) -> set[int]:
        """Ids of everyone who wrote or changed this version (author and every saved change)."""
        ids = {version.author_id}
        history = self.version_model.history.filter(id=version.id)
        ids |= set(history.values_list("history_user_id", flat=True))
        if self.translation_model is not None:
            rows = self.translation_model.history.filter(version_id=version.id)
            ids |= set(rows.values_list("history_user_id", flat=True))
        ids.discard(None)
        return ids

    def reviews_kept(self, version: Version, *, current: Version | None) -> dict[str, Review]:
        """The review marks `version` takes over: a language whose text is exactly the text
        reviewed in the published version (or in the version it was restored from)."""
        texts, kept = self.language_texts(version), {}
        for reference in (current, version.restored_from):
            if reference is None or reference.pk == version.pk:
                continue
            reference_texts = self.language_texts(reference)
            for language, review in self.review_marks(reference).items():
                if language not in kept and texts.get(language) == reference_texts.get(language):
                    kept[language] = review
        return {language: kept[language] for language in texts if language in kept}

    def language_reviews(self, version: Version) -> list[LanguageReview]:
        """Each language of the version with its review mark (editor pages)."""
        names, marks = dict(settings.LANGUAGES), self.review_marks(version)
        kept = {}
        if version.state == DRAFT:
            kept = self.reviews_kept(version, current=self.version_published(item=version.owner))
        return [
            LanguageReview(code, str(names.get(code, code)), marks.get(code), kept.get(code))
            for code in self.language_texts(version)
        ]

    def publish(self, version: Version, *, by, reviewed=()) -> None:
        """Archive the published version and publish this one (imports too: `by` is None).

        Languages in `reviewed` are marked as checked by `by` now; the others keep the mark of
        an identical text in the previous version, else have none.
        """
        current = (
            self.version_model.objects.select_for_update()
            .filter(**{f"{self.owner_field}_id": version.owner_id}, state=PUBLISHED)
            .first()
        )
        marks = self.reviews_kept(version, current=current)
        if by is not None:
            now = timezone.now()
            marks |= {
                language: Review(by_id=by.pk, at=now)
                for language in self.language_texts(version)
                if language in set(reviewed)
            }
        if current is not None:
            current.state = Version.State.ARCHIVED
            save_as(current, by, update_fields=["state", "updated_at"])
            self.on_archive(current)
        version.state = PUBLISHED
        version.published_by = by
        version.published_at = timezone.now()
        save_as(version, by)
        self.reviews_save(version, marks, by=by)
        self.on_publish(version, by=by)

    @transaction.atomic
    def version_publish(self, *, version: Version, by, reviewed=()) -> Version:
        """Publish a draft. Only a second editor may: not its author, nor anyone who changed it.

        `reviewed`: the languages whose text the publisher has checked."""
        self.require_editor(by)
        version = (
            self.version_model.objects.select_for_update()
            .select_related(self.owner_field)
            .get(pk=version.pk)
        )
        if version.state != DRAFT:
            raise WorkflowError(_("Only a draft can be published."))
        if by.pk in self.contributors(version):
            raise WorkflowError(
                _("You wrote or changed this draft. A second content editor has to publish it.")
            )
        self.check_publishable(version)
        self.publish(version, by=by, reviewed=reviewed)
        self.audit(
            "published", by=by, version=version, number=version.number,
            reviewed=sorted(self.review_marks(version)),
        )  # fmt: skip
        return version

    @transaction.atomic
    def version_restore(self, *, version: Version, by) -> Version:
        """Start a new draft with the content of an earlier version, for a second editor."""
        self.require_editor(by)
        item = self.item_model.objects.select_for_update().get(pk=version.owner_id)
        if item.versions.filter(state=DRAFT).exists():
            raise WorkflowError(self.open_draft)
        draft = self.new_version(
            item,
            author=by,
            restored_from=version,
            **{field: getattr(version, field) for field in self.content_fields},
        )
        self.restored(draft, version)
        save_as(draft, by)
        for row in version.translations.all() if self.translation_model else ():
            texts = {field: getattr(row, field) for field in self.translation_fields}
            save_as(self.translation_model(version=draft, language=row.language, **texts), by)
        self.audit("restored", by=by, version=draft, source=version.number)
        return draft

    @transaction.atomic
    def draft_discard(self, *, version: Version, by) -> Version:
        """Set an open draft aside; it stays in the history."""
        self.require_editor(by)
        version = (
            self.version_model.objects.select_for_update()
            .select_related(self.owner_field)
            .get(pk=version.pk)
        )
        if version.state != DRAFT:
            raise WorkflowError(_("Only a draft can be discarded."))
        version.state = Version.State.DISCARDED
        save_as(version, by, update_fields=["state", "updated_at"])
        self.audit("discarded", by=by, version=version)
        return version

    # --- editor reads (each refuses non-editors with a logged 404) ----------------------------

    def item_get_for_editor(self, *, user, slug: str) -> VersionedItem:
        editor_or_404(user, f"{self.name} {slug[:100]}")
        item = self.item_model.objects.filter(slug=slug).first()
        if item is None:
            logger.info("%s %r not found (editor)", self.name, slug[:100])
            raise Http404
        return item

    def version_get_for_editor(self, *, user, version_id: int) -> Version:
        editor_or_404(user, f"{self.name} version {version_id}")
        versions = self.version_model.objects.filter(pk=version_id).select_related(
            self.owner_field, "author", "published_by", "restored_from"
        )
        if self.translation_model is not None:
            versions = versions.prefetch_related("translations")
        version = versions.first()
        if version is None:
            logger.info("%s version %s not found", self.name, version_id)
            raise Http404
        return version

    def version_list_for_editor(self, *, user, item: VersionedItem) -> list[Version]:
        editor_or_404(user, f"versions of {self.name} {item.slug}")
        return list(item.versions.select_related("author", "published_by").order_by("-number"))

    def drafts_awaiting_publication(self, *, user) -> list[Version]:
        editor_or_404(user, f"{self.name} drafts")
        return list(
            self.version_model.objects.filter(state=DRAFT)
            .select_related(self.owner_field, "author")
            .order_by("-updated_at")
        )

    @staticmethod
    def version_published(*, item: VersionedItem) -> Version | None:
        return item.versions.filter(state=PUBLISHED).first()

    def version_to_edit(self, *, user, item: VersionedItem) -> Version | None:
        """What the edit form starts from: the open draft, else the published version."""
        editor_or_404(user, f"{self.name} {item.slug}")
        return item.versions.filter(state=DRAFT).first() or self.version_published(item=item)

    def version_diff(self, old: Version, new: Version) -> list[FieldDiff]:
        """The fields that changed from `old` to `new`, language by language."""
        return field_diffs(self.diff_fields(old), self.diff_fields(new))
