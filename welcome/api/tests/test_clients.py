"""API clients and tokens: issued once, stored hashed, rotated with grace, revoked at once."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.api.clients import (
    ApiClientError,
    api_client_create,
    api_client_revoke,
    api_client_rotate,
    api_token_authenticate,
    api_token_revoke,
)
from welcome.api.models import ApiClient, ApiToken
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db

READ_WRITE = ["cases:read", "cases:write"]


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English; the default language is German."""
    with translation.override("en"):
        yield


def create(name="Fachverfahren LHH", scopes=READ_WRITE, **kwargs):
    return api_client_create(
        institution=Institution.objects.get(pk="abh-lhh"), name=name, scopes=scopes, **kwargs
    )


def command(*args) -> str:
    out = StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_client_with_an_inactive_service_user_of_the_institution():
    client, secret = create()
    user = client.user
    assert user.get_username() == "api:Fachverfahren LHH"
    assert (user.institution_id, user.role, user.is_partner_staff) == (
        "abh-lhh",
        "case_worker",
        True,
    )
    assert not user.is_active and not user.has_usable_password()
    assert api_token_authenticate(raw=secret).client == client


def test_it_stores_the_hash_and_never_the_secret():
    client, secret = create()
    token = client.tokens.get()
    _whr, prefix, hidden = secret.split("_", 2)
    assert token.prefix == prefix
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
    stored = " ".join(str(value) for row in rows for value in row)
    assert hidden not in stored and secret not in stored
    assert token.secret_hash.startswith("sha256$")


@pytest.mark.parametrize(
    "raw",
    ["", "nonsense", "whr_", "whr_abc_def", "whr_0123456789ab", "whr_0123456789ab_wrong"],
)
def test_it_refuses_malformed_and_unknown_tokens(raw):
    create()
    assert api_token_authenticate(raw=raw) is None


def test_it_refuses_the_right_prefix_with_a_wrong_secret():
    _client, secret = create()
    assert api_token_authenticate(raw=secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None


def test_it_refuses_an_expired_token():
    _client, secret = create(expires_at=timezone.now() + dt.timedelta(days=1))
    assert api_token_authenticate(raw=secret) is not None
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert api_token_authenticate(raw=secret) is None


def test_rotation_keeps_the_old_token_working_until_it_is_revoked():
    client, old = create()
    _token, new = api_client_rotate(client=client)
    assert api_token_authenticate(raw=old) is not None
    assert api_token_authenticate(raw=new) is not None
    api_token_revoke(token=client.tokens.get(prefix=old.split("_")[1]))
    assert api_token_authenticate(raw=old) is None
    assert api_token_authenticate(raw=new) is not None


def test_rotation_ends_the_old_token_after_the_grace_period():
    client, old = create()
    _token, new = api_client_rotate(client=client, grace=dt.timedelta(days=2))
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert api_token_authenticate(raw=old) is None
        assert api_token_authenticate(raw=new) is not None


def test_revoking_the_client_ends_all_its_tokens_at_once():
    client, old = create()
    _token, new = api_client_rotate(client=client)
    assert api_client_revoke(client=client)
    assert api_token_authenticate(raw=old) is None
    assert api_token_authenticate(raw=new) is None
    assert not api_client_revoke(client=client)
    with pytest.raises(ApiClientError):
        api_client_rotate(client=ApiClient.objects.get(pk=client.pk))


def test_it_records_the_last_use_at_most_once_a_minute(django_assert_num_queries):
    client, secret = create()
    with django_assert_num_queries(3):  # lookup, then the first use of token and client
        api_token_authenticate(raw=secret)
    first = ApiToken.objects.get(client=client).last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # lookup only, no write
        api_token_authenticate(raw=secret)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        api_token_authenticate(raw=secret)
        assert ApiToken.objects.get(client=client).last_used_at > first
        assert ApiClient.objects.get(pk=client.pk).last_used_at > first


def test_it_refuses_a_second_client_of_the_same_name_and_unknown_scopes():
    create()
    with pytest.raises(ApiClientError, match="already"):
        create()
    with pytest.raises(ApiClientError, match="scopes"):
        create(name="Other", scopes=["cases:delete"])
    with pytest.raises(ApiClientError, match="scopes"):
        create(name="Other", scopes=[])


def test_the_command_creates_a_client_and_prints_the_token_once():
    out = command(
        "create",
        "--institution",
        "abh-lhh",
        "--name",
        "Fachverfahren LHH",
        "--scopes",
        "cases:read, cases:write",
    )
    client = ApiClient.objects.get()
    assert client.scopes == READ_WRITE
    secret = next(line for line in out.splitlines() if line.startswith("whr_"))
    assert api_token_authenticate(raw=secret).client == client
    listing = command("list")
    assert "Fachverfahren LHH" in listing and client.tokens.get().prefix in listing
    assert secret.split("_", 2)[2] not in listing and "sha256$" not in listing


def test_the_command_rotates_and_revokes():
    client, old = create()
    out = command("rotate", "--client", "Fachverfahren LHH", "--grace-days", "3")
    new = next(line for line in out.splitlines() if line.startswith("whr_"))
    assert api_token_authenticate(raw=old) and api_token_authenticate(raw=new)
    assert client.tokens.get(prefix=old.split("_")[1]).expires_at is not None
    assert "revoked" in command("revoke", "--token", old.split("_")[1])
    assert api_token_authenticate(raw=old) is None and api_token_authenticate(raw=new)
    assert "revoked" in command("revoke", "--client", str(client.pk))
    assert api_token_authenticate(raw=new) is None


def test_the_command_refuses_bad_input_with_a_message():
    with pytest.raises(CommandError, match="institution"):
        command("create", "--institution", "nowhere", "--name", "X", "--scopes", "cases:read")
    with pytest.raises(CommandError, match="scopes"):
        command("create", "--institution", "abh-lhh", "--name", "X", "--scopes", "cases:all")
    with pytest.raises(CommandError, match="no API client"):
        command("rotate", "--client", "nobody")


def test_the_admin_lists_clients_read_only_without_secrets(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    api_client, secret = create()
    admin = StaffFactory(is_staff=True, is_superuser=True)
    login_verified(client, admin)
    listing = client.get("/admin/api/apiclient/")
    assert listing.status_code == 200
    assert "Fachverfahren LHH" in listing.content.decode()
    page = client.get(f"/admin/api/apiclient/{api_client.pk}/change/").content.decode()
    token = api_client.tokens.get()
    assert token.prefix in page
    assert token.secret_hash not in page and secret.split("_", 2)[2] not in page
    assert client.get("/admin/api/apiclient/add/").status_code == 403
