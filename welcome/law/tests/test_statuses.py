"""``evaluate_statuses`` says what ``evaluate`` says of every title's status and of the best
title — for thousands of varied profiles, on dates before, across and after the yearly figures
(2027: not published yet), for every legal test case and for profiles mixed from them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from bench.inputs import pathway_profile
from welcome.law import (
    TITLES,
    ProfileError,
    Status,
    evaluate,
    evaluate_statuses,
    parameters,
)
from welcome.law.conditions import Check, State, all_of, any_of, held, routes_state
from welcome.law.outcome import assess_status, shared_checks
from welcome.law.parameters import FigureNotPublished
from welcome.law.titles import TITLE_CONDITIONS

from .casefiles import all_cases, case_profile

# Before the 2026 figures, the day they change, mid-year, and two dates in 2027, whose yearly
# figures are not published (the statuses then rest on "cannot be decided yet").
DATES = ("2025-03-01", "2026-01-01", "2026-06-01", "2027-01-04", "2027-09-30")


def on(profile: dict[str, Any], day: str) -> dict[str, Any]:
    """The profile evaluated on ``day``, its qualification finished no later than that."""
    profile = {**profile, "evaluation_date": day}
    qualification = profile.get("qualification")
    if qualification and qualification.get("completed_on", "") > day:
        profile["qualification"] = {**qualification, "completed_on": day}
    return profile


def full(profile: dict[str, Any]) -> tuple[dict[str, str], str | None] | type[Exception]:
    """Each title's status (best first) and the roadmap's title, from the full evaluation."""
    try:
        evaluation = evaluate(profile)
    except (ProfileError, ValueError) as error:
        return type(error)
    return {o.title: str(o.status) for o in evaluation.outcomes}, evaluation.roadmap.title


def fast(profile: dict[str, Any]) -> tuple[dict[str, str], str | None] | type[Exception]:
    try:
        statuses = evaluate_statuses(profile)
    except (ProfileError, ValueError) as error:
        return type(error)
    return statuses.as_dict(), statuses.best


def assert_same(profiles: list[dict[str, Any]]) -> dict[str, int]:
    """Both answers agree, order included, for each profile; counts what was covered."""
    seen: dict[str, int] = {}
    for profile in profiles:
        expected = full(profile)
        assert fast(profile) == expected, profile
        if isinstance(expected, tuple):
            assert list(fast(profile)[0]) == list(expected[0]), profile  # best first, too
            for status in expected[0].values():
                seen[status] = seen.get(status, 0) + 1
            seen[f"best:{expected[1]}"] = seen.get(f"best:{expected[1]}", 0) + 1
        else:
            seen[expected.__name__] = seen.get(expected.__name__, 0) + 1
    return seen


@pytest.mark.parametrize("day", DATES)
def test_the_benchmark_profiles_get_the_same_statuses(day: str) -> None:
    # 800 never-repeated profiles per date, another 800 for each date: 4,000 in all.
    start = DATES.index(day) * 800
    seen = assert_same([on(pathway_profile(i), day) for i in range(start, start + 800)])
    assert seen.get("eligible") and seen.get("possible") and seen.get("not_eligible"), seen
    assert len([key for key in seen if key.startswith("best:")]) >= 3, seen


def test_every_legal_case_gets_the_same_statuses_on_its_date_and_in_2027() -> None:
    profiles = [case_profile(base, case) for _title, base, case in all_cases()]
    seen = assert_same(profiles + [on(profile, "2027-01-04") for profile in profiles])
    # every title's case file reaches each title's outcomes, so every status occurs
    assert seen["eligible"] and seen["possible"] and seen["not_eligible"]


def test_profiles_mixed_from_the_legal_cases_get_the_same_statuses() -> None:
    """Facts the benchmark's profiles lack (family, the title held, pension months …) combined
    at random from the cases' profiles, on random dates: 2,000 profiles."""
    cases = [case_profile(base, case) for _title, base, case in all_cases()]
    chance = random.Random(13)  # noqa: S311 - test data, not security
    first = dt.date(2025, 1, 1)
    mixed = []
    for _ in range(2000):
        donors = chance.sample(cases, 3)
        profile: dict[str, Any] = {}
        for donor in donors:
            for key, value in donor.items():
                if chance.random() < 0.5:
                    profile[key] = value
        day = first + dt.timedelta(days=chance.randrange(3 * 365))
        mixed.append(on(profile, day.isoformat()))
    seen = assert_same(mixed)
    assert seen["eligible"] > 20 and seen["possible"] > 20, seen


