"""GET /api/v1/faq/search — the contract partner systems rely on."""

import pytest

from welcome.knowledge.tests.factories import small_content
from welcome.knowledge.tests.test_search import INJECTIONS

pytestmark = pytest.mark.django_db

URL = "/api/v1/faq/search"


@pytest.fixture
def content():
    return small_content()


def test_it_returns_results_best_first_with_the_agreed_fields(client, content):
    response = client.get(URL, {"q": "Blaue Karte beantragen", "lang": "de"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["question"] == "Wie beantrage ich die Blaue Karte EU?"
    assert set(results[0]) == {"id", "question", "answer", "url", "score", "language"}
    assert results[0]["url"] == "/faq/blue-card-apply/"
    assert results[0]["language"] == "de"
    assert "<" not in results[0]["answer"]  # plain text, no HTML
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_urls_point_to_the_page_in_the_language_asked_for(client, content):
    results = client.get(URL, {"q": "Blue Card", "lang": "en"}).json()["results"]
    assert results[0]["url"] == "/en/faq/blue-card-apply/"


def test_it_refuses_an_unsupported_language_with_a_clear_message(client, content):
    response = client.get(URL, {"q": "Blue Card", "lang": "xx"})
    assert response.status_code == 400
    assert "de, en, tr, ar, es, fr" in response.json()["detail"]


@pytest.mark.parametrize("query", INJECTIONS)
def test_it_answers_every_query_with_200(client, content, query):
    response = client.get(URL, {"q": query, "lang": "en"})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_a_missing_query_is_an_empty_result(client, content):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"results": []}
