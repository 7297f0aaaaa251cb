"""The Region's youth programmes: organisations, and programmes as versioned content.

A programme is an identity (its slug) whose content lives in versions, run by the one editor
workflow of welcome.knowledge.workflow: a draft, published by a second editor; the previous
version is archived, never deleted. `Programme.published_version` is what the public sees, and
what a referral (next step) will point at: the programme, and the version the person saw.

A referral (`Referral`) is a young person's request to a programme, worked in the inbox of the
organisation's institution. Like a case it keeps no personal data itself — that is in
`ReferralPerson`, erased after the retention period or when the person withdraws — so the row
stays as an anonymous stub for the Region's figures.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from welcome.knowledge.models import ReviewMark, Version, VersionedItem, version_constraints
from welcome.youth.finder import School, TrainingPlace

AGES = [MinValueValidator(10), MaxValueValidator(40)]


class Organisation(models.Model):
    """A body that runs youth programmes (youth employment agency, youth workshop, chamber …)."""

    class Kind(models.TextChoices):
        YOUTH_EMPLOYMENT_AGENCY = "youth_employment_agency", _("Youth employment agency")
        PRO_AKTIV_CENTER = "pro_aktiv_center", _("Pro-Aktiv-Center")
        YOUTH_WORKSHOP = "youth_workshop", _("Youth workshop")
        CHAMBER = "chamber", _("Chamber")
        PROVIDER = "provider", _("Programme provider")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("An invented example, not a real body.")
    )
    # Where referrals to its programmes go: the institution its staff accounts belong to.
    # Empty: the organisation is not on the platform; its programmes show their contact only.
    institution = models.OneToOneField(
        "region.Institution",
        verbose_name=_("referral inbox"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youth_organisation",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Programme(VersionedItem):
    """A youth programme across all its versions, named by a stable slug."""

    published_version = models.ForeignKey(
        "ProgrammeVersion",
        verbose_name=_("published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta(VersionedItem.Meta):
        verbose_name = _("youth programme")
        verbose_name_plural = _("youth programmes")


class ProgrammeVersion(Version):
    """One version of a programme: whom it is for, where, what it offers; texts per language."""

    owner_field = "programme"

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="versions"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), validators=AGES)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), validators=AGES)
    # School statuses (finder.School values) the programme is for; empty: any.
    school_statuses = models.JSONField(_("school status"), default=list, blank=True)
    training_place = models.CharField(
        _("training place"),
        max_length=10,
        choices=[
            (TrainingPlace.ANY, _("With or without a training place")),
            (TrainingPlace.WITHOUT, _("For young people without a training place")),
            (TrainingPlace.WITH, _("For young people in training")),
        ],
        default=TrainingPlace.ANY,
    )
    newly_arrived = models.BooleanField(_("for young people new in Germany"), default=False)
    language_support = models.BooleanField(_("German language support"), default=False)
    single_parents = models.BooleanField(_("for single parents"), default=False)
    housing = models.BooleanField(_("help with housing problems"), default=False)
    training_related = models.BooleanField(
        _("training-related"),
        default=False,
        help_text=_("Helps to find, prepare for or keep a training place."),
    )
    # Names of the Region's municipalities served (welcome/region/data/region.yaml).
    municipalities = models.JSONField(_("municipalities served"), default=list)
    reachability = models.CharField(_("how to get there"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    start_dates = models.CharField(_("start dates"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    free_places = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("An invented example, not a real offer.")
    )
    note = models.CharField(_("change note"), max_length=300, blank=True)
    # Hash of the demo content this version was loaded from (load_youth_demo), else empty.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme_id", "-number"]
        verbose_name = _("youth programme version")
        verbose_name_plural = _("youth programme versions")
        constraints = [
            *version_constraints("programme", "youth_"),
            models.CheckConstraint(
                name="youth_age_range", condition=models.Q(min_age__lte=models.F("max_age"))
            ),
        ]

    @property
    def schools(self) -> list[School]:
        return [School(s) for s in self.school_statuses]


class ProgrammeTranslation(ReviewMark):
    """The title and what the programme offers (description), in one language.

    German is written in plain language (Leichte Sprache): short sentences, one idea each.
    """

    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it offers"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "language"]
        verbose_name = _("youth programme text")
        verbose_name_plural = _("youth programme texts")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="youth_one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class Referral(models.Model):
    """A young person's request to a programme, in the inbox of the organisation running it.

    No personal data here (see `ReferralPerson`): after erasure the row stays for the figures —
    programme, municipality, the dates of each status — and nothing in it names the person.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        CONTACTED = "contacted", _("Contacted")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    class Sender(models.TextChoices):
        YOUNG_PERSON = "young_person", _("The young person")
        ADVISER = "adviser", _("An adviser, with the young person's consent")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    # Named by the young person's private link (signed, see youth.tokens); never shown.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="referrals"
    )
    # The version the person read when they sent it: what they were promised.
    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    inbox = models.ForeignKey(
        "region.Institution",
        verbose_name=_("inbox"),
        on_delete=models.PROTECT,
        related_name="youth_referrals",
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    sent_by = models.CharField(_("sent by"), max_length=20, choices=Sender.choices)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    referred_at = models.DateTimeField(_("sent"))
    # The day each status was reached, as the programme's staff recorded it (for the figures).
    contacted_on = models.DateField(_("first contact"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("completed or dropped out"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"))
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # Each e-mail once (youth.notifications claims the row): the young person's confirmation
    # (only where they gave an address) and the notice to the programme's staff.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    inbox_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-referred_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["inbox", "status", "-referred_at"], name="youth_referral_inbox"),
            models.Index(fields=["referred_at"], name="youth_referral_month"),
            models.Index(
                fields=["last_activity_at"],
                name="youth_referral_retention",
                condition=models.Q(erased_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ReferralPerson(models.Model):
    """PERSONAL DATA: who the referral is for, how to reach them, and the consent they gave.

    Deleted on erasure; shown only to the staff of the referral's inbox, every read audited.
    """

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="person")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    age = models.PositiveSmallIntegerField(_("age"))
    school = models.CharField(_("school"), max_length=30)
    has_training_place = models.BooleanField(_("has a training place"), default=False)
    message = models.TextField(_("message"), blank=True)
    adviser_name = models.CharField(_("adviser"), max_length=200, blank=True)
    adviser_organisation = models.CharField(_("adviser's organisation"), max_length=200, blank=True)
    adviser_contact = models.CharField(_("adviser's phone or e-mail"), max_length=200, blank=True)
    # The consent as given: the very words shown (in the language of the form), when, and how
    # an adviser recorded the young person's agreement.
    consent_text = models.TextField(_("consent given"))
    consent_given_at = models.DateTimeField(_("consent given on"))
    consent_recorded_how = models.CharField(
        _("how the consent was recorded"), max_length=200, blank=True
    )
    guardian_consent = models.BooleanField(_("a parent or guardian agreed"), default=False)

    class Meta:
        verbose_name = _("referred person")
        verbose_name_plural = _("referred persons")

    def __str__(self) -> str:
        return self.name


class ReferralStatusChange(models.Model):
    """One step of a referral's history: the status, the day it happened, who recorded it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=20, choices=Referral.Status.choices)
    on = models.DateField(_("on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")

    def __str__(self) -> str:
        return f"{self.referral} {self.status} {self.on}"


class TrainingOffer(models.Model):
    """Training places (Ausbildungsplätze) a company offers, shown to young people in the finder
    — to newcomers who came for vocational training (§ 16a AufenthG) first. Listed only while
    the company is verified by the Welcome Center and the offer has places."""

    company = models.ForeignKey(
        "accounts.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="training_offers",
    )
    occupation = models.CharField(_("occupation"), max_length=200)
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    starts = models.CharField(_("start"), max_length=100)
    municipality = models.CharField(_("municipality"), max_length=100)
    newcomers_welcome = models.BooleanField(
        _("young people from abroad are welcome (§ 16a AufenthG)"), default=True
    )
    contact = models.CharField(_("how to apply"), max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["occupation", "id"]
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")

    def __str__(self) -> str:
        return f"{self.company}: {self.occupation}"
