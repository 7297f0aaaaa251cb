from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """A partner institution of the service centre (or an external authority such as the
    Zentralstelle). Mirrors data/region.yaml so users, cases and inboxes can refer to it."""

    class Kind(models.TextChoices):
        SERVICE_CENTRE = "service_centre", _("Service centre")
        ABH = "abh", _("Foreigners' authority")
        CHAMBER = "chamber", _("Chamber")
        LABOUR_AGENCY = "labour_agency", _("Employment agency")
        JOBCENTER = "jobcenter", _("Jobcenter")
        CENTRAL_OFFICE = "central_office", _("Central office")
        # A body running youth programmes; its staff see only the referrals to its programmes.
        YOUTH_PROGRAMME = "youth_programme", _("Youth programme provider")

    id = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    external = models.BooleanField(_("external"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.short_name
