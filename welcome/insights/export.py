"""The statistics as open data: one CSV per table, or all tables as one JSON document.

Numbers are written for machines (a dot for decimals, days as whole numbers, shares from 0 to
1); names in the reader's language beside the stable keys. A suppressed group (fewer than five)
has the count "<5" in CSV, and ``null`` with ``"suppressed": true`` in JSON.
"""

from __future__ import annotations

import csv
import io

from welcome.insights import labels
from welcome.insights.selectors import SUPPRESS_BELOW, Durations, Statistics

SUPPRESSED = f"<{SUPPRESS_BELOW}"
DURATION_COLUMNS = ["count", "median_days", "p80_days", "p90_days", "within_deadline_share"]


def _durations(d: Durations) -> dict:
    share = None if d.within_share is None else round(d.within_share, 4)
    return {
        "count": d.count,
        "median_days": d.median,
        "p80_days": d.p80,
        "p90_days": d.p90,
        "within_deadline_share": share,
        "suppressed": d.suppressed,
    }


def _count(row, label) -> dict:
    return {
        "key": row.key,
        "label": label(row.key),
        "count": row.count,
        "suppressed": row.count is None,
    }


def tables(statistics: Statistics) -> dict[str, list[dict]]:
    """Every table as a list of rows (plain values), in the order the page shows them."""
    return {
        "steps": [
            {
                "step": row.phase,
                "step_label": labels.phase_label(row.phase),
                "institution": row.institution,
                "institution_label": labels.body_label(row.institution),
                **_durations(row.durations),
            }
            for row in statistics.steps
        ],
        "phases": [
            {
                "step": row.phase,
                "step_label": labels.phase_label(row.phase),
                **_durations(row.durations),
            }
            for row in statistics.phases
        ],
        "months": [
            {"month": row.month.strftime("%Y-%m"), **_durations(row.durations)}
            for row in statistics.months
        ],
        "time_split": [
            {
                "key": row.key,
                "label": labels.split_label(row.key),
                "days": row.days,
                "share": None if row.share is None else round(row.share, 4),
                "suppressed": row.days is None,
            }
            for row in statistics.time_split
        ],
        "states": [_count(row, labels.state_label) for row in statistics.states],
        "occupations": [_count(row, labels.occupation_label) for row in statistics.occupations],
        "countries": [_count(row, labels.country_label) for row in statistics.countries],
    }


COUNT_COLUMNS = ["key", "label", "count"]
COLUMNS = {
    "steps": ["step", "step_label", "institution", "institution_label", *DURATION_COLUMNS],
    "phases": ["step", "step_label", *DURATION_COLUMNS],
    "months": ["month", *DURATION_COLUMNS],
    "time_split": ["key", "label", "days", "share"],
    "states": COUNT_COLUMNS,
    "occupations": COUNT_COLUMNS,
    "countries": COUNT_COLUMNS,
}
TABLES = tuple(COLUMNS)


def as_json(statistics: Statistics) -> dict:
    return {
        "from": statistics.period.start.isoformat(),
        "to": statistics.period.end.isoformat(),
        "suppressed_below": SUPPRESS_BELOW,
        **tables(statistics),
    }


def as_csv(statistics: Statistics, table: str) -> str:
    """One table as CSV (``table`` one of TABLES), with a header row even when empty."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=COLUMNS[table], extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in tables(statistics)[table]:
        if row["suppressed"]:
            row = {**row, "count" if "count" in row else "days": SUPPRESSED}
        writer.writerow(row)
    return out.getvalue()
