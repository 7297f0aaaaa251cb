"""Every error of the API is JSON in the documented shape, whatever went wrong and where."""

import logging
from unittest import mock

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError

from welcome.api.clients import api_client_create
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db

FAQ = "/api/v1/faq/search"


def _json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "errors"}
    return body


@pytest.fixture
def token():
    _client, secret = api_client_create(
        institution=Institution.objects.get(pk="abh-lhh"),
        name="Fachverfahren LHH",
        scopes=["cases:read", "cases:write"],
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    "error", [OperationalError("server closed the connection"), InterfaceError()]
)
def test_the_faq_search_answers_a_database_outage_with_a_json_503(client, caplog, error):
    with mock.patch("welcome.knowledge.api.search", side_effect=error):
        response = client.get(FAQ, {"q": "Blaue Karte", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    body = _json_error(response, 503)
    assert body == {"detail": "The service is unavailable for a moment. Please try again shortly."}
    assert response["Retry-After"] == "30"
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_a_case_read_during_a_database_outage_is_a_json_503(client, token):
    case = open_case(municipality="Hannover")
    with mock.patch(
        "welcome.cases.selectors.case_get_for_user", side_effect=OperationalError("gone")
    ):
        response = client.get(f"/api/v1/cases/{case.pk}", **token)
    _json_error(response, 503)
    assert response["Retry-After"] == "30"


def test_a_token_checked_during_a_database_outage_is_a_json_503_not_a_401(client, token):
    with mock.patch(
        "welcome.api.auth.api_token_authenticate", side_effect=OperationalError("gone")
    ):
        response = client.get("/api/v1/cases", **token)
    _json_error(response, 503)
    assert "WWW-Authenticate" not in response


@pytest.mark.parametrize("error", [RuntimeError("a bug"), IntegrityError("a bug too")])
def test_an_unexpected_failure_is_a_json_500_and_logged_as_django_logs_it(client, caplog, error):
    with mock.patch("welcome.api.region.responsible", side_effect=error):
        response = client.get(
            "/api/v1/jurisdiction", {"postal_code": "30823"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    body = _json_error(response, 500)
    assert body == {"detail": "Something went wrong on our side. We are looking into it."}
    assert "Retry-After" not in response
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].exc_info[1] is error and logged[0].status_code == 500


def test_invalid_input_is_a_400_with_one_message_per_field(client, token):
    response = client.get("/api/v1/cases", {"overdue": "perhaps"}, **token)
    body = _json_error(response, 400)
    assert body["detail"] == "The request is not valid."
    assert set(body["errors"]) == {"overdue"}


def test_a_missing_login_is_a_json_401_with_a_sentence_and_the_challenge(client):
    response = client.get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")
    body = _json_error(response, 401)
    assert "API token" in body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_case_that_does_not_exist_is_a_json_404_with_a_sentence(client, token):
    body = _json_error(client.get("/api/v1/cases/999999999", **token), 404)
    assert body == {"detail": "There is nothing here, or you may not see it."}


def test_every_operation_documents_invalid_input_and_our_failures_in_the_one_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    shapes = schema["components"]["schemas"]
    error = shapes["ErrorOut"]
    assert error["required"] == ["detail"]
    assert set(error["properties"]) == {"detail", "errors"}
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 10
    for operation in operations:
        responses = operation["responses"]
        for status in ("400", "500", "503"):
            assert status in responses, (operation["operationId"], status)
        assert responses["503"]["headers"]["Retry-After"]["required"] is True
        if "401" in responses:
            assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                name = ref.rsplit("/", 1)[1]
                assert name == "ErrorOut" or shapes[name]["required"][0] == "detail", name


# Inputs that once answered 500 (on PostgreSQL, which refuses NUL in text, or on SQLite, which
# cannot move year 1 at +14:00 to UTC) or Django's HTML page.
@pytest.mark.parametrize(
    ("method", "url", "data", "status", "field"),
    [
        ("get", "/api/v1/cases", {"q": "a\x00b"}, 400, "q"),
        ("get", "/api/v1/cases", {"language": "a\x00b"}, 400, "language"),
        ("get", "/api/v1/cases", {"institution": "x" * 41}, 400, "institution"),
        ("get", "/api/v1/cases", {"after": "0001-01-01T00:00:00+14:00|1"}, 200, None),
        ("get", "/api/v1/cases", {"after": "9999-12-31T23:59:59-14:00|1"}, 200, None),
        ("post", "/api/v1/cases/{case}/notes", {"text": "a\x00b"}, 400, "payload.text"),
        ("post", "/api/v1/cases/{case}/notes", {"text": "x" * 5001}, 400, "payload.text"),
        (
            "post",
            "/api/v1/cases/{case}/handover",
            {"to_institution": "a\x00b", "reason": "Moved"},
            400,
            "payload.to_institution",
        ),
        (
            "post",
            "/api/v1/cases/{case}/handover",
            {"to_institution": "abh-region", "reason": "a\x00b"},
            400,
            "payload.reason",
        ),
    ],
)
def test_input_the_database_cannot_take_is_refused_with_a_400(
    client, token, method, url, data, status, field
):
    case = open_case(municipality="Hannover")
    url = url.format(case=case.pk)
    if method == "post":
        response = client.post(url, data, content_type="application/json", **token)
    else:
        response = client.get(url, data, **token)
    if status == 200:
        assert response.status_code == 200
        return
    body = _json_error(response, status)
    assert list(body["errors"]) == [field]
    assert not case.notes.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "0001-01-01", "to": "0001-01-05"}, "from"),
        ({"from": "9999-12-25", "to": "9999-12-31"}, "from"),
        ({"to": "0001-01-01"}, "to"),
    ],
)
def test_statistics_for_days_outside_the_calendar_we_count_are_a_400(client, query, field):
    response = client.get("/api/v1/statistics/processing-times", query, HTTP_ACCEPT_LANGUAGE="en")
    body = _json_error(response, 400)
    assert body["detail"] == f"“{field}” must lie between 1900-01-01 and 2099-12-31."


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/"),
        ("get", "/api/v1/nothing"),
        ("get", "/api/v1/cases/1/2"),
        ("get", "/api/v1/cases/"),
        ("post", "/api/v1/nothing"),
    ],
)
def test_an_address_no_operation_has_is_a_json_404(client, method, url):
    response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="en")
    assert _json_error(response, 404) == {"detail": "There is nothing here, or you may not see it."}


def test_a_method_the_operation_does_not_take_is_a_json_405_with_allow(client):
    response = client.delete("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")
    body = _json_error(response, 405)
    assert response["Allow"] == "GET"
    assert "GET" in body["detail"]


def test_the_docs_stay_a_page(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
