"""The staff application page: facts, documents with their review, deadlines, the steps the
user may take now; every refusal is a sentence, nothing typed is lost, and access is the
selector's (404 and audited for anyone else)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from welcome.accounts.tests.factories import EmployerFactory, StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.procedures import machine, services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Document, Step
from welcome.procedures.tests.factories import ApplicationFactory, advance

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


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


def detail(application):
    return reverse("procedures_office:detail", kwargs={"application_id": application.pk})


def step_url(application, name):
    return reverse(
        "procedures_office:step", kwargs={"application_id": application.pk, "name": name}
    )


def platform_application(state):
    """Filed in 2025, when the Region's ABH was competent and worked in the platform."""
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=BERLIN), tick=False):
        return ApplicationFactory(state=state)


def test_the_page_shows_facts_family_documents_deadlines_and_steps(client):
    application = ApplicationFactory()
    services.family_member_add(
        application=application,
        by=application.created_by,
        name="Yusuf Haddad",
        relation="child",
        birth_date=dt.date(2019, 2, 1),
    )
    advance(application, State.BA_REQUESTED)
    staff_client(client)
    response = client.get(detail(application))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Amina Haddad" in page and "Yusuf Haddad" in page
    assert 'Pflegefachkraft <span class="muted">(Nursing professionals, ISCO-08 2221)' in page
    assert "Copy of the passport" in page
    assert "Agreement concluded" in page and "Recorded from the authority&#x27;s notice" in page
    assert "§ 36 Abs. 2 BeschV" in page
    assert "BA approval given" in page  # the form of the next step
    assert AuditEntry.objects.filter(
        action="procedure_viewed", object_id=str(application.pk)
    ).exists()


def test_staff_of_another_institution_get_a_404_and_it_is_audited(client):
    application = ApplicationFactory(state=State.FILED)
    staff_client(client, "ihk-hannover")
    document = application.documents.first()
    assert client.get(detail(application)).status_code == 404
    assert client.post(step_url(application, "conclude_agreement")).status_code == 404
    download = reverse(
        "procedures_office:document",
        kwargs={"application_id": application.pk, "document_id": document.pk},
    )
    assert client.get(download).status_code == 404
    assert AuditEntry.objects.filter(action="access_denied").count() == 3
    application.refresh_from_db()
    assert application.state == State.FILED


def test_an_employer_cannot_open_the_office_pages(client):
    application = ApplicationFactory(state=State.FILED)
    client.force_login(application.created_by)
    for url in (reverse("procedures_office:inbox"), detail(application)):
        response = client.get(url)
        assert response.status_code == 302
        assert "Amina Haddad" not in response.content.decode()
    response = client.post(step_url(application, "conclude_agreement"), {})
    assert response.status_code == 302
    other = EmployerFactory()
    client.force_login(other)
    assert client.get(detail(application)).status_code == 302
    application.refresh_from_db()
    assert application.state == State.FILED


def test_a_document_download_is_audited_and_not_cached(client):
    application = ApplicationFactory(state=State.FILED)
    staff_client(client)
    document = application.documents.get(key="passport_copy")
    response = client.get(
        reverse(
            "procedures_office:document",
            kwargs={"application_id": application.pk, "document_id": document.pk},
        )
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="procedure_document_viewed")
    assert entry.details["key"] == "passport_copy"
    assert AuditEntry.objects.filter(action="procedure_document_downloaded").exists()


def test_a_document_of_another_application_is_a_404(client):
    application = ApplicationFactory(state=State.FILED)
    other = ApplicationFactory(state=State.FILED)
    staff_client(client)
    foreign = other.documents.first()
    url = reverse(
        "procedures_office:document",
        kwargs={"application_id": application.pk, "document_id": foreign.pk},
    )
    assert client.get(url).status_code == 404


def review_url(application, document):
    return reverse(
        "procedures_office:review",
        kwargs={"application_id": application.pk, "document_id": document.pk},
    )


