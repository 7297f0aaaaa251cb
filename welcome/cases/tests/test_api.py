"""The cases API: same rules as the pages, JSON errors, session + verified second factor."""

import pytest

from welcome.audit.models import AuditEntry
from welcome.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, lhh_worker):
    from welcome.accounts.tests.factories import login_verified

    login_verified(client, lhh_worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API negotiates its language
    return client


def test_it_refuses_anonymous_and_unverified_users(client, lhh_worker):
    assert client.get("/api/v1/cases").status_code == 401
    client.force_login(lhh_worker)
    assert client.get("/api/v1/cases").status_code == 401


def test_it_lists_only_the_cases_of_the_institution(api):
    mine = open_case(municipality="Hannover")
    open_case(municipality="Garbsen")
    body = api.get("/api/v1/cases").json()
    assert [item["reference"] for item in body["items"]] == [mine.reference]
    assert body["items"][0]["name"] == "Amina Haddad"


def test_a_case_of_another_institution_is_a_json_404_and_audited(api):
    other = open_case(municipality="Garbsen")
    response = api.get(f"/api/v1/cases/{other.pk}")
    assert response.status_code == 404
    assert "detail" in response.json()
    assert AuditEntry.objects.filter(action="access_denied").exists()


def test_notes_and_handover_through_the_api(api):
    case = open_case(municipality="Hannover")
    response = api.post(
        f"/api/v1/cases/{case.pk}/notes",
        {"text": "Termin vereinbart"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = api.post(
        f"/api/v1/cases/{case.pk}/handover",
        {"to_institution": "abh-region", "reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason" in response.json()["detail"]
    response = api.post(
        f"/api/v1/cases/{case.pk}/handover",
        {"to_institution": "nowhere", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/cases/{case.pk}/handover",
        {"to_institution": "abh-region", "reason": "Moved to Garbsen"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["inbox"] == "abh-region"
    assert response.json()["can_write"] is False


def test_the_export_is_available_through_the_api(api):
    case = open_case(municipality="Hannover")
    body = api.post(f"/api/v1/cases/{case.pk}/export").json()
    assert body["person"]["email"] == "amina@example.org"


def test_writes_through_the_session_need_the_csrf_token(lhh_worker):
    from django.test import Client

    from welcome.accounts.tests.factories import login_verified

    client = login_verified(Client(enforce_csrf_checks=True), lhh_worker)
    case = open_case(municipality="Hannover")
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not case.notes.exists()
