"""The statistics as the pages show them: tables with names and numbers in the reader's
language, and the chart drawn from the same rows. Suppressed groups read "fewer than 5"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from welcome.insights import charts, labels
from welcome.insights.selectors import Durations, Statistics


def _locale() -> Locale:
    try:
        return Locale.parse((get_language() or "de").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("de")


@dataclass(frozen=True)
class Numbers:
    """Numbers written for the reader (grouping, decimal sign, percent sign of the language)."""

    locale: Locale

    def count(self, value: float) -> str:
        return format_decimal(value, format="#,##0.#", locale=self.locale)

    def share(self, value: float | None) -> str:
        return "" if value is None else format_percent(value, locale=self.locale)

    def month(self, day: dt.date) -> str:
        return format_date(day, "MMM yyyy", locale=self.locale)

    def long_date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)


def reader_numbers() -> Numbers:
    """Numbers as the active language writes them."""
    return Numbers(_locale())


def fewer_than_five() -> str:
    return _("fewer than 5")


def _cells(d: Durations, numbers: Numbers) -> dict:
    if d.suppressed:
        return {"suppressed": True, "count": fewer_than_five()}
    if not d.count:
        return {"suppressed": False, "count": numbers.count(0), "empty": True}
    return {
        "suppressed": False,
        "count": numbers.count(d.count),
        "median": numbers.count(d.median),
        "p80": numbers.count(d.p80),
        "p90": numbers.count(d.p90),
        "within": numbers.share(d.within_share),
    }


def page(statistics: Statistics) -> dict:
    """Everything the template shows: tables and charts, in the active language."""
    numbers = Numbers(_locale())
    rtl = get_language_bidi()
    series = (_("median"), _("80th percentile"), _("90th percentile"))

    phases = [
        {"label": labels.phase_label(row.phase), **_cells(row.durations, numbers)}
        for row in statistics.phases
    ]
    steps = [
        {
            "phase": labels.phase_label(row.phase),
            "institution": labels.body_label(row.institution),
            **_cells(row.durations, numbers),
        }
        for row in statistics.steps
    ]
    months = [
        {"label": numbers.month(row.month), **_cells(row.durations, numbers)}
        for row in statistics.months
    ]
    split = [
        {
            "label": labels.split_label(row.key),
            "suppressed": row.days is None,
            "days": fewer_than_five() if row.days is None else numbers.count(row.days),
            "share": numbers.share(row.share),
        }
        for row in statistics.time_split
    ]

    def counts(rows, label):
        shown = [{"label": label(row.key), "count": row.count} for row in rows]
        shown.sort(key=lambda r: (r["count"] is None, -(r["count"] or 0), r["label"]))
        return [
            {
                "label": r["label"],
                "suppressed": r["count"] is None,
                "count": fewer_than_five() if r["count"] is None else numbers.count(r["count"]),
            }
            for r in shown
        ]

    states = [
        {
            "label": labels.state_label(row.key),
            "suppressed": row.count is None,
            "count": fewer_than_five() if row.count is None else numbers.count(row.count),
            "value": row.count,
        }
        for row in statistics.states
    ]
    return {
        "start": numbers.long_date(statistics.period.start),
        "end": numbers.long_date(statistics.period.end),
        "phases": phases,
        "steps": steps,
        "months": months,
        "time_split": split,
        "states": states,
        "occupations": counts(statistics.occupations, labels.occupation_label),
        "countries": counts(statistics.countries, labels.country_label),
        "charts": {
            "phases": _phase_chart(statistics, numbers, series, rtl),
            "months": _month_chart(statistics, numbers, series, rtl),
            "time_split": _split_chart(statistics, numbers, rtl),
            "states": _state_chart(statistics, numbers, rtl),
        },
    }


def _phase_chart(statistics, numbers, series, rtl):
    rows = [
        charts.Row(
            labels.phase_label(row.phase),
            (row.durations.median, row.durations.p80, row.durations.p90),
            note=fewer_than_five() if row.durations.suppressed else "",
        )
        for row in statistics.phases
    ]
    return charts.bar_chart(
        "chart-phases",
        title=_("Processing time per step in days"),
        description=_(
            "Bars for the median, the 80th and the 90th percentile of the days each step took; "
            "the table below holds the same figures."
        ),
        rows=rows,
        series=series,
        number=numbers.count,
        rtl=rtl,
    )


def _month_chart(statistics, numbers, series, rtl):
    points = [
        charts.Row(numbers.month(row.month), (row.durations.median, row.durations.p80))
        for row in statistics.months
    ]
    return charts.line_chart(
        "chart-months",
        title=_("Days from filing to closing, per month of closing"),
        description=_(
            "Lines for the median and the 80th percentile per month; months with fewer than five "
            "closed procedures are left out. The table below holds the same figures."
        ),
        points=points,
        series=series[:2],
        number=numbers.count,
        rtl=rtl,
    )


def _split_chart(statistics, numbers, rtl):
    parts = [
        charts.Row(
            labels.split_label(row.key),
            (row.share,),
            texts=(numbers.share(row.share),),
            note=fewer_than_five() if row.days is None else "",
        )
        for row in statistics.time_split
    ]
    return charts.share_bar(
        "chart-split",
        title=_("Where the time goes"),
        description=_(
            "One bar split into the shares of the days spent with the authorities, waiting for "
            "the employer, and paused; the table below holds the same figures."
        ),
        parts=parts,
        rtl=rtl,
    )


def _state_chart(statistics, numbers, rtl):
    rows = [
        charts.Row(
            labels.state_label(row.key),
            (row.count,),
            note=fewer_than_five() if row.count is None else "",
        )
        for row in statistics.states
    ]
    return charts.bar_chart(
        "chart-states",
        title=_("Applications filed in the period, by current step"),
        description=_("One bar per step; the table below holds the same figures."),
        rows=rows,
        series=(_("applications"),),
        number=numbers.count,
        rtl=rtl,
    )
