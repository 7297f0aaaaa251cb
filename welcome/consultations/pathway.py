"""The pathway-check answers a request carries over: the facts, the result they gave, and the
same facts evaluated again on today's rules.

A result is kept language-neutral — titles, statuses and missing facts as codes, with the day it
was evaluated for and the rules version that produced it — so every reader sees it in their own
language and a later evaluation can be compared with it, title by title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welcome.law import RULES_VERSION, ProfileError
from welcome.law.profile import FIELD_NAMES, NESTED, today_in_germany
from welcome.pathway import check
from welcome.pathway.forms import STEPS

TOP_LEVEL = frozenset(name for name in FIELD_NAMES if "." not in name)

RECOGNITION = {
    "full": _("recognised in Germany"),
    "partial": _("partly recognised in Germany"),
    "pending": _("recognition applied for"),
    "none": _("not recognised in Germany"),
}


def facts(profile: dict[str, Any] | None) -> dict[str, Any]:
    """The facts of the law's profile among the carried-over answers (the hand-over also carries
    keys for the request form: topic, language, requester kind, a copy of the occupation code)."""
    result: dict[str, Any] = {}
    for key, value in (profile or {}).items():
        if key in NESTED and isinstance(value, dict):
            nested = {k: v for k, v in value.items() if f"{key}.{k}" in FIELD_NAMES}
            if nested:
                result[key] = nested
        elif key in TOP_LEVEL and value is not None:
            result[key] = value
    return result


def result(profile: dict[str, Any] | None, *, on: dt.date | None = None) -> dict[str, Any] | None:
    """The check's result for the carried-over facts, language-neutral; None without facts.

    Evaluated on the facts' own evaluation date (the day the person asked about), else today;
    with `on`, on that day instead. Facts the rules refuse give `{"errors": [field, ...]}`.
    """
    data = facts(profile)
    if not data:
        return None
    if on is not None:
        data.pop("evaluation_date", None)
    try:
        evaluation = check.evaluation_of(check.parse(data, today=on or today_in_germany()))
    except ProfileError as error:
        return {"rules_version": RULES_VERSION, "errors": sorted(error.errors)}
    return {
        "evaluated_on": evaluation.evaluated_on.isoformat(),
        "rules_version": RULES_VERSION,
        "outcomes": [
            {
                "title": outcome.title,
                "paragraph": outcome.paragraph,
                "status": str(outcome.status),
                "missing": list(outcome.missing),
            }
            for outcome in evaluation.outcomes
        ],
        "accelerated_procedure_available": evaluation.accelerated_procedure_available,
    }


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What differs between two results: a title's status, the facts it still misses, and
    whether the accelerated procedure (§ 81a AufenthG) is open. Codes; the page adds words."""
    if not before or not after or "outcomes" not in before or "outcomes" not in after:
        return []
    old = {outcome["title"]: outcome for outcome in before["outcomes"]}
    found = []
    for outcome in after["outcomes"]:
        previous = old.get(outcome["title"], {})
        was_missing, now_missing = set(previous.get("missing", ())), set(outcome["missing"])
        if previous.get("status") != outcome["status"] or was_missing != now_missing:
            found.append(
                {
                    "title": outcome["title"],
                    "old_status": previous.get("status", ""),
                    "new_status": outcome["status"],
                    "missing_now": sorted(now_missing - was_missing),
                    "missing_no_longer": sorted(was_missing - now_missing),
                }
            )
    if before.get("accelerated_procedure_available") != after.get(
        "accelerated_procedure_available"
    ):
        found.append(
            {
                "title": "",
                "accelerated_before": bool(before.get("accelerated_procedure_available")),
                "accelerated_now": bool(after.get("accelerated_procedure_available")),
            }
        )
    return found


def _fields() -> dict[str, forms.Field]:
    """The wizard's questions by profile path ("job_offer.contract_months"), in wizard order."""
    return {
        name.replace("__", "."): field for step in STEPS for name, field in step.base_fields.items()
    }


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.ChoiceField):
        key = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        labels = {str(k): v for k, v in field.choices}
        return str(labels.get(str(key), value))
    return str(value)


def fact_rows(profile: dict[str, Any] | None) -> list[dict[str, str]]:
    """The carried-over facts as the wizard asked them: question and answer, in wizard order."""
    data = facts(profile)
    rows = []
    for path, field in _fields().items():
        value: Any = data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            rows.append({"path": path, "label": str(field.label), "value": _shown(field, value)})
    return rows


def missing_label(path: str) -> str:
    field = _fields().get(path)
    return str(field.label) if field is not None else path


def occupation_code(profile: dict[str, Any] | None) -> str:
    """The ISCO-08 code the check knew (at the top, or in the qualification)."""
    profile = profile or {}
    qualification = profile.get("qualification")
    nested = qualification.get("occupation_isco") if isinstance(qualification, dict) else None
    code = str(profile.get("occupation_isco") or nested or "")[:4]
    return code if code.isdigit() and len(code) == 4 else ""


def qualification_text(profile: dict[str, Any] | None) -> str:
    """The qualification the check knew, in words for the request form's text field:
    "University degree, recognised in Germany" (the occupation has a field of its own)."""
    qualification = (profile or {}).get("qualification")
    if isinstance(qualification, str):
        return qualification[:300]
    if not isinstance(qualification, dict):
        return ""
    fields = _fields()
    parts = []
    if qualification.get("level"):
        parts.append(_shown(fields["qualification.level"], qualification["level"]))
    if qualification.get("recognition") in RECOGNITION:
        parts.append(str(RECOGNITION[qualification["recognition"]]))
    if qualification.get("german_degree") is True:
        parts.append(gettext("obtained in Germany"))
    if qualification.get("completed_on"):
        parts.append(gettext("completed %(date)s") % {"date": qualification["completed_on"]})
    if qualification.get("regulated_profession") is True:
        parts.append(gettext("regulated profession in Germany"))
    return ", ".join(parts)[:300]
