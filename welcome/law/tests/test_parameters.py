"""The dated figures: which one applies on which day, and that they say where they come from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from welcome.law import parameters
from welcome.law.parameters import NoFigureOnDate, ParameterFileError, UnknownParameter

D = date

FIGURES_BY_DATE = [
    ("blue_card_standard_salary", D(2023, 11, 18), 43800, D(2023, 11, 18)),
    ("blue_card_standard_salary", D(2023, 12, 31), 43800, D(2023, 11, 18)),
    ("blue_card_standard_salary", D(2024, 1, 1), 45300, D(2024, 1, 1)),
    ("blue_card_standard_salary", D(2025, 12, 31), 48300, D(2025, 1, 1)),
    ("blue_card_standard_salary", D(2026, 1, 1), 50700, D(2026, 1, 1)),
    ("blue_card_reduced_salary", D(2023, 11, 18), Decimal("39682.80"), D(2023, 11, 18)),
    ("blue_card_reduced_salary", D(2024, 6, 1), Decimal("41041.80"), D(2024, 1, 1)),
    ("blue_card_reduced_salary", D(2025, 6, 1), Decimal("43759.80"), D(2025, 1, 1)),
    ("blue_card_reduced_salary", D(2026, 6, 1), Decimal("45934.20"), D(2026, 1, 1)),
    ("experienced_professional_salary", D(2024, 3, 1), 40770, D(2024, 3, 1)),
    ("experienced_professional_salary", D(2024, 12, 31), 40770, D(2024, 3, 1)),
    ("experienced_professional_salary", D(2025, 1, 1), 43470, D(2025, 1, 1)),
    ("experienced_professional_salary", D(2026, 1, 1), 45630, D(2026, 1, 1)),
    ("age_45_salary", D(2023, 12, 31), 48180, D(2023, 1, 1)),
    ("age_45_salary", D(2024, 1, 1), 49830, D(2024, 1, 1)),
    ("age_45_salary", D(2025, 7, 1), 53130, D(2025, 1, 1)),
    ("age_45_salary", D(2026, 1, 1), 55770, D(2026, 1, 1)),
    ("opportunity_card_minimum_points", D(2024, 6, 1), 6, D(2024, 6, 1)),
    ("opportunity_card_means_of_subsistence", D(2024, 6, 1), 1027, D(2024, 6, 1)),
    ("opportunity_card_means_of_subsistence", D(2024, 12, 31), 1027, D(2024, 6, 1)),
    ("opportunity_card_means_of_subsistence", D(2025, 1, 1), 1091, D(2025, 1, 1)),
    ("opportunity_card_means_of_subsistence", D(2026, 1, 1), 1091, D(2026, 1, 1)),
    ("accelerated_procedure_fee", D(2026, 1, 1), 411, D(2020, 3, 1)),
    ("accelerated_procedure_competence", D(2025, 6, 30), "local", D(2020, 3, 1)),
    ("accelerated_procedure_competence", D(2025, 7, 1), "optional", D(2025, 7, 1)),
    ("accelerated_procedure_competence", D(2025, 12, 31), "optional", D(2025, 7, 1)),
    ("accelerated_procedure_competence", D(2026, 1, 1), "zentralstelle", D(2026, 1, 1)),
    ("recognition_decision_period_accelerated", D(2026, 1, 1), {"months": 2}, D(2020, 3, 1)),
    ("recognition_receipt_period_accelerated", D(2026, 1, 1), {"weeks": 2}, D(2020, 3, 1)),
    ("recognition_receipt_period", D(2026, 1, 1), {"months": 1}, D(2012, 4, 1)),
    ("recognition_decision_period", D(2026, 1, 1), {"months": 3}, D(2012, 4, 1)),
    ("ba_deemed_approval_period_accelerated", D(2026, 1, 1), {"weeks": 1}, D(2020, 3, 1)),
    ("ba_deemed_approval_period", D(2026, 1, 1), {"weeks": 2}, D(2020, 3, 1)),
    ("visa_appointment_period_accelerated", D(2026, 1, 1), {"weeks": 3}, D(2020, 3, 1)),
    ("visa_decision_period_accelerated", D(2026, 1, 1), {"weeks": 3}, D(2020, 3, 1)),
]


@pytest.mark.parametrize(("name", "day", "expected", "valid_from"), FIGURES_BY_DATE)
def test_the_figure_in_force_on_a_date(name: str, day: date, expected, valid_from: date) -> None:
    figure = parameters.value(name, on=day)
    assert figure.value == expected
    assert figure.valid_from == valid_from
    assert figure.reference == parameters.parameter(name).reference


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("experienced_professional_salary", D(2024, 2, 29)),
        ("blue_card_standard_salary", D(2023, 11, 17)),
        ("opportunity_card_minimum_points", D(2024, 5, 31)),
    ],
)
def test_a_date_before_the_first_entry_raises_a_clear_error(name: str, day: date) -> None:
    with pytest.raises(NoFigureOnDate) as error:
        parameters.value(name, on=day)
    first = parameters.parameter(name).figures[0].valid_from
    assert first.isoformat() in str(error.value)
    assert day.isoformat() in str(error.value)


def test_an_unknown_parameter_is_refused() -> None:
    with pytest.raises(UnknownParameter):
        parameters.value("blue_card_salary", on=D(2026, 1, 1))


@pytest.mark.parametrize(
    ("year", "bbg"), [(2023, 87600), (2024, 90600), (2025, 96600), (2026, 101400)]
)
def test_salary_thresholds_are_their_share_of_the_pension_ceiling(year: int, bbg: int) -> None:
    """FACTS §1: 50 %, 45.3 %, 45 % and 55 % of the BBG; a typo in a figure fails here."""
    day = D(year, 12, 31)
    assert parameters.value("blue_card_standard_salary", day).value == Decimal(bbg) * Decimal("0.5")
    assert parameters.value("blue_card_reduced_salary", day).value == Decimal(bbg) * Decimal(
        "0.453"
    )
    assert parameters.value("age_45_salary", day).value == Decimal(bbg) * Decimal("0.55")
    if year >= 2024:
        experienced = parameters.value("experienced_professional_salary", day).value
        assert experienced == Decimal(bbg) * Decimal("0.45")


def test_every_figure_names_its_reference_and_source() -> None:
    for parameter in parameters.load().values():
        assert parameter.reference.strip(), parameter.name
        dates = [figure.valid_from for figure in parameter.figures]
        assert dates == sorted(dates), parameter.name
        for figure in parameter.figures:
            assert figure.source.strip(), (parameter.name, figure.valid_from)


def test_only_planning_figures_and_the_2026_living_costs_are_unverified() -> None:
    unverified = {
        (figure.name, figure.valid_from)
        for parameter in parameters.load().values()
        for figure in parameter.figures
        if not figure.verified
    }
    assert ("opportunity_card_means_of_subsistence", D(2026, 1, 1)) in unverified
    for name, _ in unverified:
        assert name.endswith("_estimate") or name in {
            "opportunity_card_means_of_subsistence",
            "age_rule_slight_shortfall_percent",  # the statute says "geringfügig", no figure
        }, name


def test_the_shortage_groups_are_those_of_the_statute() -> None:
    groups = parameters.value("shortage_occupation_isco_groups", D(2026, 1, 1)).value
    assert groups == ["132", "133", "134", "21", "221", "222", "225", "226", "23", "25"]


def test_free_movement_states_are_31_two_letter_codes() -> None:
    states = parameters.value("free_movement_states", D(2026, 1, 1)).value
    assert len(states) == 31
    assert all(isinstance(code, str) and len(code) == 2 for code in states)
    assert {"NO", "IS", "LI", "CH", "DE"} <= set(states)
    assert "GB" not in states


def test_the_opportunity_card_points_table() -> None:
    table = parameters.value("opportunity_card_points", D(2024, 6, 1)).value
    assert table["partial_recognition"] == 4
    assert (table["german_b2"], table["german_b1"], table["german_a2"]) == (3, 2, 1)
    assert (table["experience_5_in_7"], table["experience_2_in_5"]) == (3, 2)
    assert (table["age_under_35"], table["age_35_to_39"]) == (2, 1)
    assert table["english_c1"] == table["shortage_occupation"] == table["stay_in_germany"] == 1
    assert table["spouse"] == 1


def test_a_malformed_entry_is_refused_at_load_time() -> None:
    with pytest.raises(ParameterFileError):
        parameters._parse_parameter(
            "broken",
            {
                "description": "x",
                "reference": "§ 1",
                "unit": "EUR",
                "values": {D(2026, 1, 1): {"value": 1}},
            },
            "test.yaml",
        )
