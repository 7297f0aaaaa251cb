"""One front door: every public request lands in the Welcome Center's triage inbox with the
institution the routing rules propose and why; one click accepts the proposal; a dated rule of the
Region's data may let a topic pass straight through, and the Welcome Center still sees it."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.cases import routing
from welcome.cases.models import Case, Event, Handover
from welcome.cases.services import CaseActionError, case_hand_over, case_triage_accept
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.services import slot_book
from welcome.consultations.tests.factories import SlotFactory
from welcome.consultations.tokens import form_started_token
from welcome.law import RULES_VERSION
from welcome.portal.pathway.tokens import handover_token
from welcome.portal.tests.factories import BLUE_CARD
from welcome.region import data as region_data
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db

WORKER_URL = "/en/consultation/worker/"


@pytest.fixture(autouse=True)
def _public_form(settings):
    """The public form may be sent at once; fresh rate limits."""
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def browser_of(institution_id: str, **kwargs) -> Client:
    """A browser of a staff member of `institution_id`, second factor passed."""
    user = StaffFactory(institution_id=institution_id, **kwargs)
    client = login_verified(Client(), user)
    client.user = user
    return client


def request_data(**overrides) -> dict:
    """What a person sends with the public form, giving only the required consent."""
    data = {
        "started": form_started_token(),
        "website": "",
        "topic": "general",
        "nationality": "",
        "qualification": "",
        "municipality": "",
        "language": "en",
        "channel": "video",
        "name": "Priya Sharma",
        "email": "priya@example.org",
        "phone": "",
        "summary": "I have a job offer as a software developer.",
        "consent__welcome-center__advice": "on",
    }
    data.update(overrides)
    return data


def submit(client, **overrides) -> Case:
    """Send the public form; the case opened for it."""
    response = client.post(WORKER_URL, request_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    reference = ConsultationRequest.objects.latest("id").case_reference
    return Case.objects.select_related("person").get(reference=reference)


def submit_from_check(client, profile=BLUE_CARD, **overrides) -> Case:
    """Go from the pathway check's result to the request form and send it as prefilled."""
    token = handover_token(profile, language="en")
    form = client.get(WORKER_URL, {"from": token}).context["form"]
    prefilled = {k: v for k, v in form.initial.items() if k != "started"}
    return submit(client, **{**prefilled, **overrides})


def detail(case) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def accept_url(case) -> str:
    return reverse("cases:accept_proposal", kwargs={"case_id": case.pk})


@pytest.fixture
def pass_through(monkeypatch):
    """Let `topic` pass straight through from `valid_from` on (the Region's data, patched)."""

    def patch(topic: str, valid_from: dt.date = dt.date(2020, 1, 1), **fields):
        rules = (region_data.PassThrough(topic=topic, valid_from=valid_from, **fields),)
        patched = dataclasses.replace(region_data.region(), pass_through=rules)
        monkeypatch.setattr(region_data, "region", lambda: patched)

    return patch


# --- the front door ------------------------------------------------------------------------------


def test_a_request_from_the_check_lands_in_triage_with_the_proposed_abh_and_why(client):
    case = submit_from_check(client)

    assert case.inbox_id == "welcome-center"
    assert case.triage == Case.Triage.PENDING
    assert case.proposed_inbox_id == "abh-region"
    assert case.proposal_rule == "residence_by_municipality"
    assert case.proposal_details == {"municipality": "Garbsen"}
    routed = case.events.get(kind=Event.Kind.ROUTED)
    assert routed.details["proposed"] == "abh-region"
    assert routed.details["inbox"] == "welcome-center"

    wc = browser_of("welcome-center")
    inbox = wc.get(reverse("cases:inbox")).content.decode()
    assert case.reference in inbox
    assert "Proposed: Residence in Garbsen → ABH Region Hannover" in inbox
    page = wc.get(detail(case)).content.decode()
    assert "Residence in Garbsen → ABH Region Hannover" in page
    assert "Awaiting triage" in page
    assert f'action="{accept_url(case)}"' in page
    assert "Proposed: ABH Region Hannover." in page  # the timeline


