from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Statistics of the § 81a procedure: reads finished steps only, publishes no personal data."""

    name = "welcome.insights"
    verbose_name = _("Statistics")
