"""``{{ code|occupation_title }}``: an ISCO-08 unit group's title in the reader's language, so a
page that records a code shows what it means (HR staff and case workers do not read codes)."""

from django import template
from django.utils.translation import get_language

from welcome.occupations import catalogue

register = template.Library()


@register.filter
def occupation_title(isco: str | None) -> str:
    """The title in the active language (else English); "" for no code or an unknown one."""
    return catalogue.title_of(isco, get_language() or "de")
