"""The repeated parts of a pathway result — its outcome cards, roadmap steps and trace — as HTML.

Rendered in Python, not by templates: a result has twelve cards, up to ten steps and some sixty
conditions, and the template versions (a loop of lookups per card and step, an include per
condition) were two thirds of the result page's time. Each filter looks up its words in the
active language once per result, escapes every value and isolates left-to-right runs in a
right-to-left language (welcome/bidi.py), as the ``isolated`` filter does.
"""

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, gettext, gettext_noop

from welcome.bidi import isolate_html

register = template.Library()

_STATES = {"held": ("✓", gettext_noop("met")), "failed": ("✗", gettext_noop("not met"))}
_OPEN = ("?", gettext_noop("open"))

# The card's lists: key in the outcome, heading, how an item is written ("isolated": text with
# its left-to-right runs isolated; "plain": the form's own questions; "ltr": a § citation, one
# left-to-right run), and the list's attributes.
_CARD_LISTS = (
    ("reasons", gettext_noop("Why"), "isolated", ""),
    ("missing_labels", gettext_noop("What we still need to know"), "plain", ""),
    ("would_change", gettext_noop("What would change the result"), "isolated", ""),
    ("citations", gettext_noop("Legal basis"), "ltr", ' class="pathway-citations"'),
)
# A step's details below its dates: key in the step, heading, how its value is written.
_STEP_DETAILS = (
    ("office", gettext_noop("Who"), "isolated"),
    ("note", gettext_noop("Note"), "isolated"),
    ("fee", gettext_noop("Fee"), "isolated"),
    ("citation", gettext_noop("Legal basis"), "ltr"),
)
_YOUTH = gettext_noop(
    "Programmes of the Region for young people in training, and help in finding a training place"
)


def _text(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _isolating() -> Callable[[Any], str]:
    """Escape, and in a right-to-left language also isolate left-to-right runs."""
    if get_language_bidi():
        return lambda value: isolate_html(_text(value))
    return _text


@register.filter
def outcome_cards(outcomes: Iterable[dict[str, Any]]) -> SafeString:
    """One ``<article>`` per title: name, §, status, then why, what is missing, what would
    change it and the legal basis, each where there is something to say."""
    writers = {"isolated": _isolating(), "plain": _text, "ltr": _ltr}
    lists = [
        (key, _text(gettext(heading)), writers[how], attrs)
        for key, heading, how, attrs in _CARD_LISTS
    ]
    youth = f'<p><a href="{reverse("youth:finder")}">{_text(gettext(_YOUTH))}</a></p>'
    cards = []
    for outcome in outcomes:
        title = _text(outcome["title"])
        parts = [
            f'<article class="pathway-outcome pathway-{_text(outcome["status"])}" '
            f'aria-labelledby="outcome-{title}">\n'
            f'<h3 id="outcome-{title}">{_text(outcome["name"])} <span class="pathway-paragraph">'
            f"({_ltr(outcome['paragraph'])})</span></h3>\n"
            f'<p class="pathway-status"><span class="pathway-symbol" aria-hidden="true">'
            f"{_text(outcome['symbol'])}</span> <strong>{_text(outcome['status_label'])}"
            "</strong></p>\n"
        ]
        for key, heading, write, attrs in lists:
            items = outcome.get(key)
            if items:
                lines = "".join(f"<li>{write(item)}</li>" for item in items)
                parts.append(f"<h4>{heading}</h4>\n<ul{attrs}>{lines}</ul>\n")
        if outcome["title"] == "vocational_training" and outcome["status"] != "not_eligible":
            parts.append(youth)
        parts.append("</article>\n")
        cards.append("".join(parts))
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped above


@register.filter
def roadmap_steps(steps: Iterable[dict[str, Any]]) -> SafeString:
    """``<li>`` per roadmap step: its title, when (dates, duration, whether the law sets the
    period, whether it comes after entry), who, notes, fee and legal basis."""
    writers = {"isolated": _isolating(), "ltr": _ltr}
    details = [(key, _text(gettext(heading)), writers[how]) for key, heading, how in _STEP_DETAILS]
    when, period = _text(gettext("When")), gettext("%(start)s to %(end)s (%(duration)s)")
    kinds = {True: gettext("statutory deadline"), False: gettext("usual processing time")}
    after_entry = "; " + _text(gettext("after entry"))
    isolate = writers["isolated"]
    items = []
    for step in steps:
        dates = period % {
            "start": _text(_date(step["start"])),
            "end": _text(_date(step["end"])),
            "duration": _text(step["duration"]),
        }
        parts = [
            f"<li>\n<h3>{isolate(step['title'])}</h3>\n<dl>\n<dt>{when}</dt>\n"
            f"<dd>{dates}, {_text(kinds[bool(step['statutory'])])}"
            f"{'' if step['before_start_of_work'] else after_entry}</dd>\n"
        ]
        for key, heading, write in details:
            value = step.get(key)
            if value:
                value = value["name"] if key == "office" else value
                parts.append(f"<dt>{heading}</dt><dd>{write(value)}</dd>\n")
        parts.append("</dl>\n</li>\n")
        items.append("".join(parts))
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above


def _date(value: Any) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _ltr(value: Any) -> str:
    return f'<bdi dir="ltr">{_text(value)}</bdi>'


@register.filter
def trace_items(checks: Iterable[dict[str, Any]]) -> SafeString:
    """``<li>`` per check: its state, reason (left-to-right runs isolated) and § citation, and
    below it the checks it is made of."""
    states = {key: f"{mark} {_text(gettext(state))}" for key, (mark, state) in _STATES.items()}
    states[None] = f"{_OPEN[0]} {_text(gettext(_OPEN[1]))}"
    return mark_safe("".join(_items(checks, states, _isolating())))  # noqa: S308 - escaped


def _items(
    checks: Iterable[dict[str, Any]], states: dict[Any, str], isolate: Callable[[Any], str]
) -> Iterable[str]:
    for check in checks:
        state = states.get(check["state"]) or states[None]
        children = check.get("children")
        below = f"<ul>{''.join(_items(children, states, isolate))}</ul>" if children else ""
        yield (
            f'<li><span class="pathway-state">{state}</span>: {isolate(check["reason"])} '
            f'<span class="muted">({_ltr(check["citation"])})</span>'
            f"{below}</li>\n"
        )