def test_the_reason_is_a_translated_sentence_naming_the_rule_and_the_fact():
    from django.utils import translation

    sentence = routing.reason(
        rule="recognition_by_isco", details={"isco": "7512"}, proposed="hwk-hannover"
    )
    assert sentence == "Recognition for the occupation ISCO-08 7512 → HWK Hannover"
    with translation.override("de"):
        assert "HWK Hannover" in routing.reason(
            rule="recognition_by_isco", details={"isco": "7512"}, proposed="hwk-hannover"
        )
    assert "Welcome Center decides" in routing.reason(rule="triage")


def test_the_rules_propose_chamber_by_occupation_and_the_zentralstelle_for_81a():
    on = dt.date(2026, 3, 2)
    recognition = routing.route(
        topic="recognition", municipality=None, occupation_isco="7512", on=on
    )
    assert recognition.proposed == "hwk-hannover"
    accelerated = routing.route(
        topic="accelerated_procedure", municipality="Garbsen", occupation_isco=None, on=on
    )
    assert (accelerated.inbox, accelerated.proposed) == ("welcome-center", "zentralstelle-nds")
    unclear = routing.route(topic="general", municipality=None, occupation_isco=None, on=on)
    assert unclear.proposed == ""


def test_one_click_accept_hands_over_and_the_abh_sees_the_check_result_and_the_appointment(
    client,
):
    case = submit_from_check(client)
    request = ConsultationRequest.objects.get(case_reference=case.reference)
    booking = slot_book(request=request, slot_id=SlotFactory(location="Raum 1.23").pk)

    wc = browser_of("welcome-center")
    response = wc.post(accept_url(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.inbox_id == "abh-region"
    assert case.triage == Case.Triage.ACCEPTED
    handover = Handover.objects.get(case=case)
    assert handover.from_institution_id == "welcome-center"
    assert handover.reason == (
        "As proposed by the routing rules: Residence in Garbsen → ABH Region Hannover"
    )

    abh = browser_of("abh-region")
    page = abh.get(detail(case)).content.decode()
    assert "Priya Sharma" in page  # the consent recorded with the request lets the ABH read
    assert "EU Blue Card" in page and "Eligible" in page
    assert RULES_VERSION in page
    assert "Raum 1.23" in page and "Welcome Center" in page
    start = formats.date_format(timezone.localtime(booking.slot.start), "SHORT_DATETIME_FORMAT")
    assert start in page
    assert "as the routing rules proposed" in page  # the timeline
    assert AuditEntry.objects.filter(
        action="case_viewed", actor=abh.user, object_id=str(case.pk)
    ).exists()


def test_the_welcome_center_may_pick_another_institution_instead(client, wc_worker):
    case = submit(client, topic="residence", municipality="Garbsen")
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="abh-lhh"),
        by=wc_worker,
        reason="The person moves to the city of Hannover.",
    )
    case.refresh_from_db()
    assert (case.inbox_id, case.triage) == ("abh-lhh", Case.Triage.REDIRECTED)
    with pytest.raises(CaseActionError):
        case_triage_accept(case=case, by=wc_worker)


def test_a_case_without_a_proposal_offers_no_accept_and_refuses_one(client):
    case = submit(client, topic="general")
    assert case.proposed_inbox_id is None and case.triage == Case.Triage.PENDING
    wc = browser_of("welcome-center")
    page = wc.get(detail(case)).content.decode()
    assert "General question → the Welcome Center decides" in page
    assert accept_url(case) not in page
    response = wc.post(accept_url(case), follow=True)
    assert "This case has no routing proposal to accept." in response.content.decode()
    assert Case.objects.get(pk=case.pk).inbox_id == "welcome-center"


# --- pass-through by the Region's rule -----------------------------------------------------------


