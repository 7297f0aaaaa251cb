"""Art. 15 export and retention (erasure with an anonymous stub)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from welcome.audit.models import AuditEntry
from welcome.cases.models import Case, Consent, Document, Event, Note, Person
from welcome.cases.selectors import case_get_for_user
from welcome.cases.services import (
    case_erase,
    case_export,
    case_hand_over,
    cases_erase_expired,
    document_upload,
    note_add,
)
from welcome.cases.tests.factories import PDF_BYTES, FakeUpload, open_case
from welcome.cases.tests.test_triage import browser_of, submit
from welcome.consultations.models import Booking, ConsultationRequest
from welcome.consultations.services import slot_book
from welcome.consultations.tests.factories import SlotFactory
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def full_case(worker):
    case = open_case(data={"profile": {"age": 29}})
    note_add(case=case, text="Passport copy received.", by=worker)
    document_upload(case=case, kind="passport", upload=FakeUpload("pass.pdf", PDF_BYTES), by=worker)
    return case


def test_the_export_holds_everything_stored_about_the_person(lhh_worker):
    case = full_case(lhh_worker)
    export = case_export(case=case, by=lhh_worker)
    assert export["case"]["reference"] == case.reference
    assert export["person"]["name"] == "Amina Haddad"
    assert export["person"]["email"] == "amina@example.org"
    assert export["person"]["data"] == {"profile": {"age": 29}}
    assert export["notes"][0]["text"] == "Passport copy received."
    assert export["documents"][0]["kind"] == "passport"
    assert {c["institution"] for c in export["consents"]} >= {"abh-lhh"}
    assert [e["event"] for e in export["timeline"]][:2] == ["opened", "routed"]
    assert AuditEntry.objects.filter(action="case_exported", object_id=str(case.pk)).exists()
    assert case.events.filter(kind=Event.Kind.EXPORTED).exists()


def age(case, days):
    Case.objects.filter(pk=case.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=days)
    )


def test_erasure_removes_personal_data_and_files_but_keeps_a_stub(
    lhh_worker, settings, _media, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = 30
    case = full_case(lhh_worker)
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="abh-region"),
        by=lhh_worker,
        reason="Moved to Garbsen",
    )
    age(case, 31)
    assert any(p.is_file() for p in _media.rglob("*"))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_erase(case_id=case.pk) is True
    case.refresh_from_db()
    assert case.erased_at is not None
    assert case.topic == "residence" and case.reference  # the anonymous stub
    assert not Person.objects.filter(case=case).exists()
    assert not Note.objects.filter(case=case).exists()
    assert not Document.objects.filter(case=case).exists()
    assert not Consent.objects.filter(case=case).exists()
    assert case.handovers.get().reason == ""
    assert not any(p.is_file() for p in _media.rglob("*"))
    assert case.events.filter(kind=Event.Kind.ERASED).exists()
    assert case_erase(case_id=case.pk) is False  # idempotent


def test_recent_cases_are_not_erased(settings):
    settings.RETENTION_DAYS = 30
    case = open_case()
    age(case, 29)
    assert case_erase(case_id=case.pk) is False
    assert cases_erase_expired() == []


def test_the_dry_run_reports_and_changes_nothing_the_real_run_erases(settings):
    settings.RETENTION_DAYS = 30
    old, recent = open_case(), open_case()
    age(old, 40)
    out = StringIO()
    call_command("erase_expired_cases", "--dry-run", stdout=out)
    assert old.reference in out.getvalue() and recent.reference not in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert Person.objects.filter(case=old).exists()
    out = StringIO()
    call_command("erase_expired_cases", stdout=out)
    assert f"erased {old.reference}" in out.getvalue()
    assert not Person.objects.filter(case=old).exists()
    assert Person.objects.filter(case=recent).exists()


def test_the_periodic_task_erases_expired_cases(settings):
    from welcome.cases.tasks import erase_expired_cases

    settings.RETENTION_DAYS = 30
    case = open_case()
    age(case, 31)
    assert erase_expired_cases.call_local() == 1
    assert erase_expired_cases.call_local() == 0


def test_an_erased_case_shows_no_personal_data_and_cannot_be_changed(lhh_worker, settings):
    from welcome.cases.selectors import case_get_for_user
    from welcome.cases.services import CaseActionError, case_take

    settings.RETENTION_DAYS = 30
    case = open_case()
    age(case, 31)
    case_erase(case_id=case.pk)
    access = case_get_for_user(user=lhh_worker, case_id=case.pk)
    assert access.personal is False and access.can_write is False
    with pytest.raises(CaseActionError):
        case_take(case=access.case, by=lhh_worker)


def test_retention_counts_from_the_last_activity(settings, lhh_worker):
    settings.RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - dt.timedelta(days=60)):
        case = open_case()
    note_add(case=case, text="Still active", by=lhh_worker)
    assert cases_erase_expired(dry_run=True) == []


def test_the_export_holds_the_request_the_appointments_and_who_read_the_data(client, settings):
    """Art. 15 GDPR: also the request as sent, the bookings, and which institution read the
    data when (not which staff member)."""
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    case = submit(client, topic="general", summary="Wie lange dauert die Anerkennung?")
    request = ConsultationRequest.objects.get(case_reference=case.reference)
    slot_book(request=request, slot_id=SlotFactory(institution_id="welcome-center").pk)
    wc = browser_of("welcome-center")
    wc.get(reverse("cases:detail", kwargs={"case_id": case.pk}))  # a read, audited

    access = case_get_for_user(user=wc.user, case_id=case.pk)
    export = case_export(case=access.case, by=wc.user)

    (sent,) = export["requests"]
    assert sent["name"] == "Priya Sharma"
    assert sent["question"] == "Wie lange dauert die Anerkennung?"
    (appointment,) = export["appointments"]
    assert appointment["institution"] == "welcome-center"
    assert appointment["start"] == Booking.objects.get().slot.start.isoformat()
    reads = [(entry["institution"], entry["action"]) for entry in export["access_log"]]
    assert ("welcome-center", "case_viewed") in reads
    assert all(set(entry) == {"at", "institution", "action"} for entry in export["access_log"])
    assert wc.user.username not in str(export["access_log"])
