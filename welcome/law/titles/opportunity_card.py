"""Opportunity card (Chancenkarte), § 20a AufenthG with the points of § 20b (since 1 Jun 2024).

Route A: the person is a Fachkraft (§ 18 (3)) — no points, no language minimum. Route B: a
qualification state-recognised where it was obtained (or a partial recognition, which waives
that requirement, § 20b (1) s.2 — but not the language one), German A1 or English B2, and at
least the minimum points of the annex. Either way the living costs must be secured; the rules
take that as a fact (``financial_means_secured``) and show the expected amount for information.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..conditions import (
    HELD,
    Check,
    all_of,
    any_of,
    failed,
    figure_or_none,
    held,
    no_figure,
    reading_states_only,
    routes_state,
    unknown,
)
from ..i18n import Message, Money, _
from ..outcome import Outcome, assess
from ..profile import Profile, language_rank
from .blue_card import is_shortage_occupation
from .common import in_force, needs_residence_title, recognised_qualification, state_recognised

KEY = "opportunity_card"
PARAGRAPH = "§ 20a AufenthG"
ROUTE_A = "§ 20a Abs. 3 Nr. 1 AufenthG"
ROUTE_B = "§ 20a Abs. 3 Nr. 2 AufenthG"
POINTS_ROUTE_CONDITIONS = "§ 20a Abs. 4 Satz 3 AufenthG"
WAIVER = "§ 20b Abs. 1 Satz 2 AufenthG"
MEANS = "§ 20a Abs. 4 Satz 1 AufenthG"
AGE_POINTS = "§ 20b Abs. 1 AufenthG"


def fachkraft(profile: Profile) -> Check:
    level = profile.qualification.level
    if level is None:
        return unknown(
            "fachkraft",
            ROUTE_A,
            Message(_("The level of your qualification is not given.")),
            missing=("qualification.level",),
        )
    if level == "none":
        return failed(
            "fachkraft",
            ROUTE_A,
            Message(_("A Fachkraft needs a recognised vocational qualification or degree.")),
        )
    return recognised_qualification(level, ROUTE_A)(profile).but(name="fachkraft")


def points_route_qualification(profile: Profile) -> Check:
    if profile.qualification.recognition == "partial":
        return held(
            "points_route_qualification",
            WAIVER,
            Message(
                _(
                    "A partial recognition replaces the requirement of a state-recognised "
                    "qualification."
                )
            ),
        )
    return state_recognised(POINTS_ROUTE_CONDITIONS)(profile).but(name="points_route_qualification")


def language_minimum(profile: Profile) -> Check:
    figure = figure_or_none("opportunity_card_language_minimum", profile.on)
    if figure is None:
        return no_figure("language", "opportunity_card_language_minimum", profile.on)
    german, english = figure.value["german"], figure.value["english"]
    needed = Message(
        _("German %(german)s or English %(english)s"), {"german": german, "english": english}
    )
    levels = {
        "german_level": (profile.german_level, german),
        "english_level": (profile.english_level, english),
    }
    if any(
        level is not None and language_rank(level) >= language_rank(minimum)
        for level, minimum in levels.values()
    ):
        return held(
            "language",
            POINTS_ROUTE_CONDITIONS,
            Message(
                _("The language minimum of the points route (%(needed)s) is met."),
                {"needed": needed},
            ),
            figures=(figure,),
        )
    missing = tuple(name for name, (level, _minimum) in levels.items() if level is None)
    build = unknown if missing else failed
    return build(
        "language",
        POINTS_ROUTE_CONDITIONS,
        Message(_("The points route needs %(needed)s."), {"needed": needed}),
        figures=(figure,),
        missing=missing,
        would_change=(needed,),
    )


@dataclass
class Points:
    """Points known from the facts, and how many more the facts not given could add."""

    known: int = 0
    open: int = 0
    disputed: int = 0  # points the statute's wording gives but the application notes do not
    breakdown: dict[str, int] = field(default_factory=dict)
    open_facts: list[str] = field(default_factory=list)

    def add(self, criterion: str, points: int, best: int, facts: tuple[str, ...] = ()) -> None:
        if points:
            self.breakdown[criterion] = points
        self.known += points
        if best > points:
            self.open += best - points
            self.open_facts += [fact for fact in facts if fact not in self.open_facts]


GERMAN_POINTS = {"A2": "german_a2", "B1": "german_b1", "B2": "german_b2"}


def german_points(level: str | None, table: dict) -> int:
    rank = language_rank(level) or 0
    return max(
        (table[key] for cefr, key in GERMAN_POINTS.items() if rank >= language_rank(cefr)),
        default=0,
    )


def experience_points(profile: Profile, table: dict) -> tuple[int, int]:
    """(points from the facts, best points if the missing experience facts were favourable)."""
    last_5, last_7 = profile.experience_years_last_5, profile.experience_years_last_7
    five_in_seven, two_in_five = table["experience_5_in_7"], table["experience_2_in_5"]
    known = (
        five_in_seven
        if last_7 is not None and last_7 >= 5
        else (two_in_five if last_5 is not None and last_5 >= 2 else 0)
    )
    best = (
        five_in_seven
        if last_7 is None or last_7 >= 5
        else (two_in_five if last_5 is None or last_5 >= 2 else 0)
    )
    return known, max(known, best)


def statute_age_points(age: int | None, table: dict, bands: dict) -> int:
    """§ 20b Abs. 1 as written: "nicht älter als 35 Jahre" 2 points, "älter als 35 und nicht
    älter als 40 Jahre" 1 point — a person aged 35 (or 40) in completed years is not older."""
    if age is None:
        return 0
    two, one = bands["two_points"], bands["one_point"]
    return table["age_under_35"] if age <= two else (table["age_35_to_39"] if age <= one else 0)


