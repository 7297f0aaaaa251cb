"""Jurisdiction: every municipality maps to its authority, on the right date (FACTS.md § 5)."""

import datetime as dt

import pytest

from welcome.region.data import region
from welcome.region.jurisdiction import JurisdictionError, responsible

BEFORE = dt.date(2025, 12, 31)
SINCE = dt.date(2026, 1, 1)

# (municipality, AGS, a postal code) — Destatis register, FACTS.md § 5.
MUNICIPALITIES = [
    ("Hannover", "03241001", "30159"),
    ("Barsinghausen", "03241002", "30890"),
    ("Burgdorf", "03241003", "31303"),
    ("Burgwedel", "03241004", "30938"),
    ("Garbsen", "03241005", "30827"),
    ("Gehrden", "03241006", "30989"),
    ("Hemmingen", "03241007", "30966"),
    ("Isernhagen", "03241008", "30916"),
    ("Laatzen", "03241009", "30880"),
    ("Langenhagen", "03241010", "30855"),
    ("Lehrte", "03241011", "31275"),
    ("Neustadt am Rübenberge", "03241012", "31535"),
    ("Pattensen", "03241013", "30982"),
    ("Ronnenberg", "03241014", "30952"),
    ("Seelze", "03241015", "30926"),
    ("Sehnde", "03241016", "31319"),
    ("Springe", "03241017", "31832"),
    ("Uetze", "03241018", "31311"),
    ("Wedemark", "03241019", "30900"),
    ("Wennigsen (Deister)", "03241020", "30974"),
    ("Wunstorf", "03241021", "31515"),
]


def test_the_region_has_its_21_municipalities():
    assert sorted(m.name for m in region().municipalities) == sorted(
        n for n, _, _ in MUNICIPALITIES
    )


@pytest.mark.parametrize(("name", "ags", "postal_code"), MUNICIPALITIES)
def test_each_municipality_maps_to_its_residence_authority(name, ags, postal_code):
    # § 71 Abs. 1 AufenthG: the city of Hannover has its own ABH; the Region's serves the rest.
    expected = "abh-lhh" if name == "Hannover" else "abh-region"
    for answer in [
        *responsible(municipality=name, on=SINCE),
        *responsible(postal_code=postal_code, on=SINCE),
    ]:
        assert answer.municipality.name == name
        assert answer.municipality.ags == ags
        assert answer.residence_authority.id == expected


@pytest.mark.parametrize(("name", "ags", "postal_code"), MUNICIPALITIES)
def test_accelerated_procedures_moved_to_the_zentralstelle_on_1_january_2026(
    name, ags, postal_code
):
    # § 81a AufenthG; Lower Saxony: Zentralstelle exclusively competent since 1 Jan 2026.
    [before] = responsible(municipality=name, on=BEFORE)
    [since] = responsible(municipality=name, on=SINCE)
    assert before.accelerated_procedure_authority.id == before.residence_authority.id
    assert since.accelerated_procedure_authority.id == "zentralstelle-nds"


def test_a_shared_postal_code_yields_both_municipalities():
    names = [a.municipality.name for a in responsible(postal_code="30669", on=SINCE)]
    assert names == ["Hannover", "Langenhagen"]


def test_the_municipality_decides_a_shared_postal_code():
    [answer] = responsible(postal_code="30669", municipality="Langenhagen", on=SINCE)
    assert answer.residence_authority.id == "abh-region"


def test_a_postal_code_that_joined_on_a_date_is_only_known_from_that_date():
    [answer] = responsible(postal_code="31536", on=SINCE)
    assert answer.municipality.name == "Neustadt am Rübenberge"
    with pytest.raises(JurisdictionError) as error:
        responsible(postal_code="31536", on=BEFORE)
    assert error.value.code == "outside"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"postal_code": "38272"}, "outside"),  # Burgdorf, Landkreis Wolfenbüttel
        ({"postal_code": "10115"}, "outside"),  # Berlin
        ({"municipality": "Hildesheim"}, "outside"),
        ({"postal_code": "3016"}, "invalid"),
        ({"postal_code": "30l59"}, "invalid"),
        ({}, "invalid"),
        ({"postal_code": "30890", "municipality": "Garbsen"}, "invalid"),
    ],
)
def test_it_refuses_places_outside_the_region_and_bad_input_with_a_reason(kwargs, code):
    with pytest.raises(JurisdictionError) as error:
        responsible(on=SINCE, **kwargs)
    assert error.value.code == code
    assert error.value.message % error.value.params


def test_the_lookalike_burgdorf_is_named_as_outside():
    with pytest.raises(JurisdictionError) as error:
        responsible(postal_code="38272", on=SINCE)
    assert "Wolfenbüttel" in error.value.message % error.value.params


@pytest.mark.parametrize(
    "alias", ["Landeshauptstadt Hannover", "hannover", "Neustadt a. Rbge.", "Wennigsen"]
)
def test_common_spellings_are_recognised(alias):
    assert responsible(municipality=alias, on=SINCE)
