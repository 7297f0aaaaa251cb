"""would_change is computed from the failed conditions and their figures, never written per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from welcome.law import TITLES, parameters, parse_profile

from .profiles import BLUE_CARD_2026, variant


def outcome(title: str, data: dict):
    return TITLES[title](parse_profile(data)).as_dict()


def test_the_salary_named_follows_the_figure_of_the_date() -> None:
    low = variant(BLUE_CARD_2026, job_offer__annual_gross_salary_eur=40000)
    assert outcome("blue_card", low)["would_change"] == [
        "a gross annual salary of at least 50,700 €"
    ]
    earlier = variant(low, evaluation_date="2025-06-01")
    assert outcome("blue_card", earlier)["would_change"] == [
        "a gross annual salary of at least 48,300 €"
    ]


def test_the_salary_named_comes_from_the_parameter_files(monkeypatch) -> None:
    real_value = parameters.value_or_error

    def patched(name: str, on: date):
        figure = real_value(name, on)
        if name == "blue_card_standard_salary":
            return replace(figure, value=Decimal("61234"))
        return figure

    monkeypatch.setattr(parameters, "value_or_error", patched)
    low = variant(BLUE_CARD_2026, job_offer__annual_gross_salary_eur=50700)
    assert outcome("blue_card", low)["would_change"] == [
        "a gross annual salary of at least 61,234 €"
    ]


def test_giving_the_named_salary_makes_the_title_eligible() -> None:
    low = variant(BLUE_CARD_2026, job_offer__annual_gross_salary_eur=30000)
    before = outcome("blue_card", low)
    assert before["status"] == "not_eligible"
    fixed = variant(low, job_offer__annual_gross_salary_eur=before["details"]["threshold_eur"])
    assert outcome("blue_card", fixed)["status"] == "eligible"


def test_several_failed_conditions_each_name_their_fact() -> None:
    data = variant(
        BLUE_CARD_2026, job_offer__annual_gross_salary_eur=30000, job_offer__contract_months=3
    )
    assert outcome("blue_card", data)["would_change"] == [
        "an employment contract of at least 6 months",
        "a gross annual salary of at least 50,700 €",
    ]


def test_german_a2_turns_recognition_measures_eligible() -> None:
    data = {
        "evaluation_date": "2026-03-01",
        "nationality": "MA",
        "qualification": {"recognition": "partial"},
        "german_level": "A1",
    }
    before = outcome("recognition_measures", data)
    assert before["would_change"] == ["German A2"]
    assert outcome("recognition_measures", {**data, "german_level": "A2"})["status"] == "eligible"


def test_the_points_gap_names_the_smallest_facts_that_close_it() -> None:
    data = {
        "evaluation_date": "2025-03-01",
        "nationality": "KE",
        "age": 30,
        "qualification": {
            "level": "vocational",
            "recognition": "none",
            "state_recognised_abroad": True,
            "occupation_isco": "7411",
        },
        "german_level": "A1",
        "english_level": "B1",
        "experience_years_last_5": 5,
        "experience_years_last_7": 5,
        "previous_stay_in_germany_months_last_5_years": 0,
        "spouse_eligible_for_opportunity_card": False,
        "financial_means_secured": True,
    }
    before = outcome("opportunity_card", data)
    assert before["details"]["points"] == 5
    assert "German A2" in before["would_change"]
    assert "English C1" in before["would_change"]
    assert "German B2" not in before["would_change"]  # more than the one point missing
    assert outcome("opportunity_card", {**data, "german_level": "A2"})["status"] == "eligible"


def test_a_wide_points_gap_names_a_combination() -> None:
    data = {
        "evaluation_date": "2025-03-01",
        "nationality": "KE",
        "age": 45,
        "qualification": {
            "level": "vocational",
            "recognition": "none",
            "state_recognised_abroad": True,
            "occupation_isco": "7411",
        },
        "german_level": "A1",
        "english_level": "B1",
        "experience_years_last_5": 0,
        "experience_years_last_7": 0,
        "previous_stay_in_germany_months_last_5_years": 0,
        "spouse_eligible_for_opportunity_card": False,
        "financial_means_secured": True,
    }
    result = outcome("opportunity_card", data)
    assert result["details"]["points"] == 0
    assert len(result["would_change"]) >= 2


def test_not_needed_titles_suggest_nothing() -> None:
    result = outcome("blue_card", variant(BLUE_CARD_2026, nationality="FR"))
    assert result["status"] == "not_eligible"
    assert result["would_change"] == []
