"""The partner contract: GET /api/v1/statistics/processing-times."""

import datetime as dt

import pytest
import time_machine

from welcome.insights.tests.factories import applications, steps

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/processing-times"
ROW = {
    "step",
    "institution",
    "count",
    "median_days",
    "p80_days",
    "p90_days",
    "within_deadline_share",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def data():
    apps = applications(3)
    march = dt.date(2026, 3, 10)
    steps(
        apps,
        "record_ba_approval",
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        on=march,
        acting_body="ba",
        within_deadline=[True] * 9 + [False],
    )
    steps(
        apps, "conclude_agreement", [14, 15, 16, 17, 18], on=march, acting_body="zentralstelle-nds"
    )
    steps(
        apps, "conclude_agreement", [30, 31, 32, 33], on=march, acting_body="abh-lhh"
    )  # 4: omitted
    steps(apps, "decide_visa", [20] * 5, on=dt.date(2025, 11, 30), acting_body="mission")  # too old
    return apps


def test_it_answers_the_documented_contract(client, data):
    response = client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200
    assert response.json() == {
        "from": "2026-03-01",
        "to": "2026-03-31",
        "steps": [
            {
                "step": "agreement",
                "institution": "zentralstelle-nds",
                "count": 5,
                "median_days": 16,
                "p80_days": 17,
                "p90_days": 18,
                "within_deadline_share": None,
            },
            {
                "step": "ba_approval",
                "institution": "ba",
                "count": 10,
                "median_days": 5,
                "p80_days": 8,
                "p90_days": 9,
                "within_deadline_share": 0.9,
            },
        ],
    }


def test_groups_below_five_are_omitted(client, data):
    steps_ = client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"}).json()["steps"]
    assert ("agreement", "abh-lhh") not in {(row["step"], row["institution"]) for row in steps_}
    assert all(set(row) == ROW and row["count"] >= 5 for row in steps_)


def test_both_bounds_default_to_the_last_twelve_months(client, data):
    document = client.get(URL).json()
    assert (document["from"], document["to"]) == ("2025-12-04", "2026-12-03")
    assert {row["step"] for row in document["steps"]} == {"agreement", "ba_approval"}
    assert client.get(URL, {"to": "2026-06-30"}).json()["from"] == "2025-07-01"
    assert client.get(URL, {"from": "2026-11-01"}).json()["to"] == "2026-12-03"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            {"from": "2026-3-1"}, "“from” must be a date written YYYY-MM-DD", id="not ISO"
        ),
        pytest.param(
            {"to": "2026-02-30"}, "“to” must be a date written YYYY-MM-DD", id="no such day"
        ),
        pytest.param({"from": ""}, "“from” must be a date", id="empty"),
        pytest.param(
            {"from": "2026-05-01", "to": "2026-04-30"}, "must not lie after its end", id="from > to"
        ),
        pytest.param({"from": "2006-01-01", "to": "2026-01-01"}, "at most 10 years", id="too long"),
    ],
)
def test_bad_dates_are_a_400_with_a_clear_message(client, query, message):
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    assert message in response.json()["detail"]


def test_the_openapi_schema_documents_the_endpoint_and_the_omission(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert operation["summary"].startswith("Processing times per step")
    assert "omitted" in operation["description"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to"}
    # 500 and 503 in the error shape every operation shares (welcome/api/errors.py)
    assert set(operation["responses"]) == {"200", "400", "500", "503"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    out = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert set(out["properties"]) == {"from", "to", "steps"}
