"""What each dated figure is called in a sentence, and how its value reads.

A rule that lacks a figure must say which one ("the Blue Card salary threshold for 2027"), and
a text that quotes a figure must take it from the parameters, not from prose typed once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from . import parameters
from .i18n import Localize, Message, Money, Translate, _, identity, localize_default
from .parameters import Figure, FigureNotPublished, ParameterError

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


# In content and help texts a figure of the law is written as a token, never as typed prose:
# [[blue_card_standard_salary]] is the figure in force on the reader's day, in their language;
# [[blue_card_standard_salary.year]] the year it is set for. 1 January changes them all.
# [[opportunity_card_language_minimum.english]] picks one value of a figure that is a mapping.
# [[history:blue_card_standard_salary]] is its table by year (a Markdown table, alone on its line).
TOKEN = re.compile(
    r"\[\[(?:(?P<history>history):)?(?P<name>[a-z0-9_]+)(?:\.(?P<key>[a-z0-9_]+))?\]\]"
)


def tokens(text: str) -> list[str]:
    """The parameter names a text refers to."""
    return [match.group("name") for match in TOKEN.finditer(text or "")]


def history(
    name: str, on: date, translate: Translate = identity, localize: Localize = localize_default
) -> str:
    """Every published figure of a parameter as a Markdown table: valid from, amount. A yearly
    figure not yet published for the reader's year gets a row that says so, not last year's."""
    parameter = parameters.parameter(name)
    rows = [(localize(f.valid_from), localize(amount(f))) for f in parameter.figures]
    if parameter.yearly and parameter.figures[-1].valid_from.year < on.year:
        rows.append((localize(date(on.year, 1, 1)), translate(_("not yet published"))))
    header = (translate(_("Valid from")), translate(_("Amount")))
    return "\n".join(f"| {left} | {right} |" for left, right in [header, ("---", "---"), *rows])


def fill(
    text: str, on: date, translate: Translate = identity, localize: Localize = localize_default
) -> str:
    """The text with every token replaced; a year without a published figure says so and names
    the last one. An unknown name stays as written (publishing refuses it, see ``unknown``)."""
    if "[[" not in (text or ""):
        return text

    def replace(match: re.Match) -> str:
        name, key = match.group("name"), match.group("key")
        if match.group("history"):
            try:
                return match.group(0) if key else history(name, on, translate, localize)
            except ParameterError:
                return match.group(0)
        year = key == "year"
        try:
            figure = parameters.value(name, on)
        except FigureNotPublished as missing:
            if year:
                return str(on.year)
            return Message(
                _("not yet published for %(year)s (%(last_year)s: %(amount)s)"),
                {
                    "year": str(on.year),
                    "last_year": str(missing.last.valid_from.year),
                    "amount": amount(missing.last),
                },
            ).render(translate, localize)
        except ParameterError:
            return match.group(0)
        if year:
            return str(figure.valid_from.year)
        if key:
            value = figure.value.get(key) if isinstance(figure.value, dict) else None
            return match.group(0) if value is None else localize(value)
        return localize(amount(figure))

    return TOKEN.sub(replace, text)


def unknown(text: str) -> list[str]:
    """Tokens that name no parameter (an editor's typo)."""
    known = parameters.load()
    return [name for name in tokens(text) if name not in known]
