"""Outcome of one residence title for one profile, derived from its checks.

status: ``eligible`` when every legal condition is met by the facts given (procedural steps such
as the BA check or the visa belong in the roadmap); ``possible`` when a condition depends on a
fact not given or on a pending decision; ``not_eligible`` when a condition fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from .conditions import FAILED, HELD, UNKNOWN, Check, Condition, State, json_value, unique
from .i18n import Localize, Message, Translate, _, identity, localize_default


class Status(StrEnum):
    ELIGIBLE = "eligible"
    POSSIBLE = "possible"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {status: rank for rank, status in enumerate(Status)}
ELIGIBLE, POSSIBLE, NOT_ELIGIBLE = Status.ELIGIBLE, Status.POSSIBLE, Status.NOT_ELIGIBLE  # as HELD


@dataclass(frozen=True)
class Citation:
    """A § reference, with the valid-from date of the figure it applied, if any."""

    reference: str
    valid_from: date | None = None

    def render(self, translate: Translate = identity, localize: Localize = localize_default) -> str:
        if self.valid_from is None:
            return self.reference  # legal references stay as the statute writes them
        return Message(
            _("%(reference)s (figure valid from %(valid_from)s)"),
            {"reference": self.reference, "valid_from": self.valid_from},
        ).render(translate, localize)


@dataclass(frozen=True)
class Outcome:
    title: str
    paragraph: str
    status: Status
    reasons: tuple[Message, ...]
    missing: tuple[str, ...]
    citations: tuple[Citation, ...]
    details: Mapping[str, Any]
    would_change: tuple[Message, ...]
    trace: tuple[Check, ...] = field(default=(), compare=False)

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {
            "title": self.title,
            "paragraph": self.paragraph,
            "status": str(self.status),
            "reasons": [reason.render(translate, localize) for reason in self.reasons],
            "missing": list(self.missing),
            "citations": [citation.render(translate, localize) for citation in self.citations],
            "details": {key: json_value(value) for key, value in self.details.items()},
            "would_change": [message.render(translate, localize) for message in self.would_change],
        }


_STATUS_BY_WORST_STATE = {
    FAILED: NOT_ELIGIBLE,
    UNKNOWN: POSSIBLE,
    HELD: ELIGIBLE,
}


def _citations(checks: Sequence[Check]) -> tuple[Citation, ...]:
    """One line per provision of the deciding checks, in their order, with the valid-from date
    of the figure it applied (the latest, where it applied more than one) named once."""
    dates: dict[str, date | None] = {}

    def cite(reference: str, valid_from: date | None) -> None:
        known = dates.get(reference)
        dates[reference] = max(filter(None, (known, valid_from)), default=None)

    for check in checks:
        for node in check.deciding():
            if not node.cited:
                continue
            own = [f.valid_from for f in node.figures if f.reference == node.citation]
            cite(node.citation, max(own, default=None))
            for f in node.figures:
                if f.reference != node.citation:
                    cite(f.reference, f.valid_from)
    return tuple(Citation(reference, valid_from) for reference, valid_from in dates.items())


def worst_state(states: Iterable[State]) -> State:
    """The state that decides a title: failed if any check failed, else unknown if any is."""
    states = set(states)
    return next((state for state in (FAILED, UNKNOWN) if state in states), HELD)


def outcome_from_checks(
    title: str, paragraph: str, checks: Sequence[Check], details: Mapping[str, Any] | None = None
) -> Outcome:
    """Everything an outcome says comes from its checks — nothing is written per case."""
    worst = worst_state(check.state for check in checks)
    status = _STATUS_BY_WORST_STATE[worst]
    deciding = [check for check in checks if check.state is worst]
    open_checks = [check for check in checks if check.state is not HELD]
    return Outcome(
        title=title,
        paragraph=paragraph,
        status=status,
        reasons=unique(reason for check in deciding for reason in check.reasons()),
        missing=unique(m for check in checks if check.state is UNKNOWN for m in check.missing),
        citations=_citations(checks),
        details={**{k: v for check in checks for k, v in check.details.items()}, **(details or {})},
        would_change=unique(w for check in open_checks for w in check.would_change),
        trace=tuple(checks),
    )


# Set by ``shared_checks``: the checks made so far for the one profile being evaluated.
_SHARED: ContextVar[dict[Condition, Check] | None] = ContextVar("shared_checks", default=None)


@contextmanager
def shared_checks() -> Iterator[None]:
    """Within: a condition several titles ask (``needs_residence_title``, ``living_costs`` …)
    runs once — for one profile only (``evaluate`` opens it per profile): conditions are
    functions of the profile alone."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def checked(condition: Condition, profile: Any) -> Check:
    """The check of ``condition``, made once per profile within ``shared_checks`` (for a
    condition that asks another, as the need for a title asks free movement)."""
    memo = _SHARED.get()
    if memo is None:
        return condition(profile)
    check = memo.get(condition)
    if check is None:
        check = memo[condition] = condition(profile)
    return check


def assess(title: str, paragraph: str, conditions: Sequence, profile: Any) -> Outcome:
    """Run a title's conditions in order; a failed gate ends the run."""
    checks: list[Check] = []
    for condition in conditions:
        check = checked(condition, profile)
        checks.append(check)
        if check.gate and check.state is FAILED:
            break
    return outcome_from_checks(title, paragraph, checks)


def assess_status(conditions: Sequence[Condition], profile: Any) -> Status:
    """The status ``assess`` gives the same conditions, from the same condition functions,
    without what only the outcome's text needs (reasons, citations, the trace).

    The status is that of the worst check (``worst_state``), so the first failed check decides
    it whether a gate or not: the conditions after it are not run. Within ``shared_checks``, a
    condition several titles share (``needs_residence_title``) runs once per profile."""
    memo = _SHARED.get()
    worst = HELD
    for condition in conditions:  # ``checked`` written out: the re-check's innermost loop
        if memo is None:
            check = condition(profile)
        else:
            check = memo.get(condition)
            if check is None:
                check = memo[condition] = condition(profile)
        if check.state is FAILED:
            return NOT_ELIGIBLE
        if check.state is UNKNOWN:
            worst = UNKNOWN
    return _STATUS_BY_WORST_STATE[worst]
