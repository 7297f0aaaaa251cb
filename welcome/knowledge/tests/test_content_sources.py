"""What the content files (welcome/knowledge/content) say must hold for every language: the
portal's and the consultations' languages as they are, no date read as a numbered list."""

import re

import yaml
from django.conf import settings
from django.utils.translation import get_language_info

from welcome.knowledge.tests.test_figures_in_content import CONTENT, texts
from welcome.region.data import region


def faq_entry(slug: str) -> dict:
    for path in sorted((CONTENT / "faq").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            if entry["slug"] == slug:
                return entry
    raise LookupError(slug)


def test_the_languages_entry_names_the_portals_and_the_consultations_languages_in_each():
    """Each language is named in itself, as the language switch and the request form name it,
    so a reader finds theirs whatever language the answer is in."""
    entry = faq_entry("welcome-center-languages")
    portal = [code for code, _name in settings.LANGUAGES]
    assert sorted(entry["translations"]) == sorted(portal)
    spoken = region().consultation_languages
    assert spoken, "region data lists the consultation languages"
    for language, translation in entry["translations"].items():
        answer = translation["answer"]
        for code in {*portal, *spoken}:
            assert get_language_info(code)["name_local"] in answer, (language, code)
        assert str(len(portal)) in answer, language  # "8 languages"
    # The outdated claims: the FAQ only in German and English, the rest in four more.
    assert "nicht verbindlich festgelegt" not in entry["translations"]["de"]["answer"]
    assert "Deutsch und Englisch" not in entry["translations"]["de"]["answer"]


# A day, a full stop and a month at the start of a line make Markdown (CommonMark, and
# Python-Markdown after a blank line) start a numbered list: "1. März 2024 …" becomes item 1.
MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "en": "January February March April May June July August September October November December",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
DATE_AT_LINE_START = re.compile(
    r"^\s*(?:[-*+]\s+)?\d{1,2}\.\s+(?:"
    + "|".join(month for names in MONTHS.values() for month in names.split())
    + r")\b",
    re.MULTILINE | re.IGNORECASE,
)


def test_no_line_of_any_content_starts_with_a_date_that_markdown_would_number():
    dates = [
        (where, language, match.group(0).strip())
        for where, language, text in texts()
        for match in DATE_AT_LINE_START.finditer(text)
    ]
    assert not dates, dates
