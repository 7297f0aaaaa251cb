"""The search interface, on whichever engine the suite runs (SQLite or PostgreSQL)."""

import logging

import pytest

from welcome.knowledge import embeddings
from welcome.knowledge.models import IndexStamp
from welcome.knowledge.search import STAMP_CHECK_SECONDS, _index, search
from welcome.knowledge.tests.factories import published_entry, small_content

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "",
    "   ",
    "' OR 1=1 --",
    '"*NEAR(',
    'blue" OR "card',
    "NEAR(a b) AND NOT *",
    "card:* & !visa | (",
    "Robert'); DROP TABLE knowledge_entry;--",
    "%_\\\\",
    "\x00\x01",
    "ب" * 300,
    "Blaue Karte " * 500,
    "x" * 5000,
]


def slugs(outcome):
    return [r.slug for r in outcome.results]


@pytest.fixture
def content():
    return small_content()


def test_it_finds_an_entry_by_words_of_its_question(content):
    assert slugs(search(query="Punkte Chancenkarte", language="de"))[0] == "opportunity-card-points"


def test_it_finds_german_words_in_other_grammatical_forms(content):
    # "Anerkennungen" / "Berufsabschlusses": stemming, not exact match
    outcome = search(query="Anerkennungen Berufsabschluss", language="de")
    assert slugs(outcome)[0] == "recognition-where"


def test_it_corrects_typos_against_the_indexed_vocabulary(content):
    outcome = search(query="Anerkenung", language="de")
    assert outcome.corrections == {"anerkenung": "anerkennung"}
    assert slugs(outcome)[0] == "recognition-where"
    assert "blue-card-apply" in slugs(search(query="Blu Card", language="en"))[:1]


def test_it_expands_official_and_colloquial_synonyms(content):
    # "Einreiseerlaubnis" is nowhere in the texts; it is a synonym of "Visum".
    with_synonym = search(query="Einreiseerlaubnis Familie", language="de")
    assert slugs(with_synonym)[0] == "family-reunification"
    # "Ausländeramt" (colloquial) finds the text that says "Ausländerbehörde".
    assert slugs(search(query="Ausländeramt", language="de"))[0] == "blue-card-apply"


def test_it_answers_in_the_language_of_the_question(content):
    outcome = search(query="Mavi Kart başvuru", language="tr")
    assert outcome.results[0].slug == "blue-card-apply"
    assert outcome.results[0].language == "tr"
    assert outcome.results[0].question == "AB Mavi Kartı için nasıl başvururum?"


def test_an_arabic_question_finds_an_entry_that_has_only_german_and_english(content):
    outcome = search(query="كيف أسجل عنواني؟", language="ar")  # how do I register my address?
    assert outcome.semantic
    assert outcome.results[0].slug == "address-registration"
    assert outcome.results[0].language == "en"  # visible fallback: English before German


def test_it_prefers_an_entry_whose_question_matches_over_one_whose_answer_does(content):
    published_entry(
        "mentions-visa-in-answer",
        translations={
            "de": ("Was mache ich nach der Ankunft?", "Visum, Visum, Visum prüfen."),
            "en": ("What do I do after arrival?", "Check the visa."),
        },
    )
    published_entry(
        "visa-in-question",
        translations={
            "de": ("Wann bekomme ich mein Visum?", "Nach der Vorabzustimmung."),
            "en": ("When do I get my visa?", "After the pre-approval."),
        },
    )
    ranked = slugs(search(query="Visum", language="de"))
    assert ranked.index("visa-in-question") < ranked.index("mentions-visa-in-answer")


def test_it_finds_a_word_still_being_typed(content):
    assert "opportunity-card-points" in slugs(search(query="Chancenka", language="de"))


def test_it_finds_nothing_for_meaningless_input(content):
    assert search(query="qqqzzzx vvvwww", language="de").results == []


@pytest.mark.parametrize("query", INJECTIONS)
def test_odd_and_hostile_queries_get_a_normal_answer(content, query):
    outcome = search(query=query, language="de")
    assert isinstance(outcome.results, list)


def test_search_falls_back_to_full_text_when_the_model_cannot_load(content, monkeypatch, caplog):
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_failed", False)

    def broken():
        raise OSError("weights missing")

    monkeypatch.setattr(embeddings, "_load", broken)
    with caplog.at_level(logging.WARNING, logger="welcome.knowledge.embeddings"):
        outcome = search(query="Blaue Karte beantragen", language="de")
    assert not outcome.semantic
    assert slugs(outcome)[0] == "blue-card-apply"
    assert "full-text only" in caplog.text


def test_publishing_without_the_model_still_makes_the_entry_findable(monkeypatch):
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_failed", True)
    published_entry("no-vectors")
    assert slugs(search(query="Blaue Karte", language="de")) == ["no-vectors"]


def test_the_semantic_index_follows_newly_published_entries(content):
    search(query="Familie", language="de")  # builds the process-wide matrix
    published_entry(
        "health-insurance",
        translations={
            "de": ("Brauche ich eine Krankenversicherung?", "Ja, ab dem ersten Tag."),
            "en": ("Do I need health insurance?", "Yes, from the first day."),
        },
    )
    outcome = search(query="هل أحتاج إلى تأمين صحي؟", language="ar")  # do I need health insurance
    assert outcome.results[0].slug == "health-insurance"


def test_nothing_a_person_typed_stays_in_the_process_after_the_search(content):
    """A question (and a misspelt name in it) is used for its search and forgotten: the index
    keeps the published texts only (issue 12: no per-process memory of what people typed)."""
    query = "Blaue Karte für Frau Xylandrowska beantragen"
    first = search(query=query, language="de")
    assert slugs(search(query=query, language="de")) == slugs(first)
    kept = repr(vars(_index)) + repr(vars(embeddings))
    assert "xylandrowska" not in kept.lower()
    published_entry("blue-card-renewal")  # "Wie beantrage ich die Blaue Karte?"
    assert "blue-card-renewal" in slugs(search(query="Blaue Karte beantragen", language="de"))


def test_a_publication_by_another_process_is_seen_within_the_check_interval(content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    search(query="Familie", language="de")
    IndexStamp.objects.filter(pk=1).update(token="published-elsewhere")  # no local expire()
    with CaptureQueriesContext(connection) as queries:  # within the interval: not read again
        search(query="Familie", language="de")
    assert not [q for q in queries if IndexStamp._meta.db_table in q["sql"]]
    assert _index.token != "published-elsewhere"
    _index.checked_at -= STAMP_CHECK_SECONDS
    search(query="Familie", language="de")
    assert _index.token == "published-elsewhere"


def test_remembered_texts_are_bounded_and_a_full_memory_still_answers(content, monkeypatch):
    """The texts of shown entries are kept in a bounded LRU. An entry found there but the least
    recently shown may be dropped while the missing ones are added: the search still shows it."""
    from cachetools import LRUCache

    from welcome.knowledge import search as module

    search(query="Blue Card", language="en")  # the index is read
    first, second, third = (entry.pk for entry in list(content.values())[:3])
    monkeypatch.setattr(_index, "texts", LRUCache(2))
    module._texts([first])
    module._texts([second])  # first is now the least recently shown
    texts = module._texts([first, third])  # third added; the memory holds two
    assert set(texts) == {first, third}
    assert texts[first] and texts[third]
    assert len(_index.texts) == 2
