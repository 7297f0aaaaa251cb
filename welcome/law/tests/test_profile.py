"""Validation of the facts: one clear English message per invalid field, dotted names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from welcome.law import ProfileError, parse_profile
from welcome.law.places import countries, municipalities
from welcome.law.profile import FIELD_NAMES, profile_as_dict

INVALID = [
    ({"foo": 1}, "foo", "Unknown field"),
    ({"qualification": {"grade": "A"}}, "qualification.grade", "Unknown field"),
    ({"job_offer": {"bonus": 100}}, "job_offer.bonus", "Unknown field"),
    ({"age": "30"}, "age", "Must be a number."),
    ({"age": True}, "age", "Must be a number."),
    ({"age": 30.5}, "age", "Must be a whole number."),
    ({"age": -1}, "age", "between 0 and 120"),
    ({"age": 121}, "age", "between 0 and 120"),
    (
        {"job_offer": {"annual_gross_salary_eur": True}},
        "job_offer.annual_gross_salary_eur",
        "number",
    ),
    (
        {"job_offer": {"annual_gross_salary_eur": "50000"}},
        "job_offer.annual_gross_salary_eur",
        "number",
    ),
    (
        {"job_offer": {"annual_gross_salary_eur": -1}},
        "job_offer.annual_gross_salary_eur",
        "negative",
    ),
    ({"job_offer": {"contract_months": -3}}, "job_offer.contract_months", "negative"),
    ({"job_offer": {"contract_months": 1.5}}, "job_offer.contract_months", "whole number"),
    ({"experience_years_last_5": -0.5}, "experience_years_last_5", "negative"),
    ({"experience_years_last_5": 5.5}, "experience_years_last_5", "more than 5 years"),
    ({"experience_years_last_7": 8}, "experience_years_last_7", "more than 7 years"),
    ({"experience_years_last_7": False}, "experience_years_last_7", "number"),
    (
        {"previous_stay_in_germany_months_last_5_years": -1},
        "previous_stay_in_germany_months_last_5_years",
        "negative",
    ),
    ({"nationality": "XX"}, "nationality", "ISO 3166-1 alpha-2"),
    ({"nationality": "DEU"}, "nationality", "ISO 3166-1 alpha-2"),
    ({"nationality": 49}, "nationality", "ISO 3166-1 alpha-2"),
    ({"evaluation_date": "2026-02-30"}, "evaluation_date", "YYYY-MM-DD"),
    ({"evaluation_date": "20260301"}, "evaluation_date", "YYYY-MM-DD"),
    ({"evaluation_date": 20260301}, "evaluation_date", "YYYY-MM-DD"),
    ({"evaluation_date": "2023-11-17"}, "evaluation_date", "from 2023-11-18 on"),
    # Bounds that keep the arithmetic finite (a roadmap from 9999-12-31 ran past the calendar;
    # a salary of 1e308 was "eligible").
    ({"evaluation_date": "9999-12-31"}, "evaluation_date", "up to 2099-12-31"),
    (
        {"job_offer": {"annual_gross_salary_eur": 1e308}},
        "job_offer.annual_gross_salary_eur",
        "more than 10,000,000",
    ),
    ({"job_offer": {"contract_months": 10**9}}, "job_offer.contract_months", "more than 600"),
    (
        {"previous_stay_in_germany_months_last_5_years": 61},
        "previous_stay_in_germany_months_last_5_years",
        "more than 60",
    ),
    ({"qualification": {"completed_on": "yesterday"}}, "qualification.completed_on", "YYYY-MM-DD"),
    (
        {"qualification": {"level": "phd"}},
        "qualification.level",
        "one of: academic, vocational, none",
    ),
    (
        {"qualification": {"recognition": "yes"}},
        "qualification.recognition",
        "one of: full, partial",
    ),
    ({"german_level": "B3"}, "german_level", "one of: none, A1, A2, B1, B2, C1, C2"),
    ({"english_level": "c1"}, "english_level", "one of:"),
    ({"municipality": "Hamburg"}, "municipality", "Region Hannover"),
    ({"municipality": "Burgdorf (Wolfenbüttel)"}, "municipality", "Region Hannover"),
    ({"municipality": 30159}, "municipality", "name of a municipality"),
    ({"qualification": {"occupation_isco": 2512}}, "qualification.occupation_isco", "4-digit"),
    ({"qualification": {"occupation_isco": "251"}}, "qualification.occupation_isco", "4-digit"),
    ({"qualification": {"german_degree": "yes"}}, "qualification.german_degree", "true or false"),
    ({"job_offer": {"it_specialist": 1}}, "job_offer.it_specialist", "true or false"),
    ({"financial_means_secured": "true"}, "financial_means_secured", "true or false"),
    ({"qualification": "academic"}, "qualification", "object"),
    ({"job_offer": [50000]}, "job_offer", "object"),
    (
        {"experience_years_last_5": 4, "experience_years_last_7": 3},
        "experience_years_last_7",
        "less than",
    ),
    (
        {"evaluation_date": "2026-01-01", "qualification": {"completed_on": "2026-06-01"}},
        "qualification.completed_on",
        "later than the evaluation date",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "fragment"), INVALID, ids=[f"{i[1]}-{n}" for n, i in enumerate(INVALID)]
)
def test_one_message_for_the_invalid_field(data: dict, field: str, fragment: str) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(data)
    assert list(error.value.errors) == [field]
    message = error.value.errors[field]
    assert fragment in message
    assert message[0].isupper() and message.endswith(".")


def test_every_invalid_field_is_reported_at_once() -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(
            {
                "age": 200,
                "nationality": "ZZ",
                "qualification": {"level": "master", "unknown": 1},
                "job_offer": {"annual_gross_salary_eur": -5},
                "municipality": "Berlin",
            }
        )
    assert set(error.value.errors) == {
        "age",
        "nationality",
        "qualification.level",
        "qualification.unknown",
        "job_offer.annual_gross_salary_eur",
        "municipality",
    }
    assert all(isinstance(text, str) for text in error.value.errors.values())


def test_input_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(["age", 30])
    assert list(error.value.errors) == ["__all__"]


def test_every_field_is_optional_and_null_means_absent() -> None:
    profile = parse_profile(
        {"age": None, "qualification": None, "job_offer": {}}, today=date(2026, 5, 1)
    )
    assert profile.age is None
    assert profile.qualification.level is None
    assert not profile.job_offer.given
    assert profile.evaluation_date == date(2026, 5, 1)


def test_a_complete_profile_round_trips() -> None:
    data = {
        "evaluation_date": "2026-03-01",
        "nationality": "IN",
        "age": 30,
        "qualification": {
            "level": "academic",
            "recognition": "full",
            "german_degree": False,
            "state_recognised_abroad": True,
            "completed_on": "2020-07-15",
            "occupation_isco": "2512",
            "regulated_profession": False,
        },
        "experience_years_last_5": 4.5,
        "experience_years_last_7": 6,
        "job_offer": {
            "annual_gross_salary_eur": 45934.2,
            "matches_qualification": True,
            "contract_months": 0,
            "employer_bound_by_collective_agreement": False,
            "it_specialist": True,
        },
        "german_level": "A2",
        "english_level": "C1",
        "previous_stay_in_germany_months_last_5_years": 0,
        "spouse_eligible_for_opportunity_card": False,
        "financial_means_secured": True,
        "first_residence_title_in_germany": True,
        "pension_provision_adequate": False,
        "municipality": "Hannover",
    }
    profile = parse_profile(data)
    assert profile.job_offer.annual_gross_salary_eur == Decimal("45934.2")
    assert profile_as_dict(profile) == data
    assert set(FIELD_NAMES) >= {
        "job_offer.annual_gross_salary_eur",
        "qualification.occupation_isco",
    }


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Hannover", "Hannover"),
        ("hannover", "Hannover"),
        ("Landeshauptstadt Hannover", "Hannover"),
        ("LANDESHAUPTSTADT HANNOVER", "Hannover"),
        ("  garbsen ", "Garbsen"),
        ("Neustadt am Rübenberge", "Neustadt am Rübenberge"),
        ("wennigsen (deister)", "Wennigsen (Deister)"),
    ],
)
def test_municipalities_are_matched_without_regard_to_case(spelling: str, canonical: str) -> None:
    assert parse_profile({"municipality": spelling}).municipality == canonical


def test_the_region_has_21_municipalities() -> None:
    assert len(municipalities()) == 21
    assert len({m.ags for m in municipalities()}) == 21


def test_a_municipality_check_can_be_supplied() -> None:
    def known(name: str) -> str | None:
        return "Hannover" if name.lower() == "lhh" else None

    assert (
        parse_profile({"municipality": "LHH"}, known_municipality=known).municipality == "Hannover"
    )
    with pytest.raises(ProfileError):
        parse_profile({"municipality": "Garbsen"}, known_municipality=known)


def test_the_official_country_list_is_shipped() -> None:
    codes = countries()
    assert len(codes) == 250  # the 249 official codes and XK for Kosovo
    assert {"DE", "IN", "SY", "GB", "NA"} <= set(codes)
    assert parse_profile({"nationality": "sy"}).nationality == "SY"


def test_error_messages_can_be_translated() -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile({"age": 500})
    message = error.value.messages["age"]
    assert message.render(
        translate=lambda text: text.replace("Must be between", "Muss zwischen")
    ) == ("Muss zwischen 0 and 120.")