def test_a_pass_through_topic_lands_at_the_proposed_inbox_and_the_welcome_center_still_sees_it(
    client, pass_through
):
    pass_through("recognition")
    case = submit_from_check(client, topic="recognition")  # ISCO 2512 from the check: no chamber
    assert case.inbox_id == "welcome-center"  # unclear occupations still need the triage

    case = submit(client, topic="recognition", qualification="Tischler")
    assert case.inbox_id == "welcome-center"  # no occupation code: unclear

    token = handover_token({"occupation_isco": "7512"}, language="en")
    case = submit(client, topic="recognition", from_token=token)
    assert case.inbox_id == "hwk-hannover"
    assert case.triage == Case.Triage.PASSED_THROUGH
    assert case.status == Case.Status.NEW
    handover = Handover.objects.get(case=case)
    assert (handover.from_institution_id, handover.by) == ("welcome-center", None)
    assert "ISCO-08 7512 → HWK Hannover" in handover.reason  # in the language of the request

    hwk = browser_of("hwk-hannover")
    assert case.reference in hwk.get(reverse("cases:inbox")).content.decode()
    assert hwk.get(detail(case)).status_code == 200

    wc = browser_of("welcome-center")
    sent = wc.get(reverse("cases:inbox"), {"scope": "sent"}).content.decode()
    assert case.reference in sent and "Passed through by rule" in sent
    page = wc.get(detail(case))
    assert page.status_code == 200
    assert "Priya Sharma" in page.content.decode()  # read access, as for handed-over cases
    assert f'action="{reverse("cases:note", kwargs={"case_id": case.pk})}"' not in (
        page.content.decode()
    )


def test_the_shipped_rule_passes_work_permit_questions_straight_to_the_agentur(client):
    case = submit(client, topic="labour_market")
    assert (case.inbox_id, case.triage) == ("ba-hannover", Case.Triage.PASSED_THROUGH)
    assert case.consents.filter(institution_id="ba-hannover", purpose="case_handling").exists()


def test_pass_through_rules_are_dated_and_a_later_entry_ends_one():
    rules = region_data.parse(
        {
            **_raw_region(),
            "pass_through": [
                {"topic": "labour_market", "valid_from": dt.date(2026, 12, 1)},
                {"topic": "labour_market", "valid_from": dt.date(2027, 6, 1), "passes": False},
            ],
        }
    )
    assert not region_data.passes_through("labour_market", dt.date(2026, 11, 30), rules)
    assert region_data.passes_through("labour_market", dt.date(2026, 12, 1), rules)
    assert not region_data.passes_through("labour_market", dt.date(2027, 6, 1), rules)
    assert not region_data.passes_through("residence", dt.date(2026, 12, 1), rules)


def test_before_the_rule_applies_the_same_request_waits_in_triage(client):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
        case = submit(client, topic="labour_market")
    assert (case.inbox_id, case.triage) == ("welcome-center", Case.Triage.PENDING)
    assert case.proposed_inbox_id == "ba-hannover"


def _raw_region() -> dict:
    import yaml

    with region_data.DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# --- consent and visibility ----------------------------------------------------------------------


def test_every_institution_the_rules_may_propose_is_named_in_the_required_consent():
    from welcome.consultations.forms import required_consent_text

    on = dt.date(2026, 12, 3)
    text = required_consent_text()
    proposable = routing.proposable(on)
    names = region_data.region().institutions
    for topic in ("residence", "recognition", "labour_market", "accelerated_procedure"):
        for municipality in [None, *(m.name for m in region_data.region().municipalities)]:
            for isco in (None, "7512", "4110", "2512"):
                proposed = routing.route(
                    topic=topic, municipality=municipality, occupation_isco=isco, on=on
                ).proposed
                if proposed:
                    assert proposed in proposable[topic]
                    assert names[proposed].name in text
    assert "Welcome Center Region Hannover" in text


def test_a_case_in_triage_never_leaks_to_the_proposed_or_any_other_institution(client):
    case = submit_from_check(client)
    # The proposed ABH holds the person's consent, but the case is not in its inbox yet.
    assert case.consents.filter(institution_id="abh-region", withdrawn_at__isnull=True).exists()
    for institution_id in ("abh-region", "abh-lhh", "ihk-hannover"):
        other = browser_of(institution_id)
        assert other.get(detail(case)).status_code == 404
        assert other.post(accept_url(case)).status_code == 404
        recheck = reverse("cases:pathway_recheck", kwargs={"case_id": case.pk})
        assert other.get(recheck).status_code == 404
        assert case.reference not in other.get(reverse("cases:inbox")).content.decode()
        sent = other.get(reverse("cases:inbox"), {"scope": "sent"}).content.decode()
        assert case.reference not in sent
    assert AuditEntry.objects.filter(action="access_denied").count() == 9

    browser_of("welcome-center").post(accept_url(case))
    # After the handover the City's ABH and the IHK still see nothing.
    for institution_id in ("abh-lhh", "ihk-hannover"):
        assert browser_of(institution_id).get(detail(case)).status_code == 404
    assert browser_of("abh-region").get(detail(case)).status_code == 200
