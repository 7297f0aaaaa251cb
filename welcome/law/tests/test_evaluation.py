"""The public API: evaluate(), the JSON shape, ordering, § 81a availability, translation hooks."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from welcome.law import (
    RULES_VERSION,
    TITLES,
    Evaluation,
    Profile,
    evaluate,
    parameters,
    parse_profile,
)
from welcome.law.i18n import Money
from welcome.law.parameters import NoFigureOnDate

from .profiles import BLUE_CARD_2026, variant

OUTCOME_KEYS = {
    "title",
    "paragraph",
    "status",
    "reasons",
    "missing",
    "citations",
    "details",
    "would_change",
}


def test_the_json_has_exactly_the_agreed_shape() -> None:
    result = evaluate(BLUE_CARD_2026).as_dict()
    assert set(result) == {
        "evaluated_on",
        "outcomes",
        "accelerated_procedure_available",
        "roadmap",
        "checklist",
    }
    assert [set(outcome) for outcome in result["outcomes"]] == [OUTCOME_KEYS] * len(TITLES)
    for outcome in result["outcomes"]:
        for key in ("reasons", "missing", "citations", "would_change"):
            assert isinstance(outcome[key], list)
            assert all(isinstance(item, str) for item in outcome[key])
    assert set(result["roadmap"]) == {"title", "steps", "earliest_start"}
    json.dumps(evaluate(BLUE_CARD_2026).as_dict(trace=True))


def test_outcomes_are_sorted_best_first() -> None:
    outcomes = evaluate(BLUE_CARD_2026).outcomes
    ranks = [outcome.status.rank for outcome in outcomes]
    assert ranks == sorted(ranks)
    assert outcomes[0].title == "blue_card"
    assert {outcome.title for outcome in outcomes} == set(TITLES)


def test_the_accelerated_procedure_is_available_for_an_eligible_covered_title() -> None:
    assert evaluate(BLUE_CARD_2026).accelerated_procedure_available is True
    possible_only = variant(BLUE_CARD_2026, job_offer__annual_gross_salary_eur=None, age=None)
    assert evaluate(possible_only).accelerated_procedure_available is False


def test_eu_citizens_need_no_title() -> None:
    evaluation = evaluate(variant(BLUE_CARD_2026, nationality="PL"))
    assert evaluation.outcomes[0].title == "eu_free_movement"
    assert evaluation.outcomes[0].status == "eligible"
    assert all(o.status == "not_eligible" for o in evaluation.outcomes[1:])
    assert evaluation.accelerated_procedure_available is False


def test_a_profile_object_and_a_dict_give_the_same_result() -> None:
    from_dict = evaluate(BLUE_CARD_2026)
    from_profile = evaluate(parse_profile(BLUE_CARD_2026))
    assert isinstance(from_dict, Evaluation)
    assert from_dict.as_dict() == from_profile.as_dict()


def test_the_evaluation_date_defaults_to_today() -> None:
    data = variant(BLUE_CARD_2026, evaluation_date=None)
    assert evaluate(data).evaluated_on == parse_profile(data).evaluation_date


def test_the_rules_version_names_code_and_parameters() -> None:
    assert re.fullmatch(r"\d+\+[0-9a-f]{12}", RULES_VERSION)


def test_text_is_rendered_with_the_given_translation_and_localizer() -> None:
    german = {
        "a gross annual salary of at least %(threshold)s": (
            "ein Bruttojahresgehalt von mindestens %(threshold)s"
        )
    }

    def localize(value):
        if isinstance(value, Money):
            return f"{value.amount:,.0f} €".replace(",", ".")
        return str(value)

    data = variant(BLUE_CARD_2026, job_offer__annual_gross_salary_eur=40000)
    result = evaluate(data).as_dict(
        translate=lambda text: german.get(text, text), localize=localize
    )
    blue_card = next(o for o in result["outcomes"] if o["title"] == "blue_card")
    assert blue_card["would_change"] == ["ein Bruttojahresgehalt von mindestens 50.700 €"]


def test_citations_carry_the_valid_from_date_of_the_deciding_figure() -> None:
    blue_card = evaluate(BLUE_CARD_2026).as_dict()["outcomes"][0]
    assert "§ 18g Abs. 1 Satz 1 AufenthG (figure valid from 2026-01-01)" in blue_card["citations"]
    assert blue_card["details"] == {
        "route": "degree",
        "threshold_eur": 50700,
        "threshold_kind": "standard",
        "ba_approval_required": False,
    }


def test_a_date_before_the_encoded_law_is_refused() -> None:
    with pytest.raises(ValueError, match="2023-11-18"):
        evaluate(Profile(evaluation_date=date(2023, 11, 17)))


def test_a_missing_figure_leaves_the_condition_open(monkeypatch) -> None:
    real_value = parameters.value_or_error

    def without_salary(name, on):
        if name == "blue_card_standard_salary":
            return NoFigureOnDate(name, on, on)
        return real_value(name, on)

    monkeypatch.setattr(parameters, "value_or_error", without_salary)
    outcome = TITLES["blue_card"](parse_profile(BLUE_CARD_2026))
    assert outcome.status == "possible"
    assert any("No figure" in reason.render() for reason in outcome.reasons)