def notes_age_points(age: int | None, table: dict, bands: dict) -> int:
    """The official application notes: under 35 2 points, 35 to 39 1 point. Counted as sure;
    the point the statute's wording adds at exactly 35 and 40 is disputed (FACTS.md § 7)."""
    if age is None:
        return 0
    two, one = bands["two_points"], bands["one_point"]
    return table["age_under_35"] if age < two else (table["age_35_to_39"] if age < one else 0)


def count_points(profile: Profile, on: date) -> Points | None:
    table_figure = figure_or_none("opportunity_card_points", on)
    groups = figure_or_none("shortage_occupation_isco_groups", on)
    stay = figure_or_none("opportunity_card_minimum_stay_months", on)
    bands = figure_or_none("opportunity_card_age_bands", on)
    if table_figure is None or groups is None or stay is None or bands is None:
        return None
    table, q, points = table_figure.value, profile.qualification, Points()
    undecided = q.recognition in (None, "unknown", "pending")
    points.add(
        "partial_recognition",
        table["partial_recognition"] if q.recognition == "partial" else 0,
        table["partial_recognition"] if undecided or q.recognition == "partial" else 0,
        ("qualification.recognition",),
    )
    points.add(
        "german",
        german_points(profile.german_level, table),
        german_points(profile.german_level or "C2", table),
        ("german_level",),
    )
    english = profile.english_level
    english_points = (
        table["english_c1"] if english and language_rank(english) >= language_rank("C1") else 0
    )
    points.add(
        "english",
        english_points,
        table["english_c1"] if english is None else english_points,
        ("english_level",),
    )
    known, best = experience_points(profile, table)
    points.add("experience", known, best, ("experience_years_last_7", "experience_years_last_5"))
    shortage = is_shortage_occupation(q.occupation_isco, groups.value)
    points.add(
        "shortage_occupation",
        table["shortage_occupation"] if shortage else 0,
        table["shortage_occupation"] if shortage is not False else 0,
        ("qualification.occupation_isco",),
    )
    age = profile.age
    age_points = notes_age_points(age, table, bands.value)
    points.add("age", age_points, table["age_under_35"] if age is None else age_points, ("age",))
    points.disputed = statute_age_points(age, table, bands.value) - age_points
    months = profile.previous_stay_in_germany_months_last_5_years
    stay_points = table["stay_in_germany"] if months is not None and months >= stay.value else 0
    points.add(
        "stay_in_germany",
        stay_points,
        table["stay_in_germany"] if months is None else stay_points,
        ("previous_stay_in_germany_months_last_5_years",),
    )
    spouse = profile.spouse_eligible_for_opportunity_card
    points.add(
        "spouse",
        table["spouse"] if spouse else 0,
        table["spouse"] if spouse is not False else 0,
        ("spouse_eligible_for_opportunity_card",),
    )
    return points


def improvements(profile: Profile, points: Points, table: dict) -> list[tuple[int, Message]]:
    """Facts a person can still change, each with the points it would add."""
    options: list[tuple[int, Message]] = []
    if profile.qualification.recognition not in ("partial", "full"):
        options.append(
            (
                table["partial_recognition"],
                Message(_("a recognition notice stating deficits (partial recognition)")),
            )
        )
    current = points.breakdown.get("german", 0)
    for level in ("A2", "B1", "B2"):
        gain = table[GERMAN_POINTS[level]] - current
        if gain > 0:
            options.append((gain, Message(_("German %(level)s"), {"level": level})))
    if "english" not in points.breakdown:
        options.append((table["english_c1"], Message(_("English %(level)s"), {"level": "C1"})))
    current = points.breakdown.get("experience", 0)
    if table["experience_2_in_5"] > current:
        options.append(
            (
                table["experience_2_in_5"] - current,
                Message(
                    _("at least %(years)s years' professional experience in the last 5 years"),
                    {"years": 2},
                ),
            )
        )
    if table["experience_5_in_7"] > current:
        options.append(
            (
                table["experience_5_in_7"] - current,
                Message(
                    _("at least %(years)s years' professional experience in the last 7 years"),
                    {"years": 5},
                ),
            )
        )
    if "spouse" not in points.breakdown:
        options.append(
            (table["spouse"], Message(_("a spouse who also qualifies and applies with you")))
        )
    return options


