"""Statistics pages (public and for staff) and their open-data exports. Reads only."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from welcome.accounts.decorators import staff_required
from welcome.insights import export, presenters
from welcome.insights.forms import PeriodForm
from welcome.insights.selectors import SUPPRESS_BELOW, statistics_for_period


def _query(form: PeriodForm) -> str:
    """``from``/``to`` of a valid chosen period, for the export links."""
    if not (form.is_bound and form.is_valid()) or form.cleaned_data["period"].default:
        return ""
    period = form.cleaned_data["period"]
    return f"?from={period.start.isoformat()}&to={period.end.isoformat()}"


def _page(request, *, office: bool):
    form = PeriodForm(request.GET or None)
    statistics = statistics_for_period(period=form.period())
    return render(
        request,
        "insights/statistics.html",
        {
            "form": form,
            "office": office,
            "query": _query(form),
            "tables": export.TABLES,
            "suppress_below": SUPPRESS_BELOW,
            **presenters.page(statistics),
        },
    )


def public(request):
    """Open statistics of the accelerated skilled-worker procedure (§ 81a AufenthG)."""
    return _page(request, office=False)


@staff_required
def office(request):
    """The same figures for the partner institutions' staff, beside their other work."""
    return _page(request, office=True)


def _statistics_or_error(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages = [str(error) for errors in form.errors.values() for error in errors]
        return None, " ".join(messages) or _("The period is not valid.")
    return statistics_for_period(period=form.period()), None


def export_csv(request, table: str):
    if table not in export.TABLES:
        raise Http404("No such table.")
    statistics, problem = _statistics_or_error(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    period = statistics.period
    response = HttpResponse(
        export.as_csv(statistics, table), content_type="text/csv; charset=utf-8"
    )
    name = f"statistics-{table}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_json(request):
    statistics, problem = _statistics_or_error(request)
    if problem:
        return JsonResponse({"detail": problem}, status=400)
    return JsonResponse(
        export.as_json(statistics), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