def test_the_pre_checker_approves_and_rejects_documents_with_a_reason(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    staff_client(client)
    passport, cv = (application.documents.get(key=k) for k in ("passport_copy", "cv_german"))
    prefix = f"document-{passport.pk}"
    response = client.post(review_url(application, passport), {f"{prefix}-decision": "approve"})
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.review == Document.Review.PRE_CHECKED

    prefix = f"document-{cv.pk}"
    response = client.post(review_url(application, cv), {f"{prefix}-decision": "reject"})
    assert response.status_code == 400
    assert "Please say why the document is rejected" in response.content.decode()
    cv.refresh_from_db()
    assert cv.review == Document.Review.UPLOADED
    response = client.post(
        review_url(application, cv),
        {f"{prefix}-decision": "reject", f"{prefix}-reason": "The CV is in English."},
    )
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.review == Document.Review.REJECTED and cv.reason == "The CV is in English."


def test_a_review_is_refused_when_it_is_not_the_institutions_turn(client):
    application = ApplicationFactory(state=State.PRE_CHECKED)
    staff_client(client)  # the Welcome Center pre-checked; the authority reviews after filing
    document = application.documents.first()
    prefix = f"document-{document.pk}"
    response = client.post(
        review_url(application, document),
        {f"{prefix}-decision": "reject", f"{prefix}-reason": "Blurred scan."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "You cannot review the documents of this application now." in page
    assert "Blurred scan." in page
    document.refresh_from_db()
    assert document.review == Document.Review.PRE_CHECKED


def test_a_recorded_step_asks_for_the_date_on_the_notice_in_sentences(client):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=BERLIN), tick=False):
        application = ApplicationFactory(state=State.FILED)
    staff_client(client)
    url = step_url(application, "conclude_agreement")
    version = application.version
    typed = {"conclude_agreement-version": version, "conclude_agreement-note": "Signed by fax."}

    response = client.post(url, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please enter the date on the authority&#x27;s notice." in page
    assert "Signed by fax." in page

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {**typed, "conclude_agreement-on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "The date on the notice cannot lie in the future." in response.content.decode()

    response = client.post(url, {**typed, "conclude_agreement-on": "31.02.2026"})
    assert response.status_code == 400
    assert "Please enter the date of the notice, for example 27.03.2026." in (
        response.content.decode()
    )

    response = client.post(url, {**typed, "conclude_agreement-on": "2026-10-30"})
    assert response.status_code == 400  # before filing (2 Nov): the service says so
    assert "The date lies before the previous step" in response.content.decode()

    response = client.post(url, {**typed, "conclude_agreement-on": "2026-11-05"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.AGREEMENT_CONCLUDED
    step = application.steps.get(transition="conclude_agreement")
    assert step.on == dt.date(2026, 11, 5) and step.source == Step.Source.NOTICE
    assert step.note == "Signed by fax."
    page = client.get(detail(application)).content.decode()
    assert "Recorded: Agreement concluded" in page


def test_a_decision_needs_its_outcome(client):
    application = ApplicationFactory(state=State.RECOGNITION_REQUESTED)
    staff_client(client)
    url = step_url(application, "decide_recognition")
    data = {
        "decide_recognition-version": application.version,
        "decide_recognition-on": timezone.localdate().isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Please choose the decision." in response.content.decode()
    response = client.post(url, {**data, "decide_recognition-outcome": "partial"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.RECOGNITION_DECIDED
    assert application.steps.last().outcome == "partial"


def test_a_step_taken_on_a_stale_page_is_refused_and_keeps_the_note(client):
    application = ApplicationFactory(state=State.FILED)
    staff_client(client)
    data = {
        "conclude_agreement-version": application.version - 1,
        "conclude_agreement-on": timezone.localdate().isoformat(),
        "conclude_agreement-note": "Agreement signed today.",
    }
    response = client.post(step_url(application, "conclude_agreement"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this application a moment ago" in page
    assert "Agreement signed today." in page
    # The other forms of the re-rendered page carry the current version, not the stale one.
    assert f'value="{application.version}"' in page
    application.refresh_from_db()
    assert application.state == State.FILED


def test_the_authority_in_the_platform_takes_a_step_without_a_date(client):
    application = platform_application(State.FILED)
    assert application.mode == Application.Mode.PLATFORM
    staff_client(client, application.authority_id)
    page = client.get(detail(application)).content.decode()
    assert "conclude_agreement-on" not in page
    response = client.post(
        step_url(application, "conclude_agreement"),
        {"conclude_agreement-version": application.version},
    )
    assert response.status_code == 302
    step = application.steps.get(transition="conclude_agreement")
    assert step.source == Step.Source.PLATFORM and step.on == timezone.localdate()


def test_the_pre_checker_confirms_a_complete_pre_check(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    staff_client(client)
    for document in application.documents.all():
        prefix = f"document-{document.pk}"
        client.post(review_url(application, document), {f"{prefix}-decision": "approve"})
    response = client.post(
        step_url(application, "confirm_pre_check"),
        {"confirm_pre_check-version": Application.objects.get(pk=application.pk).version},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.PRE_CHECKED


ILLEGAL_CASES = [State.PRE_CHECK, State.FILED, State.BA_REQUESTED]


@pytest.mark.parametrize("state", ILLEGAL_CASES)
def test_every_illegal_step_is_refused_through_the_page(client, state):
    application = ApplicationFactory(state=state)
    staff_client(client)  # the Welcome Center: pre-checker and recorder of the Zentralstelle
    application.refresh_from_db()
    before = (application.state, application.version)
    access_actors = {machine.PRE_CHECKER, machine.AUTHORITY}
    today = timezone.localdate().isoformat()
    for name, transition in machine.TRANSITIONS.items():
        if state in transition.sources and transition.actor in access_actors:
            continue  # allowed now
        data = {
            f"{name}-version": application.version,
            f"{name}-on": today,
            f"{name}-outcome": (transition.outcomes or ("",))[0],
            f"{name}-note": "typed",
        }
        response = client.post(step_url(application, name), data)
        assert response.status_code in (400, 403), name
        assert "typed" in response.content.decode() or response.status_code == 403, name
        application.refresh_from_db()
        assert (application.state, application.version) == before, name
    assert client.post(step_url(application, "no_such_step"), {}).status_code == 404


def test_a_step_on_an_application_not_visible_is_a_404_for_every_step(client):
    application = ApplicationFactory(state=State.DRAFT, ready=True)
    staff_client(client)
    for name in machine.TRANSITIONS:
        assert client.post(step_url(application, name), {}).status_code == 404
    application.refresh_from_db()
    assert application.state == State.DRAFT
