"""Bearer-token authentication for partner systems: `Authorization: Bearer whr_<prefix>_<secret>`.

Why ninja's `HttpBearer` on our own hashed token model, and not django-oauth-toolkit's client
credentials flow: a partner system is one known machine of one institution, registered by an
administrator. Client credentials would add a token endpoint, short-lived access tokens to refresh,
an application model and three more tables — for no gain over a long-lived, revocable, rotatable
secret that is hashed at rest. What we need on top of a plain key (scopes per operation, rotation
with a grace period, immediate revocation, the institution's permission filter and audit trail)
is a few lines here and in `clients.py`, and it reuses the case selectors unchanged.

A valid token authenticates as its client's service user (see `ApiClient`), so `request.auth` is
a staff user of the institution for every selector and service, and the audit log records
`api:<client name>` with the institution for every read and change.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from welcome.api.clients import api_token_authenticate


class BearerError(HttpError):
    """A token was presented but is not enough; answered as JSON with a WWW-Authenticate header
    (RFC 6750), by the handler registered in `welcome.api.urls`."""

    challenge = "Bearer"


class ApiTokenRefused(BearerError):
    """Malformed, unknown, expired or revoked token: 401."""

    challenge = 'Bearer error="invalid_token"'

    def __init__(self):
        super().__init__(
            401, _("The API token is not valid: it is unknown, malformed, expired or revoked.")
        )


class ApiScopeMissing(BearerError):
    """A valid token without the scope the operation needs: 403."""

    def __init__(self, scope: str):
        super().__init__(
            403,
            _("This API token does not have the scope %(scope)s, which this operation needs.")
            % {"scope": scope},
        )
        self.challenge = f'Bearer error="insufficient_scope", scope="{scope}"'


class ApiTokenAuth(HttpBearer):
    """An API token of a partner system that holds `scope`."""

    openapi_description = (
        "API token of a partner system, issued by an administrator with "
        "`manage.py api_client create`. Each operation names the scope it needs "
        "(`cases:read` or `cases:write`)."
    )
    openapi_bearerFormat = "whr_<prefix>_<secret>"

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(raw=token)
        if api_token is None:
            raise ApiTokenRefused()
        client = api_token.client
        if not client.has_scope(self.scope):
            raise ApiScopeMissing(self.scope)
        # The service user acts for the rest of the request (history records, logging).
        request.user = client.user
        request.api_client = client
        return client.user
