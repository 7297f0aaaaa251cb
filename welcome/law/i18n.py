"""Translatable messages for the law package, without Django.

Every user-facing English source string is written as a literal ``_("…")`` so that Django's
``makemessages`` extracts it; here ``_`` does nothing. A message keeps its template and its
parameters apart (``Message``) and is rendered late, by the web layer's ``gettext`` and a
localizer for money, dates and numbers — the rules never format a figure themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

Translate = Callable[[str], str]
Localize = Callable[[Any], str]


def _(message: str) -> str:
    """Mark a string for extraction; the translation happens when it is rendered."""
    return message


def identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Money:
    """An amount in euros, so a localizer can tell money from a plain number."""

    amount: Decimal

    @classmethod
    def of(cls, amount: Any) -> Money:
        return cls(Decimal(str(amount)))


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 alpha-2 code, so a localizer can name the country in the reader's language
    (the rules keep the code; "As a national of IN" is no sentence for a reader)."""

    code: str


def format_euro(amount: Decimal) -> str:
    """English style: 50,700 € for whole euros, 45,934.20 € otherwise."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,} €"
    return f"{amount:,.2f} €"


def localize_default(value: Any) -> str:
    """English rendering of a message parameter: money, ISO dates, grouped numbers (a country
    as its code: the web layer names it)."""
    if isinstance(value, Money):
        return format_euro(value.amount)
    if isinstance(value, Country):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal | float):
        return f"{value:,}" if value != int(value) else f"{int(value):,}"
    return str(value)


_NO_PARAMS: Mapping[str, Any] = {}  # the parameters of every message without any


class Message(NamedTuple):
    """A translatable template with named %-placeholders and the values to fill them.

    A named tuple: the rules make some sixty messages per profile (bench/README.md)."""

    text: str
    params: Mapping[str, Any] = _NO_PARAMS  # shared and never changed

    def __hash__(self) -> int:  # equal messages hash alike; a list among the values raises
        return hash((self.text, frozenset(self.params.items())))

    def render(self, translate: Translate = identity, localize: Localize = localize_default) -> str:
        template = translate(self.text)
        if not self.params:
            return template
        values = {
            name: value.render(translate, localize)
            if isinstance(value, Message)
            else localize(value)
            for name, value in self.params.items()
        }
        return template % values


def render(
    value: Any, translate: Translate = identity, localize: Localize = localize_default
) -> Any:
    """Render a Message (or pass a plain string through) for JSON output."""
    if isinstance(value, Message):
        return value.render(translate, localize)
    return value
