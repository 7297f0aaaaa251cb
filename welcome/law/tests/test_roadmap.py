"""Roadmap: steps in order, competent offices by date and place, deadlines, the checklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from welcome.law import Office, evaluate
from welcome.law.roadmap import DefaultDirectory, add_period

from .profiles import BLUE_CARD_2026, variant


def roadmap(data: dict, directory=None) -> dict:
    return evaluate(data, directory=directory).as_dict()["roadmap"]


def step(result: dict, key: str) -> dict:
    return next(s for s in result["steps"] if s["key"] == key)


def test_blue_card_at_the_standard_threshold_needs_no_ba_step() -> None:
    result = roadmap(BLUE_CARD_2026)
    assert result["title"] == "blue_card"
    assert [s["key"] for s in result["steps"]] == [
        "accelerated_procedure_agreement",
        "pre_approval",
        "visa",
        "entry_registration",
        "residence_permit",
    ]


def test_the_reduced_threshold_adds_the_ba_approval_with_its_deadline() -> None:
    data = variant(
        BLUE_CARD_2026,
        qualification__occupation_isco="2512",
        job_offer__annual_gross_salary_eur=46000,
    )
    ba = step(roadmap(data), "ba_approval")
    assert ba["office"]["id"] == "ba-hannover"
    assert (ba["duration_days"], ba["statutory"], ba["citation"]) == (7, True, "§ 36 Abs. 2 BeschV")


@pytest.mark.parametrize(
    ("day", "municipality", "agreement_office", "residence_office"),
    [
        ("2026-03-01", "Hannover", "zentralstelle-nds", "abh-lhh"),
        ("2026-01-01", "Garbsen", "zentralstelle-nds", "abh-region"),
        ("2025-12-31", "Garbsen", "abh-region", "abh-region"),
        ("2025-06-30", "Landeshauptstadt Hannover", "abh-lhh", "abh-lhh"),
    ],
)
def test_offices_depend_on_date_and_municipality(
    day, municipality, agreement_office, residence_office
) -> None:
    result = roadmap(variant(BLUE_CARD_2026, evaluation_date=day, municipality=municipality))
    assert step(result, "accelerated_procedure_agreement")["office"]["id"] == agreement_office
    assert step(result, "residence_permit")["office"]["id"] == residence_office


def test_the_optional_period_mentions_the_zentralstelle() -> None:
    agreement = step(
        roadmap(variant(BLUE_CARD_2026, evaluation_date="2025-07-01")),
        "accelerated_procedure_agreement",
    )
    assert agreement["office"]["id"] == "abh-lhh"
    assert "2025-07-01" in agreement["note"] and "Zentralstelle" in agreement["note"]


def test_an_unknown_municipality_is_said_so() -> None:
    result = roadmap(variant(BLUE_CARD_2026, municipality=None, evaluation_date="2025-03-01"))
    assert step(result, "residence_permit")["office"] is None
    assert "Depends on your place of residence" in step(result, "residence_permit")["note"]
    assert step(result, "accelerated_procedure_agreement")["office"] is None
    assert step(result, "entry_registration")["office"] is None


def test_a_recognition_in_the_accelerated_procedure_has_the_shortened_deadlines() -> None:
    data = {
        "evaluation_date": "2026-03-01",
        "nationality": "VN",
        "age": 28,
        "municipality": "Lehrte",
        "qualification": {
            "level": "vocational",
            "recognition": "pending",
            "regulated_profession": False,
            "occupation_isco": "3115",
        },
        "job_offer": {"annual_gross_salary_eur": 38000},
    }
    result = roadmap(data)
    assert result["title"] == "skilled_vocational"
    recognition = step(result, "recognition")
    assert recognition["office"]["id"] == "ihk-fosa"
    assert recognition["statutory"] is True
    assert recognition["citation"] == "§ 14a BQFG"
    assert (recognition["starts_on"], recognition["ends_on"]) == ("2026-03-15", "2026-05-29")
    assert [s["key"] for s in result["steps"]][:3] == [
        "accelerated_procedure_agreement",
        "recognition",
        "ba_approval",
    ]


def test_crafts_go_to_the_hwk_and_degrees_to_the_zab() -> None:
    craft = {
        "evaluation_date": "2026-03-01",
        "nationality": "VN",
        "qualification": {
            "level": "vocational",
            "recognition": "pending",
            "occupation_isco": "7126",
        },
    }
    assert step(roadmap(craft), "recognition")["office"]["id"] == "hwk-hannover"
    degree = variant(BLUE_CARD_2026, qualification__recognition="pending")
    recognition = step(roadmap(degree), "recognition")
    assert recognition["office"]["id"] == "zab"
    assert recognition["statutory"] is False


def test_the_earliest_start_adds_the_steps_before_work() -> None:
    evaluation = evaluate(BLUE_CARD_2026)
    result = evaluation.as_dict()["roadmap"]
    before = [s for s in result["steps"] if s["before_start_of_work"]]
    total = sum(s["duration_days"] for s in before)
    assert result["earliest_start"] == (evaluation.evaluated_on + timedelta(days=total)).isoformat()
    assert result["earliest_start"] == "2026-05-03"
    after = [s for s in result["steps"] if not s["before_start_of_work"]]
    assert after[0]["starts_on"] == result["earliest_start"]


def test_the_checklist_lists_each_document_once() -> None:
    result = evaluate(BLUE_CARD_2026).as_dict()
    keys = [document["key"] for document in result["checklist"]]
    assert len(keys) == len(set(keys))
    step_keys = {d["key"] for s in result["roadmap"]["steps"] for d in s["documents"]}
    assert set(keys) == step_keys
    assert {"power_of_attorney", "health_insurance", "landlord_confirmation"} <= set(keys)


def test_eu_citizens_only_register() -> None:
    result = evaluate(
        {"evaluation_date": "2026-03-01", "nationality": "FR", "municipality": "Seelze"}
    ).as_dict()
    assert result["roadmap"]["title"] == "eu_free_movement"
    assert [s["key"] for s in result["roadmap"]["steps"]] == ["entry_registration"]
    assert result["roadmap"]["earliest_start"] == "2026-03-01"
    assert result["accelerated_procedure_available"] is False


def test_no_roadmap_when_nothing_is_open() -> None:
    data = {
        "evaluation_date": "2026-03-01",
        "nationality": "GB",
        "age": 30,
        "qualification": {"level": "none", "recognition": "none", "state_recognised_abroad": False},
        "job_offer": {"it_specialist": False, "annual_gross_salary_eur": 20000},
        "german_level": "none",
        "english_level": "none",
    }
    result = evaluate(data).as_dict()
    assert {o["status"] for o in result["outcomes"]} == {"not_eligible"}
    assert result["roadmap"] == {"title": None, "steps": [], "earliest_start": None}
    assert result["checklist"] == []


def test_a_directory_from_elsewhere_is_used() -> None:
    class RegionDirectory:
        def residence_authority(self, municipality, on):
            return Office("abh-region", "Region Hannover, Team Zuwanderung")

        def accelerated_procedure_authority(self, municipality, on):
            return Office("zentralstelle-nds", "Zentralstelle")

    result = roadmap(
        variant(BLUE_CARD_2026, evaluation_date="2024-06-01"), directory=RegionDirectory()
    )
    assert step(result, "residence_permit")["office"] == {
        "id": "abh-region",
        "name": "Region Hannover, Team Zuwanderung",
    }
    assert step(result, "accelerated_procedure_agreement")["office"]["id"] == "zentralstelle-nds"


def test_the_default_directory() -> None:
    directory = DefaultDirectory()
    assert directory.residence_authority("hannover", date(2026, 1, 1)).id == "abh-lhh"
    assert directory.residence_authority("Wunstorf", date(2026, 1, 1)).id == "abh-region"
    assert directory.residence_authority(None, date(2026, 1, 1)) is None
    assert (
        directory.accelerated_procedure_authority(None, date(2026, 1, 1)).id == "zentralstelle-nds"
    )
    assert (
        directory.accelerated_procedure_authority("Wunstorf", date(2025, 12, 31)).id == "abh-region"
    )


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (date(2026, 1, 31), {"months": 1}, date(2026, 2, 28)),
        (date(2028, 1, 31), {"months": 1}, date(2028, 2, 29)),
        (date(2026, 11, 15), {"months": 2}, date(2027, 1, 15)),
        (date(2026, 3, 1), {"weeks": 3}, date(2026, 3, 22)),
    ],
)
def test_periods_are_added_on_the_calendar(start: date, period: dict, end: date) -> None:
    assert add_period(start, period) == end


def test_the_opportunity_card_has_no_accelerated_procedure() -> None:
    data = {
        "evaluation_date": "2025-03-01",
        "nationality": "KE",
        "age": 30,
        "qualification": {
            "level": "vocational",
            "recognition": "none",
            "state_recognised_abroad": True,
        },
        "german_level": "A2",
        "experience_years_last_7": 5,
        "financial_means_secured": True,
        "job_offer": None,
    }
    result = evaluate(data).as_dict()
    assert result["outcomes"][0]["title"] == "opportunity_card"
    keys = [s["key"] for s in result["roadmap"]["steps"]]
    assert "accelerated_procedure_agreement" not in keys
    assert keys[0] == "state_recognition_check"
    assert step(result["roadmap"], "visa")["statutory"] is False
    assert result["accelerated_procedure_available"] is False
