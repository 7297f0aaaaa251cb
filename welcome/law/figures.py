"""What each dated figure is called in a sentence, and how its value reads.

A rule that lacks a figure must say which one ("the Blue Card salary threshold for 2027"), and
a text that quotes a figure must take it from the parameters, not from prose typed once.
"""

from __future__ import annotations

from typing import Any

from .i18n import Message, Money, _
from .parameters import Figure

LABELS = {
    "blue_card_standard_salary": _("the Blue Card salary threshold"),
    "blue_card_reduced_salary": _("the reduced Blue Card salary threshold"),
    "experienced_professional_salary": _("the salary threshold for experienced professionals"),
    "age_45_salary": _("the salary threshold from the age of 45"),
    "opportunity_card_means_of_subsistence": _("the monthly living costs for the opportunity card"),
}


def label(name: str) -> Message:
    return Message(LABELS.get(name, name))


def amount(figure: Figure) -> Any:
    """The value as a message parameter: euros as Money, so each language formats them."""
    return Money.of(figure.value) if figure.unit.startswith("EUR") else figure.value
