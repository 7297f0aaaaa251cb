"""Every error of the API is JSON in one shape: `{"detail": "<sentence>"}`, plus `errors` with one
message per field when the input was not valid. The operations document it with `ErrorOut`;
`JsonErrorsAPI` answers it for what no operation catches itself, and where ninja would answer
HTML or text (an address no operation has, a method it does not take).

Why a handler for every exception, and not Django's 500 page: a partner system parses JSON, and
a database that cannot be reached (OperationalError, InterfaceError: gone, restarting, locked) is
not the client's fault but a moment to retry — 503 with `Retry-After`, as the pages answer it
(`welcome.portal.errors`). Any other database error is a bug of ours: 500.
The exception is logged to `django.request` exactly as Django logs an unhandled one, so the
error reporting sees it as before.
"""

from __future__ import annotations

import functools
import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from welcome.api.auth import BearerError
from welcome.audit.middleware import not_found_audit

logger = logging.getLogger("django.request")

RETRY_AFTER_SECONDS = 30


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


class ErrorOut(Schema):
    """An error: what went wrong as a sentence; for invalid input also one message per field."""

    detail: str = Field(
        description="What went wrong, as a sentence in the language of the Accept-Language "
        "header (German or English)."
    )
    errors: dict[str, str] | SkipJsonSchema[None] = Field(
        None,
        description="Only for invalid input: one message per field, keyed by its name "
        "(nested fields joined with dots).",
        exclude_if=lambda value: value is None,
        json_schema_extra=_no_default,
    )


# What any operation may answer besides its own outcomes: invalid input, and our own failure.
ERRORS = {400: ErrorOut, 500: ErrorOut, 503: ErrorOut}


# Headers that come with an error, documented on every operation that answers it.
ERROR_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "description": "The challenge of RFC 6750: `Bearer`, with "
            '`error="invalid_token"` for a token that is not valid.',
            "required": True,
            "schema": {"type": "string"},
        }
    },
    403: {
        "WWW-Authenticate": {
            "description": 'For a token without the scope: `Bearer error="insufficient_scope"` '
            "with the scope the operation needs.",
            "schema": {"type": "string"},
        }
    },
    503: {
        "Retry-After": {
            "description": "Seconds to wait before asking again.",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        }
    },
}


def responses(outcomes: dict) -> dict:
    """An operation's `response=`: its own outcomes, then the errors any operation may answer."""
    return dict(sorted({**ERRORS, **outcomes}.items()))


def _error(api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _not_found(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    """404, audited like every "not found" (answered here, Django's middleware never sees it)."""
    not_found_audit(request)
    # "Does not exist" and "not allowed" look the same (see cases/selectors.py).
    return _error(api, request, 404, _("There is nothing here, or you may not see it."))


class JsonErrorsAPI(NinjaAPI):
    """A NinjaAPI that answers every error in the shape, also where ninja itself would answer
    HTML or text: a path no operation has (404) and a method the operation does not take (405)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        handlers_add(self)

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    headers = ERROR_HEADERS.get(int(status))
                    if headers:
                        response["headers"] = {**headers, **response.get("headers", {})}
        return schema

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self._json_errors(pattern.callback)
        patterns.append(re_path(r"", csrf_exempt(self._nothing_here), name="not_found"))
        return patterns, app_name, namespace

    def _nothing_here(self, request, *args, **kwargs):
        return _not_found(self, request)

    def _json_errors(self, view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # the API's root, outside any operation
                return _not_found(self, request)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = _error(
                    self,
                    request,
                    405,
                    _("This address answers only the methods %(methods)s.") % {"methods": allowed},
                )
                response["Allow"] = allowed
            return response

        return wrapped


def handlers_add(api: NinjaAPI) -> None:
    """Answer every exception an operation leaves to the API in the documented shape."""

    def invalid(request, exc: ValidationError):
        """Bad input is a 400 with one clear message per field, never a 422 or a 500."""
        errors = {}
        for error in exc.errors:
            loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "body")]
            errors[".".join(loc) or "request"] = error.get("msg", _("This value is not valid."))
        return _error(api, request, 400, _("The request is not valid."), errors=errors)

    def bearer_refused(request, exc: BearerError):
        """A refused API token: JSON like every error, plus the challenge of RFC 6750."""
        response = _error(api, request, exc.status_code, exc.message)
        response["WWW-Authenticate"] = exc.challenge
        return response

    def not_logged_in(request, exc: AuthenticationError):
        response = _error(
            api,
            request,
            401,
            _("Please authenticate with an API token or a staff session with a second factor."),
        )
        response["WWW-Authenticate"] = "Bearer"  # RFC 7235: every 401 names its scheme
        return response

    def not_found(request, exc: Http404):
        return _not_found(api, request)

    def database_unavailable(request, exc: OperationalError | InterfaceError):
        logger.error(
            "Database unavailable: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 503, "request": request},
        )
        response = _error(
            api,
            request,
            503,
            _("The service is unavailable for a moment. Please try again shortly."),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def failed(request, exc: Exception):
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return _error(
            api, request, 500, _("Something went wrong on our side. We are looking into it.")
        )

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(BearerError, bearer_refused)
    api.add_exception_handler(AuthenticationError, not_logged_in)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(OperationalError, database_unavailable)
    api.add_exception_handler(InterfaceError, database_unavailable)
    api.add_exception_handler(Exception, failed)
