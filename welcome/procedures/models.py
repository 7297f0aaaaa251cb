"""The accelerated skilled-worker procedure (§ 81a AufenthG): applications, family members,
documents with their review state, the steps taken (the transition log) and running deadlines.

PERSONAL DATA: the worker's and family members' details and the documents. Steps and deadlines
hold dates, states and institution ids only, so statistics never read personal data.
States change only through `services.application_transition` (table in `machine.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from welcome.procedures.machine import State


class Application(models.Model):
    """One § 81a procedure a company runs for a named worker (and family applying together)."""

    class Mode(models.TextChoices):
        PLATFORM = "platform", _("The authority works in this platform")
        RECORDED = "recorded", _("The authority works elsewhere; its notices are recorded here")

    class RecognitionBody(models.TextChoices):
        NONE = "", _("No recognition needed")
        IHK_FOSA = "ihk-fosa", _("IHK FOSA (Nuremberg)")
        HWK = "hwk-hannover", _("Handwerkskammer Hannover")
        ZAB = "zab", _("ZAB (statement of comparability)")
        STATE_BODY = "state-body", _("State body for the regulated profession")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    company = models.ForeignKey(
        "accounts.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(_("step"), max_length=30, choices=State.choices, default=State.DRAFT)
    # Raised by every transition; a transition applies only to the version it was decided on.
    version = models.PositiveIntegerField(default=0)
    state_since = models.DateField(_("in this step since"))
    paused_from = models.CharField(max_length=30, choices=State.choices, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, blank=True)
    pre_checker = models.ForeignKey(
        "region.Institution",
        verbose_name=_("pre-check by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pre_checked_applications",
    )
    authority = models.ForeignKey(
        "region.Institution",
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
    )
    # What the law needs to know to plan the path (from the pathway check on the worker's facts).
    title = models.CharField(_("residence title"), max_length=40, blank=True)
    profile = models.JSONField(_("facts for the pathway check"), default=dict, blank=True)
    needs_recognition = models.BooleanField(_("recognition needed"), default=True)
    needs_ba_approval = models.BooleanField(_("BA approval needed"), default=True)
    recognition_body = models.CharField(
        _("recognition body"),
        max_length=20,
        choices=RecognitionBody.choices,
        blank=True,
    )
    # PERSONAL DATA of the worker.
    worker_name = models.CharField(_("worker's name"), max_length=200)
    worker_email = models.EmailField(_("worker's e-mail"), blank=True)
    worker_language = models.CharField(_("worker's language"), max_length=10, default="en")
    worker_nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    worker_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    occupation_isco = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    # Power of attorney: a signed PDF uploaded, or the worker's confirmation by e-mailed link.
    power_of_attorney_confirmed_at = models.DateTimeField(null=True, blank=True)
    fee_eur = models.DecimalField(_("fee"), max_digits=8, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    closed_on = models.DateField(_("ended on"), null=True, blank=True)
    # The address the employer used, for links in e-mails sent later by background jobs.
    site_url = models.URLField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("application (§ 81a)")
        verbose_name_plural = _("applications (§ 81a)")
        indexes = [
            models.Index(fields=["company", "-updated_at", "-id"], name="proc_company_recent"),
            models.Index(fields=["company", "state"], name="proc_company_state"),
            models.Index(fields=["authority", "state"], name="proc_authority_state"),
            models.Index(fields=["pre_checker", "state"], name="proc_prechecker_state"),
            # Statistics: applications filed, and procedures closed, in a period.
            models.Index(
                fields=["filed_on"],
                name="proc_filed_stats",
                include=["state", "occupation_isco", "worker_nationality"],
            ),
            models.Index(
                fields=["state", "closed_on"], name="proc_closed_stats", include=["filed_on"]
            ),
            # Retention: ended procedures whose personal data is still held.
            models.Index(
                fields=["closed_on"], name="proc_retention", condition=Q(erased_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class FamilyMember(models.Model):
    """PERSONAL DATA: a spouse or minor child applying together (§ 81a Abs. 1 AufenthG)."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or registered partner")
        CHILD = "child", _("Minor child")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="family_members"
    )
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    birth_date = models.DateField(_("date of birth"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        return f"{self.application} {self.relation}"


class Document(models.Model):
    """PERSONAL DATA: one uploaded version of a checklist document, with its review state.

    ``key`` is a `welcome.law.documents` key (power_of_attorney, passport_copy …). A new upload
    of the same key (for the same person) is a new version; the newest version's state counts.
    """

    class Review(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PRE_CHECKED = "pre_checked", _("Pre-checked")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    key = models.CharField(_("document"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    review = models.CharField(
        _("state"), max_length=20, choices=Review.choices, default=Review.UPLOADED
    )
    reason = models.TextField(_("reason"), blank=True)
    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("procedure document")
        verbose_name_plural = _("procedure documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "family_member", "key", "version"],
                name="proc_one_version_per_document",
            ),
            models.CheckConstraint(
                name="proc_rejection_has_reason",
                condition=~Q(review="rejected") | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.key} v{self.version}"


class Step(models.Model):
    """One transition taken: from which state to which, on which day, recorded by whom.

    ``on`` is the day of the event (for a recorded notice, the notice's date), which drives the
    deadlines; ``days`` is how long the application stayed in ``from_state`` and ``waiting_for``
    who was expected to act meanwhile (machine.WAITING_FOR) — the statistics read these.
    """

    class Source(models.TextChoices):
        PLATFORM = "platform", _("In the platform")
        NOTICE = "notice", _("Recorded from the authority's notice")
        EMPLOYER_NOTICE = "employer_notice", _("Notice uploaded by the employer")
        SYSTEM = "system", _("Automatic (statutory fiction)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, choices=State.choices)
    to_state = models.CharField(max_length=30, choices=State.choices)
    outcome = models.CharField(max_length=20, blank=True)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        "region.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    waiting_for = models.CharField(max_length=20, blank=True)
    acting_body = models.CharField(max_length=40, blank=True)
    days = models.PositiveIntegerField(default=0)
    within_deadline = models.BooleanField(null=True)
    note = models.TextField(_("note"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)  # claimed before e-mails go out

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        indexes = [
            models.Index(fields=["application", "at", "id"], name="proc_step_timeline"),
            # Statistics and forecasts: a phase's durations at one body, newest first.
            models.Index(fields=["from_state", "acting_body", "-on"], name="proc_step_phase"),
            # Statistics count the steps of a period from this index alone (PostgreSQL
            # INCLUDE; elsewhere a plain index on the date).
            models.Index(
                fields=["on"],
                name="proc_step_on_stats",
                include=[
                    "transition",
                    "acting_body",
                    "from_state",
                    "waiting_for",
                    "days",
                    "within_deadline",
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.from_state} → {self.to_state}"


class Deadline(models.Model):
    """A statutory deadline running on an application (see `welcome.law.deadlines`).

    Open while ``met_on`` is empty; paused while ``paused_since`` is set (documents missing).
    ``due_on`` is recomputed from the start, the period and the paused days on every resume.
    ``reminded_at`` / ``escalated_at`` are claimed by the jobs before they notify, so nothing
    is sent twice.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField(_("deadline"), max_length=30)
    started_on = models.DateField(_("started"))
    due_on = models.DateField(_("due"))
    citation = models.CharField(max_length=120)
    paused_since = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "step"],
                condition=Q(met_on__isnull=True),
                name="proc_one_open_deadline_per_step",
            )
        ]
        indexes = [
            # The sweep: running deadlines by due date (only open, unpaused ones are read).
            models.Index(
                fields=["due_on"],
                name="proc_deadline_running",
                condition=Q(met_on__isnull=True, paused_since__isnull=True),
            ),
            # Escalations read only what is still to be told: a deadline leaves this index once
            # escalated, so a million overdue ones cost nothing on the next run. Reminders need no
            # such index (their range is a few days of proc_deadline_running), and `reminded_at`
            # in no index lets PostgreSQL claim reminders as HOT updates (fillfactor, migration
            # 0005): no index is written for tens of thousands of claims a morning.
            models.Index(
                fields=["due_on"],
                name="proc_deadline_to_escalate",
                condition=Q(
                    met_on__isnull=True, paused_since__isnull=True, escalated_at__isnull=True
                ),
            ),
            models.Index(
                fields=["step", "due_on"],
                name="proc_deadline_step_running",
                condition=Q(met_on__isnull=True, paused_since__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.step} {self.due_on}"

    @property
    def within(self) -> bool | None:
        return None if self.met_on is None else self.met_on <= self.due_on
