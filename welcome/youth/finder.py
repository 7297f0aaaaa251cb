"""Which of the Region's youth programmes fit a young person — a pure function, like a law title.

`rank(profile, programmes)` drops what cannot fit (age outside the programme's range, the
person's municipality not served) and orders the rest by how well they fit, each with the
reasons a young person reads ("for 15 to 24-year-olds", "in Garbsen", "no training place
needed") and the points that speak against it. No Django here: the web layer translates the
reasons (`Reason.template` is a gettext msgid) and the tests read as tables.

A young newcomer who came for vocational training (§ 16a AufenthG) sees training-related
offers first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from welcome.law.i18n import _

MIN_AGE, MAX_AGE = 12, 35  # the ages the finder answers for; the form refuses others


class School(StrEnum):
    """Where a young person stands at school."""

    IN_SCHOOL = "in_school"
    NO_CERTIFICATE = "left_without_certificate"
    CERTIFICATE = "left_with_certificate"


class TrainingPlace(StrEnum):
    """Whom a programme is for with regard to a training place (Ausbildungsplatz)."""

    ANY = "any"
    WITHOUT = "without"  # for those still looking for one
    WITH = "with"  # support during training


@dataclass(frozen=True)
class Profile:
    """The answers of the finder's form; nothing else, and nothing of it is stored."""

    age: int
    municipality: str
    school: School
    has_training_place: bool = False
    newly_arrived: bool = False
    came_for_training: bool = False  # a newcomer under § 16a AufenthG
    language_support: bool = False
    single_parent: bool = False
    housing_problem: bool = False

    @property
    def new_in_germany(self) -> bool:
        return self.newly_arrived or self.came_for_training


@dataclass(frozen=True)
class Programme:
    """What the finder needs to know of a published programme; `key` identifies it."""

    key: Hashable
    min_age: int
    max_age: int
    municipalities: frozenset[str]
    school_statuses: frozenset[School] = frozenset()  # empty: whatever the school status
    training_place: TrainingPlace = TrainingPlace.ANY
    newly_arrived: bool = False  # offers for young people new in Germany
    language_support: bool = False
    single_parents: bool = False
    housing: bool = False
    training_related: bool = False  # helps to find, prepare or keep a training place
    free_places: int | None = None  # None: not known


@dataclass(frozen=True)
class Reason:
    """One sentence of a match: a gettext msgid with named placeholders, and their values."""

    template: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, translate=lambda text: text) -> str:
        return translate(self.template) % dict(self.params)


@dataclass(frozen=True)
class Match:
    programme: Programme
    score: int
    reasons: tuple[Reason, ...]
    cautions: tuple[Reason, ...] = field(default=())


SCHOOL_REASONS = {
    School.IN_SCHOOL: _("for pupils still at school"),
    School.NO_CERTIFICATE: _("for young people who left school without a certificate"),
    School.CERTIFICATE: _("for young people with a school-leaving certificate"),
}

# What a need of the person adds when the programme meets it: (weight, reason).
NEEDS = (
    ("new_in_germany", "newly_arrived", 3, _("for young people new in Germany")),
    ("language_support", "language_support", 3, _("with help in learning German")),
    ("single_parent", "single_parents", 3, _("for young parents who bring up a child alone")),
    ("housing_problem", "housing", 3, _("with help in finding a place to live")),
)
TRAINING_FIRST = 10  # a § 16a newcomer: training-related offers before everything else


def excluded(profile: Profile, programme: Programme) -> bool:
    """The hard exclusions: the person's age or municipality is outside the programme's."""
    return (
        not programme.min_age <= profile.age <= programme.max_age
        or profile.municipality not in programme.municipalities
    )


def assess(profile: Profile, programme: Programme) -> Match:
    """How well a programme that is not excluded fits, and why."""
    score, reasons, cautions = 0, [], []
    reasons.append(
        Reason(
            _("for %(min)s to %(max)s-year-olds"),
            (("min", programme.min_age), ("max", programme.max_age)),
        )
    )
    reasons.append(Reason(_("in %(place)s"), (("place", profile.municipality),)))
    if programme.school_statuses:
        if profile.school in programme.school_statuses:
            score += 3
            reasons.append(Reason(SCHOOL_REASONS[profile.school]))
        else:
            score -= 3
            cautions.append(Reason(_("meant for young people at another stage of school")))
    if programme.training_place == TrainingPlace.WITHOUT:
        if profile.has_training_place:
            score -= 3
            cautions.append(Reason(_("meant for young people still looking for a training place")))
        else:
            score += 2
            reasons.append(Reason(_("no training place needed")))
    elif programme.training_place == TrainingPlace.WITH:
        if profile.has_training_place:
            score += 2
            reasons.append(Reason(_("support during your training")))
        else:
            score -= 3
            cautions.append(Reason(_("only for young people who already have a training place")))
    for need, offer, weight, reason in NEEDS:
        if getattr(profile, need) and getattr(programme, offer):
            score += weight
            reasons.append(Reason(reason))
    if profile.came_for_training and programme.training_related:
        score += TRAINING_FIRST
        reasons.append(Reason(_("helps you find or keep a training place")))
    if programme.free_places == 0:
        score -= 1
        cautions.append(Reason(_("no free places at the moment: ask about the waiting list")))
    # A narrower age range is the more specific offer: a tie-breaker, never more than a need.
    width = min(programme.max_age - programme.min_age, 20)
    return Match(
        programme=programme,
        score=score * 100 - width,
        reasons=tuple(reasons),
        cautions=tuple(cautions),
    )


def rank(profile: Profile, programmes: Iterable[Programme]) -> list[Match]:
    """The programmes that can take this person, the best fit first (ties keep their order)."""
    matches = [assess(profile, p) for p in programmes if not excluded(profile, p)]
    matches.sort(key=lambda match: -match.score)
    return matches
