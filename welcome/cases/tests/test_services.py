"""The rules of the writes: take, assign, status, notes, handover, consent, documents."""

import pytest

from welcome.accounts.tests.factories import StaffFactory
from welcome.audit.models import AuditEntry
from welcome.cases.models import Case, Event
from welcome.cases.services import (
    CaseActionError,
    case_assign,
    case_change_status,
    case_hand_over,
    case_take,
    consent_give,
    consent_withdraw,
    note_add,
)
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def institution(pk):
    return Institution.objects.get(pk=pk)


def test_a_case_worker_takes_an_unassigned_case(lhh_worker):
    case = case_take(case=open_case(), by=lhh_worker)
    assert case.assignee == lhh_worker
    assert case.status == Case.Status.IN_PROGRESS
    assert case.events.filter(kind=Event.Kind.TAKEN).exists()


def test_it_refuses_to_take_a_case_twice(lhh_worker):
    case = open_case()
    case_take(case=case, by=lhh_worker)
    other = StaffFactory(institution_id="abh-lhh")
    with pytest.raises(CaseActionError):
        case_take(case=Case.objects.get(pk=case.pk), by=other)


def test_it_refuses_actions_by_staff_of_another_institution(region_worker):
    case = open_case()
    with pytest.raises(CaseActionError):
        case_take(case=case, by=region_worker)
    with pytest.raises(CaseActionError):
        note_add(case=case, text="hello", by=region_worker)


def test_team_leads_assign_to_case_workers_of_their_institution(lhh_worker, region_worker):
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    case = open_case()
    case_assign(case=case, assignee=lhh_worker, by=lead)
    assert case.assignee == lhh_worker and case.status == Case.Status.IN_PROGRESS
    with pytest.raises(CaseActionError):
        case_assign(case=case, assignee=region_worker, by=lead)


def test_case_workers_cannot_assign(lhh_worker):
    with pytest.raises(CaseActionError):
        case_assign(case=open_case(), assignee=lhh_worker, by=lhh_worker)


def test_status_changes_are_recorded_and_closing_sets_the_date(lhh_worker):
    case = open_case()
    case_change_status(case=case, status="waiting", by=lhh_worker)
    case_change_status(case=case, status="closed", by=lhh_worker)
    assert case.closed_at is not None
    case_change_status(case=case, status="in_progress", by=lhh_worker)
    assert case.closed_at is None
    assert case.events.filter(kind=Event.Kind.STATUS_CHANGED).count() == 3
    with pytest.raises(CaseActionError):
        case_change_status(case=case, status="handed_over", by=lhh_worker)


def test_notes_need_text_and_consent(lhh_worker):
    case = open_case()
    with pytest.raises(CaseActionError):
        note_add(case=case, text="   ", by=lhh_worker)
    note = note_add(case=case, text="Called, documents follow.", by=lhh_worker)
    assert note.institution_id == "abh-lhh"
    no_consent = open_case(consent_for=["welcome-center"])
    with pytest.raises(CaseActionError):
        note_add(case=no_consent, text="x", by=lhh_worker)


def test_handover_moves_the_case_unassigned_with_reason(wc_worker):
    case = open_case(municipality=None)
    case_take(case=case, by=wc_worker)
    case_hand_over(
        case=case, to_institution=institution("ihk-hannover"), by=wc_worker, reason="IHK job"
    )
    case.refresh_from_db()
    assert case.inbox_id == "ihk-hannover"
    assert case.assignee is None
    assert case.status == Case.Status.HANDED_OVER
    handover = case.handovers.get()
    assert (handover.from_institution_id, handover.reason) == ("welcome-center", "IHK job")
    assert AuditEntry.objects.filter(action="case_handed_over", object_id=str(case.pk)).exists()


def test_handover_needs_a_reason_and_another_institution(wc_worker):
    case = open_case(municipality=None)
    with pytest.raises(CaseActionError):
        case_hand_over(case=case, to_institution=institution("abh-lhh"), by=wc_worker, reason=" ")
    with pytest.raises(CaseActionError):
        case_hand_over(
            case=case, to_institution=institution("welcome-center"), by=wc_worker, reason="x"
        )


def test_after_handover_the_sender_can_no_longer_change_the_case(wc_worker):
    case = open_case(municipality=None)
    case_hand_over(case=case, to_institution=institution("abh-lhh"), by=wc_worker, reason="ABH")
    with pytest.raises(CaseActionError):
        case_change_status(case=case, status="closed", by=wc_worker)


def test_consent_given_and_withdrawn_are_on_the_timeline(lhh_worker):
    case = open_case(consent_for=["abh-lhh"])
    consent = consent_give(
        case=case, institution=institution("hwk-hannover"), purpose="pre_check", by=lhh_worker
    )
    assert (
        consent_give(
            case=case, institution=institution("hwk-hannover"), purpose="pre_check", by=lhh_worker
        )
        == consent
    )
    consent_withdraw(consent=consent, by=lhh_worker)
    consent_withdraw(consent=consent, by=lhh_worker)  # twice is harmless
    assert consent.withdrawn_at is not None
    assert case.events.filter(kind=Event.Kind.CONSENT_WITHDRAWN).count() == 1
    again = consent_give(
        case=case, institution=institution("hwk-hannover"), purpose="pre_check", by=lhh_worker
    )
    assert again.pk != consent.pk and again.active


def test_the_consented_institution_may_record_a_withdrawal_but_others_may_not(
    lhh_worker, ihk_worker
):
    case = open_case(consent_for=["abh-lhh", "hwk-hannover"])
    hwk = StaffFactory(institution_id="hwk-hannover")
    consent = case.consents.filter(institution_id="hwk-hannover").first()
    with pytest.raises(CaseActionError):
        consent_withdraw(consent=consent, by=ihk_worker)
    consent_withdraw(consent=consent, by=hwk)
    assert consent.withdrawn_at is not None