def test_invalid_answers_are_refused_alike() -> None:
    assert full({"age": -1}) is ProfileError
    assert fast({"age": -1}) is ProfileError
    assert fast({"evaluation_date": "2019-01-01"}) is full({"evaluation_date": "2019-01-01"})


def test_the_statuses_use_each_titles_own_conditions() -> None:
    assert list(TITLE_CONDITIONS) == list(TITLES)
    profile = evaluate_statuses(on(pathway_profile(7), "2026-06-01"))
    assert set(profile.statuses) == set(TITLES)


def test_the_first_failed_condition_decides_and_the_rest_are_not_run() -> None:
    ran: list[str] = []

    def condition(name: str, status: Status) -> Any:
        from welcome.law.conditions import State, held

        def run(_profile: Any) -> Any:
            ran.append(name)
            state = {
                Status.ELIGIBLE: State.HELD,
                Status.POSSIBLE: State.UNKNOWN,
                Status.NOT_ELIGIBLE: State.FAILED,
            }[status]
            return held(name, "§", None).but(state=state)  # type: ignore[arg-type]

        return run

    a, b, c = (
        condition("a", Status.POSSIBLE),
        condition("b", Status.NOT_ELIGIBLE),
        condition("c", Status.ELIGIBLE),
    )
    assert assess_status((a, c), None) is Status.POSSIBLE
    assert assess_status((a, b, c), None) is Status.NOT_ELIGIBLE
    assert ran == ["a", "c", "a", "b"]
    ran.clear()
    with shared_checks():
        assert assess_status((a, c), None) is Status.POSSIBLE
        assert assess_status((a, c), None) is Status.POSSIBLE
    assert ran == ["a", "c"]  # a shared condition runs once per profile


STATES = (State.HELD, State.UNKNOWN, State.FAILED)


@pytest.mark.parametrize(
    "routes",
    [
        *(((a,), (b, c)) for a in STATES for b in STATES for c in STATES),
        *(((a, b), (c,), (d,)) for a in STATES for b in STATES for c in STATES for d in STATES),
    ],
)
def test_routes_state_is_the_state_of_any_of_all_of(routes: tuple[tuple[State, ...], ...]) -> None:
    """The Blue Card's qualification and the opportunity card's route, in a re-check: the
    state ``any_of`` of ``all_of`` gives, with parts run only until one decides it."""
    ran: list[tuple[int, int]] = []

    def part(route: int, index: int, state: State) -> Any:
        def run(_profile: Any) -> Check:
            ran.append((route, index))
            return held(f"{route}.{index}", "§", None).but(state=state)  # type: ignore[arg-type]

        return run

    conditions = [
        [part(r, i, state) for i, state in enumerate(states)] for r, states in enumerate(routes)
    ]
    everything = any_of(
        "any",
        "§",
        None,  # type: ignore[arg-type]
        [all_of("all", "§", None, [c(None) for c in route]) for route in conditions],  # type: ignore[arg-type]
    )
    ran.clear()
    assert routes_state(conditions, None).state is everything.state
    held_route = next(
        (r for r, states in enumerate(routes) if all(s is State.HELD for s in states)), None
    )
    if held_route is not None:  # no route after the first that holds is run
        assert max(route for route, _index in ran) == held_route
    for route, states in enumerate(routes):  # nor a part after a route's first failure
        if State.FAILED in states:
            failing = states.index(State.FAILED)
            assert all(index <= failing for r, index in ran if r == route)


def test_a_figure_lookup_is_remembered_and_its_refusal_raised_afresh() -> None:
    day = dt.date(2027, 1, 4)
    assert parameters.value("free_movement_states", day) is parameters.value(
        "free_movement_states", day
    )
    for _ in range(3):
        with pytest.raises(FigureNotPublished) as raised:
            parameters.value("blue_card_standard_salary", day)
        # the traceback is this raise's alone, not one growing with every lookup
        assert len(list(_frames(raised.value.__traceback__))) < 5


def _frames(traceback: Any):
    while traceback is not None:
        yield traceback
        traceback = traceback.tb_next


def test_the_full_evaluation_keeps_its_explanations_around_a_statuses_run() -> None:
    profile = on(pathway_profile(11), "2026-06-01")
    before = evaluate(profile).as_dict(trace=True)
    evaluate_statuses(profile)
    assert evaluate(profile).as_dict(trace=True) == before
    composites = [
        check
        for checks in evaluate(profile).trace.values()
        for top in checks
        for check in top.walk()
        if check.children
    ]
    assert any(check.figures or check.would_change or check.details for check in composites)
