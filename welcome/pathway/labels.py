"""A title's name and a status in words, in the active language: what every page that shows a
check's result says the same way (the result page, the case page, the employer's application)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from welcome.law import TITLE_NAMES
from welcome.pathway.check import render

STATUS = {
    "eligible": (_("Eligible"), "✓"),
    "possible": (_("Possibly eligible – some facts are missing or still open"), "?"),
    "not_eligible": (_("Not eligible"), "✗"),
}


def title_name(key: str | None) -> str:
    if key in TITLE_NAMES:
        return render(TITLE_NAMES[key])
    return key or ""
