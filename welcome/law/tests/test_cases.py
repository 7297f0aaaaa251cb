"""Every legal test case in cases/*.yaml, one pytest case each (id = case name)."""

from __future__ import annotations

from typing import Any

import pytest

from welcome.law import TITLES

from .casefiles import all_cases, load_files, run

CASES = all_cases()


def assert_contains(actual: Any, expected: Any, path: str) -> None:
    """Expected details are a subset: nested dicts may hold more keys than the case names."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing in {actual!r}"
            assert_contains(actual[key], value, f"{path}.{key}")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize(
    ("title", "base", "case"), CASES, ids=[case["name"] for _, _, case in CASES]
)
def test_case(title: str, base: dict, case: dict) -> None:
    result = run(title, base, case).as_dict()
    expected = case["expected"]
    assert result["status"] == expected["status"], result["reasons"]
    assert_contains(result["details"], expected.get("details", {}), "details")
    for fact in expected.get("missing", []):
        assert fact in result["missing"], result["missing"]
    for text in expected.get("would_change", []):
        assert any(text in item for item in result["would_change"]), result["would_change"]
    for text in expected.get("reasons", []):
        assert any(text in item for item in result["reasons"]), result["reasons"]
    for citation in expected.get("citations", []):
        assert citation in result["citations"], result["citations"]
    for citation in expected.get("citations_absent", []):
        assert not any(c.startswith(citation) for c in result["citations"]), result["citations"]


def test_there_are_at_least_80_cases_with_unique_names() -> None:
    names = [case["name"] for _, _, case in CASES]
    assert len(names) >= 80
    assert len(set(names)) == len(names)


def test_every_title_has_a_case_file_and_every_case_is_complete() -> None:
    files = load_files()
    assert set(files) == set(TITLES)
    for stem, content in files.items():
        assert content["title"] == stem
        for case in content["cases"]:
            assert {"name", "paragraph", "date", "profile", "expected"} <= set(case), case.get(
                "name"
            )
            assert case["paragraph"].startswith(("§", "FreizügG")), case["name"]
            assert case["expected"]["status"] in ("eligible", "possible", "not_eligible")


def test_each_title_has_a_case_for_every_status() -> None:
    statuses: dict[str, set[str]] = {}
    for title, _, case in CASES:
        statuses.setdefault(title, set()).add(case["expected"]["status"])
    for title, seen in statuses.items():
        assert seen == {"eligible", "possible", "not_eligible"}, title
