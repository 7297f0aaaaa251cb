"""Conditions as data: each legal condition evaluates to held, failed or unknown.

A title is a sequence of named conditions. Each ``Check`` records the state, the § it rests
on, the figures it used (with their valid-from dates), why it came out as it did, which facts
were missing, and which facts would make it hold. The outcome — status, reasons, missing facts,
citations, would_change — and the trace are all derived from that one list of checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from . import parameters
from .figures import amount, label
from .i18n import Localize, Message, Translate, _, identity, localize_default
from .parameters import Figure, FigureNotPublished, ParameterError


class State(StrEnum):
    HELD = "held"
    FAILED = "failed"
    UNKNOWN = "unknown"


# The states as module constants: in Python 3.11 a member read through its enum class costs
# 70 ns and a global 10, and an evaluation compares states some hundred times.
HELD, FAILED, UNKNOWN = State.HELD, State.FAILED, State.UNKNOWN

_NO_DETAILS: Mapping[str, Any] = {}  # the default of every check without details: never changed


class Check(NamedTuple):
    """The result of one condition for one profile.

    A named tuple, not a dataclass: an evaluation makes some forty checks for each of twelve
    titles, and a tuple is made in half the time of a frozen dataclass (bench/README.md)."""

    name: str
    state: State
    citation: str
    reason: Message
    figures: tuple[Figure, ...] = ()
    missing: tuple[str, ...] = ()
    would_change: tuple[Message, ...] = ()
    details: Mapping[str, Any] = _NO_DETAILS  # shared and never changed: made anew when set
    children: tuple[Check, ...] = ()
    gate: bool = False  # a failed gate ends the evaluation of the title (nothing else matters)
    cited: bool = True  # False: a rule that does not apply to this person is not cited to them

    def but(self, **changes: Any) -> Check:
        """This check with some fields changed (``_replace`` costs three times as much)."""
        values = list(self)
        for name, value in changes.items():
            values[_FIELD_INDEX[name]] = value
        return _new_check(Check, values)

    def walk(self) -> Iterable[Check]:
        yield self
        for child in self.children:
            yield from child.walk()

    def deciding(self) -> Iterable[Check]:
        """This check and, below it, the children that share its state — the ones that decided."""
        yield self
        for child in self.children:
            if child.state is self.state:
                yield from child.deciding()

    def reasons(self) -> list[Message]:
        """The leaf reasons that explain this check's state (a composite speaks through them)."""
        if not self.children:
            return [self.reason]
        relevant = [child for child in self.children if child.state is self.state]
        return [reason for child in relevant for reason in child.reasons()]

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {
            "condition": self.name,
            "state": str(self.state),
            "citation": self.citation,
            "reason": self.reason.render(translate, localize),
            "figures": [
                {
                    "name": figure.name,
                    "value": json_value(figure.value),
                    "valid_from": figure.valid_from.isoformat(),
                    "reference": figure.reference,
                    "verified": figure.verified,
                }
                for figure in self.figures
            ],
            "missing": list(self.missing),
            "would_change": [message.render(translate, localize) for message in self.would_change],
            "children": [child.as_dict(translate, localize) for child in self.children],
        }


def json_value(value: Any) -> Any:
    """Figures and details as JSON: Decimal as int or float, dates as ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def _with_state(state: State) -> Callable[..., Check]:
    """``held``, ``failed``, ``unknown``: a check in that state (the fields by keyword)."""

    def make(
        name: str,
        citation: str,
        reason: Message,
        figures: tuple[Figure, ...] = (),
        missing: tuple[str, ...] = (),
        would_change: tuple[Message, ...] = (),
        details: Mapping[str, Any] = _NO_DETAILS,
        children: tuple[Check, ...] = (),
        gate: bool = False,
        cited: bool = True,
    ) -> Check:
        fields = (name, state, citation, reason, figures, missing, would_change, details)
        return _new_check(Check, (*fields, children, gate, cited))

    return make


_FIELD_INDEX = {name: index for index, name in enumerate(Check._fields)}
_new_check = tuple.__new__  # a named tuple from its fields in order, without keyword handling
held = _with_state(HELD)
failed = _with_state(FAILED)
unknown = _with_state(UNKNOWN)


def unique(items: Iterable[Any]) -> tuple[Any, ...]:
    """The items without repeats, in their first order."""
    items = tuple(items)
    if len(items) < 2:
        return items
    try:
        return tuple(dict.fromkeys(items))
    except TypeError:  # an unhashable item (a list among a message's values): compare each
        result: list[Any] = []
        for item in items:
            if item not in result:
                result.append(item)
        return tuple(result)


# Set by ``states_only``: the combinators below then give a composite its state alone.
_STATES_ONLY: ContextVar[bool] = ContextVar("states_only", default=False)


@contextmanager
def states_only() -> Iterator[None]:
    """Within: ``all_of`` and ``any_of`` leave out what only the explanation needs (figures,
    missing facts, would_change, details) — for ``evaluate_statuses``, which reads states alone.
    The conditions themselves run unchanged."""
    token = _STATES_ONLY.set(True)
    try:
        yield
    finally:
        _STATES_ONLY.reset(token)


def reading_states_only() -> bool:
    """Whether only the state of the check being made is read (``states_only``): a composite
    may then stop at the first part that decides it (``routes_state``)."""
    return _STATES_ONLY.get()


def routes_state(routes: Sequence[Sequence[Condition]], profile: Any) -> Check:
    """A check in the state ``any_of`` gives routes that are each the ``all_of`` of their
    parts, running the parts only until the state is decided: a route stops at its first
    failed part, and the routes at the first that holds. For ``evaluate_statuses``."""
    result = None
    for parts in routes:
        route = _route_state(parts, profile)
        if route.state is HELD:
            return route
        if result is None or route.state is UNKNOWN:
            result = route
    return result


def _route_state(parts: Sequence[Condition], profile: Any) -> Check:
    """A check in the state ``all_of`` gives the parts' checks."""
    deciding = None
    for condition in parts:
        check = condition(profile)
        if check.state is FAILED:
            return check
        if check.state is UNKNOWN and deciding is None:
            deciding = check
    return deciding or check


