"""Public pages: home, who is responsible, the legal pages, and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from welcome.portal.forms import ResponsibleForm
from welcome.region.data import region
from welcome.region.jurisdiction import JurisdictionError
from welcome.region.jurisdiction import responsible as find_responsible
from welcome.region.labels import offer_labels


def home(request):
    return render(request, "portal/home.html")


def page(request, template: str):
    institutions = [
        {"institution": i, "offers": offer_labels(i.offers)} for i in region().institutions.values()
    ]
    return render(request, template, {"institutions": institutions})


def responsible(request):
    """Which authority is responsible for my place; the same answer as /api/v1/jurisdiction."""
    form = ResponsibleForm(request.GET or None)
    answers, problem, on = None, None, None
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["date"] or timezone.localdate()
        try:
            answers = find_responsible(
                postal_code=form.cleaned_data["postal_code"] or None,
                municipality=form.cleaned_data["municipality"] or None,
                on=on,
            )
        except JurisdictionError as error:
            problem = _(error.message) % error.params
    return render(
        request,
        "portal/responsible.html",
        {"form": form, "answers": answers, "problem": problem, "on": on},
    )


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def livez(request):
    """For the orchestrator's liveness probe: 200 while this process answers requests.

    It does not touch the database on purpose. /healthz (readiness) takes a server out of the
    rotation while the database is away; restarting every app server would not bring it back.
    """
    return JsonResponse({"status": "ok"})
