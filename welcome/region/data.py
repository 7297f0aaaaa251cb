"""The Region's versioned reference data (institutions, municipalities, competences), read once.

Pure Python on purpose: the law package's roadmap and the jurisdiction API answer from memory
without a database query. The database copy of institutions (models.Institution) exists only so
users, cases and inboxes can point at them; `manage.py load_region` keeps it in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("data") / "region.yaml"
OPEN_END = dt.date.max


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    short_name: str
    kind: str
    address: str = ""
    website: str = ""
    external: bool = False
    checked: bool = False
    offers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostalCode:
    code: str
    valid_from: dt.date = dt.date.min
    valid_to: dt.date = OPEN_END
    note: str = ""

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class Municipality:
    name: str
    ags: str
    official_name: str
    aliases: tuple[str, ...] = ()
    postal_codes: tuple[PostalCode, ...] = ()

    def codes_on(self, day: dt.date) -> list[str]:
        return [p.code for p in self.postal_codes if p.valid_on(day)]


@dataclass(frozen=True)
class Competence:
    matter: str
    institution_id: str
    municipality_names: frozenset[str]
    valid_from: dt.date
    basis: str


@dataclass(frozen=True)
class PassThrough:
    """From `valid_from` on, public requests of `topic` skip the Welcome Center's triage (or,
    with `passes` false, no longer do): they land straight in the inbox the routing proposes."""

    topic: str
    valid_from: dt.date
    passes: bool = True
    note: str = ""


@dataclass(frozen=True)
class RegionData:
    version: str
    institutions: dict[str, Institution]
    municipalities: tuple[Municipality, ...]
    competences: tuple[Competence, ...]
    lookalikes: dict[str, str] = field(default_factory=dict)
    pass_through: tuple[PassThrough, ...] = ()
    consultation_languages: tuple[str, ...] = ()  # language codes, in the forms' order


def _postal_code(raw: str | dict) -> PostalCode:
    if isinstance(raw, str):
        return PostalCode(code=raw)
    return PostalCode(
        code=raw["code"],
        valid_from=raw.get("valid_from", dt.date.min),
        valid_to=raw.get("valid_to", OPEN_END),
        note=raw.get("note", ""),
    )


def _municipality_names(selector: str | list[str], all_names: list[str]) -> frozenset[str]:
    if selector == "all":
        return frozenset(all_names)
    if selector == "all_except_hannover":
        return frozenset(n for n in all_names if n != "Hannover")
    unknown = set(selector) - set(all_names)
    if unknown:
        raise ValueError(f"Competence names unknown municipalities: {sorted(unknown)}")
    return frozenset(selector)


def parse(raw: dict) -> RegionData:
    institutions = {
        item["id"]: Institution(
            id=item["id"],
            name=item["name"],
            short_name=item.get("short_name", item["name"]),
            kind=item["kind"],
            address=item.get("address", ""),
            website=item.get("website", ""),
            external=item.get("external", False),
            checked=item.get("checked", False),
            offers=tuple(item.get("offers", ())),
        )
        for item in raw["institutions"]
    }
    municipalities = tuple(
        Municipality(
            name=item["name"],
            ags=item["ags"],
            official_name=item.get("official_name", item["name"]),
            aliases=tuple(item.get("aliases", ())),
            postal_codes=tuple(_postal_code(p) for p in item["postal_codes"]),
        )
        for item in raw["municipalities"]
    )
    names = [m.name for m in municipalities]
    competences = []
    for group in raw["competences"]:
        for entry in group["entries"]:
            if entry["institution"] not in institutions:
                raise ValueError(f"Competence names unknown institution {entry['institution']}")
            competences.append(
                Competence(
                    matter=group["matter"],
                    institution_id=entry["institution"],
                    municipality_names=_municipality_names(entry["municipalities"], names),
                    valid_from=entry["valid_from"],
                    basis=group["basis"],
                )
            )
    lookalikes = {item["postal_code"]: item["note"] for item in raw.get("lookalikes", ())}
    pass_through = tuple(
        PassThrough(
            topic=item["topic"],
            valid_from=item["valid_from"],
            passes=item.get("passes", True),
            note=item.get("note", ""),
        )
        for item in raw.get("pass_through", ())
    )
    for rule in pass_through:
        if not isinstance(rule.valid_from, dt.date):
            raise ValueError(f"Pass-through rule for {rule.topic} needs a valid_from date")
    return RegionData(
        version=str(raw["version"]),
        institutions=institutions,
        municipalities=municipalities,
        competences=tuple(competences),
        lookalikes=lookalikes,
        pass_through=pass_through,
        consultation_languages=tuple(raw.get("consultation_languages", ())),
    )


def passes_through(topic: str, on: dt.date, data: RegionData | None = None) -> bool:
    """Whether a public request of `topic` skips triage on `on` (the latest valid entry decides)."""
    data = data or region()
    entries = [r for r in data.pass_through if r.topic == topic and r.valid_from <= on]
    return max(entries, key=lambda r: r.valid_from).passes if entries else False


@cache
def region() -> RegionData:
    """The Region's data as shipped in data/region.yaml (parsed once per process)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
