"""The request form's occupation finder, as in the pathway check: a person names their
occupation in their own words and language, chooses from ranked ISCO-08 unit groups, and a
recognition request reaches the competent chamber without the Welcome Center guessing."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from welcome.cases.models import Case, Person
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tests.test_requests import form_data
from welcome.portal.templatetags import fields as field_memory

pytestmark = pytest.mark.django_db

CHOOSE = "Please choose the occupation that fits best, or “None of these”."

# A cook, named in each language of the portal: ISCO-08 5120, recognised through the IHK
# (IHK FOSA; FACTS.md § 4), so the request is proposed to IHK Hannover.
COOKS = [
    ("de", "Koch"),
    ("en", "cook"),
    ("ar", "طباخ"),
    ("tr", "aşçı"),
    ("ru", "повар"),
    ("uk", "кухар"),
    ("es", "cocinero"),
    ("fr", "cuisinier"),
]


def url(language: str, kind: str = "worker") -> str:
    prefix = "" if language == "de" else f"/{language}"
    return f"{prefix}/consultation/{kind}/"


def send(client, language, **overrides):
    return client.post(url(language), form_data(topic="recognition", **overrides))


@pytest.mark.parametrize(("language", "words"), COOKS)
def test_a_cook_in_any_language_chooses_the_occupation_and_reaches_the_ihk(client, language, words):
    first = send(client, language, occupation=words)
    # Not sent yet: the suggestions are shown to choose from, in the person's language,
    # and nothing typed is lost.
    assert first.status_code == 200
    assert not ConsultationRequest.objects.exists()
    form = first.context["form"]
    with translation.override(language):
        assert form.errors["occupation_isco"] == [gettext(CHOOSE)]
        assert gettext(CHOOSE) in first.content.decode()
        assert gettext(CHOOSE) != CHOOSE or language == "en"
    assert form["occupation_isco"].field.choices[0][0] == "5120"
    # Titles exist in en, de and fr; elsewhere the person's own word leads: "طباخ (Cooks)".
    label = form["occupation_isco"].field.choices[0][1]
    title = {"de": "Köche", "fr": "Cuisiniers"}.get(language, "Cooks")
    assert label.startswith(
        title if language in ("de", "en", "fr") else f"{words} (\u2068Cooks\u2069)"
    )
    page = first.content.decode()
    assert 'type="radio" name="occupation_isco" value="5120"' in page
    assert 'name="occupation_searched" value="' + words + '"' in page
    assert 'value="Amina Beispiel"' in page

    second = send(
        client, language, occupation=words, occupation_searched=words, occupation_isco="5120"
    )
    assert second.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.occupation_isco == "5120"
    case = Case.objects.get(reference=request.case_reference)
    assert case.occupation_isco == "5120"
    assert case.proposed_inbox_id == "ihk-hannover"
    assert Person.objects.get(case=case).data["request"]["occupation"] == words
    # The person's own page names the occupation recorded, in their language.
    page = client.get(second["Location"]).content.decode()
    with translation.override(language):
        assert f"<dt>{gettext('Occupation')}</dt><dd>" in page
    assert {"de": "Köche", "fr": "Cuisiniers"}.get(language, "Cooks") in page


def test_none_of_these_sends_the_words_to_the_welcome_center_without_a_code(client):
    send(client, "de", occupation="Koch")
    response = send(client, "de", occupation="Koch", occupation_searched="Koch", occupation_isco="")
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.occupation_isco == ""
    case = Case.objects.get(reference=request.case_reference)
    assert case.inbox_id == "welcome-center" and case.proposed_inbox_id is None
    assert Person.objects.get(case=case).data["request"]["occupation"] == "Koch"


def test_no_occupation_is_chosen_for_the_person_when_the_suggestions_appear(client):
    # A browser sends the empty hidden field the form had before there was anything to choose.
    page = send(client, "en", occupation="cook", occupation_isco="").content.decode()
    radios = re.findall(r'<input type="radio" name="occupation_isco"[^>]*>', page)
    assert len(radios) > 2
    assert not [radio for radio in radios if "checked" in radio]


def test_a_changed_occupation_is_offered_again_before_the_request_goes_out(client):
    response = send(
        client, "en", occupation="hairdresser", occupation_searched="cook", occupation_isco="5120"
    )
    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    choices = dict(response.context["form"]["occupation_isco"].field.choices)
    assert "5141" in choices  # hairdressers, now offered
    assert "5120" in choices  # and the earlier choice still there, not silently dropped


def test_words_that_match_no_occupation_do_not_hold_the_request_up(client):
    response = send(client, "en", occupation="xqzvvkj")
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.occupation_isco == ""


def test_without_an_occupation_the_form_sends_at_once_and_shows_no_empty_choice(client):
    page = client.get(url("en")).content.decode()
    assert "Your occupation, in your own words" in page
    assert 'type="radio" name="occupation_isco"' not in page
    assert send(client, "en").status_code == 302


def test_the_suggestions_appear_beside_other_errors_and_the_choice_then_counts(client):
    first = send(client, "en", occupation="cook", email="not-an-address")
    errors = first.context["form"].errors
    assert "email" in errors and "occupation_isco" in errors
    second = send(
        client, "en", occupation="cook", occupation_searched="cook", occupation_isco="5120"
    )
    assert second.status_code == 302


def test_the_employer_form_asks_for_the_occupation_in_the_job(client):
    page = client.get(url("de", "employer")).content.decode()
    with translation.override("de"):
        assert gettext("Occupation in the job") in page
        assert gettext("Your occupation, in your own words") not in page


def test_what_a_person_typed_is_never_kept_in_the_shared_field_memory(client):
    send(client, "en", occupation="cook")
    remembered = " ".join(str(html) for html in field_memory._rendered.values())
    assert "cook" not in remembered.lower()
