"""Figures of the law in FAQ answers and guides come from the dated parameters (issue 13 § 7,
issue 14): a figure set per year is never typed without its year, so 1 January cannot leave a
stale "the threshold is 50,700 €" behind; every token names a parameter."""

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
import time_machine
import yaml
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from welcome.knowledge.text import render_markdown
from welcome.law import figures, parameters
from welcome.pathway.check import localize

CONTENT = Path(__file__).resolve().parents[1] / "content"


def texts():
    """(where, language, text) of every answer, guide summary and step body in every language."""
    for path in sorted((CONTENT / "faq").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            for language, texts_ in entry["translations"].items():
                yield f"{path.name}:{entry['slug']}", language, texts_["answer"]
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


# A figure's history typed by hand: a list item or table row that starts with a year and
# gives a value ("- 2024: 45.300 €", "| 2025 | 48 300 € |"); the table token writes it instead.
TYPED_HISTORY = re.compile(
    r"^\s*(?:[-*+]|\||\d+\.)\s*(?:\*\*)?(?:19|20)\d\d(?:\*\*)?\s*[:|][^\n]*\d", re.MULTILINE
)


def test_every_history_of_a_figure_in_content_is_a_table_token():
    typed = [
        (where, language, match.group(0).strip())
        for where, language, text in texts()
        for match in TYPED_HISTORY.finditer(text)
    ]
    assert not typed, typed
    used = {
        match.group("name")
        for _where, _language, text in texts()
        for match in figures.TOKEN.finditer(text)
        if match.group("history")
    }
    assert used == {
        "blue_card_standard_salary",
        "blue_card_reduced_salary",
        "experienced_professional_salary",
        "age_45_salary",
        "opportunity_card_means_of_subsistence",
    }


def test_a_history_token_stands_alone_on_its_line_so_it_can_become_a_table():
    misplaced = [
        (where, language, line.strip())
        for where, language, text in texts()
        for line in text.splitlines()
        if "[[history:" in line and not re.fullmatch(r"\s*\[\[history:[a-z0-9_]+\]\]\s*", line)
    ]
    assert not misplaced, misplaced


CELL = re.compile(r"<t[hd]>(.*?)</t[hd]>", re.S)


def cells(html: str) -> list[list[str]]:
    """A rendered table as rows of cell texts (entities read, isolates dropped)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [[unescape(strip_tags(cell)).strip() for cell in CELL.findall(row)] for row in rows]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("parameter", YEARLY, ids=[p.name for p in YEARLY])
def test_the_history_table_has_every_published_figure_in_the_readers_language(parameter, language):
    with (
        time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)),
        translation.override(language),
    ):
        table = cells(render_markdown(f"[[history:{parameter.name}]]"))
        expected = [
            [localize(figure.valid_from), localize(figures.amount(figure))]
            for figure in parameter.figures
        ]
        header = [gettext("Valid from"), gettext("Amount")]
    assert table == [header, *expected]


def test_a_year_without_a_published_figure_is_not_shown_as_a_figure():
    with (
        time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)),
        translation.override("de"),
    ):
        table = cells(render_markdown("[[history:blue_card_standard_salary]]"))
        missing = gettext("not yet published")
    assert table[-2] == ["1. Januar 2026", "50.700 €"]
    assert table[-1] == ["1. Januar 2027", missing]
    assert sum("50.700" in cell for row in table for cell in row) == 1
