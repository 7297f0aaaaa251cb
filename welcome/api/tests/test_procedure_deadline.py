"""The partner contract: GET /api/v1/procedure-deadline (§ 81a AufenthG deadlines).

Expected dates were read off a printed calendar with Lower Saxony's holidays.
"""

import pytest

URL = "/api/v1/procedure-deadline"
COUNTING = "§ 31 VwVfG i. V. m. §§ 187–193 BGB"


def test_it_answers_the_documented_contract(client):
    response = client.get(URL, {"step": "ba_approval", "event_date": "2026-03-02"})
    assert response.status_code == 200
    assert response.json() == {
        "step": "ba_approval",
        "event_date": "2026-03-02",
        "period": "P1W",
        "due": "2026-03-09",
        "citation": f"§ 36 Abs. 2 BeschV; {COUNTING}",
    }


@pytest.mark.parametrize(
    ("step", "event_date", "period", "due", "reference"),
    [
        pytest.param(
            "recognition_receipt",
            "2026-03-20",
            "P2W",
            "2026-04-07",
            "§ 14a BQFG",
            id="§ 14a BQFG: two weeks ending on Good Friday run past Easter Monday",
        ),
        pytest.param(
            "recognition_decision",
            "2025-12-31",
            "P2M",
            "2026-03-02",
            "§ 14a BQFG",
            id="§ 14a BQFG: two months from 31 Dec end on 28 Feb, a Saturday, so on 2 March",
        ),
        pytest.param(
            "ba_approval",
            "2026-05-07",
            "P1W",
            "2026-05-15",
            "§ 36 Abs. 2 BeschV",
            id="§ 36 Abs. 2 BeschV: a week ending on Ascension Day ends on the Friday",
        ),
        pytest.param(
            "visa_appointment",
            "2026-12-11",
            "P3W",
            "2027-01-04",
            "§ 31a AufenthV",
            id="§ 31a AufenthV: three weeks ending on New Year's Day end on Monday 4 January",
        ),
        pytest.param(
            "visa_decision",
            "2026-12-04",
            "P3W",
            "2026-12-28",
            "§ 31a AufenthV",
            id="§ 31a AufenthV: three weeks ending on Christmas Day end on Monday 28 December",
        ),
    ],
)
def test_every_step_has_its_deadline(client, step, event_date, period, due, reference):
    response = client.get(URL, {"step": step, "event_date": event_date})
    assert response.status_code == 200
    assert response.json() == {
        "step": step,
        "event_date": event_date,
        "period": period,
        "due": due,
        "citation": f"{reference}; {COUNTING}",
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param(
            {"event_date": "2026-03-02"},
            "The step must be one of: recognition_receipt, recognition_decision, ba_approval, "
            "visa_appointment, visa_decision.",
            id="a missing step is refused with the list of steps",
        ),
        pytest.param(
            {"step": "bogus", "event_date": "2026-03-02"},
            "The step must be one of: recognition_receipt, recognition_decision, ba_approval, "
            "visa_appointment, visa_decision.",
            id="an unknown step is refused with the list of steps",
        ),
        pytest.param(
            {"step": "", "event_date": "2026-03-02"},
            "The step must be one of: recognition_receipt, recognition_decision, ba_approval, "
            "visa_appointment, visa_decision.",
            id="an empty step is refused",
        ),
        pytest.param(
            {"step": "ba_approval"},
            "The date must be given as YYYY-MM-DD, e.g. 2026-03-01.",
            id="a missing date is refused",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "2026-02-30"},
            "The date must be given as YYYY-MM-DD, e.g. 2026-03-01.",
            id="30 February is not a day",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "tomorrow"},
            "The date must be given as YYYY-MM-DD, e.g. 2026-03-01.",
            id="a word is not a date",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "20260302"},
            "The date must be given as YYYY-MM-DD, e.g. 2026-03-01.",
            id="a date without dashes is not the documented format",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "0000-01-01"},
            "The date must be given as YYYY-MM-DD, e.g. 2026-03-01.",
            id="there is no year 0",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "2020-02-29"},
            "The accelerated procedure has no deadline for ba_approval before 2020-03-01.",
            id="the accelerated procedure has no deadline before 1 March 2020",
        ),
        pytest.param(
            {"step": "recognition_decision", "event_date": "9999-12-25"},
            "The date lies too far in the future to count a period.",
            id="two months after 25 December 9999 cannot be counted",
        ),
        pytest.param(
            {"step": "ba_approval", "event_date": "9999-12-31"},
            "The date lies too far in the future to count a period.",
            id="a week after the last representable day cannot be counted",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, params, message):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_a_repeated_parameter_counts_its_last_value_and_is_no_500(client):
    response = client.get(
        f"{URL}?step=ba_approval&step=bogus&event_date=2026-03-02", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The step must be one of")


def test_errors_speak_german_when_asked(client):
    response = client.get(
        URL, {"step": "ba_approval", "event_date": "tomorrow"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Das Datum muss im Format JJJJ-MM-TT angegeben werden, z. B. 2026-03-01."
    }


def test_the_openapi_schema_describes_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert operation["summary"]
    assert "§ 81a AufenthG" in operation["description"]
    assert {p["name"] for p in operation["parameters"]} == {"step", "event_date"}
    [step] = [p for p in operation["parameters"] if p["name"] == "step"]
    assert step["schema"]["enum"] == [
        "recognition_receipt",
        "recognition_decision",
        "ba_approval",
        "visa_appointment",
        "visa_decision",
    ]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    bad = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    assert set(components[ok.rsplit("/", 1)[1]]["required"]) == {
        "step",
        "event_date",
        "period",
        "due",
        "citation",
    }
    assert components[bad.rsplit("/", 1)[1]]["required"] == ["detail"]
