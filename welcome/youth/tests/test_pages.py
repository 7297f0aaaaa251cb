"""The finder page for young people and the editors' pages, through Django's test client."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.knowledge.tests.factories import EditorFactory
from welcome.youth.models import Programme
from welcome.youth.tests.factories import organisation, published_programme

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ANSWERS = {"age": "17", "municipality": "Garbsen", "school": "in_school", "training_place": "no"}


def finder_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("youth:finder")


@pytest.fixture
def programmes():
    return {
        "workshop": published_programme(
            "workshop-garbsen",
            municipalities=["Garbsen", "Seelze"],
            training_place="without",
            translations={
                "de": {"title": "Jugend-Werkstatt Garbsen", "description": "Du arbeitest."},
                "en": {"title": "Youth workshop Garbsen", "description": "You work."},
                "tr": {"title": "Garbsen gençlik atölyesi", "description": "Çalışırsın."},
                "ar": {"title": "ورشة الشباب في Garbsen", "description": "تعمل."},
                "uk": {"title": "Молодіжна майстерня Garbsen", "description": "Ти працюєш."},
                "es": {"title": "Taller juvenil Garbsen", "description": "Trabajas."},
                "fr": {"title": "Atelier jeunesse Garbsen", "description": "Tu travailles."},
                "ru": {"title": "Молодёжная мастерская Garbsen", "description": "Ты работаешь."},
            },
        ),
        "hannover": published_programme(
            "only-hannover",
            municipalities=["Hannover"],
            translations={
                "de": {"title": "Nur Hannover", "description": "Text."},
                "en": {"title": "Hannover only", "description": "Text."},
            },
        ),
    }


def test_the_page_asks_five_questions_without_javascript(client):
    response = client.get(finder_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="get"' in html
    assert "<script" not in html.split("<main", 1)[1]
    for name in ("age", "municipality", "school", "training_place", "situation"):
        assert f'name="{name}"' in html
    assert 'id="results"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_finder_answers_in_each_language(client, programmes, language):
    response = client.get(finder_url(language), ANSWERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    title = programmes["workshop"].published_version.translations.get(language=language).title
    assert title in html
    assert "Nur Hannover" not in html and "Hannover only" not in html  # not served
    assert "Jugendberufsagentur Garbsen" in html


def test_a_match_shows_its_reasons_and_the_demo_mark(client, programmes):
    html = client.get(finder_url(), ANSWERS).content.decode()
    assert "1 programme fits you" in html
    assert "for 15 to 24-year-olds; in Garbsen; no training place needed." in html
    assert "Demo content:" in html


def test_a_profile_that_fits_nothing_gets_the_agency_for_its_municipality(client, programmes):
    for place, agency in [
        ("Hannover", "Jugendberufsagentur Hannover"),
        ("Garbsen", "Jugendberufsagentur Garbsen"),
        ("Uetze", "Pro-Aktiv-Center der Region Hannover"),
    ]:
        response = client.get(finder_url(), {**ANSWERS, "age": "30", "municipality": place})
        html = response.content.decode()
        assert response.status_code == 200
        assert "0 programmes fit you" in html
        assert "We found no programme that fits your answers." in html
        assert agency in html
    html = client.get(finder_url(), {**ANSWERS, "age": "30", "municipality": "Uetze"}).content
    assert "Jobcenter Region Hannover" in html.decode()


def test_a_newcomer_for_training_sees_the_chambers_training_place_services(client, programmes):
    answers = {**ANSWERS, "situation": ["came_for_training"]}
    html = client.get(finder_url(), answers).content.decode()
    assert "<strong>Industrie- und Handelskammer Hannover</strong>" in html
    assert "<strong>Handwerkskammer Hannover</strong>" in html
    html = client.get(finder_url(), ANSWERS).content.decode()
    assert "<strong>Handwerkskammer Hannover</strong>" not in html


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"age": "abc"}, "Please enter your age as a whole number from 12 to 35."),
        ({"age": "9"}, "Please enter your age as a whole number from 12 to 35."),
        ({"age": ""}, "Please enter your age."),
        ({"municipality": "Wolfsburg"}, "Please choose a town of the Region Hannover"),
        ({"school": "university"}, "Please choose one of the answers about school."),
        ({"training_place": "maybe"}, "Please answer Yes or No about the training place."),
        ({"situation": ["rich"]}, "Please choose only answers from the list."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_other_answers(client, answers, message):
    response = client.get(finder_url(), {**ANSWERS, **answers})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="results"' not in html
    kept = {
        "age": 'name="age" value="17"',
        "municipality": '<option value="Garbsen" selected>',
        "school": re.compile(r'name="school" value="in_school"[^>]*checked'),
    }
    for field, pattern in kept.items():
        if field not in answers:
            assert re.search(pattern, html), field


def test_the_finder_stores_nothing(client, programmes, django_assert_max_num_queries):
    before = {model: model.objects.count() for model in (Programme,)}
    with django_assert_max_num_queries(8):
        client.get(finder_url(), ANSWERS)
    assert {model: model.objects.count() for model in before} == before
    assert not client.cookies.get("sessionid")


def test_an_editor_writes_a_draft_and_a_second_editor_publishes_it(client):
    organisation()
    author, second = EditorFactory(), EditorFactory()
    login_verified(client, author)
    data = {
        "slug": "lotsen",
        "organisation": organisation().pk,
        "min_age": "15",
        "max_age": "20",
        "school_statuses": ["in_school"],
        "training_place": "without",
        "training_related": "on",
        "municipalities": ["Lehrte", "Sehnde"],
        "contact": "Demo",
        "demo": "on",
        "title_de": "Lotsen",
        "description_de": "Wir helfen dir.",
        "title_en": "Guides",
        "description_en": "We help you.",
    }
    response = client.post(reverse("youth:editor_new"), data)
    draft = Programme.objects.get(slug="lotsen").versions.get()
    assert response.status_code == 302 and response.url == reverse(
        "youth:editor_version", kwargs={"pk": draft.pk}
    )
    page = client.get(response.url).content.decode()
    assert "A second content editor has to publish it." in page
    client.post(reverse("youth:editor_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.state == "draft"
    login_verified(client, second)
    client.post(reverse("youth:editor_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.state == "published"
    home = client.get(reverse("youth:editor_home")).content.decode()
    assert "lotsen" in home
    history = client.get(reverse("youth:editor_programme", kwargs={"slug": "lotsen"}))
    assert history.status_code == 200 and "Youth programmes: editing" in history.content.decode()


def test_the_edit_form_refuses_bad_ages_and_keeps_the_input(client):
    login_verified(client, EditorFactory())
    response = client.post(
        reverse("youth:editor_new"),
        {"slug": "x", "min_age": "25", "max_age": "15", "title_de": "Titel"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The minimum age must not be above the maximum age." in html
    assert "Please write what the programme offers." in html
    assert 'value="Titel"' in html
    assert not Programme.objects.exists()


def test_other_staff_meet_not_found_on_the_editor_pages(client):
    login_verified(client, StaffFactory())
    assert client.get(reverse("youth:editor_home")).status_code == 404
    assert client.get(reverse("youth:editor_new")).status_code == 404


def test_an_address_without_the_questions_shows_the_empty_form(client):
    html = client.get(finder_url(), {"utm_source": "flyer"}).content.decode()
    assert "Please check your entries." not in html
    assert 'id="results"' not in html


def test_the_home_page_leads_young_people_to_the_finder(client):
    with translation.override("en"):
        html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{finder_url()}"' in html
