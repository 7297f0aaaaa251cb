"""The trace: each title is a list of named conditions; everything else derives from it."""

from __future__ import annotations

from welcome.law import TITLES, evaluate, parse_profile
from welcome.law.conditions import State

from .casefiles import all_cases, case_profile
from .profiles import BLUE_CARD_2026, variant


def blue_card_outcome(**changes):
    return TITLES["blue_card"](parse_profile(variant(BLUE_CARD_2026, **changes)))


def test_the_blue_card_trace_names_each_condition_in_order() -> None:
    trace = blue_card_outcome().trace
    assert [check.name for check in trace] == [
        "residence_title_needed",
        "in_force",
        "qualification",
        "job_offer",
        "contract_duration",
        "salary",
        "practice_permit",
    ]
    assert all(check.state is State.HELD for check in trace)


def test_the_salary_check_records_the_figure_and_its_valid_from_date() -> None:
    salary = next(check for check in blue_card_outcome().trace if check.name == "salary")
    (figure,) = salary.figures
    assert figure.name == "blue_card_standard_salary"
    assert figure.value == 50700
    assert figure.valid_from.isoformat() == "2026-01-01"
    assert salary.citation == "§ 18g Abs. 1 Satz 1 AufenthG"


def test_routes_appear_as_children() -> None:
    qualification = next(c for c in blue_card_outcome().trace if c.name == "qualification")
    assert [child.name for child in qualification.children] == ["degree_route", "it_route"]
    assert qualification.children[0].state is State.HELD


def test_a_failed_gate_ends_the_trace() -> None:
    trace = blue_card_outcome(nationality="AT").trace
    assert [check.name for check in trace] == ["residence_title_needed"]
    assert trace[0].state is State.FAILED


def test_the_trace_is_in_the_json_only_when_asked() -> None:
    evaluation = evaluate(BLUE_CARD_2026)
    assert "trace" not in evaluation.as_dict()
    trace = evaluation.as_dict(trace=True)["trace"]
    assert set(trace) == set(TITLES)
    salary = next(entry for entry in trace["blue_card"] if entry["condition"] == "salary")
    assert salary["state"] == "held"
    assert salary["figures"][0] == {
        "name": "blue_card_standard_salary",
        "value": 50700,
        "valid_from": "2026-01-01",
        "reference": "§ 18g Abs. 1 Satz 1 AufenthG",
        "verified": True,
    }
    assert set(salary) == {
        "condition",
        "state",
        "citation",
        "reason",
        "figures",
        "missing",
        "would_change",
        "children",
    }


def test_status_missing_and_would_change_follow_from_the_trace_in_every_case() -> None:
    for title, base, case in all_cases():
        outcome = TITLES[title](parse_profile(case_profile(base, case)))
        states = {check.state for check in outcome.trace}
        expected_status = (
            "not_eligible"
            if State.FAILED in states
            else "possible"
            if State.UNKNOWN in states
            else "eligible"
        )
        assert outcome.status == expected_status, case["name"]
        unknown_missing = {m for c in outcome.trace if c.state is State.UNKNOWN for m in c.missing}
        assert set(outcome.missing) == unknown_missing, case["name"]
        open_changes = [
            w for c in outcome.trace if c.state is not State.HELD for w in c.would_change
        ]
        assert all(w in open_changes for w in outcome.would_change), case["name"]
        assert all(w in outcome.would_change for w in open_changes), case["name"]
        if outcome.status == "eligible":
            assert outcome.would_change == () and outcome.missing == ()
