"""One way to run the pathway check for the API, the command line and the portal.

``run`` parses JSON-like input with the law package (every field checked, one message per
field), evaluates it with the Region's directory of offices, and renders every message with
Django's ``gettext`` and a localizer for the active language (German: "50.700 €"). The API and
``manage.py pathway_check`` both print ``dumps(run(...))``, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from welcome.countries import country_name
from welcome.law import Evaluation, Profile, ProfileError, evaluate, figures, parse_profile
from welcome.law.i18n import Country, Localize, Message, Money, Translate
from welcome.region.directory import directory, known_municipality

# The same text in the API and the command line when the body is not an object.
NOT_JSON = gettext_noop("The request body is not valid JSON: %(problem)s")


def translate(text: str) -> str:
    """``gettext``, remembered per language: the same few hundred texts are asked for again and
    again, and Django's lookup through the active translation is the costly part."""
    return _translated(translation.get_language() or "", text)


def _renderers(language: str) -> tuple[Translate, Localize]:
    """``translate`` and ``localize`` bound to one language, for rendering one whole result.

    The localizer remembers what it rendered for as long as that result is rendered, no longer:
    a result names the same few dates (the figures' valid-from dates in its citations) a dozen
    times, and Django's date formatting is the costly part of rendering."""

    def bound_translate(text: str) -> str:
        return _translated(language, text)

    rendered: dict[tuple[type, Any], str] = {}

    def remembering_localize(value: Any) -> str:
        key = (type(value), value)  # True == 1 == Decimal(1), but they read differently
        try:
            return rendered[key]
        except KeyError:
            text = rendered[key] = localize(value)
            return text
        except TypeError:  # unhashable: rendered each time
            return localize(value)

    return bound_translate, remembering_localize


@lru_cache(maxsize=4096)
def _translated(language: str, text: str) -> str:
    return gettext(text)


def localize(value: Any) -> str:
    """A message parameter in the active language: money, dates, numbers, yes/no. Not
    remembered, unlike ``translate``: the values are a person's facts (salary, age)."""
    if isinstance(value, Money):
        amount = value.amount
        places = 0 if amount == amount.to_integral_value() else 2
        number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
        return f"{number} €"
    if isinstance(value, Country):
        return country_name(value.code)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal | float):
        places = 0 if value == int(value) else None
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return str(value)


def with_figures(text: str) -> str:
    """A text with its figure tokens ([[blue_card_minimum_contract_months]]) filled for today,
    in the active language: help texts and content never type a figure of the law."""
    text = str(text)
    if "[[" not in text:
        return text
    return figures.fill(text, timezone.localdate(), translate, localize)


figure_text = lazy(with_figures, str)  # for form labels and help texts, filled when shown


def render(message: Message) -> str:
    return message.render(translate, localize)


def parse(data: Any, *, today: dt.date | None = None) -> Profile:
    """Validate input into a Profile; raises ProfileError (municipalities from the Region)."""
    return parse_profile(data, known_municipality=known_municipality, today=today)


def parse_json(raw: bytes | str) -> Any:
    """JSON text to Python, or ProfileError("__all__") naming what is wrong with it."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as problem:
        message = Message(NOT_JSON, {"problem": getattr(problem, "msg", str(problem))})
        raise ProfileError({"__all__": message}) from None
    except RecursionError:  # thousands of nested brackets
        message = Message(NOT_JSON, {"problem": "nested too deeply"})
        raise ProfileError({"__all__": message}) from None


def evaluation_of(profile: Profile) -> Evaluation:
    return evaluate(profile, directory=directory)


def as_json(evaluation: Evaluation, *, trace: bool = False) -> dict[str, Any]:
    """The contract: evaluated_on, outcomes, accelerated_procedure_available, roadmap,
    checklist (and trace when asked), in the active language."""
    translate_in, localize_in = _renderers(translation.get_language() or "")
    return evaluation.as_dict(trace=trace, translate=translate_in, localize=localize_in)


def run(data: Any, *, trace: bool = False) -> dict[str, Any]:
    """Parse, evaluate and render; raises ProfileError for invalid input."""
    return as_json(evaluation_of(parse(data)), trace=trace)


def error_json(error: ProfileError) -> dict[str, Any]:
    """The 400 body: a summary and one message per field, in the active language."""
    return {
        "detail": gettext("The profile is not valid. Please check the fields named in errors."),
        "errors": {name: render(message) for name, message in error.messages.items()},
    }


def dumps(result: dict[str, Any], *, pretty: bool = False) -> str:
    """The one JSON text the API and the command line print: compact (the C encoder; indenting
    would switch to the slow pure-Python one), or indented for a person reading it."""
    if pretty:
        return json.dumps(result, ensure_ascii=False, indent=2)
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def forget() -> None:
    """Drop every remembered translation (after the catalogs changed, in tests)."""
    _translated.cache_clear()


def run_json(data: Any, *, trace: bool = False) -> str:
    """``dumps(run(data))``: the API's and the command line's answer. Nothing is remembered —
    the facts are a person's, and the same profile rarely comes twice."""
    return dumps(run(data, trace=trace))
