"""The Region's youth programmes: organisations, and programmes as versioned content.

A programme is an identity (its slug) whose content lives in versions, run by the one editor
workflow of welcome.knowledge.workflow: a draft, published by a second editor; the previous
version is archived, never deleted. `Programme.published_version` is what the public sees, and
what a referral (next step) will point at: the programme, and the version the person saw.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from welcome.knowledge.models import Version, VersionedItem, version_constraints
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
        ordering = ["programme", "-number"]
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


class ProgrammeTranslation(models.Model):
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
        ordering = ["version", "language"]
        verbose_name = _("youth programme text")
        verbose_name_plural = _("youth programme texts")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="youth_one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"
