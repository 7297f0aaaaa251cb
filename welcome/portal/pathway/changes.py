"""What a re-check under new rules changed in a saved result.

A result's outcome is the status of each title and the best title of the roadmap; reasons,
citations or a step's wording may change with the rules without changing it. Works on the
evaluation JSON (``Evaluation.as_dict``), as it is saved. No Django here: the benchmark uses it
on a million profiles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class TitleChange:
    """One title's status before and after (None: the title was not checked then), with the
    reasons the new rules give."""

    title: str
    before: str | None
    after: str | None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changes:
    titles: tuple[TitleChange, ...]
    best_before: str | None
    best_after: str | None

    @property
    def best_changed(self) -> bool:
        return self.best_before != self.best_after

    def __bool__(self) -> bool:
        return bool(self.titles) or self.best_changed


def title_changes(
    before: Mapping[str, str], after: Mapping[str, str]
) -> list[tuple[str, str | None, str | None]]:
    """(title, status before, status after) of every title whose status differs, in the order of
    ``after`` (best first), then titles the rules no longer check. A title added or dropped while
    the person is not eligible for it changes nothing for them."""
    order = [*after, *(title for title in before if title not in after)]
    changed = []
    for title in order:
        old, new = before.get(title), after.get(title)
        if old != new and not {old, new} <= {None, NOT_ELIGIBLE}:
            changed.append((title, old, new))
    return changed


def statuses(evaluation: Mapping[str, Any]) -> dict[str, str]:
    return {outcome["title"]: outcome["status"] for outcome in evaluation["outcomes"]}


def best_title(evaluation: Mapping[str, Any]) -> str | None:
    return (evaluation.get("roadmap") or {}).get("title")


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """What changed between two evaluations of the same answers."""
    reasons: dict[str, Sequence[str]] = {
        outcome["title"]: outcome.get("reasons", ()) for outcome in after["outcomes"]
    }
    return Changes(
        titles=tuple(
            TitleChange(title, old, new, tuple(reasons.get(title, ())))
            for title, old, new in title_changes(statuses(before), statuses(after))
        ),
        best_before=best_title(before),
        best_after=best_title(after),
    )
