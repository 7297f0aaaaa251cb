"""The partner contract: GET /api/v1/jurisdiction."""

import pytest

URL = "/api/v1/jurisdiction"


def test_it_answers_the_documented_contract(client):
    response = client.get(URL, {"postal_code": "30823", "date": "2026-03-01"})
    assert response.status_code == 200
    assert response.json() == {
        "date": "2026-03-01",
        "municipalities": [
            {
                "name": "Garbsen",
                "ags": "03241005",
                "residence_authority": {
                    "id": "abh-region",
                    "name": "Ausländerbehörde der Region Hannover (Team Zuwanderung)",
                },
                "accelerated_procedure_authority": {
                    "id": "zentralstelle-nds",
                    "name": "Zentralstelle für das beschleunigte Fachkräfteverfahren Niedersachsen "
                    "(Landesaufnahmebehörde Niedersachsen)",
                },
            }
        ],
    }


def test_municipality_works_as_well_as_postal_code(client):
    data = client.get(URL, {"municipality": "Garbsen", "date": "2025-06-01"}).json()
    [entry] = data["municipalities"]
    assert entry["accelerated_procedure_authority"]["id"] == "abh-region"


def test_a_shared_postal_code_gives_two_entries(client):
    data = client.get(URL, {"postal_code": "30669", "date": "2026-03-01"}).json()
    assert [m["name"] for m in data["municipalities"]] == ["Hannover", "Langenhagen"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"postal_code": "38272"}, 404),
        ({"municipality": "Bremen"}, 404),
        ({"postal_code": "12"}, 400),
        ({"postal_code": "' OR 1=1 --"}, 400),
        ({"postal_code": "30823", "date": "2026-13-45"}, 400),
        ({}, 400),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, params, status):
    response = client.get(URL, params)
    assert response.status_code == status
    assert response.json()["detail"].endswith(".")


def test_errors_speak_german_when_asked(client):
    response = client.get(URL, {"postal_code": "12"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.json()["detail"] == "Eine deutsche Postleitzahl hat genau fünf Ziffern."


def test_the_openapi_schema_describes_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/jurisdiction" in schema["paths"]


def test_errors_speak_english_when_asked(client):
    response = client.get(URL, {"postal_code": "12"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "A German postal code has exactly five digits."