def nearest_improvements(options: list[tuple[int, Message]], gap: int) -> tuple[Message, ...]:
    """The single facts that close the gap alone (the smallest gain), else a combination."""
    closing = sorted((gain, index) for index, (gain, _message) in enumerate(options) if gain >= gap)
    if closing:
        smallest = closing[0][0]
        return tuple(options[index][1] for gain, index in closing if gain == smallest)
    chosen, total = [], 0
    for gain, message in sorted(options, key=lambda option: -option[0]):
        chosen.append(message)
        total += gain
        if total >= gap:
            break
    return tuple(chosen)


def points_condition(profile: Profile) -> Check:
    on = profile.on
    minimum = figure_or_none("opportunity_card_minimum_points", on)
    table = figure_or_none("opportunity_card_points", on)
    points = count_points(profile, on)
    if minimum is None or table is None or points is None:
        return no_figure("points", "opportunity_card_points", on)
    figures = (minimum, table)
    details = {
        "points": points.known,
        "minimum_points": minimum.value,
        "points_breakdown": points.breakdown,
    }
    if points.open:
        details["points_possible"] = points.known + points.open
    if points.disputed:
        details["points_disputed"] = points.disputed
    if points.known >= minimum.value:
        return held(
            "points",
            ROUTE_B,
            Message(
                _("%(points)s points reach the minimum of %(minimum)s."),
                {"points": points.known, "minimum": minimum.value},
            ),
            figures=figures,
            details=details,
        )
    gap = minimum.value - points.known
    would_change = nearest_improvements(improvements(profile, points, table.value), gap)
    if points.open and points.known + points.open + points.disputed >= minimum.value:
        return unknown(
            "points",
            ROUTE_B,
            Message(
                _(
                    "%(points)s points from the facts given; %(minimum)s are needed and the "
                    "facts not given could add up to %(open)s."
                ),
                {"points": points.known, "minimum": minimum.value, "open": points.open},
            ),
            figures=figures,
            missing=tuple(points.open_facts),
            would_change=would_change,
            details=details,
        )
    if points.known + points.disputed >= minimum.value:
        return unknown(
            "points",
            AGE_POINTS,
            Message(
                _(
                    'With the age points as § 20b Abs. 1 AufenthG words them ("nicht älter als '
                    '%(age)s Jahre") you reach %(reached)s points, the minimum of %(minimum)s; '
                    "the official application notes count one point fewer at the age of "
                    "%(age)s. Which reading the mission follows is disputed."
                ),
                {
                    "age": profile.age,
                    "reached": points.known + points.disputed,
                    "minimum": minimum.value,
                },
            ),
            figures=figures,
            would_change=would_change,
            details=details,
        )
    return failed(
        "points",
        ROUTE_B,
        Message(
            _("%(points)s points are below the minimum of %(minimum)s."),
            {"points": points.known, "minimum": minimum.value},
        ),
        figures=figures,
        would_change=would_change,
        details=details,
    )


ROUTES = ((fachkraft,), (points_route_qualification, language_minimum, points_condition))


def route(profile: Profile) -> Check:
    if reading_states_only():  # count the points only where they decide (a fifth of a re-check)
        return routes_state(ROUTES, profile)
    (route_a,), points_route = ([part(profile) for part in parts] for parts in ROUTES)
    points = points_route[-1]
    route_b = all_of("points_route", ROUTE_B, Message(_("Points route")), points_route)
    check = any_of("route", PARAGRAPH, Message(_("Fachkraft or points")), [route_a, route_b])
    chosen = "fachkraft" if route_a.state is HELD else "points" if route_b.state is HELD else None
    return check.but(details={**points.details, "route": chosen})


def means_of_subsistence(profile: Profile) -> Check:
    figure = figure_or_none("opportunity_card_means_of_subsistence", profile.on)
    details = {}
    figures = ()
    if figure is not None:
        details = {
            "means_of_subsistence_eur_month": figure.value,
            "means_of_subsistence_verified": figure.verified,
        }
        figures = (figure,)
    amount = Money(figure.value) if figure else Message(_("the amount the mission asks for"))
    needed = Message(
        _("proof that your living costs are secured (about %(amount)s a month)"), {"amount": amount}
    )
    secured = profile.financial_means_secured
    if secured is None:
        return unknown(
            "means_of_subsistence",
            MEANS,
            Message(_("Whether your living costs are secured is not given.")),
            figures=figures,
            missing=("financial_means_secured",),
            would_change=(needed,),
            details=details,
        )
    if secured:
        return held(
            "means_of_subsistence",
            MEANS,
            Message(_("The living costs are secured.")),
            figures=figures,
            details=details,
        )
    return failed(
        "means_of_subsistence",
        MEANS,
        Message(_("The living costs must be secured for the stay.")),
        figures=figures,
        would_change=(needed,),
        details=details,
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    route,
    means_of_subsistence,
)


def opportunity_card(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
