"""Reference data about places: ISO 3166-1 countries and the Region Hannover's municipalities.

Shipped as data files (``data/``) so a change is a reviewable diff, not a code edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
CAPITAL = "Hannover"  # the Landeshauptstadt, which has its own foreigners' authority


@dataclass(frozen=True)
class Municipality:
    name: str
    official_name: str
    ags: str
    aliases: tuple[str, ...] = ()


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


@cache
def countries() -> dict[str, str]:
    """Accepted ISO 3166-1 alpha-2 codes with their English short names."""
    content = yaml.safe_load((DATA_DIR / "countries.yaml").read_text(encoding="utf-8"))
    return {**content["official"], **content.get("user_assigned", {})}


@cache
def municipalities() -> tuple[Municipality, ...]:
    entries = yaml.safe_load((DATA_DIR / "municipalities.yaml").read_text(encoding="utf-8"))
    return tuple(
        Municipality(
            name=entry["name"],
            official_name=entry.get("official_name", entry["name"]),
            ags=entry["ags"],
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in entries
    )


@cache
def _municipality_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for municipality in municipalities():
        for spelling in (municipality.name, municipality.official_name, *municipality.aliases):
            index[spelling.casefold()] = municipality.name
    return index


def region_municipality(name: str) -> str | None:
    """The canonical name of a Region Hannover municipality, or None if it is not one."""
    return _municipality_index().get(" ".join(name.split()).casefold())
