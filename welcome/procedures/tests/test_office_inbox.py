"""The staff inbox of § 81a applications: what each institution sees, in which group, with the
running deadline and who acts next — in a few queries whatever the number of rows; and the
Welcome Center's list of companies to verify."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from welcome.accounts.models import Company
from welcome.accounts.tests.factories import CompanyFactory, StaffFactory, login_verified
from welcome.procedures import services
from welcome.procedures.machine import State
from welcome.procedures.models import Document
from welcome.procedures.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
INBOX = "procedures_office:inbox"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def staff_client(client, institution_id="welcome-center", **kwargs):
    user = StaffFactory(institution_id=institution_id, **kwargs)
    login_verified(client, user)
    client.user = user
    return client


def listed(client, **query) -> str:
    response = client.get(reverse(INBOX), query)
    assert response.status_code == 200
    return response.content.decode()


def upload_notice(application) -> Document:
    """An authority's notice the employer uploaded (the authority works outside the platform)."""
    return Document.objects.create(
        application=application,
        key="authority_notice",
        version=1,
        file="procedures/notice.pdf",
        original_name="notice.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )


def test_the_welcome_center_sees_what_to_pre_check_and_what_to_record(client):
    to_check = ApplicationFactory(state=State.PRE_CHECK)
    to_record = ApplicationFactory(state=State.BA_REQUESTED)
    ended = ApplicationFactory(state=State.FILED)
    services.application_transition(
        application=ended, name="refuse", by=StaffFactory(institution_id="welcome-center")
    )
    ended_quietly = ApplicationFactory(state=State.FILED)
    services.application_transition(
        application=ended_quietly,
        name="refuse",
        by=StaffFactory(institution_id="welcome-center"),
    )
    upload_notice(ended)
    draft = ApplicationFactory(ready=True)
    staff_client(client)

    everything = listed(client)
    for application in (to_check, to_record, ended, ended_quietly):
        assert application.reference in everything
    assert draft.reference not in everything

    pre_check = listed(client, show="pre_check")
    assert to_check.reference in pre_check
    assert to_record.reference not in pre_check

    act = listed(client, show="act")
    assert to_record.reference in act and ended.reference in act
    assert to_check.reference not in act and ended_quietly.reference not in act
    assert "new notice from the employer" in act
    assert "The Federal Employment Agency (BA)" in act  # who acts next
    assert "To act on (2)" in act and "To pre-check (1)" in act


def test_the_authority_in_the_platform_sees_its_own_procedures_only(client):
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=BERLIN), tick=False):
        region = ApplicationFactory(state=State.FILED)  # Garbsen: ABH Region Hannover
        hannover = ApplicationFactory(state=State.FILED, company__municipality="Hannover")
    recorded = ApplicationFactory(state=State.FILED)
    staff_client(client, "abh-region")
    act = listed(client, show="act")
    assert region.reference in act
    assert hannover.reference not in act and recorded.reference not in act
    assert "companies to verify" not in act


def test_the_inbox_marks_and_filters_overdue_deadlines(client):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=BERLIN), tick=False):
        late = ApplicationFactory(state=State.BA_REQUESTED)  # due 9 Nov, never answered
    fresh = ApplicationFactory(state=State.BA_REQUESTED)
    staff_client(client)
    page = listed(client)
    assert page.index(late.reference) < page.index(fresh.reference)  # most urgent first
    assert page.count("case-overdue") == 1
    overdue = listed(client, overdue="on")
    assert late.reference in overdue and fresh.reference not in overdue
    assert late.reference in listed(client, state="ba_requested")
    assert late.reference not in listed(client, state="filed")


def test_the_inbox_needs_the_same_queries_for_two_rows_or_six(client):
    staff_client(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            listed(client, show="act")
        return len(captured)

    for _ in range(2):
        ApplicationFactory(state=State.BA_REQUESTED)
    few = queries()
    for state in (State.FILED, State.RECOGNITION_REQUESTED, State.AGREEMENT_CONCLUDED, "filed"):
        ApplicationFactory(state=state)
    assert queries() == few
    assert few <= 12


def test_the_inbox_needs_a_verified_second_factor_and_staff(client):
    user = StaffFactory(institution_id="welcome-center")
    client.force_login(user)
    response = client.get(reverse(INBOX))
    assert response.status_code == 302 and reverse("accounts:otp") in response["Location"]


def test_the_case_inbox_links_to_the_procedures(client):
    staff_client(client)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert reverse(INBOX) in page


def test_the_welcome_center_verifies_a_registered_company(client):
    waiting = CompanyFactory(name="Bäckerei Morgenrot GmbH", contact_email="hr@morgenrot.example")
    staff_client(client)
    page = client.get(reverse("procedures_office:companies")).content.decode()
    assert "Bäckerei Morgenrot GmbH" in page
    assert "1 company to verify" in listed(client)
    response = client.post(
        reverse("procedures_office:company_verify", kwargs={"company_id": waiting.pk})
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.verified_at is not None and waiting.verified_by == client.user
    page = client.get(response["Location"]).content.decode()
    assert "is verified and may now file applications" in page
    assert "Every registered company has been verified." in page


def test_only_the_welcome_center_verifies_companies(client):
    waiting = CompanyFactory()
    staff_client(client, "abh-region")
    assert client.get(reverse("procedures_office:companies")).status_code == 404
    url = reverse("procedures_office:company_verify", kwargs={"company_id": waiting.pk})
    assert client.post(url).status_code == 404
    assert Company.objects.get(pk=waiting.pk).verified_at is None


def test_a_welcome_center_content_editor_cannot_verify(client):
    waiting = CompanyFactory()
    staff_client(client, role="content_editor")
    response = client.post(
        reverse("procedures_office:company_verify", kwargs={"company_id": waiting.pk}),
        follow=True,
    )
    assert "Only the Welcome Center verifies companies." in response.content.decode()
    assert Company.objects.get(pk=waiting.pk).verified_at is None
