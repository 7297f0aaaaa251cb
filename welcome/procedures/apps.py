from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "welcome.procedures"
    verbose_name = _("Accelerated skilled-worker procedure")
