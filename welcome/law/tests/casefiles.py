"""Loading the legal test cases (``cases/*.yaml``) and running one against its title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from welcome.law import TITLES, parse_profile
from welcome.law.outcome import Outcome

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The base profile with the case's changes: nested objects merge, null removes a fact."""
    result = dict(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def load_files() -> dict[str, dict[str, Any]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(CASES_DIR.glob("*.yaml"))
    }


def all_cases() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(title, base profile, case) for every case in every file."""
    return [
        (content["title"], content.get("base_profile") or {}, case)
        for content in load_files().values()
        for case in content["cases"]
    ]


def case_profile(base: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    return {**merged(base, case.get("profile") or {}), "evaluation_date": str(case["date"])}


def run(title: str, base: dict[str, Any], case: dict[str, Any]) -> Outcome:
    return TITLES[title](parse_profile(case_profile(base, case)))
