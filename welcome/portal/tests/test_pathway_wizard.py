"""The wizard: one topic per step, answers kept forward and back, bad input kept and explained."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from welcome.countries import _sort_key, country_names
from welcome.law.places import countries
from welcome.portal.models import SavedResult
from welcome.portal.pathway.tokens import dump_answers, load_answers

pytestmark = pytest.mark.django_db
URL = "/en/pathway/"


def state_of(response) -> str:
    return re.search(r'name="state" value="([^"]+)"', response.content.decode()).group(1)


def step(client, response, number, action="next", **answers):
    data = {"state": state_of(response), "step": str(number), "action": action, **answers}
    return client.post(URL, data)


def value_of(response, name) -> str | None:
    body = response.content.decode()
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', body)
    if match:
        return match.group(1)
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    if select:
        chosen = re.search(r'<option value="([^"]*)" selected', select.group(0))
        return chosen.group(1) if chosen else ""
    return None


STEP_ANSWERS = [
    {"nationality": "IN", "age": "30", "municipality": "Garbsen"},
    {
        "qualification__level": "academic",
        "qualification__recognition": "full",
        "qualification__occupation_isco": "2512",
        "qualification__regulated_profession": "no",
    },
    {"experience_years_last_5": "3", "experience_years_last_7": "4"},
    {"german_level": "A2", "english_level": "C1"},
    {
        "job_offer__annual_gross_salary_eur": "52000",
        "job_offer__matches_qualification": "yes",
        "job_offer__contract_months": "0",
    },
    {},  # joining family: nobody
    {"previous_title": "none"},
    {"financial_means_secured": "yes"},
]


def test_the_first_step_shows_progress_and_explains_why_we_ask(client):
    body = client.get(URL).content.decode()
    assert "Step 1 of 8" in body
    assert re.search(r'<li aria-current="step"[^>]*>.*About you', body)
    assert body.count("<li") >= 6
    assert "Why we ask" in body
    assert "I don&#x27;t know" in body
    assert 'id="id_age_helptext"' in body and 'aria-describedby="id_age_helptext"' in body


def test_it_walks_forward_to_the_result_with_every_answer(client):
    response = client.get(URL)
    for number, answers in enumerate(STEP_ANSWERS, start=1):
        response = step(client, response, number, **answers)
        if number < len(STEP_ANSWERS):
            assert response.status_code == 200
            assert f"Step {number + 1} of 8" in response.content.decode()
    assert response.status_code == 302
    token = parse_qs(urlparse(response["Location"]).query)["a"][0]
    assert response["Location"].startswith("/en/pathway/result/")
    assert load_answers(token) == {
        "nationality": "IN",
        "age": 30,
        "municipality": "Garbsen",
        "qualification": {
            "level": "academic",
            "recognition": "full",
            "occupation_isco": "2512",
            "regulated_profession": False,
        },
        "experience_years_last_5": 3,
        "experience_years_last_7": 4,
        "german_level": "A2",
        "english_level": "C1",
        "job_offer": {
            "annual_gross_salary_eur": 52000,
            "matches_qualification": True,
            "contract_months": 0,
        },
        "previous_title": "none",
        "financial_means_secured": True,
    }


def test_back_and_forward_keep_every_answer(client):
    response = client.get(URL)
    response = step(client, response, 1, **STEP_ANSWERS[0])
    response = step(client, response, 2, **STEP_ANSWERS[1])
    assert "Step 3 of 8" in response.content.decode()
    response = step(client, response, 3, action="back", experience_years_last_5="2")
    assert "Step 2 of 8" in response.content.decode()
    assert value_of(response, "qualification__occupation_isco") == "2512"
    assert value_of(response, "qualification__level") == "academic"
    response = step(client, response, 2, action="back", **STEP_ANSWERS[1])
    assert value_of(response, "age") == "30"
    assert value_of(response, "municipality") == "Garbsen"
    response = step(client, response, 1, **STEP_ANSWERS[0])
    response = step(client, response, 2, **STEP_ANSWERS[1])
    assert value_of(response, "experience_years_last_5") == "2"  # kept when going back


def test_it_keeps_bad_input_and_explains_it_at_the_field(client):
    response = client.get(URL)
    response = step(client, response, 1, nationality="IN", age="500", municipality="Garbsen")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Step 1 of 8" in body
    assert '<p class="error" id="id_age_error">Must be between 0 and 120.' in body
    assert 'aria-invalid="true"' in body and "id_age_error" in body
    assert value_of(response, "age") == "500"
    assert value_of(response, "nationality") == "IN"
    assert 'href="#id_age"' in body  # the summary links to the field


def test_it_refuses_text_where_a_number_belongs(client):
    response = step(client, client.get(URL), 1, age="thirty")
    assert response.status_code == 400
    assert value_of(response, "age") == "thirty"
    assert "Enter a whole number." in response.content.decode()


def test_it_refuses_facts_that_contradict_each_other(client):
    response = client.get(URL)
    response = step(client, response, 1)
    response = step(client, response, 2)
    response = step(client, response, 3, experience_years_last_5="4", experience_years_last_7="2")
    assert response.status_code == 400
    assert "Cannot be less than the years of experience" in response.content.decode()


def test_i_dont_know_removes_an_earlier_answer(client):
    response = step(client, client.get(URL), 1, **STEP_ANSWERS[0])
    response = step(client, response, 2, action="back")
    response = step(client, response, 1, nationality="", age="", municipality="")
    assert load_answers(state_of(response)) == {}


def test_a_forged_state_starts_again_with_a_message(client):
    response = client.post(URL, {"state": "forged", "step": "3", "action": "next"})
    body = response.content.decode()
    assert "Step 1 of 8" in body
    assert "could not read your earlier answers" in body


def test_the_wizard_works_without_cookies(client):
    response = client.get(URL)
    client.cookies.clear()
    response = step(client, response, 1, **STEP_ANSWERS[0])
    assert response.status_code == 200
    assert not response.cookies
    client.cookies.clear()
    response = step(client, response, 2, **STEP_ANSWERS[1])
    assert load_answers(state_of(response))["qualification"]["occupation_isco"] == "2512"


def test_change_my_answers_opens_the_wizard_prefilled(client):
    token = dump_answers({"age": 41, "qualification": {"level": "vocational"}})
    response = client.get(URL, {"a": token, "step": 2})
    assert "Step 2 of 8" in response.content.decode()
    assert value_of(response, "qualification__level") == "vocational"


def test_the_wizard_is_in_german_without_a_prefix(client):
    body = client.get("/pathway/").content.decode()
    assert '<html lang="de"' in body


def test_the_wizard_stores_nothing(client):
    response = client.get(URL)
    for number, answers in enumerate(STEP_ANSWERS, start=1):
        response = step(client, response, number, **answers)
    client.get(response["Location"])
    assert not SavedResult.objects.exists()


def test_the_home_page_and_the_menu_link_to_the_wizard(client):
    body = client.get("/en/").content.decode()
    assert body.count('href="/en/pathway/"') >= 3


@pytest.mark.parametrize(
    ("number", "field", "raw"),
    [
        (1, "nationality", "Atlantis"),
        (1, "age", "1e3"),
        (2, "qualification__completed_on", "gestern"),
        (2, "occupation", "x" * 101),
        (3, "experience_years_last_5", "NaN"),
        (3, "experience_years_last_7", "8"),
        (5, "job_offer__annual_gross_salary_eur", "inf"),
        (5, "job_offer__annual_gross_salary_eur", "-100"),
        (8, "evaluation_date", "2020-01-01"),
        (7, "title_held_months", "-3"),
    ],
)
def test_odd_input_gets_a_message_at_the_field_never_an_error_page(client, number, field, raw):
    response = client.post(URL, {"step": str(number), "action": "next", field: raw})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    assert f"Step {number} of 8" in body


@pytest.mark.parametrize(
    ("prefix", "india", "austria"),
    [("", "Indien", "Österreich"), ("/en", "India", "Austria"), ("/tr", "Hindistan", "Avusturya")],
)
def test_countries_are_named_and_ordered_in_the_reader_s_language(client, prefix, india, austria):
    html = client.get(f"{prefix}/pathway/").content.decode()
    assert f'<option value="IN">{india}</option>' in html
    options = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', html)
    assert austria in options
    assert options == sorted(options, key=_sort_key)


def test_every_accepted_code_has_a_name_in_every_language():
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        names = country_names(code)
        assert set(names) == set(countries())
        assert all(names.values())


def test_an_occupation_typed_in_own_words_offers_unit_groups_to_choose_without_javascript(client):
    """Nobody types an ISCO code: "nurse" shows ranked occupations, regulated ones with their
    recognition body; the choice is kept and the next step follows."""
    response = step(client, client.get(URL), 1, **STEP_ANSWERS[0])
    response = step(
        client, response, 2, occupation="Krankenschwester", qualification__occupation_isco=""
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Step 2 of 8" in body
    # Nothing chosen for the person, not even "None of these" (the hidden field was empty).
    radios = re.findall(r'<input type="radio" name="qualification__occupation_isco"[^>]*>', body)
    assert len(radios) > 2 and not [radio for radio in radios if "checked" in radio]
    assert "<legend>Which occupation fits best?</legend>" in body
    assert 'value="2221"' in body and "regulated in Germany; recognition:" in body
    assert "Landesamt für Soziales" in body
    assert value_of(response, "occupation") == "Krankenschwester"
    response = step(
        client,
        response,
        2,
        occupation="Krankenschwester",
        occupation_searched="Krankenschwester",
        qualification__occupation_isco="2221",
    )
    assert "Step 3 of 8" in response.content.decode()
    profile = load_answers(state_of(response))
    assert profile["qualification"] == {"occupation_isco": "2221"}