def all_of(name: str, citation: str, reason: Message, children: Sequence[Check]) -> Check:
    """Holds when every child holds; fails when any fails; otherwise unknown."""
    states = {child.state for child in children}
    state = FAILED if FAILED in states else UNKNOWN if UNKNOWN in states else HELD
    if _STATES_ONLY.get():
        return Check(name, state, citation, reason, children=tuple(children))
    return Check(
        name,
        state,
        citation,
        reason,
        figures=unique(f for child in children for f in child.figures),
        missing=unique(m for child in children if child.state is UNKNOWN for m in child.missing),
        would_change=unique(
            w for child in children if child.state is not HELD for w in child.would_change
        ),
        details={k: v for child in children for k, v in child.details.items()},
        children=tuple(children),
    )


def _open_leaves(check: Check) -> int:
    """How many leaf conditions below ``check`` do not hold yet — a route's distance."""
    if not check.children:
        return 0 if check.state is HELD else 1
    return sum(_open_leaves(child) for child in check.children)


def any_of(name: str, citation: str, reason: Message, children: Sequence[Check]) -> Check:
    """Holds when one route holds; fails when every route fails; otherwise unknown.

    ``would_change`` names the facts of the nearest routes — those with the fewest conditions
    still open; routes equally near each contribute their facts.
    """
    states = {child.state for child in children}
    state = HELD if HELD in states else UNKNOWN if UNKNOWN in states else FAILED
    if _STATES_ONLY.get():
        return Check(name, state, citation, reason, children=tuple(children))
    open_routes = [child for child in children if child.state is not HELD and child.would_change]
    nearest = min((_open_leaves(child) for child in open_routes), default=0)
    deciding = [child for child in children if child.state is state]
    would_change = (
        ()
        if state is HELD
        else unique(
            w for child in open_routes if _open_leaves(child) == nearest for w in child.would_change
        )
    )
    return Check(
        name,
        state,
        citation,
        reason,
        figures=unique(f for child in deciding for f in child.figures),
        missing=unique(m for child in children if child.state is UNKNOWN for m in child.missing),
        would_change=would_change,
        details={k: v for child in deciding for k, v in child.details.items()},
        children=tuple(children),
    )


def figure_or_none(name: str, on: date) -> Figure | None:
    found = parameters.value_or_error(name, on)
    return None if isinstance(found, ParameterError) else found


@parameters.remembered  # depends on the date alone; after New Year most profiles ask it
def no_figure(check_name: str, parameter_name: str, on: date) -> Check:
    """A rule that needs a figure the parameter files lack for the date cannot decide.

    After the last figure of a yearly parameter, the figure of the new year is simply not
    published yet: say which one is missing and what the last one was, never reuse it."""
    parameter = parameters.parameter(parameter_name)
    missing = parameters.value_or_error(parameter_name, on)
    if isinstance(missing, FigureNotPublished):
        last = missing.last
        return unknown(
            check_name,
            parameter.reference,
            Message(
                _(
                    "The figure for %(year)s (%(figure)s) has not been published yet; the last "
                    "one, valid from %(valid_from)s, was %(amount)s. The result depends on it, so "
                    "it cannot be decided yet."
                ),
                {
                    "year": str(on.year),
                    "figure": label(parameter_name),
                    "valid_from": last.valid_from,
                    "amount": amount(last),
                },
            ),
            details={"figure_not_published": parameter_name},
        )
    return unknown(
        check_name,
        parameter.reference,
        Message(
            _("No figure for this condition is on record for %(date)s, so it cannot be decided."),
            {"date": on},
        ),
    )


Condition = Callable[[Any], Check]
