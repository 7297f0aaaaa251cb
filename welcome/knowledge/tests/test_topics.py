"""The FAQ's front page lists each topic's first questions; a topic's page lists all of them,
a page at a time — so neither grows with the content (10,000 entries listed whole took 4 s)."""

import re

import pytest
from django.urls import reverse

from welcome.knowledge import selectors
from welcome.knowledge.tests.factories import published_entry

pytestmark = pytest.mark.django_db


def entries(count: int, topic: str = "recognition", popular=()) -> list:
    """`count` entries whose German and English questions sort in the reverse of their age."""
    return [
        published_entry(
            f"{topic}-{n}",
            topic=topic,
            popular=n in popular,
            translations={
                "de": (f"Frage {count - n:02d}?", "Antwort."),
                "en": (f"Question {count - n:02d}?", "Answer."),
            },
        )
        for n in range(count)
    ]


def questions(html: str) -> list[str]:
    lists = "".join(re.findall(r'<ul class="faq-list">(.*?)</ul>', html, re.S))
    return re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a>', lists)


def test_a_small_topic_is_listed_whole_with_no_link_to_more(client):
    entries(3)
    html = client.get("/en/faq/").content.decode()
    assert questions(html) == ["Question 01?", "Question 02?", "Question 03?"]
    assert reverse("knowledge:topic", kwargs={"topic": "recognition"}) not in html


def test_a_large_topic_shows_its_popular_then_oldest_questions_and_links_to_all(
    client, monkeypatch
):
    monkeypatch.setattr(selectors, "TOPIC_PREVIEW", 3)
    entries(5, popular={4})
    html = client.get("/en/faq/").content.decode()
    # The popular one (the newest, "Question 01?"), then the two oldest; sorted by question.
    assert questions(html) == ["Question 01?", "Question 04?", "Question 05?"]
    link = reverse("knowledge:topic", kwargs={"topic": "recognition"})
    assert f'<a href="{link}">All 5 questions on Recognition of qualifications</a>' in html
    german = client.get("/faq/").content.decode()
    assert "Alle 5 Fragen zu Anerkennung von Berufsabschlüssen</a>" in german


def test_a_topic_page_lists_all_its_questions_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr(selectors, "TOPIC_PAGE_SIZE", 2)
    entries(5, popular={4})
    published_entry("elsewhere", topic="visa")
    url = reverse("knowledge:topic", kwargs={"topic": "recognition"})
    first = client.get(url).content.decode()
    assert "<h1>Recognition of qualifications</h1>" in first
    assert questions(first) == ["Question 01?", "Question 05?"]
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    last = client.get(url, {"page": "3"}).content.decode()
    assert questions(last) == ["Question 02?"] and 'href="?page=2"' in last
    assert "Page 3 of 3" in client.get(url, {"page": "99"}).content.decode()
    assert "Seite 1 von 3" in client.get("/faq/topics/recognition/").content.decode()


def test_a_topic_without_published_questions_is_a_404(client):
    assert client.get(reverse("knowledge:topic", kwargs={"topic": "nothing"})).status_code == 404


def test_a_question_missing_in_the_readers_language_falls_back_visibly(client):
    published_entry("german-only", topic="visa", translations={"de": ("Nur Deutsch?", "Ja.")})
    html = client.get("/en/faq/topics/visa/").content.decode()
    assert 'lang="de" dir="ltr">Nur Deutsch?</a> <span class="muted">(DE)</span>' in html


def test_a_topic_page_reads_its_entries_in_three_queries(
    client, monkeypatch, django_assert_num_queries
):
    """Counted and picked from the topic index, then the page's few read with their questions
    (a page that joined every entry's slug before picking sorted the whole topic)."""
    monkeypatch.setattr(selectors, "TOPIC_PAGE_SIZE", 2)
    entries(5)
    with django_assert_num_queries(3):
        html = client.get("/en/faq/topics/recognition/", {"page": "2"}).content.decode()
    assert questions(html) == ["Question 03?", "Question 02?"]
