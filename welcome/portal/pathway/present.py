"""From the evaluation JSON to what the result page and the PDF show.

Works on the JSON (``as_dict``), not on the law's objects, so a saved result is shown exactly
as it was made. Adds the words a person reads: title names, status in words with a symbol,
the questions behind missing facts, the offices' addresses and the timeline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext

from welcome.pathway.forms import field_labels
from welcome.pathway.labels import STATUS, title_name
from welcome.portal.pathway.changes import changes
from welcome.portal.pathway.timeline import days_text, timeline
from welcome.region.directory import contact


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def present(data: dict[str, Any], trace: dict[str, Any] | None = None) -> dict[str, Any]:
    labels = field_labels()
    outcomes = []
    for outcome in data["outcomes"]:
        status_label, symbol = STATUS[outcome["status"]]
        outcomes.append(
            {
                **outcome,
                "name": title_name(outcome["title"]),
                "status_label": str(status_label),
                "symbol": symbol,
                "missing_labels": [str(labels.get(path, path)) for path in outcome["missing"]],
            }
        )
    roadmap = data["roadmap"]
    steps, offices = [], {}
    for number, step in enumerate(roadmap["steps"], start=1):
        office = step.get("office")
        institution = contact(office["id"]) if office else None
        if office:
            offices.setdefault(office["id"], {**office, "contact": institution})
        steps.append(
            {
                **step,
                "number": number,
                "start": _date(step["starts_on"]),
                "end": _date(step["ends_on"]),
                "duration": days_text(step["duration_days"]),
                "contact": institution,
            }
        )
    earliest = _date(roadmap.get("earliest_start"))
    eligible = [o for o in outcomes if o["status"] == "eligible"]
    return {
        "evaluated_on": _date(data["evaluated_on"]),
        "outcomes": outcomes,
        "eligible": eligible,
        "accelerated": data["accelerated_procedure_available"],
        "roadmap_title": title_name(roadmap.get("title")),
        "steps": steps,
        "earliest_start": earliest,
        "timeline": timeline(steps, earliest),
        "checklist": data["checklist"],
        "offices": list(offices.values()),
        "residence_office": next(
            (s["office"] for s in steps if s["key"] == "residence_permit" and s["office"]), None
        ),
        "trace": [
            {"name": title_name(key), "checks": checks} for key, checks in (trace or {}).items()
        ],
        "summary": _summary(outcomes, earliest),
    }


def _summary(outcomes: list[dict[str, Any]], earliest: dt.date | None) -> str:
    best = outcomes[0] if outcomes else None
    if best is None or best["status"] == "not_eligible":
        return gettext("On the facts given, no residence title for work fits yet.")
    return gettext("Best fit: %(title)s (%(status)s).") % {
        "title": best["name"],
        "status": best["status_label"],
    }


def _status_label(status: str | None) -> str:
    return str(STATUS[status][0]) if status in STATUS else gettext("not checked then")


def present_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What a re-check changed, in words (active language): per changed title its name, the
    status before and now, the reasons now; the best title before and now if it changed."""
    found = changes(before, after)
    return {
        "titles": [
            {
                "name": title_name(change.title),
                "before": _status_label(change.before),
                "after": _status_label(change.after),
                "reasons": change.reasons,
            }
            for change in found.titles
        ],
        "best_changed": found.best_changed,
        "best_before": title_name(found.best_before) if found.best_before else None,
        "best_after": title_name(found.best_after) if found.best_after else None,
        "changed": bool(found),
    }
