"""Error pages that speak the user's language."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

from welcome.portal.middleware import NEGOTIATED_PREFIXES

# Seconds a browser, proxy or partner system should wait before it asks again.
RETRY_AFTER_SECONDS = 30


def csrf_failure(request, reason=""):
    """A tampered or expired form: explain in the user's language instead of Django's page."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """handler500. A database that cannot be reached (gone, restarting, locked) is no bug of
    ours: 503 with Retry-After and a page in the user's language, instead of the bilingual 500.

    Nothing is half-written meanwhile: every write runs in one transaction in its service, which
    rolls back on the error. (`ATOMIC_REQUESTS` stays off: the audit entry of a forbidden or
    refused step must outlive the 404 or the error page it precedes.) Django logs the error.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return django_server_error(request)
    if request.path_info.startswith(NEGOTIATED_PREFIXES):
        # Reached only when the API's own exception handlers let the error through.
        response = JsonResponse(
            {"detail": _("The service is unavailable for a moment. Please try again shortly.")},
            status=503,
        )
    else:
        # Rendered without the request: its context processors (the user, the messages) would
        # ask the database again.
        context = {
            "LANGUAGE_CODE": get_language(),
            "text_direction": "rtl" if get_language_bidi() else "ltr",
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
