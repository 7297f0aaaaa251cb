"""The worker's pages (no login, signed links): confirming the power of attorney and following
the application."""

import re

import pytest
from django.core import mail

from welcome.audit.models import AuditEntry
from welcome.procedures.machine import State
from welcome.procedures.tests.factories import ApplicationFactory
from welcome.procedures.tests.test_employer_support import employer_client, en
from welcome.procedures.tokens import worker_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_confirmation_link_is_sent_in_the_workers_language_and_confirms(
    client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(worker_language="ar")
    employer_client(client, user=application.created_by)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("poa_send", application_id=application.pk))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.net"]
    link = re.search(r"https?://\S+", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert path.startswith("/ar/employer/worker/")
    assert application.company.name in message.body

    worker = client.__class__()  # the worker has no login
    page = worker.get(path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    application.refresh_from_db()
    assert application.power_of_attorney_confirmed_at is None  # a GET changes nothing

    response = worker.post(path)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.power_of_attorney_confirmed_at is not None
    assert AuditEntry.objects.filter(action="procedure_power_of_attorney_confirmed").count() == 1
    worker.post(path)  # twice changes nothing
    assert AuditEntry.objects.filter(action="procedure_power_of_attorney_confirmed").count() == 1

    # The checklist counts the confirmation as the power of attorney.
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Confirmed by the worker" in page


def test_no_link_without_the_workers_e_mail(client):
    application = ApplicationFactory(worker_email="")
    employer_client(client, user=application.created_by)
    response = client.post(en("poa_send", application_id=application.pk), follow=True)
    assert "enter the worker&#x27;s e-mail address first" in response.content.decode()
    assert not mail.outbox


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "x" * 500,
        "..%2F..%2Fetc",
    ],
)
def test_a_wrong_link_gets_a_friendly_page_not_an_error(client, token):
    for name in ("poa_confirm", "worker_status"):
        response = client.get(en(name, token=token))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        response = client.post(en(name, token=token))
        assert response.status_code in (404, 405)


def test_an_altered_or_misused_link_does_not_confirm(client):
    application = ApplicationFactory()
    token = worker_token(application.pk, "power_of_attorney")
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(en("poa_confirm", token=altered)).status_code == 404
    # A status link is no confirmation link.
    status = worker_token(application.pk, "status")
    assert client.post(en("poa_confirm", token=status)).status_code == 404
    # A link to an application that no longer exists.
    gone = worker_token(999999, "power_of_attorney")
    assert client.post(en("poa_confirm", token=gone)).status_code == 404
    application.refresh_from_db()
    assert application.power_of_attorney_confirmed_at is None


def test_an_ended_application_cannot_be_confirmed(client):
    application = ApplicationFactory()
    application.state = State.WITHDRAWN
    application.save()
    path = en("poa_confirm", token=worker_token(application.pk, "power_of_attorney"))
    response = client.post(path, follow=True)
    assert "This application has ended" in response.content.decode()
    application.refresh_from_db()
    assert application.power_of_attorney_confirmed_at is None


def test_the_worker_follows_the_status_without_login(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    response = client.get(en("worker_status", token=worker_token(application.pk, "status")))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<meta name="robots" content="noindex">' in page
    assert application.reference in page
    assert application.company.name in page
    assert "Pre-check requested" in page
    # Minimal personal data: no name, e-mail or date of birth of the worker.
    assert application.worker_name not in page
    assert application.worker_email not in page
    # A confirmation link does not open the status page.
    confirm = worker_token(application.pk, "power_of_attorney")
    assert client.get(en("worker_status", token=confirm)).status_code == 404
