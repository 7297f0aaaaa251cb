"""Evaluate every title for one profile: outcomes best first, the roadmap, the checklist.

``evaluate_statuses`` answers only each title's status and the roadmap's title — what a
re-check of a saved result compares — from the same condition functions, several times faster.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import parameters
from .conditions import Check, states_only
from .documents import Document
from .i18n import Localize, Translate, identity, localize_default
from .outcome import ELIGIBLE, NOT_ELIGIBLE, Outcome, Status, assess_status, shared_checks
from .places import data_files
from .profile import Profile, parse_profile, rules_cover_from
from .roadmap import Directory, Roadmap, build_roadmap
from .titles import TITLE_CONDITIONS, TITLES

CODE_VERSION = "1"
PACKAGE_DIR = Path(__file__).resolve().parent


def _code_version() -> str:
    """Code version plus a hash of the rule code and the data files other than the dated
    parameters (places, occupations, recognition bodies …)."""
    digest = hashlib.sha256()
    for path in data_files():
        digest.update(path.read_bytes())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "tests" not in path.relative_to(PACKAGE_DIR).parts:
            digest.update(path.read_bytes())
    return f"{CODE_VERSION}+{digest.hexdigest()[:12]}"


# The rules without their dated figures: equal code versions and equal digests of the figures
# an evaluation read (parameters.reads_digest) mean the same evaluation.
LAW_CODE_VERSION = _code_version()


def _rules_version() -> str:
    """The code version and the parameter files, so a saved result names the rules that
    produced it."""
    digest = hashlib.sha256(LAW_CODE_VERSION.encode())
    digest.update(parameters.fingerprint().encode())
    return f"{CODE_VERSION}+{digest.hexdigest()[:12]}"


RULES_VERSION = _rules_version()


@dataclass(frozen=True)
class Evaluation:
    evaluated_on: date
    outcomes: tuple[Outcome, ...]
    accelerated_procedure_available: bool
    roadmap: Roadmap

    @property
    def checklist(self) -> tuple[Document, ...]:
        return self.roadmap.checklist

    @property
    def trace(self) -> dict[str, tuple[Check, ...]]:
        return {outcome.title: outcome.trace for outcome in self.outcomes}

    def as_dict(
        self,
        *,
        trace: bool = False,
        translate: Translate = identity,
        localize: Localize = localize_default,
    ) -> dict[str, Any]:
        result: dict[str, Any] = {
            "evaluated_on": self.evaluated_on.isoformat(),
            "outcomes": [outcome.as_dict(translate, localize) for outcome in self.outcomes],
            "accelerated_procedure_available": self.accelerated_procedure_available,
            "roadmap": self.roadmap.as_dict(translate, localize),
            "checklist": [document.as_dict(translate, localize) for document in self.checklist],
        }
        if trace:
            result["trace"] = {
                title: [check.as_dict(translate, localize) for check in checks]
                for title, checks in self.trace.items()
            }
        return result


_ORDER = {title: index for index, title in enumerate(TITLES)}
# Where (title, status) sorts among the statuses: best status first, then the titles' order.
_POSITION = {(title, status): (status.rank, _ORDER[title]) for title in TITLES for status in Status}


def _sorted(outcomes: list[Outcome]) -> tuple[Outcome, ...]:
    return tuple(sorted(outcomes, key=lambda o: (o.status.rank, _ORDER[o.title])))


def accelerated_procedure_available(outcomes: tuple[Outcome, ...], on: date) -> bool:
    """§ 81a: an eligible title the procedure covers (never for EU citizens, who need none)."""
    eligible = {o.title for o in outcomes if o.status is ELIGIBLE}
    if "eu_free_movement" in eligible:
        return False
    covered = set(parameters.value("accelerated_procedure_titles", on).value)
    return bool(eligible & covered)


def _prepared(profile: Profile | Mapping[str, Any]) -> Profile:
    """The profile (a dict validated first) with its evaluation date, if the rules cover it."""
    if isinstance(profile, Mapping):
        profile = parse_profile(profile)
    if profile.evaluation_date is None:
        profile = replace(profile, evaluation_date=profile.on)
    if profile.on < rules_cover_from():
        raise ValueError(f"The rules cover evaluation dates from {rules_cover_from()} on.")
    return profile


def evaluate(
    profile: Profile | Mapping[str, Any], *, directory: Directory | None = None
) -> Evaluation:
    """Run every title on the profile (a dict is validated first) on its evaluation date."""
    profile = _prepared(profile)
    with shared_checks():
        outcomes = _sorted([title(profile) for title in TITLES.values()])
    return Evaluation(
        evaluated_on=profile.on,
        outcomes=outcomes,
        accelerated_procedure_available=accelerated_procedure_available(outcomes, profile.on),
        roadmap=build_roadmap(outcomes, profile, directory),
    )


@dataclass(frozen=True)
class Statuses:
    """What ``evaluate`` says of each title's status and of the roadmap's title, alone."""

    evaluated_on: date
    statuses: dict[str, Status]  # best first, as ``Evaluation.outcomes``
    best: str | None  # ``Evaluation.roadmap.title``

    def as_dict(self) -> dict[str, str]:
        """Each title's status as the evaluation JSON writes it."""
        return {title: status._value_ for title, status in self.statuses.items()}


def evaluate_statuses(profile: Profile | Mapping[str, Any]) -> Statuses:
    """Each title's status and the best title, as ``evaluate`` would give them, for a re-check.

    The same validation and the same condition functions as ``evaluate``; only what the
    statuses do not depend on is left out: reasons, citations, details, the trace, the roadmap's
    steps, what a composite condition gathers from its parts (``states_only``) — and, in a
    title, the conditions after the first that fails (it decides the status).
    """
    profile = _prepared(profile)
    with states_only(), shared_checks():
        statuses = {
            title: assess_status(conditions, profile)
            for title, conditions in TITLE_CONDITIONS.items()
        }
    ordered = dict(sorted(statuses.items(), key=_POSITION.__getitem__))
    best = next((title for title, status in ordered.items() if status is not NOT_ELIGIBLE), None)
    return Statuses(evaluated_on=profile.on, statuses=ordered, best=best)
