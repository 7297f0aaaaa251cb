"""The public request form: prefill from the pathway check, case opening, confirmation e-mail,
the bot check and the rate limit."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import get_language_info

from welcome.audit.models import AuditEntry
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tokens import form_started_token, make_pathway_token
from welcome.region.data import region

pytestmark = pytest.mark.django_db

WORKER_URL = "/en/consultation/worker/"
EMPLOYER_URL = "/en/consultation/employer/"


def form_data(**overrides):
    data = {
        "started": form_started_token(),
        "website": "",
        "topic": "residence",
        "nationality": "Marokko",
        "qualification": "Pflegefachkraft",
        "municipality": "Garbsen",
        "language": "ar",
        "channel": "video",
        "name": "Amina Beispiel",
        "email": "amina@example.org",
        "phone": "",
        "summary": "Welche Aufenthaltserlaubnis brauche ich?",
        "consent__welcome-center__advice": "on",
        "consent__abh-region__case_handling": "on",
    }
    data.update(overrides)
    return data


def test_the_worker_form_offers_the_21_municipalities_of_the_region(client):
    response = client.get(WORKER_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for municipality in region().municipalities:
        assert f'<option value="{municipality.name}"' in html
    assert len(region().municipalities) == 21


@pytest.mark.parametrize("url", [WORKER_URL, EMPLOYER_URL])
def test_the_forms_offer_the_consultation_languages_of_the_region_and_no_other(client, url):
    """A language on the form is a promise that someone will advise in it: only those the
    region data lists (Persian and Hindi were offered with nobody recorded to speak them)."""
    html = client.get(url).content.decode()
    field = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="([a-z]+)"', field)
    assert offered == list(region().consultation_languages)
    assert "fa" not in offered and "hi" not in offered
    for code in offered:  # each named in itself, as the language switch names it
        assert f">{get_language_info(code)['name_local']}</option>" in field
    assert "Language for the consultation" in html and "Preferred language" not in html


def test_it_refuses_a_language_nobody_advises_in(client):
    response = client.post(WORKER_URL, form_data(language="fa"))
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert not ConsultationRequest.objects.exists()


def test_it_prefills_the_form_from_a_pathway_check_token(client):
    token = make_pathway_token(
        {"nationality": "Indien", "municipality": "Laatzen", "occupation_isco": "2512"}
    )
    response = client.get(WORKER_URL, {"from": token})
    form = response.context["form"]
    assert form.initial["nationality"] == "Indien"
    assert form.initial["municipality"] == "Laatzen"
    assert form.initial["from_token"] == token
    assert response.context["from_pathway_check"] is True


def test_a_country_code_from_the_pathway_check_prefills_its_name_in_the_page_language(client):
    token = make_pathway_token({"nationality": "TR", "municipality": "Laatzen"})
    german = client.get(WORKER_URL.removeprefix("/en"), {"from": token}).context["form"]
    assert german.initial["nationality"] == "Türkei"
    english = client.get(WORKER_URL, {"from": token}).context["form"]
    assert english.initial["nationality"] == "Türkiye"


def test_it_ignores_a_forged_pathway_check_token_and_says_so(client):
    response = client.get(WORKER_URL, {"from": "forged:token"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("nationality") is None
    assert "pathway-check answers" in " ".join(str(m) for m in response.context["messages"])


def test_submitting_opens_a_routed_case_and_mails_a_signed_link_after_commit(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WORKER_URL, form_data())
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert re.fullmatch(r"WC-\d{4}-\d{6}", request.case_reference)
    # Residence in Garbsen: the Region's foreigners' authority is responsible (proposed); the
    # required consent covers it and the Welcome Center for advice and case handling.
    assert request.inbox_id == "abh-region"
    assert sorted(map(tuple, request.consents)) == [
        ("abh-region", "advice"),
        ("abh-region", "case_handling"),
        ("welcome-center", "advice"),
        ("welcome-center", "case_handling"),
    ]
    assert response["Location"].startswith("/en/consultation/r/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert request.case_reference in message.subject
    # Written in the person's language (Arabic), so the link opens the Arabic pages.
    assert "https://welcome.example" + response["Location"].replace("/en/", "/ar/", 1) in (
        message.body
    )
    assert AuditEntry.objects.filter(action="consultations.request_submitted").exists()


def test_the_pathway_check_profile_becomes_the_case_data_and_is_not_asked_again(client):
    from welcome.cases.models import Case, Person

    profile = {"nationality": "Indien", "occupation_isco": "7411", "years_experience": 4}
    token = make_pathway_token(profile)
    response = client.post(
        WORKER_URL, form_data(topic="recognition", from_token=token, nationality="Indien")
    )
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.profile == profile
    assert request.occupation_isco == "7411"
    case = Case.objects.get(reference=request.case_reference)
    assert Person.objects.get(case=case).data["pathway_check"] == profile


def test_a_forged_pathway_token_in_the_post_is_dropped(client):
    client.post(WORKER_URL, form_data(from_token="forged"))
    assert ConsultationRequest.objects.get().profile == {}


def test_it_refuses_a_request_without_the_required_consent_and_keeps_the_entries(client):
    data = form_data()
    del data["consent__welcome-center__advice"]
    response = client.post(WORKER_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please agree, so that the Welcome Center may handle your request." in html
    assert 'value="Amina Beispiel"' in html
    assert 'aria-describedby="id_consent__welcome-center__advice_error"' in html
    assert ConsultationRequest.objects.count() == 0


def test_it_refuses_an_invalid_e_mail_address_with_a_clear_message(client):
    response = client.post(EMPLOYER_URL, form_data(email="not-an-address", company="Muster GmbH"))
    assert "Please enter an e-mail address like name@example.org." in response.content.decode()


def test_the_employer_form_needs_the_company(client):
    response = client.post(EMPLOYER_URL, form_data())
    assert response.context["form"].errors["company"]
    response = client.post(EMPLOYER_URL, form_data(company="Tischlerei Muster GmbH"))
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().requester_kind == "employer"


def test_it_refuses_a_filled_honeypot(client):
    response = client.post(WORKER_URL, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert "We could not accept this form." in response.content.decode()


def test_it_refuses_a_form_sent_faster_than_a_person_could_fill_it(client, settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 3
    response = client.post(WORKER_URL, form_data())
    assert ConsultationRequest.objects.count() == 0
    assert "That was very fast." in response.content.decode()


def test_it_refuses_a_form_without_a_genuine_timer(client):
    response = client.post(WORKER_URL, form_data(started="1700000000.0"))
    assert ConsultationRequest.objects.count() == 0
    assert "The form has expired." in response.content.decode()


def test_one_rendering_of_the_form_sends_one_request_not_twenty(client):
    """A script that fetched the form once cannot replay its timer for many submissions."""
    data = form_data()
    assert client.post(WORKER_URL, data).status_code == 302
    response = client.post(WORKER_URL, {**data, "email": "second@example.org"})
    assert ConsultationRequest.objects.count() == 1
    assert "The form has expired." in response.content.decode()
    # The form shown again carries a fresh timer, so a person simply sends it once more.
    fresh = response.context["form"].initial["started"]
    assert fresh != data["started"]


def test_it_answers_429_after_five_requests_per_hour_from_one_address(client):
    for n in range(5):
        assert client.post(WORKER_URL, form_data(email=f"p{n}@example.org")).status_code == 302
    response = client.post(WORKER_URL, form_data(email="p6@example.org"))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert ConsultationRequest.objects.count() == 5
    # Another address is not affected.
    other = client.post(WORKER_URL, form_data(), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_the_form_renders_in_english_under_the_en_prefix(client):
    response = client.get(reverse("consultations:request_worker"))  # English: see conftest
    assert response.status_code == 200
    assert b'lang="en"' in response.content


def test_a_withdrawal_by_the_person_closes_the_case_and_shows_on_its_timeline(client):
    from welcome.cases.models import Case, Event
    from welcome.consultations.services import request_update, request_withdraw

    client.post(WORKER_URL, form_data())
    request = ConsultationRequest.objects.get()
    request_update(request=request, summary="Ich habe noch eine Frage zur Anerkennung.")
    case = Case.objects.get(reference=request.case_reference)
    assert case.events.filter(kind=Event.Kind.NOTE, details__by_requester=True).exists()

    request_withdraw(request=request)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert AuditEntry.objects.filter(action="case_withdrawn_by_requester").exists()


def test_a_request_s_status_reads_as_a_state_not_as_the_open_button():
    from django.utils import translation
    from django.utils.translation import gettext

    from welcome.consultations.models import ConsultationRequest

    with translation.override("de"):
        assert str(ConsultationRequest.Status.OPEN.label) == "Offen"
        assert str(ConsultationRequest.Status.WITHDRAWN.label) == "Zurückgezogen"
        assert gettext("Open") == "Öffnen"  # the inbox's button
        assert gettext("Withdrawn") == "Widerrufen"  # a consent


def test_remembered_field_html_follows_kind_prefill_language_and_errors(client):
    """Unbound fields are rendered once per process ({% field_html %}); each page still shows
    its own labels, prefilled values, language and errors."""
    worker = client.get(WORKER_URL).content.decode()
    employer = client.get(EMPLOYER_URL).content.decode()
    assert "Country of origin or nationality" in worker
    assert "Country of the person you want to hire" in employer
    token = make_pathway_token({"nationality": "TR", "municipality": "Laatzen"})
    prefilled = client.get(WORKER_URL, {"from": token}).content.decode()
    assert 'value="Türkiye"' in prefilled and 'value="Türkiye"' not in worker
    assert '<option value="Laatzen" selected>' in prefilled
    german = client.get(WORKER_URL.removeprefix("/en")).content.decode()
    assert "Staatsangehörigkeit" in german
    invalid = client.post(WORKER_URL, {"email": "not-an-address"}).content.decode()
    assert 'class="field field-error"' in invalid
