"""Every § an outcome cites is one that some legal test case checks."""

from __future__ import annotations

import re

from welcome.law import TITLES, evaluate, parse_profile

from .casefiles import all_cases, case_profile

SECTION = re.compile(r"§\s*(\d+[a-z]?)\b[^§;]*?\b(AufenthG|AufenthV|BeschV|BQFG|BMG|FreizügG/EU)")


def sections(text: str) -> set[tuple[str, str]]:
    return set(SECTION.findall(text))


def test_the_section_pattern_reads_combined_references() -> None:
    assert sections("§ 19c Abs. 2 AufenthG i. V. m. § 6 BeschV") == {
        ("19c", "AufenthG"),
        ("6", "BeschV"),
    }
    assert sections("§ 20a Abs. 3 Nr. 2 AufenthG i. V. m. Anlage zu § 20b AufenthG") == {
        ("20a", "AufenthG"),
        ("20b", "AufenthG"),
    }


def test_every_cited_section_appears_in_a_case_file() -> None:
    covered = set()
    for _, _, case in all_cases():
        covered |= sections(case["paragraph"])
        for citation in case["expected"].get("citations", []):
            covered |= sections(citation)

    cited: set[tuple[str, str]] = set()
    for title, base, case in all_cases():
        outcome = TITLES[title](parse_profile(case_profile(base, case)))
        for citation in outcome.as_dict()["citations"]:
            cited |= sections(citation)
    for data in (
        {"evaluation_date": "2026-03-01"},
        {"evaluation_date": "2024-01-15", "nationality": "SY"},
    ):
        for outcome in evaluate(data).as_dict()["outcomes"]:
            for citation in outcome["citations"]:
                cited |= sections(citation)

    assert cited, "no citations found"
    assert cited <= covered, sorted(cited - covered)


def test_each_provision_is_cited_on_one_line_only() -> None:
    """Up to 7 citations per title with the same § twice (two "figure valid from" dates) were
    hard to read: one line per provision, the figure that applied named once."""
    for title, base, case in all_cases():
        citations = TITLES[title](parse_profile(case_profile(base, case))).as_dict()["citations"]
        provisions = [citation.split(" (")[0] for citation in citations]
        assert len(provisions) == len(set(provisions)), (case["name"], citations)
