"""The Region's figures of the youth programmes: a page with charts and tables, CSV exports."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from welcome.accounts.decorators import youth_figures_required
from welcome.insights import charts
from welcome.insights.presenters import fewer_than_five, reader_numbers
from welcome.insights.selectors import SUPPRESS_BELOW
from welcome.youth import figures, selectors
from welcome.youth.forms import FiguresForm
from welcome.youth.models import Programme

TABLES = ("months", "programmes", "municipalities")
CSV_HEADER = (
    "key",
    "name",
    *figures.COUNTS,
    "median_days_to_first_contact",
)


def _year(request) -> int:
    return FiguresForm(request.GET or None, years=figures.years_with_referrals()).chosen_year()


def _labels(result: figures.Figures, numbers) -> dict[str, str]:
    """Every row key's name for the reader: months, programme titles, municipalities."""
    language = (get_language() or "de").split("-")[0]
    labels = {row.key: numbers.month(day) for day, row in result.months}
    slugs = dict(Programme.objects.values_list("pk", "slug"))
    titles = {
        slugs[pk]: title for pk, title in selectors.programme_titles(language=language).items()
    }
    labels |= {row.key: titles.get(row.key, row.key) for row in result.programmes}
    labels["total"] = _("All")
    return labels


def _cells(row: figures.Row, numbers) -> list[str]:
    hidden = fewer_than_five()
    cells = [
        hidden if row.counts[n] is None else numbers.count(row.counts[n]) for n in figures.COUNTS
    ]
    cells.append("–" if row.median_days is None else numbers.count(row.median_days))
    return cells


def _chart(result: figures.Figures, numbers, labels) -> str:
    series = (_("Referrals"), _("Started"), _("Completed"))
    rows = []
    for _day, row in result.months:
        values = tuple(row.counts[n] for n in ("referrals", "started", "completed"))
        rows.append(
            charts.Row(
                labels[row.key],
                values,
                tuple(fewer_than_five() if v is None else numbers.count(v) for v in values),
            )
        )
    return charts.bar_chart(
        "chart-youth-months",
        title=_("Referrals, starts and completions per month, %(year)s") % {"year": result.year},
        description=_("The same numbers are in the table below the chart."),
        rows=rows,
        series=series,
        number=numbers.count,
        rtl=get_language_bidi(),
    )


@youth_figures_required
@require_safe
def page(request):
    years = figures.years_with_referrals()
    form = FiguresForm(request.GET or None, years=years)
    year = form.chosen_year()
    result = figures.figures(year=year)
    numbers = reader_numbers()
    labels = _labels(result, numbers)

    def table(rows):
        return [(labels.get(row.key, row.key), _cells(row, numbers)) for row in rows]

    return render(
        request,
        "youth/figures.html",
        {
            "form": form,
            "year": year,
            "chart": _chart(result, numbers, labels),
            "months": table(row for _day, row in result.months),
            "programmes": table(result.programmes),
            "municipalities": table(result.municipalities),
            "total": _cells(result.total, numbers),
            "suppress_below": SUPPRESS_BELOW,
        },
    )


@youth_figures_required
@require_safe
def export_csv(request, table: str):
    if table not in TABLES:
        raise Http404("No such table.")
    year = _year(request)
    result = figures.figures(year=year)
    rows = [row for _day, row in result.months] if table == "months" else getattr(result, table)
    labels = _labels(result, reader_numbers())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(figures.csv_rows([*rows, result.total], labels))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="youth-{table}-{year}.csv"'
    return response
