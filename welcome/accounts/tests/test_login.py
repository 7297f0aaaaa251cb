"""Login, second factor, throttling, and the admin behind the second factor."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.tests.factories import PASSWORD, EmployerFactory, StaffFactory, login_verified
from welcome.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def en(name: str) -> str:
    """The English URL, so assertions can read the English messages."""
    with translation.override("en"):
        return reverse(name)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_staff_must_pass_the_second_factor_after_the_password(client):
    user = StaffFactory(institution_id="abh-lhh")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))

    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:otp"), {"token": current_code(device)})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(actor=user, action="second_factor_verified").exists()


def test_a_wrong_code_gets_a_clear_message_and_is_audited(client):
    user = StaffFactory()
    client.force_login(user)
    response = client.post(en("accounts:otp"), {"token": "000000"})
    assert response.status_code == 200
    assert "wrong or has expired" in response.content.decode()
    assert AuditEntry.objects.filter(actor=user, action="second_factor_failed").count() == 1


def test_a_code_used_for_the_last_login_is_refused_with_the_reason(client):
    """Why "the first code after login was sometimes refused": a code is good once (RFC 6238,
    5.2), so a second login within the same 30 seconds cannot reuse it — and it read "wrong"."""
    user = StaffFactory()
    device = TOTPDevice.objects.get(user=user)
    code = current_code(device)
    client.force_login(user)
    assert client.post(en("accounts:otp"), {"token": code}).status_code == 302
    client.logout()
    client.force_login(user)
    response = client.post(en("accounts:otp"), {"token": code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already been used" in page and "wrong" not in page


def test_codes_while_throttled_are_refused_with_the_reason(client):
    user = StaffFactory()
    device = TOTPDevice.objects.get(user=user)
    client.force_login(user)
    with time_machine.travel(timezone.now(), tick=False):  # the clock stands: within the pause
        client.post(en("accounts:otp"), {"token": "000000"})  # wrong: a second's pause follows
        response = client.post(en("accounts:otp"), {"token": current_code(device)})
    assert "Too many wrong codes" in response.content.decode()


def test_the_session_key_changes_when_the_second_factor_passes(client):
    """A session key seen at the password step (a shared computer, a fixation attempt) is
    worthless afterwards."""
    user = StaffFactory(institution_id="abh-lhh")
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    before = client.session.session_key
    client.post(reverse("accounts:otp"), {"token": current_code(TOTPDevice.objects.get(user=user))})
    after = client.session.session_key
    assert after and after != before
    assert client.get(reverse("cases:inbox")).status_code == 200


def test_staff_without_an_authenticator_are_led_to_set_one_up(client):
    user = StaffFactory(totp=False)
    client.force_login(user)
    response = client.get(reverse("accounts:otp"))
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:otp_setup"), {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_password_gets_a_clear_message(client):
    StaffFactory(username="anna")
    response = client.post(en("accounts:login"), {"username": "anna", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_throttled(client, settings):
    StaffFactory(username="bert")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(en("accounts:login"), {"username": "bert", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(en("accounts:login"), {"username": "bert", "password": PASSWORD})
    assert response.status_code == 429
    assert "blocked" in response.content.decode()


def test_a_tampered_login_form_is_refused_without_a_500(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(en("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "reload the page and send the form again" in response.content.decode()


def test_staff_without_the_second_factor_cannot_reach_the_admin(client):
    user = StaffFactory(is_staff=True, is_superuser=True)
    client.force_login(user)  # password only, no second factor
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_with_the_second_factor_reach_the_admin(client):
    user = StaffFactory(is_staff=True, is_superuser=True)
    login_verified(client, user)
    assert client.get("/admin/").status_code == 200


def test_employers_must_pass_the_second_factor_after_the_password(client):
    user = EmployerFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))
    # Password alone opens no employer page.
    dashboard = reverse("procedures:dashboard")
    response = client.get(dashboard)
    assert response["Location"].startswith(reverse("accounts:otp"))

    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        f"{reverse('accounts:otp')}?next={dashboard}", {"token": current_code(device)}
    )
    assert response["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_employers_without_an_authenticator_are_led_to_set_one_up(client):
    user = EmployerFactory(totp=False)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.get(reverse("accounts:otp"))
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_employers_cannot_reach_the_admin_even_with_the_second_factor(client):
    login_verified(client, EmployerFactory())
    assert client.get("/admin/").status_code == 302


def test_staff_cannot_use_the_employer_pages(client):
    login_verified(client, StaffFactory())
    response = client.get(reverse("procedures:dashboard"))
    assert response.status_code == 404


def test_password_reset_sends_a_mail(client, mailoutbox):
    StaffFactory(email="case.worker@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "case.worker@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password-reset/" in mailoutbox[0].body


def test_the_database_refuses_staff_without_an_institution():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        StaffFactory(institution_id=None, totp=False)
