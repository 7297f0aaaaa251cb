"""FAQ entries and process guides, their versions and language rows, search feedback.

An FAQ entry is an identity (its slug); its content lives in versions. Editors write a *draft*
version; a second editor publishes it; the previous published version becomes *archived*. No
version is ever deleted, so every state of an entry can be compared and restored. The public
only ever sees the single published version of an entry.

Process guides follow the same workflow with one difference: a guide version keeps its whole
content as one JSON document, and publishing copies it into the live guide tables, which the
public pages read.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LANGUAGE_CHOICES = settings.LANGUAGES
# The order in which a missing translation falls back: the reader's language, English, German.
FALLBACK_LANGUAGES = ("en", "de")


class Audience(models.TextChoices):
    WORKERS = "workers", _("Skilled workers")
    EMPLOYERS = "employers", _("Employers")
    YOUNG_PEOPLE = "young_people", _("Young people")


class RoadmapStep(models.TextChoices):
    """The steps of the pathway check's roadmap; guide steps link to them by key."""

    RECOGNITION = "recognition", _("Recognition of the qualification")
    PRACTICE_PERMIT = "practice_permit", _("Professional practice permit")
    ACCELERATED_PROCEDURE_AGREEMENT = (
        "accelerated_procedure_agreement",
        _("Agreement for the accelerated procedure"),
    )
    BA_APPROVAL = "ba_approval", _("Approval of the Federal Employment Agency")
    VISA = "visa", _("Visa")
    ENTRY_REGISTRATION = "entry_registration", _("Entry and registration of address")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")


class VersionedItem(models.Model):
    """An item of versioned content (FAQ entry, process guide …): its identity is a stable slug,
    the name in its public URL; its content lives in versions (a concrete `Version` subclass)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Version(models.Model):
    """The workflow half of one version of an item; each content type adds its own fields.

    A concrete subclass declares `owner_field` (the name of its ForeignKey to the item, with
    related_name="versions") and `Meta.constraints = version_constraints(...)`: at most one
    published and one open draft per item, and a version published by someone other than its
    author (four-eyes principle; imports have no author). welcome.knowledge.workflow runs it.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived (replaced by a newer version)")
        DISCARDED = "discarded", _("Discarded draft")

    owner_field: str = ""

    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.owner.slug} v{self.number} ({self.state})"

    @property
    def owner(self) -> VersionedItem:
        return getattr(self, self.owner_field)

    @property
    def owner_id(self) -> int:
        return getattr(self, f"{self.owner_field}_id")


class ReviewMark(models.Model):
    """Who checked a text in one language, and when; empty: nobody has (an import, or the text
    changed since). The editors' publish step sets it (welcome.knowledge.workflow)."""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


def version_constraints(owner: str, prefix: str) -> list:
    """The database's half of the workflow's invariants, named `<prefix>…` (existing names kept)."""
    return [
        models.UniqueConstraint(fields=[owner, "number"], name=f"{prefix}version_number"),
        models.UniqueConstraint(
            fields=[owner], condition=Q(state="published"), name=f"{prefix}one_published_version"
        ),
        models.UniqueConstraint(
            fields=[owner], condition=Q(state="draft"), name=f"{prefix}one_open_draft"
        ),
        models.CheckConstraint(
            name=f"{prefix}published_by_a_second_person",
            condition=Q(author__isnull=True)
            | Q(published_by__isnull=True)
            | ~Q(published_by=F("author")),
        ),
    ]


class Entry(VersionedItem):
    """An FAQ entry across all its versions, named by a stable slug used in its public URL."""

    published_version = models.ForeignKey(
        "EntryVersion",
        verbose_name=_("published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta(VersionedItem.Meta):
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")


class EntryVersion(Version):
    """One version of an FAQ entry: its metadata, with the text in per-language rows."""

    owner_field = "entry"

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="versions"
    )
    topic = models.CharField(_("topic"), max_length=80)
    # One or more Audience values, comma-separated ("employers,workers"): none is a substring
    # of another, so `audience__contains` filters exactly.
    audience = models.CharField(_("audience"), max_length=60)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("The § or the official source of the answer.")
    )
    reviewed_on = models.DateField(_("last reviewed"))
    popular = models.BooleanField(_("popular"), default=False)
    note = models.CharField(_("change note"), max_length=300, blank=True)
    # Hash of the YAML content this version was imported from (load_knowledge), else empty.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_id", "-number"]
        verbose_name = _("FAQ entry version")
        verbose_name_plural = _("FAQ entry versions")
        constraints = version_constraints("entry", "knowledge_")
        indexes = [
            # The FAQ's topics: each topic's published entries, popular first (selectors).
            models.Index(
                fields=["topic", "-popular", "entry"],
                name="knowledge_published_by_topic",
                condition=Q(state="published"),
            ),
        ]

    @property
    def audiences(self) -> list[str]:
        return [a for a in self.audience.split(",") if a]

    def get_audience_display(self) -> str:
        labels = dict(Audience.choices)
        return ", ".join(str(labels.get(a, a)) for a in self.audiences)


