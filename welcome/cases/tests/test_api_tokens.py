"""The cases API with an API token: the institution's rules, scopes per operation, JSON errors."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from welcome.api.clients import api_client_create, api_client_rotate, api_token_revoke
from welcome.api.models import ApiClient
from welcome.audit.models import AuditEntry
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def issue(scopes=("cases:read", "cases:write"), name="Fachverfahren LHH", **kwargs):
    return api_client_create(
        institution=Institution.objects.get(pk="abh-lhh"), name=name, scopes=list(scopes), **kwargs
    )


@pytest.fixture
def token():
    _client, secret = issue()
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_read_token_lists_and_reads_the_cases_of_its_institution(client):
    _api_client, secret = issue(scopes=["cases:read"])
    mine = open_case(municipality="Hannover")
    open_case(municipality="Garbsen")
    body = client.get("/api/v1/cases", **bearer(secret)).json()
    assert [item["reference"] for item in body["items"]] == [mine.reference]
    detail = client.get(f"/api/v1/cases/{mine.pk}", **bearer(secret))
    assert detail.status_code == 200
    assert detail.json()["person"]["email"] == "amina@example.org"


def test_every_read_is_audited_with_the_client_name_and_institution(client, token):
    case = open_case(municipality="Hannover")
    client.get(f"/api/v1/cases/{case.pk}", **bearer(token))
    entry = AuditEntry.objects.get(action="case_viewed", object_id=str(case.pk))
    assert (entry.actor_name, entry.institution_id) == ("api:Fachverfahren LHH", "abh-lhh")
    assert entry.actor == ApiClient.objects.get().user


def test_a_read_only_token_cannot_write(client):
    _api_client, secret = issue(scopes=["cases:read"])
    case = open_case(municipality="Hannover")
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes",
        {"text": "Termin vereinbart"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert "cases:write" in response.json()["detail"]
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert not case.notes.exists()
    assert client.post(f"/api/v1/cases/{case.pk}/export", **bearer(secret)).status_code == 403


def test_a_write_token_adds_notes_and_hands_over_without_csrf(token):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    case = open_case(municipality="Hannover")
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes",
        {"text": "Termin vereinbart"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201
    assert response.json()["author"] == "api:Fachverfahren LHH"
    assert case.notes.get().author.get_username() == "api:Fachverfahren LHH"
    response = client.post(
        f"/api/v1/cases/{case.pk}/handover",
        {"to_institution": "abh-region", "reason": "Moved to Garbsen"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200
    assert response.json()["inbox"] == "abh-region"
    assert AuditEntry.objects.filter(
        action="case_handed_over", actor_name="api:Fachverfahren LHH"
    ).exists()


def test_a_case_of_another_institution_is_a_404_and_audited_as_access_denied(client, token):
    other = open_case(municipality="Garbsen")
    response = client.get(f"/api/v1/cases/{other.pk}", **bearer(token))
    assert response.status_code == 404
    assert "detail" in response.json()
    entry = AuditEntry.objects.get(action="access_denied")
    assert (entry.actor_name, entry.institution_id) == ("api:Fachverfahren LHH", "abh-lhh")
    assert entry.details["requested_case"] == str(other.pk)
    response = client.post(
        f"/api/v1/cases/{other.pk}/notes",
        {"text": "x"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 404
    assert not other.notes.exists()


def _refused(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "not valid" in response.json()["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize(
    "secret", ["garbage", "whr_", "whr_0123456789ab_unknownsecret", "Bearer whr_x_y"]
)
def test_a_malformed_or_unknown_token_is_a_json_401(client, token, secret):
    _refused(client.get("/api/v1/cases", **bearer(secret)))


def test_a_token_with_a_wrong_secret_is_a_json_401(client, token):
    prefix = token.split("_")[1]
    _refused(client.get("/api/v1/cases", **bearer(f"whr_{prefix}_{'x' * 43}")))


def test_a_revoked_token_is_a_401_at_once(client, token):
    assert client.get("/api/v1/cases", **bearer(token)).status_code == 200
    api_token_revoke(token=ApiClient.objects.get().tokens.get())
    _refused(client.get("/api/v1/cases", **bearer(token)))


def test_an_expired_token_is_a_401(client):
    _api_client, secret = issue(expires_at=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/api/v1/cases", **bearer(secret)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        _refused(client.get("/api/v1/cases", **bearer(secret)))


def test_old_and_new_token_both_work_until_the_old_one_is_revoked(client, token):
    api_client = ApiClient.objects.get()
    _new_token, new = api_client_rotate(client=api_client)
    assert client.get("/api/v1/cases", **bearer(token)).status_code == 200
    assert client.get("/api/v1/cases", **bearer(new)).status_code == 200
    api_token_revoke(token=api_client.tokens.get(prefix=token.split("_")[1]))
    _refused(client.get("/api/v1/cases", **bearer(token)))
    assert client.get("/api/v1/cases", **bearer(new)).status_code == 200


def test_without_any_credentials_it_is_still_a_401(client):
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")
    assert response.status_code == 401
    assert "detail" in response.json()


def _queries(client, url, token) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **bearer(token)).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_call_costs_the_same_queries_however_many_cases_and_no_write_per_request(client, token):
    first = open_case(municipality="Hannover")
    client.get("/api/v1/cases", **bearer(token))  # the first use records last_used_at
    one = _queries(client, "/api/v1/cases", token)
    for _ in range(4):
        open_case(municipality="Hannover")
    many = _queries(client, "/api/v1/cases", token)
    assert len(one) == len(many)
    assert not [sql for sql in many if sql.startswith("UPDATE")]
    assert len([sql for sql in many if '"api_apitoken"' in sql]) == 1  # the token lookup
    second = open_case(municipality="Hannover")
    assert len(_queries(client, f"/api/v1/cases/{first.pk}", token)) == len(
        _queries(client, f"/api/v1/cases/{second.pk}", token)
    )


def test_the_openapi_schema_documents_the_bearer_scheme_and_each_scope(client):
    schema = client.get("/api/v1/openapi.json").json()
    scheme = schema["components"]["securitySchemes"]["ApiTokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    operations = {
        ("get", "/api/v1/cases"): "cases:read",
        ("get", "/api/v1/cases/{case_id}"): "cases:read",
        ("post", "/api/v1/cases/{case_id}/notes"): "cases:write",
        ("post", "/api/v1/cases/{case_id}/handover"): "cases:write",
        ("post", "/api/v1/cases/{case_id}/export"): "cases:write",
    }
    for (method, path), scope in operations.items():
        operation = schema["paths"][path][method]
        assert {"ApiTokenAuth": []} in operation["security"]
        assert {"StaffSessionAuth": []} in operation["security"]
        assert f"`{scope}`" in operation["description"]
        assert operation["x-required-scope"] == scope
        assert "403" in operation["responses"] and "401" in operation["responses"]
