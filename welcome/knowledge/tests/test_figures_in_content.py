"""Figures of the law in FAQ answers and guides come from the dated parameters (issue 13 § 7,
issue 14): a figure set per year is never typed without its year, so 1 January cannot leave a
stale "the threshold is 50,700 €" behind; every token names a parameter."""

import re
from pathlib import Path

import pytest
import yaml

from welcome.law import figures, parameters

CONTENT = Path(__file__).resolve().parents[1] / "content"


def texts():
    """(where, language, text) of every answer, guide summary and step body in every language."""
    for path in sorted((CONTENT / "faq").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            for language, translation in entry["translations"].items():
                yield f"{path.name}:{entry['slug']}", language, translation["answer"]
    for path in sorted((CONTENT / "guides").glob("*.yaml")):
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        for part in [guide["summary"], *(step["body"] for step in guide["steps"])]:
            for language, text in part.items():
                yield path.name, language, text


def spellings(amount) -> set[str]:
    """50700 as the six languages write it: 50.700, 50,700, 50 700 (also non-breaking)."""
    whole = int(amount)
    cents = f"{amount:.2f}".split(".")[1]
    grouped = f"{whole:,}"
    forms = {
        grouped,
        grouped.replace(",", "."),
        grouped.replace(",", " "),
        grouped.replace(",", "\u00a0"),
        grouped.replace(",", "\u202f"),
    }
    if cents != "00":
        forms = {f"{f}{sep}{cents}" for f in forms for sep in ",."}
    return forms


YEARLY = [p for p in parameters.load().values() if p.yearly and p.unit.startswith("EUR")]


def test_every_figure_token_names_a_parameter():
    unknown = [
        (where, language, name)
        for where, language, text in texts()
        for name in figures.unknown(text)
    ]
    assert not unknown, unknown


def paragraphs(text: str) -> list[str]:
    """Paragraphs and list items, with hard-wrapped lines joined."""
    return re.sub(r"\n(?!\s*\n|\s*(?:[-*+]|\d+\.)\s)", " ", text).splitlines()


@pytest.mark.parametrize("parameter", YEARLY, ids=[p.name for p in YEARLY])
def test_a_yearly_figure_is_never_typed_without_its_year(parameter):
    """A dated statement ("for 2026: 50,700 €") stays true; an undated one goes stale."""
    years: dict = {}
    for figure in parameter.figures:
        years.setdefault(figure.value, set()).add(str(figure.valid_from.year))
    typed = []
    for value, value_years in years.items():
        forms = sorted(spellings(value), key=len, reverse=True)
        pattern = re.compile(r"(?<![\d.,])(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\d)")
        for where, language, text in texts():
            for paragraph in paragraphs(text):
                if pattern.search(paragraph) and not any(year in paragraph for year in value_years):
                    typed.append((where, language, paragraph.strip()[:100]))
    assert not typed, typed
