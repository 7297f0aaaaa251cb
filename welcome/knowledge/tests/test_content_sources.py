"""What the content files (welcome/knowledge/content) say must hold for every language: the
portal's and the consultations' languages as they are."""

import yaml
from django.conf import settings
from django.utils.translation import get_language_info

from welcome.knowledge.tests.test_figures_in_content import CONTENT
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
