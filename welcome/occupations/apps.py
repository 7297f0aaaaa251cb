from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupationsConfig(AppConfig):
    name = "welcome.occupations"
    verbose_name = _("Occupations")