class EntryTranslation(ReviewMark):
    """The question and answer (Markdown) of one entry version in one language.

    `vector` holds the multilingual sentence embedding (float32 × 512) computed at publication.
    """

    version = models.ForeignKey(
        EntryVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown: **bold**, lists, links."))
    vector = models.BinaryField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["vector"])

    class Meta:
        ordering = ["version_id", "language"]
        verbose_name = _("FAQ translation")
        verbose_name_plural = _("FAQ translations")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="knowledge_one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.question}"


class SearchDocument(models.Model):
    """PostgreSQL's full-text row of a published translation (SQLite keeps its FTS5 table).

    Question weight A, answer weight B, stemmed with the language's configuration; a partial GIN
    index per language (migration 0003). A table of its own because ranking reads the vector of
    every matching row: beside the answers and sentence vectors of EntryTranslation that read
    three times as many pages (10,000 entries: 14 → 5 ms per query).
    """

    translation = models.OneToOneField(
        EntryTranslation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    language = models.CharField(max_length=5)
    document = SearchVectorField()

    def __str__(self) -> str:
        return f"{self.language}: {self.translation_id}"


class IndexStamp(models.Model):
    """A token that changes whenever the published set changes.

    Every process keeps its search caches (embedding matrix, vocabulary) until the token differs.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index stamp")

    def __str__(self) -> str:
        return self.token


class Guide(VersionedItem):
    """A process guide: the steps of a procedure, each linked to a roadmap step of the check."""

    source = models.CharField(_("source"), max_length=500)
    reviewed_on = models.DateField(_("last reviewed"))
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta(VersionedItem.Meta):
        verbose_name = _("process guide")
        verbose_name_plural = _("process guides")


class GuideTranslation(ReviewMark):
    """Title and summary of a guide in one language; its review mark covers the steps' text in
    that language too (a guide is written and published as one document)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["guide_id", "language"]
        verbose_name = _("guide translation")
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "language"], name="knowledge_one_guide_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class GuideStep(models.Model):
    """One step of a guide, linked by key to a step of the pathway check's roadmap."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    roadmap_step = models.CharField(
        _("roadmap step"), max_length=40, choices=RoadmapStep.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["guide_id", "position"]
        verbose_name = _("guide step")
        constraints = [
            models.UniqueConstraint(fields=["guide", "position"], name="knowledge_step_position"),
        ]

    def __str__(self) -> str:
        return f"{self.guide.slug} #{self.position} {self.roadmap_step}"


class GuideStepTranslation(models.Model):
    """Title and body (Markdown) of a guide step in one language."""

    step = models.ForeignKey(GuideStep, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["step_id", "language"]
        verbose_name = _("guide step translation")
        constraints = [
            models.UniqueConstraint(
                fields=["step", "language"], name="knowledge_one_step_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class GuideVersion(Version):
    """One version of a process guide: its whole content in the shape of one YAML item.

    `content` is {slug, source, reviewed_on, title: {lang: text}, summary: {lang: text},
    steps: [{roadmap_step, title: {lang: text}, body: {lang: markdown}}]}. Publishing copies it
    into Guide, GuideTranslation, GuideStep and GuideStepTranslation (what the public reads).
    """

    owner_field = "guide"

    guide = models.ForeignKey(
        Guide, verbose_name=_("process guide"), on_delete=models.PROTECT, related_name="versions"
    )
    content = models.JSONField(_("content"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["guide_id", "-number"]
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        constraints = version_constraints("guide", "knowledge_guide_")


class GuideVersionReview(ReviewMark):
    """The review mark of one language of a guide version (its text is in the version's JSON);
    publishing copies it onto the live GuideTranslation."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="reviews")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)

    class Meta:
        ordering = ["version_id", "language"]
        verbose_name = _("guide translation review")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="knowledge_one_guide_review_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.language}"


class EntryFeedback(models.Model):
    """Counts of "helpful" / "not helpful" per entry and reading language. No personal data."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    helpful = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful = models.PositiveIntegerField(_("not helpful"), default=0)

    class Meta:
        verbose_name = _("entry feedback")
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="knowledge_feedback_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.language} +{self.helpful} -{self.not_helpful}"


class SearchGap(models.Model):
    """A normalised search query in one language that found nothing or whose answer did not
    help — a gap for the editors to fill. Only counts are kept: no address, no user."""

    query = models.CharField(_("search query"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    no_result = models.PositiveIntegerField(_("searches without result"), default=0)
    not_helpful = models.PositiveIntegerField(_("answers marked not helpful"), default=0)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("search gap")
        verbose_name_plural = _("search gaps")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="knowledge_gap_once"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.query}"
