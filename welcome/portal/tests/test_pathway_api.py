"""The partner contract: POST /api/v1/pathway-check and manage.py pathway_check agree."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from welcome.law import parameters
from welcome.portal.models import SavedResult
from welcome.portal.tests.factories import BLUE_CARD, profile

URL = "/api/v1/pathway-check"
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

pytestmark = pytest.mark.django_db


def post(client, body, *, language="en", raw=None, query=""):
    return client.post(
        URL + query,
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_it_answers_with_exactly_the_documented_keys(client):
    response = post(client, BLUE_CARD)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "evaluated_on",
        "outcomes",
        "accelerated_procedure_available",
        "roadmap",
        "checklist",
    }
    assert data["evaluated_on"] == "2026-03-01"
    assert all(set(outcome) == OUTCOME_KEYS for outcome in data["outcomes"])
    assert data["outcomes"][0]["title"] == "blue_card"
    assert data["outcomes"][0]["status"] == "eligible"
    assert set(data["roadmap"]) == {"title", "steps", "earliest_start"}
    assert data["checklist"] and set(data["checklist"][0]) == {"key", "name"}


def test_it_names_the_offices_of_the_region_in_the_roadmap(client):
    steps = post(client, BLUE_CARD).json()["roadmap"]["steps"]
    offices = {step["key"]: step["office"] for step in steps}
    assert offices["residence_permit"]["id"] == "abh-region"
    assert offices["accelerated_procedure_agreement"]["id"] == "zentralstelle-nds"


def test_it_adds_the_trace_only_when_asked(client):
    assert "trace" not in post(client, BLUE_CARD).json()
    traced = post(client, BLUE_CARD, query="?trace=1").json()
    assert set(traced["trace"]) == {outcome["title"] for outcome in traced["outcomes"]}
    first = traced["trace"]["blue_card"][0]
    assert {"condition", "state", "citation", "reason", "figures"} <= set(first)


def test_it_formats_money_the_english_way_in_english(client):
    reasons = post(client, BLUE_CARD).json()["outcomes"][0]["reasons"]
    assert any("52,000 €" in reason and "50,700 €" in reason for reason in reasons)


def test_it_formats_money_the_german_way_in_german(client):
    reasons = post(client, BLUE_CARD, language="de").json()["outcomes"][0]["reasons"]
    assert any("52.000 €" in reason and "50.700 €" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "India"), ("de", "Indien"), ("tr", "Hindistan"), ("ar", "الهند"), ("fr", "Inde")],
)
def test_it_names_the_country_in_the_readers_language_not_its_code(client, language, name):
    """Was "As a national of IN" in every language."""
    reasons = " ".join(
        reason
        for outcome in post(client, BLUE_CARD, language=language).json()["outcomes"]
        for reason in outcome["reasons"]
    )
    assert name in reasons
    assert " IN " not in f"{reasons} " and "(IN)" not in reasons


def test_it_applies_the_threshold_of_the_evaluation_year(client):
    for day in (dt.date(2025, 6, 1), dt.date(2026, 3, 1)):
        threshold = parameters.value("blue_card_standard_salary", day).value
        figure = f"{int(threshold):,} €"
        data = post(client, profile(evaluation_date=day.isoformat())).json()
        blue_card = next(o for o in data["outcomes"] if o["title"] == "blue_card")
        assert any(figure in reason for reason in blue_card["reasons"])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"hobby": "chess"}, "hobby", "Unknown field"),
        ({"age": "thirty"}, "age", "Must be a number."),
        ({"age": 500}, "age", "Must be between 0 and 120."),
        (
            {"job_offer": {"annual_gross_salary_eur": -1}},
            "job_offer.annual_gross_salary_eur",
            "Must not be negative.",
        ),
        ({"nationality": "XX"}, "nationality", "ISO 3166-1 alpha-2"),
        ({"municipality": "Atlantis"}, "municipality", "21 municipalities"),
        ({"qualification": "degree"}, "qualification", "Must be an object"),
        # Were a 500 (the roadmap ran past the calendar) and "eligible" (a salary of 1e308).
        ({"evaluation_date": "9999-12-31"}, "evaluation_date", "evaluation dates up to"),
        (
            {"job_offer": {"annual_gross_salary_eur": 1e308}},
            "job_offer.annual_gross_salary_eur",
            "Must not be more than 10,000,000.",
        ),
    ],
)
def test_it_refuses_invalid_input_with_one_message_per_field(client, body, field, message):
    response = post(client, body)
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"detail", "errors"}
    assert message in data["errors"][field]


def test_it_reports_every_bad_field_at_once(client):
    errors = post(client, {"age": 500, "nationality": "XX", "municipality": "Atlantis"}).json()[
        "errors"
    ]
    assert set(errors) == {"age", "nationality", "municipality"}


@pytest.mark.parametrize(
    "raw", ["{not json", "", "[1, 2]", '"text"', "null", "[" * 100_000, b"\xff\xfe"]
)
def test_it_refuses_a_body_that_is_not_a_json_object(client, raw):
    response = post(client, None, raw=raw)
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


def test_it_speaks_german_when_asked_in_german(client, german):
    data = post(
        client, {"age": 500, "job_offer": {"annual_gross_salary_eur": -5}}, language="de"
    ).json()
    assert data["detail"].startswith("Das Profil ist nicht gültig")
    assert data["errors"]["age"] == "Muss zwischen 0 und 120 liegen."
    assert data["errors"]["job_offer.annual_gross_salary_eur"] == "Darf nicht negativ sein."


def test_it_never_answers_422_for_a_bad_query(client):
    assert post(client, BLUE_CARD, query="?trace=maybe").status_code == 400


def test_it_documents_the_profile_and_an_example_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/pathway-check"]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    examples = body["examples"]
    assert examples["blue_card"]["value"]["qualification"]["occupation_isco"] == "2512"
    from welcome.law import TITLES, evaluate

    for title in ("western_balkans", "vocational_training", "family_reunification"):
        outcomes = evaluate(examples[title]["value"]).as_dict()["outcomes"]
        assert outcomes[0]["title"] == title and outcomes[0]["status"] == "eligible", title
    assert set(examples) <= set(TITLES)
    documented = set(body["schema"]["properties"])
    for group in ("qualification", "job_offer", "family"):
        documented |= {f"{group}.{n}" for n in body["schema"]["properties"][group]["properties"]}
    from welcome.law.profile import FIELD_NAMES

    assert set(FIELD_NAMES) <= documented
    assert {"200", "400"} <= set(operation["responses"])


def test_it_stores_nothing(client):
    post(client, BLUE_CARD)
    assert not SavedResult.objects.exists()


def test_the_command_prints_the_same_json_as_the_api(client, tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(BLUE_CARD))
    for language in ("en", "de"):
        call_command("pathway_check", str(path), "--trace", "--language", language)
        printed = capsys.readouterr().out
        api = post(client, BLUE_CARD, language=language, query="?trace=1").content.decode()
        assert json.loads(printed) == json.loads(api)
        assert printed.strip() == api.strip()


def test_the_command_exits_2_with_the_same_messages_on_stderr(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"age": 500, "x": 1}))
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "pathway_check", str(path), "--language", "en"],
        capture_output=True,
        cwd=settings.BASE_DIR,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    errors = json.loads(done.stderr)["errors"]
    assert errors == {
        "age": "Must be between 0 and 120.",
        "x": "Unknown field: it is not part of the profile.",
    }


def test_the_command_can_indent_for_a_person_reading_it(tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(BLUE_CARD))
    call_command("pathway_check", str(path), "--pretty", "--language", "en")
    printed = capsys.readouterr().out
    assert printed.startswith('{\n  "evaluated_on": "2026-03-01"')


def test_yes_and_one_are_not_confused_by_the_remembered_formats(client):
    from django.utils import translation

    from welcome.pathway.check import localize

    with translation.override("en"):
        assert localize(1) == "1"
        assert localize(True) == "yes"
        assert localize(1) == "1"


def test_a_result_renders_equal_values_of_other_types_apart_and_remembers_nothing_after():
    """The localizer of one rendering remembers what it rendered (dates repeat in citations),
    keyed by type: True, 1 and Decimal("1.5") read differently; a new rendering starts empty."""
    from decimal import Decimal

    from django.utils import translation

    from welcome.law.i18n import Money
    from welcome.pathway import check

    with translation.override("de"):
        _translate, localize = check._renderers("de")
        day = dt.date(2026, 1, 1)
        values = [True, 1, Decimal("1.5"), Money(Decimal("1.5")), day, [1], True, day]
        assert [localize(value) for value in values] == [
            "ja", "1", "1,5", "1,50 €", "1. Januar 2026", "[1]", "ja", "1. Januar 2026"
        ]  # fmt: skip
        assert check._renderers("de")[1] is not localize
