"""The shared back office: cases, the person behind them, consents, notes, documents, timeline.

Personal data lives in `Person`, `Note`, `Document` (and the stored files) — never in `Case` or
`Event`, so retention can erase it while an anonymous `Case` stub stays for statistics.
Permission rules live in selectors.py, writes in services.py.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from welcome.cases.vocabulary import Channel, Purpose, RequesterKind, Topic


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL only.

    SQLite has no GIN indexes; there the note search falls back to a plain scan (icontains), which
    is fine for the embedded profile. A no-op statement keeps the generated migration portable.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return "SELECT 1"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return "SELECT 1"
        return super().remove_sql(model, schema_editor, **kwargs)


# Full-text search configuration: "simple" because notes are written in several languages.
SEARCH_CONFIG = "simple"


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (WC-2026-000123); locked while counting."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(models.Model):
    """One request of a worker or an employer, handled in the inbox of one institution at a time.

    Holds no personal data itself (that is in `Person`, notes and documents), so the row can stay
    as an anonymous statistics stub after erasure (`erased_at`).
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting")
        HANDED_OVER = "handed_over", _("Handed over")
        CLOSED = "closed", _("Closed")

    class Triage(models.TextChoices):
        """How a public request passed the Welcome Center's front door ("" = routed directly)."""

        PENDING = "pending", _("Awaiting triage")
        ACCEPTED = "accepted", _("Proposal accepted")
        REDIRECTED = "redirected", _("Handed to another institution")
        PASSED_THROUGH = "passed_through", _("Passed through by rule")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    requester_kind = models.CharField(_("requester"), max_length=10, choices=RequesterKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    inbox = models.ForeignKey(
        "region.Institution",
        verbose_name=_("inbox"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    language = models.CharField(_("language"), max_length=10)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    occupation_isco = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    competent_authority = models.CharField(
        _("competent authority"),
        max_length=40,
        blank=True,
        help_text=_("Where the matter is finally decided, if not the inbox (e.g. § 81a)."),
    )
    # The routing proposal and why (rule code and the codes that decided, e.g. the municipality):
    # routing decisions are data, not personal data, so they stay with the anonymous stub.
    proposed_inbox = models.ForeignKey(
        "region.Institution",
        verbose_name=_("proposed inbox"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal_rule = models.CharField(_("routing rule"), max_length=40, blank=True)
    proposal_details = models.JSONField(_("facts that decided"), default=dict, blank=True)
    triage = models.CharField(
        _("triage"), max_length=20, choices=Triage.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The inbox list: one institution, newest activity first (keyset pagination).
            models.Index(fields=["inbox", "-last_activity_at", "-id"], name="cases_inbox_activity"),
            models.Index(
                fields=["inbox", "status", "-last_activity_at", "-id"],
                name="cases_inbox_status_activity",
            ),
            # Case workers filter by the languages they speak; a rare language must not mean
            # walking the whole inbox.
            models.Index(
                fields=["inbox", "language", "-last_activity_at", "-id"],
                name="cases_inbox_lang_activity",
            ),
            models.Index(
                fields=["assignee", "-last_activity_at", "-id"], name="cases_assignee_activity"
            ),
            # Retention: inactive cases not yet erased.
            models.Index(
                fields=["last_activity_at"],
                name="cases_retention",
                condition=Q(erased_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Person(models.Model):
    """PERSONAL DATA: who asked and what they told us (incl. the carried-over pathway profile).

    Deleted on erasure. Shown only to institutions the person consented for.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="person")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    summary = models.TextField(_("request"), blank=True)
    data = models.JSONField(_("data carried over"), default=dict, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.name or str(self.case)


class Consent(models.Model):
    """The person agreed that `institution` may use their data for `purpose`.

    Active while `withdrawn_at` is empty; a withdrawal takes effect with the next request, since
    every read checks active consents.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    institution = models.ForeignKey(
        "region.Institution", verbose_name=_("institution"), on_delete=models.PROTECT
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "institution", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_institution_and_purpose",
            )
        ]
        indexes = [models.Index(fields=["case", "institution"], name="cases_consent_lookup")]

    def __str__(self) -> str:
        return f"{self.case} {self.institution_id} {self.purpose}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Handover(models.Model):
    """A case moved from one institution's inbox to another's, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, related_name="+"
    )
    to_institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        indexes = [models.Index(fields=["from_institution", "case"], name="cases_handover_from")]

    def __str__(self) -> str:
        return f"{self.case} {self.from_institution_id} → {self.to_institution_id}"


class Note(models.Model):
    """PERSONAL DATA: a case worker's note on a case. Full-text searchable; deleted on erasure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [
            PostgresGinIndex(SearchVector("text", config=SEARCH_CONFIG), name="cases_note_fts"),
        ]

    def __str__(self) -> str:
        return f"{self.case} note {self.pk}"


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    CV = "cv", _("CV (tabular, in German)")
    QUALIFICATION = "qualification", _("Qualification certificate")
    TRANSCRIPT = "transcript", _("Transcript of records")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract or job offer")
    EMPLOYMENT_DECLARATION = (
        "employment_declaration",
        _("Declaration of employment (Erklärung zum Beschäftigungsverhältnis)"),
    )
    RECOGNITION_NOTICE = "recognition_notice", _("Recognition notice or ZAB statement")
    LANGUAGE_CERTIFICATE = "language_certificate", _("Language certificate")
    REFERENCES = "references", _("References from employers")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
    PRACTICE_PERMIT = "practice_permit", _("Professional practice permit")
    PHOTO = "photo", _("Biometric photo")
    HEALTH_INSURANCE = "health_insurance", _("Proof of health insurance")
    REGISTRATION = "registration", _("Registration of address")
    OTHER = "other", _("Other document")


class Document(models.Model):
    """PERSONAL DATA: one version of an uploaded document of a kind (a new upload = new version).

    The file sits on the default storage under a random name; `original_name` is sanitised.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"], name="one_document_version_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} v{self.version}"


class Event(models.Model):
    """One entry of a case's timeline. Details hold ids and codes, never personal data."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        ROUTED = "routed", _("Routed")
        ASSIGNED = "assigned", _("Assigned")
        TAKEN = "taken", _("Taken")
        NOTE = "note", _("Note added")
        HANDOVER = "handover", _("Handed over")
        CONSENT_GIVEN = "consent_given", _("Consent given")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        DOCUMENT_UPLOADED = "document_uploaded", _("Document uploaded")
        STATUS_CHANGED = "status_changed", _("Status changed")
        EXPORTED = "exported", _("Data exported")
        ERASED = "erased", _("Personal data erased")
        LETTER = "letter", _("Letter")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["case", "at", "id"], name="cases_event_timeline")]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class Notification(models.Model):
    """A notice to one staff member about a case: new in the inbox, handed over to them, assigned
    to them, or overdue. Holds the case and a kind, never personal data; shown in the in-app list
    and, for those who asked for it, in a daily e-mail digest (notices.py)."""

    class Kind(models.TextChoices):
        NEW_CASE = "new_case", _("New case in your inbox")
        HANDOVER = "handover", _("Case handed over to your institution")
        ASSIGNED = "assigned", _("Case assigned to you")
        OVERDUE = "overdue", _("Case overdue")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("notification"), max_length=20, choices=Kind.choices)
    # Overdue notices name the due date they are about: one notice per case and due date.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sent by e-mail"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="cases_notice_list"),
            models.Index(
                fields=["recipient"],
                name="cases_notice_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient"],
                name="cases_notice_digest",
                condition=Q(read_at__isnull=True, emailed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "case", "due_on"],
                condition=Q(kind="overdue"),
                name="one_overdue_notice_per_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.case_id}"
