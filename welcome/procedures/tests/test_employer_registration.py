"""Company registration, the employer's second factor, the unverified notice, colleagues."""

import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import Company, User
from welcome.accounts.tests.factories import EmployerFactory
from welcome.audit.models import AuditEntry
from welcome.procedures.tests.factories import VerifiedCompanyFactory
from welcome.procedures.tests.test_employer_support import employer_client, en

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Pflegedienst Sonnenschein GmbH",
    "address": "Hauptstraße 1, 30823 Garbsen",
    "register_number": "HRB 12345",
    "municipality": "Garbsen",
    "contact_name": "Petra Personal",
    "contact_email": "personal@sonnenschein.example",
    "contact_phone": "+49 5131 1234",
    "language": "de",
    "username": "petra",
    "email": "petra@sonnenschein.example",
    "password1": "lange Nächte im Pflegedienst",
    "password2": "lange Nächte im Pflegedienst",
    "website": "",
}


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_company_registers_sets_up_the_second_factor_and_sees_the_unverified_notice(client):
    response = client.post(en("register"), REGISTRATION)
    assert response.status_code == 302
    assert "/accounts/login/setup/" in response["Location"]
    company = Company.objects.get(name="Pflegedienst Sonnenschein GmbH")
    assert company.verified_at is None
    assert company.municipality == "Garbsen"
    user = User.objects.get(username="petra")
    assert user.kind == User.Kind.EMPLOYER and user.company == company
    assert user.check_password("lange Nächte im Pflegedienst")
    assert AuditEntry.objects.filter(action="company_registered").exists()

    # Without the second factor the dashboard stays closed.
    assert "/accounts/login/code/" in client.get(en("dashboard"))["Location"]
    client.get(response["Location"])  # the set-up page creates the device
    device = TOTPDevice.objects.get(user=user)
    response = client.post(response["Location"], {"token": code(device)})
    assert response["Location"] == en("dashboard")

    page = client.get(en("dashboard")).content.decode()
    assert "Your company is not yet verified." in page


def test_a_verified_company_sees_no_notice(client):
    employer_client(client)
    assert "not yet verified" not in client.get(en("dashboard")).content.decode()


def test_registration_refuses_a_weak_password_and_keeps_the_entries(client):
    data = {**REGISTRATION, "password1": "12345678", "password2": "12345678"}
    response = client.post(en("register"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please check your entries." in page
    assert "Pflegedienst Sonnenschein GmbH" in page
    assert 'value="petra"' in page
    assert not Company.objects.exists()


def test_registration_refuses_a_municipality_outside_the_region_and_a_taken_user_name(client):
    EmployerFactory(username="petra")
    response = client.post(en("register"), {**REGISTRATION, "municipality": "Celle"})
    assert response.status_code == 400
    assert "This user name is taken" in response.content.decode()
    assert not Company.objects.filter(name=REGISTRATION["name"]).exists()


def test_the_honeypot_refuses_a_bot(client):
    response = client.post(en("register"), {**REGISTRATION, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not User.objects.filter(username="petra").exists()


def test_an_employer_with_only_a_password_is_sent_to_the_second_factor(client):
    client.force_login(EmployerFactory())
    response = client.get(en("new"))
    assert response.status_code == 302
    assert "/accounts/login/code/" in response["Location"]


def test_a_colleague_is_added_and_chooses_their_own_password(
    client, django_capture_on_commit_callbacks
):
    company = VerifiedCompanyFactory(language="en")
    employer_client(client, company=company)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("colleagues"), {"username": "jonas", "email": "jonas@company.example"}
        )
    assert response.status_code == 302
    colleague = User.objects.get(username="jonas")
    assert colleague.company == company and colleague.kind == User.Kind.EMPLOYER
    assert not colleague.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password-reset/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    path = "/" + link.split("/", 3)[3]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new_password = "ein ganz eigenes Passwort"
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password(new_password)
    # The first login leads the colleague to set up their own authenticator.
    response = client.post(
        "/en/accounts/login/", {"username": "jonas", "password": new_password}, follow=True
    )
    assert any("/accounts/login/setup/" in url for url, _status in response.redirect_chain)


def test_colleagues_of_another_company_are_not_listed(client):
    other = EmployerFactory(username="stranger")
    employer_client(client)
    page = client.get(en("colleagues")).content.decode()
    assert other.username not in page


def test_a_taken_user_name_for_a_colleague_is_refused_with_the_entries_kept(client):
    EmployerFactory(username="taken")
    employer_client(client)
    response = client.post(
        en("colleagues"), {"username": "taken", "email": "x@company.example", "first_name": "Eva"}
    )
    assert response.status_code == 400
    assert 'value="Eva"' in response.content.decode()


def test_a_mail_server_failure_does_not_break_adding_a_colleague(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    employer_client(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("colleagues"), {"username": "mara", "email": "mara@company.example"}
        )
    assert response.status_code == 302
    assert User.objects.filter(username="mara").exists()
