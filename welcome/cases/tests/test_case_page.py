"""The case page shows everything about the case: the pathway-check result with its rules version
(and a re-evaluation on today's rules), the appointments, documents, consents, handovers and the
timeline — assembled by presenters.py, every read of personal data audited."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from welcome.audit.models import AuditEntry
from welcome.cases import presenters
from welcome.cases.models import Case, Event, Person
from welcome.cases.services import document_upload, note_add
from welcome.cases.tests.factories import PDF_BYTES, FakeUpload, open_case
from welcome.cases.tests.test_triage import browser_of, detail, submit, submit_from_check
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.services import booking_cancel, slot_book
from welcome.consultations.tests.factories import SlotFactory
from welcome.law import RULES_VERSION
from welcome.portal.tests.factories import profile

pytestmark = pytest.mark.django_db

# A Blue Card in 2025 (49,000 € above that year's 48,300 € for a lawyer, ISCO 2611); on today's
# rules the standard threshold is higher, so only a recent graduate's reduced one could apply.
BLUE_CARD_2025 = profile(
    evaluation_date="2025-06-01",
    qualification__occupation_isco="2611",
    job_offer__annual_gross_salary_eur=49000,
)


@pytest.fixture(autouse=True)
def _public_form(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def recheck_url(case) -> str:
    return reverse("cases:pathway_recheck", kwargs={"case_id": case.pk})


def test_the_check_result_is_stored_with_the_rules_version_that_produced_it(client):
    case = submit_from_check(client, profile=BLUE_CARD_2025)
    stored = Person.objects.get(case=case).data["pathway_result"]
    assert stored["rules_version"] == RULES_VERSION
    assert stored["evaluated_on"] == "2025-06-01"
    assert stored["outcomes"][0] == {
        "title": "blue_card",
        "paragraph": "§ 18g AufenthG",
        "status": "eligible",
        "missing": [],
    }


def test_the_case_page_shows_the_check_result_and_the_answers(client):
    case = submit_from_check(client)
    page = browser_of("welcome-center").get(detail(case)).content.decode()
    assert "Pathway check" in page
    assert f"evaluated for 1 March 2026 with rules version {RULES_VERSION}" in page
    assert "EU Blue Card" in page and "§ 18g AufenthG" in page
    assert "Annual gross salary in euros" in page and "52000" in page  # an answer
    assert "Which occupation fits best?" in page
    assert "The rules have changed since" not in page
    assert recheck_url(case) in page


def test_a_result_from_older_rules_says_so(client):
    case = submit_from_check(client)
    person = Person.objects.get(case=case)
    person.data["pathway_result"]["rules_version"] = "0+000000000000"
    person.save()
    page = browser_of("welcome-center").get(detail(case)).content.decode()
    assert "with rules version 0+000000000000" in page
    assert f"The rules have changed since (now version {RULES_VERSION})." in page


def test_re_evaluation_on_today_s_rules_shows_what_changed_and_is_audited(client):
    case = submit_from_check(client, profile=BLUE_CARD_2025)
    wc = browser_of("welcome-center")
    response = wc.get(recheck_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Evaluated for {today} with rules version {RULES_VERSION}." in page
    assert "Evaluated for 1 June 2025" in page
    assert (
        "EU Blue Card: Eligible → Possibly eligible – some facts are missing or still open" in page
    )
    assert "EU Blue Card now also needs: When did you complete it?" in page
    assert AuditEntry.objects.filter(
        action="pathway_rechecked", actor=wc.user, object_id=str(case.pk)
    ).exists()


def test_re_evaluation_with_nothing_changed_says_so(client):
    facts = profile()
    facts.pop("evaluation_date")  # evaluated for the day of the request, which is today
    case = submit_from_check(client, profile=facts)
    page = browser_of("welcome-center").get(recheck_url(case)).content.decode()
    assert "Nothing changed: today's rules give the same result." in page


def test_re_evaluation_needs_answers_and_the_person_s_consent(client):
    without_check = submit(client, topic="general")
    wc = browser_of("welcome-center")
    assert wc.get(recheck_url(without_check)).status_code == 404

    no_consent = open_case(municipality="Hannover", consent_for=["welcome-center"])
    Person.objects.filter(case=no_consent).update(data={"pathway_check": profile()})
    lhh = browser_of("abh-lhh")
    page = lhh.get(detail(no_consent)).content.decode()
    assert 'id="h-pathway"' not in page and 'id="h-appointments"' not in page
    assert lhh.get(recheck_url(no_consent)).status_code == 404
    # Without consent nothing personal was read, so nothing is logged as read.
    assert not AuditEntry.objects.filter(action="pathway_rechecked", actor=lhh.user).exists()


def test_the_case_page_shows_appointments_documents_consents_handovers_and_timeline(client):
    case = submit_from_check(client)
    request = ConsultationRequest.objects.get(case_reference=case.reference)
    cancelled = slot_book(request=request, slot_id=SlotFactory(location="Raum 0.01").pk)
    booking_cancel(booking=cancelled)
    slot_book(request=request, slot_id=SlotFactory(institution_id="abh-region").pk)
    wc = browser_of("welcome-center")
    wc.post(reverse("cases:accept_proposal", kwargs={"case_id": case.pk}))
    abh = browser_of("abh-region")
    case = Case.objects.get(pk=case.pk)
    document_upload(
        case=case, kind="passport", upload=FakeUpload("pass.pdf", PDF_BYTES), by=abh.user
    )
    note_add(case=case, text="Termin bestätigt.", by=abh.user)

    page = abh.get(detail(case)).content.decode()
    appointments = page[page.index('id="h-appointments"') : page.index('id="h-checklist"')]
    assert appointments.count('class="case-appointment"') == 2
    assert "Raum 0.01" in appointments and "(cancelled)" in appointments
    assert "ABH Region Hannover" in appointments
    assert "pass.pdf" in page  # documents
    assert "Termin bestätigt." in page  # notes, with who wrote them and where
    author = abh.user.get_full_name() or abh.user.username
    assert f"{author} (ABH Region Hannover)</p>" in page
    handovers = page[page.index('id="h-handovers"') : page.index('id="h-consents"')]
    assert "Welcome Center → ABH Region Hannover" in handovers
    assert "As proposed by the routing rules" in handovers
    consents = page[page.index('id="h-consents"') : page.index('id="h-timeline"')]
    # The Welcome Center and the proposed ABH, each for advice and case handling.
    assert consents.count("<td>Case handling</td>") == 2
    assert consents.count("<td>Advice</td>") == 2
    assert consents.count("<td>Welcome Center</td>") == 2
    assert consents.count("<td>ABH Region Hannover</td>") == 2
    timeline = page[page.index('id="h-timeline"') :]
    assert "Routed to the inbox of Welcome Center. Proposed: ABH Region Hannover." in timeline
    assert "Document uploaded: Passport, version 1." in timeline
    # who did it, by name, beside their institution
    assert f"({abh.user.username}, ABH Region Hannover)" in timeline


def test_every_timeline_template_fills_from_its_event_details(wc_worker):
    case = open_case()
    details = {
        "inbox": "welcome-center",
        "from_inbox": "welcome-center",
        "to_inbox": "abh-lhh",
        "assignee": "lhh-worker",
        "consent_institution": "abh-lhh",
        "purpose": "advice",
        "old": "new",
        "new": "closed",
        "kind": "passport",
        "version": 2,
        "proposed": "abh-lhh",
        "competent_authority": "zentralstelle-nds",
    }
    at = timezone.now()
    events = [
        Event(case=case, kind=kind, at=at, details={**details, "triage": variant})
        for kind, variant in presenters.TIMELINE
    ]
    events.append(Event(case=case, kind=Event.Kind.EXPORTED, at=at, details={}))
    texts = [entry["text"] for entry in presenters.timeline(events)]
    assert all("%(" not in text for text in texts)
    assert (
        "Passed through from Welcome Center to ABH Landeshauptstadt Hannover by the Region's rule."
        in texts
    )
    assert (
        "Routed to the inbox of Welcome Center. Proposed: ABH Landeshauptstadt Hannover. "
        "Competent authority: Zentralstelle Niedersachsen."
    ) in texts
    assert texts[-1] == "Data exported"


def test_the_changes_between_two_results_are_codes_turned_into_sentences():
    before = {
        "outcomes": [{"title": "blue_card", "paragraph": "", "status": "eligible", "missing": []}],
        "accelerated_procedure_available": True,
    }
    after = {
        "outcomes": [
            {"title": "blue_card", "paragraph": "", "status": "possible", "missing": ["age"]},
            {"title": "opportunity_card", "paragraph": "", "status": "possible", "missing": []},
        ],
        "accelerated_procedure_available": False,
    }
    from welcome.consultations import pathway

    sentences = presenters.describe_changes(pathway.changes(before, after))
    assert sentences[0].startswith("EU Blue Card: Eligible → Possibly eligible")
    assert sentences[1] == "EU Blue Card now also needs: Your age in years"
    assert sentences[2].startswith("Opportunity card (Chancenkarte): newly assessed as")
    assert "no longer open" in sentences[3]
    assert pathway.changes(before, before) == []


def test_the_case_page_shows_what_the_person_wrote_and_the_occupation_chosen(client):
    case = submit(
        client,
        topic="recognition",
        qualification="Ausbildung zum Koch, 2019",
        occupation="Koch",
        occupation_searched="Koch",
        occupation_isco="5120",
    )
    assert case.proposed_inbox_id == "ihk-hannover"
    center = browser_of("welcome-center")
    page = center.get(detail(case)).content.decode()
    assert "<dt>Qualification</dt><dd>Ausbildung zum Koch, 2019</dd>" in page
    assert "<dt>Occupation</dt><dd>Cooks (ISCO-08 5120) – Koch</dd>" in page
    # In the reader's language: the unit group's German title, the person's words as written.
    german = center.get(detail(case).replace("/en/", "/", 1)).content.decode()
    with translation.override("de"):
        assert f"<dt>{gettext('Occupation')}</dt><dd>Köche (ISCO-08 5120) – Koch</dd>" in german


def test_an_occupation_from_the_check_is_shown_by_its_title_without_words(client):
    case = submit_from_check(client, profile=BLUE_CARD_2025)
    page = browser_of("welcome-center").get(detail(case)).content.decode()
    assert "<dt>Occupation</dt><dd>Lawyers (ISCO-08 2611)</dd>" in page
