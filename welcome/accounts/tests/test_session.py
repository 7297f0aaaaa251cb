"""The signed-in user and their second-factor device, read in one query (accounts/session.py),
with every decision the same as Django's and django-otp's own middleware make."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.session import BACKEND, SessionDeviceMiddleware
from welcome.accounts.tests.factories import StaffFactory, login_verified

pytestmark = pytest.mark.django_db

STOCK_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _own_totp(user):
    return TOTPDevice.objects.get(user=user).persistent_id


def _own_static(user):
    return StaticDevice.objects.create(user=user, name="backup", confirmed=True).persistent_id


def _unconfirmed(user):
    return TOTPDevice.objects.create(user=user, name="new phone", confirmed=False).persistent_id


def _another_users(user):
    return _own_totp(StaffFactory())


def _deleted(user):
    device = TOTPDevice.objects.get(user=user)
    persistent_id = device.persistent_id
    device.delete()
    return persistent_id


# (case, the session's device id from the user, what to do to the user after the login,
#  expected: authenticated, verified)
CASES = [
    ("own confirmed authenticator", _own_totp, None, True, True),
    ("own confirmed backup codes", _own_static, None, True, True),
    ("password passed, second factor not yet", lambda user: None, None, True, False),
    ("another user's device", _another_users, None, True, False),
    ("a device not confirmed", _unconfirmed, None, True, False),
    ("a device deleted since", _deleted, None, True, False),
    ("a device id of no device model", lambda user: "nope.nothing/1", None, True, False),
    ("a malformed device id", lambda user: "otp_totp.totpdevice/x", None, True, False),
    ("an account deactivated since", _own_totp, "deactivate", False, False),
    ("a password changed since", _own_totp, "new_password", False, False),
]


def _session(user, device_id, backend):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device_id:
        session[DEVICE_ID_SESSION_KEY] = device_id
    return session


def _request_user(session, middleware):
    request = RequestFactory().get("/")
    request.session = session
    AuthenticationMiddleware(lambda r: None).process_request(request)
    middleware(lambda r: None)(request)
    return request.user


def _signed_in(device_of, change, backend):
    user = StaffFactory(institution_id="abh-lhh")
    session = _session(user, device_of(user), backend)
    if change == "deactivate":
        user.is_active = False
        user.save()
    elif change == "new_password":
        user.set_password("another long passphrase 42")
        user.save()
    return session


@pytest.mark.parametrize(
    "device_of, change, authenticated, verified", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_decisions_are_those_of_django_and_django_otp(
    device_of, change, authenticated, verified, settings
):
    ours = _signed_in(device_of, change, BACKEND)
    user = _request_user(ours, SessionDeviceMiddleware)
    outcome = (user.is_authenticated, user.is_authenticated and user.is_verified())

    settings.AUTHENTICATION_BACKENDS = [STOCK_BACKEND]
    stock = _signed_in(device_of, change, STOCK_BACKEND)
    user = _request_user(stock, OTPMiddleware)
    stock_outcome = (user.is_authenticated, user.is_authenticated and user.is_verified())

    assert outcome == stock_outcome == (authenticated, verified)
    # A device that does not verify is taken out of the session, as django-otp does.
    assert (DEVICE_ID_SESSION_KEY in ours) == (DEVICE_ID_SESSION_KEY in stock)


def test_a_verified_request_reads_the_user_and_the_device_in_one_query():
    user = StaffFactory(institution_id="abh-lhh")
    session = _session(user, _own_totp(user), BACKEND)
    with CaptureQueriesContext(connection) as queries:
        request_user = _request_user(session, SessionDeviceMiddleware)
        assert request_user.pk == user.pk and request_user.is_verified()
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "otp_totp_totpdevice" in queries[0]["sql"] and "accounts_user" in queries[0]["sql"]


def test_between_password_and_second_factor_the_user_is_read_alone():
    user = StaffFactory(institution_id="abh-lhh")
    session = _session(user, None, BACKEND)
    with CaptureQueriesContext(connection) as queries:
        assert _request_user(session, SessionDeviceMiddleware).is_authenticated
    assert len(queries) == 1 and "otp_" not in queries[0]["sql"]


def test_a_verified_page_makes_one_query_for_the_user_and_the_device(client):
    """Through the whole middleware stack: the inbox's queries touch the user table once."""
    login_verified(client, StaffFactory(institution_id="abh-lhh"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/office/").status_code == 200
    device_reads = [q["sql"] for q in queries if "otp_totp_totpdevice" in q["sql"]]
    user_reads = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(device_reads) == 1 and not user_reads, device_reads + user_reads
