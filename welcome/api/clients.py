"""API clients and their tokens: issue, rotate, revoke, and check a presented token.

A token is `whr_<prefix>_<secret>`: the prefix (12 hex characters) finds the row by a unique
index, the secret (256 random bits) is checked against a salted SHA-256 hash with a constant-time
compare. A fast hash is enough here because the secret is random, not a person's password: there
is nothing to guess, and PBKDF2 (Django's `make_password`) would add ~0.3 s to every API call.
The full token is returned once, when it is issued, and never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from welcome.accounts.models import User
from welcome.api.models import ApiClient, ApiToken
from welcome.region.models import Institution

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "whr_"  # noqa: S105 - the public mark of our tokens, not a secret
# last_used_at is a hint for administrators, not an audit trail: written at most once a minute.
TOUCH_INTERVAL = dt.timedelta(minutes=1)
DEFAULT_GRACE = dt.timedelta(days=7)


class ApiClientError(ValueError):
    """An API client or token cannot be created or changed as asked; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _hash(secret: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}${secret}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def _hash_matches(stored: str, secret: str) -> bool:
    try:
        algorithm, salt, _digest = stored.split("$", 2)
    except ValueError:
        return False
    return algorithm == "sha256" and constant_time_compare(stored, _hash(secret, salt))


def _parse(raw: str) -> tuple[str, str] | None:
    """`whr_<prefix>_<secret>` → (prefix, secret), or None when it cannot be one of ours."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    prefix, _sep, secret = raw.removeprefix(TOKEN_PREFIX).partition("_")
    if len(prefix) != 12 or not secret:
        return None
    return prefix, secret


def scopes_parse(raw: str) -> list[str]:
    """ "cases:read, cases:write" → ["cases:read", "cases:write"]; unknown scopes are refused."""
    return _scopes_checked([part.strip() for part in (raw or "").split(",") if part.strip()])


def _scopes_checked(scopes: list[str]) -> list[str]:
    if not scopes or any(scope not in ApiClient.Scope.values for scope in scopes):
        raise ApiClientError(
            _("Give one or more of these scopes, separated by commas: %(known)s.")
            % {"known": ", ".join(ApiClient.Scope.values)}
        )
    return sorted(set(scopes))


def api_token_issue(
    *, client: ApiClient, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `client`; the returned string is the only copy of the secret."""
    if client.revoked_at is not None:
        raise ApiClientError(_("The API client %(name)s is revoked.") % {"name": client.name})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client,
        prefix=prefix,
        secret_hash=_hash(secret, secrets.token_hex(16)),
        expires_at=expires_at,
    )
    logger.info("API token %s issued for client %s", prefix, client.pk)
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def api_client_create(
    *,
    institution: Institution,
    name: str,
    scopes: list[str],
    expires_at: dt.datetime | None = None,
) -> tuple[ApiClient, str]:
    """Register a partner system of `institution` with its service user and a first token."""
    name = " ".join(name.split())
    if not name:
        raise ApiClientError(_("Give the API client a name."))
    if len(name) > 100:
        raise ApiClientError(_("The name of an API client has at most 100 characters."))
    scopes = _scopes_checked(scopes)
    username = f"api:{name}"
    if (
        ApiClient.objects.filter(name=name).exists()
        or User.objects.filter(username=username).exists()
    ):
        raise ApiClientError(
            _("There is already an API client named %(name)s; choose another name.")
            % {"name": name}
        )
    # The service user: staff of the institution for the selectors and services, inactive and
    # without a password or second factor so that it can never log in.
    user = User(
        username=username,
        kind=User.Kind.STAFF,
        institution=institution,
        role=User.Role.CASE_WORKER,
        is_active=False,
        last_name=name,
    )
    user.set_unusable_password()
    user.save()
    client = ApiClient.objects.create(institution=institution, name=name, scopes=scopes, user=user)
    _token, secret = api_token_issue(client=client, expires_at=expires_at)
    return client, secret


@transaction.atomic
def api_client_rotate(
    *,
    client: ApiClient,
    grace: dt.timedelta = DEFAULT_GRACE,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a new token; the client's other valid tokens keep working until `grace` has passed
    (or until they are revoked, or expire earlier by themselves)."""
    if grace < dt.timedelta(0):
        raise ApiClientError(_("The grace period cannot be negative."))
    now = timezone.now()
    token, secret = api_token_issue(client=client, expires_at=expires_at)
    ending = now + grace
    client.tokens.exclude(pk=token.pk).filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=ending)
    ).update(expires_at=ending)
    return token, secret


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke one token at once; False when it was revoked already."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        logger.info("API token %s revoked", token.prefix)
    return bool(revoked)


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> bool:
    """Revoke a client and all its tokens at once; False when it was revoked already."""
    now = timezone.now()
    revoked = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=now)
    client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    if revoked:
        logger.info("API client %s revoked", client.pk)
    return bool(revoked)


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The valid token that `raw` is, with its client and service user, or None.

    One query (token, client and user joined); at most once a minute per token a conditional
    UPDATE of last_used_at, which concurrent requests cannot both win.
    """
    parsed = _parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.select_related("client__user").filter(prefix=prefix).first()
    if token is None or not _hash_matches(token.secret_hash, secret):
        return None
    now = timezone.now()
    if not token.is_valid_at(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_INTERVAL)
        if ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
            ApiClient.objects.filter(pk=token.client_id).update(last_used_at=now)
        token.last_used_at = token.client.last_used_at = now
    return token
