"""The public request as the single front door: the form prefills what the pathway check knew,
its consent names the Welcome Center and every partner the rules may pass a request to, and the
request records those consents so a handover after triage never lacks one."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from welcome.cases.models import Case, Consent
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tests.test_requests import WORKER_URL, form_data
from welcome.portal.pathway.tokens import handover_token
from welcome.portal.templatetags import fields as field_memory
from welcome.portal.tests.factories import BLUE_CARD

pytestmark = pytest.mark.django_db


def check_token(profile=BLUE_CARD) -> str:
    """The link the pathway check's result page puts on "Request a consultation"."""
    return handover_token(profile, language="en")


def test_the_form_prefills_every_fact_the_check_knew_qualification_included(client):
    response = client.get(WORKER_URL, {"from": check_token()})
    initial = response.context["form"].initial
    assert initial["qualification"] == "University degree, recognised in Germany"
    # The occupation is the check's choice, shown by its title (nobody reads a code).
    assert initial["occupation_isco"] == "2512"
    assert initial["nationality"] == "India"
    assert initial["municipality"] == "Garbsen"
    assert initial["topic"] == "residence"
    assert initial["language"] == "en"
    page = response.content.decode()
    assert 'value="University degree, recognised in Germany"' in page
    assert 'name="occupation_isco" value="2512"' in page
    assert "Software developers" in page
    # Answers without a field of their own travel with the request, and the person sees them.
    assert "Your answers from the pathway check, sent with your request" in page
    assert "<dt>Annual gross salary in euros</dt><dd>52000</dd>" in page
    assert "<dt>Does the job match your qualification?</dt><dd>Yes</dd>" in page


def test_prefilled_personal_facts_are_not_kept_in_the_shared_field_memory(client):
    client.get(WORKER_URL, {"from": check_token()})
    remembered = " ".join(str(html) for html in field_memory._rendered.values())
    assert "recognised in Germany" not in remembered
    assert "Software developers" not in remembered
    assert "India" not in " ".join(repr(key) for key in field_memory._rendered)


def test_the_occupation_code_inside_the_qualification_reaches_the_case(client):
    profile = {**BLUE_CARD, "qualification": {"level": "vocational", "occupation_isco": "7512"}}
    token = handover_token(profile, language="en")
    client.post(WORKER_URL, form_data(topic="recognition", from_token=token))
    request = ConsultationRequest.objects.get()
    assert request.occupation_isco == "7512"
    case = Case.objects.get(reference=request.case_reference)
    assert case.proposed_inbox_id == "hwk-hannover"

    from welcome.consultations.pathway import occupation_code

    assert occupation_code({"qualification": {"occupation_isco": "7512"}}) == "7512"
    assert occupation_code({"qualification": "Tischler"}) == ""
    assert occupation_code({"occupation_isco": "75x"}) == ""


def test_the_required_consent_names_the_welcome_center_and_every_partner(client):
    page = client.get(WORKER_URL).content.decode()
    label = page[page.index('for="id_consent__welcome-center__advice"') :]
    label = label[: label.index("</label>")]
    for name in (
        "Welcome Center Region Hannover",
        "Ausländerbehörde der Region Hannover",
        "Ausländerbehörde der Landeshauptstadt Hannover",
        "Handwerkskammer Hannover",
        "Industrie- und Handelskammer Hannover",
        "Agentur für Arbeit Hannover",
        "Zentralstelle für das beschleunigte Fachkräfteverfahren Niedersachsen",
    ):
        assert name in label
    assert "advise me and to handle my case" in label


def test_the_request_records_advice_and_case_handling_for_the_center_and_the_proposed_partner(
    client,
):
    data = form_data()
    del data["consent__abh-region__case_handling"]  # only the required consent
    client.post(WORKER_URL, data)
    case = Case.objects.get(reference=ConsultationRequest.objects.get().case_reference)
    given = set(case.consents.values_list("institution_id", "purpose"))
    assert given == {
        ("welcome-center", "advice"),
        ("welcome-center", "case_handling"),
        ("abh-region", "advice"),
        ("abh-region", "case_handling"),
    }
    assert case.inbox_id == "welcome-center" and case.proposed_inbox_id == "abh-region"


def test_without_a_proposal_only_the_welcome_center_is_consented(client):
    data = form_data(topic="general", municipality="")
    del data["consent__abh-region__case_handling"]
    client.post(WORKER_URL, data)
    assert set(Consent.objects.values_list("institution_id", "purpose")) == {
        ("welcome-center", "advice"),
        ("welcome-center", "case_handling"),
    }


def test_the_confirmation_names_the_responsible_office(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(WORKER_URL, form_data())
    body = mail.outbox[0].body
    institution = "Ausländerbehörde der Region Hannover (Team Zuwanderung)"
    with translation.override("ar"):  # the person's language (form_data)
        expected = gettext(
            "The Welcome Center Region Hannover checks your request and passes it on to the "
            "office responsible for it: %(institution)s."
        ) % {"institution": institution}
    assert expected in body


def test_the_privacy_notice_explains_the_front_door_and_who_may_handle_a_case(client):
    page = client.get(reverse("portal:privacy")).content.decode()
    assert "reaches the Welcome Center Region Hannover first" in page
    assert "the foreigners' authority of the City of Hannover" in page
    assert "the Handwerkskammer Hannover for craft occupations" in page
    assert "go straight to the responsible partner" in page
