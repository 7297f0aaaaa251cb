"""The partner contract: GET /api/v1/occupations."""

import pytest

URL = "/api/v1/occupations"


def test_it_answers_the_documented_contract(client):
    response = client.get(URL, {"q": "Krankenschwester", "lang": "en"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 10
    assert results[0] == {
        "isco": "2221",
        "title": "Nursing professionals",
        "regulated": True,
        "recognition_body": {
            "id": "ls-niedersachsen",
            "name": "Niedersächsisches Landesamt für Soziales, Jugend und Familie (LS)",
        },
        "score": results[0]["score"],
    }
    assert 0 < results[0]["score"] <= 1
    for result in results:
        assert set(result) == {"isco", "title", "regulated", "recognition_body", "score"}


def test_a_non_regulated_occupation_names_its_body_too(client):
    [first, *_] = client.get(URL, {"q": "electrician", "lang": "en"}).json()["results"]
    assert first["isco"] == "7411"
    assert first["regulated"] is False
    assert first["recognition_body"]["id"] == "hwk-hannover"


def test_titles_come_in_the_requested_language(client):
    [first, *_] = client.get(URL, {"q": "nurse", "lang": "de"}).json()["results"]
    assert first["title"] != "Nursing professionals"
    assert first["title"] == "Pflegedienstleiter und Pflegefachkräfte"


@pytest.mark.parametrize("lang", ["ar", "uk", "xx"])
def test_without_a_title_in_the_language_it_answers_in_english(client, lang):
    [first, *_] = client.get(URL, {"q": "медсестра", "lang": lang}).json()["results"]
    assert first["title"] == "Nursing professionals"


@pytest.mark.parametrize("query", ["", "   ", "x" * 101])
def test_an_empty_or_overlong_query_is_a_400_in_the_error_shape(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_a_query_of_exactly_100_characters_is_accepted(client):
    assert client.get(URL, {"q": "a" * 100}).status_code == 200


def test_the_schema_documents_it_with_an_example(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert {"200", "400"} <= set(operation["responses"])
    example = schema["components"]["schemas"]["OccupationsOut"]["example"]
    assert example["results"][0]["isco"] == "2221"
