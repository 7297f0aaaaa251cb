"""Recognition of a foreign qualification, per ISCO-08 unit group: is the profession regulated in
Germany, and which body is competent for a newcomer who will work in the Region Hannover.

Pure data lookups (``data/occupation_recognition.yaml``, ``data/recognition_bodies.yaml``), no
Django, so the pathway rules can ask "does this job need a recognition, and from whom?":

    >>> recognition("2221").regulated, recognition("2221").body_id
    (True, 'ls-niedersachsen')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import yaml

from .places import DATA_DIR


class UnknownOccupation(LookupError):
    """The code is not an ISCO-08 unit group of the recognition data."""


@dataclass(frozen=True)
class Fee:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class RecognitionBody:
    id: str
    name: str
    competence: str
    address: str
    website: str
    fee: Fee | None
    fee_note: str
    decision_months: int
    accelerated_decision_months: int
    valid_from: date
    source: str
    checked: bool


@dataclass(frozen=True)
class Recognition:
    isco: str
    regulated: bool
    body_id: str
    profession: str = ""  # the regulated German profession, for a regulated one
    law: str = ""  # the § that regulates it
    checked: bool = False  # False: the assignment must be confirmed before go-live


def _load(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def bodies() -> dict[str, RecognitionBody]:
    content = _load("recognition_bodies.yaml")
    periods = content["decision_periods"]
    result = {}
    for entry in content["bodies"]:
        fee = entry.get("fee_eur")
        result[entry["id"]] = RecognitionBody(
            id=entry["id"],
            name=entry["name"],
            competence=entry["competence"],
            address=entry["address"],
            website=entry["website"],
            fee=Fee(fee["min"], fee["max"]) if fee else None,
            fee_note=entry.get("fee_note", ""),
            decision_months=entry.get("decision_months", periods["normal"]["months"]),
            accelerated_decision_months=entry.get(
                "accelerated_decision_months", periods["accelerated"]["months"]
            ),
            valid_from=entry["valid_from"],
            source=entry["source"],
            checked=bool(entry["checked"]),
        )
    return result


@cache
def _rules() -> tuple[dict[str, Recognition], dict[str, tuple[str, bool]], dict[str, str], str]:
    content = _load("occupation_recognition.yaml")
    regulated = {}
    for entry in content["regulated"]:
        for code in entry["codes"]:
            if code in regulated:
                raise ValueError(f"ISCO {code} is listed twice as regulated.")
            regulated[code] = Recognition(
                isco=code,
                regulated=True,
                body_id=entry["body"],
                profession=entry["profession"],
                law=entry["law"],
                checked=bool(entry["checked"]),
            )
    by_code = {}
    for entry in content["not_regulated"]["by_code"]:
        for code in entry["codes"]:
            by_code.setdefault(code, (entry["body"], bool(entry["checked"])))
    rules = content["not_regulated"]
    return regulated, by_code, dict(rules["by_major_group"]), rules["default"]


def recognition(isco: str) -> Recognition:
    """Regulated or not, and the competent body, for a four-digit ISCO-08 unit group."""
    if not (isinstance(isco, str) and len(isco) == 4 and isco.isdigit()):
        raise UnknownOccupation(f"{isco!r} is not a four-digit ISCO-08 code.")
    regulated, by_code, by_major_group, default = _rules()
    if isco in regulated:
        return regulated[isco]
    if isco in by_code:
        body_id, checked = by_code[isco]
        return Recognition(isco=isco, regulated=False, body_id=body_id, checked=checked)
    body_id = by_major_group.get(isco[0], default)
    return Recognition(isco=isco, regulated=False, body_id=body_id, checked=False)


def is_regulated(isco: str) -> bool:
    return recognition(isco).regulated


def body_for(isco: str) -> RecognitionBody:
    return bodies()[recognition(isco).body_id]
