"""Prepared queries (welcome/prepared.py) give what the ORM gives for the same queryset — the case
page's five lists on two cases full of rows — in one query each, compiled once."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, Model
from django.test.utils import CaptureQueriesContext

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.cases import selectors
from welcome.cases.models import Case, Document, Event, Note, Person
from welcome.cases.presenters import (
    _DOCUMENTS,
    _HANDOVERS,
    _LATEST_EVENTS,
    _NOTES,
)
from welcome.cases.selectors import _CASE, _CONSENTS_WITH_CASE
from welcome.cases.services import case_assign, case_hand_over, note_add
from welcome.cases.tests.factories import open_case
from welcome.consultations.models import Booking
from welcome.consultations.selectors import _APPOINTMENT_ROWS
from welcome.consultations.tests.factories import (
    BookingFactory,
    ConsultationRequestFactory,
    SlotFactory,
)
from welcome.prepared import Prepared
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def _full_case(worker, documents: int) -> Case:
    """A case with every list filled: documents, events with actors, notes with and without an
    author, a handover, and appointments (one cancelled)."""
    case = open_case(consent_for=("welcome-center", "abh-lhh", "ihk-hannover"))
    for version in range(documents):
        Document.objects.create(
            case=case, kind=("passport", "contract")[version % 2], version=version + 1,
            file=f"cases/{case.pk}/{version}.pdf", original_name=f"Scan {version}.pdf",
            content_type="application/pdf", size=1000 + version, sha256="0" * 64,
        )  # fmt: skip
    note_add(case=case, text="Pass liegt vor — Termin folgt.", by=worker)
    Note.objects.create(case=case, institution_id="abh-lhh", text="Ohne Autor")
    for i in range(3):
        Event.objects.create(
            case=case, kind="note_added", actor=worker, details={"n": i}, at=dt.datetime.now(dt.UTC)
        )
    request = ConsultationRequestFactory(case_reference=case.reference)
    BookingFactory(request=request, slot=SlotFactory(location="Raum 0.01"))
    cancelled = dt.datetime.now(dt.UTC)
    slot = SlotFactory(institution_id="abh-region")
    BookingFactory(request=request, slot=slot, cancelled_at=cancelled)
    case_hand_over(
        case=Case.objects.get(pk=case.pk),
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=worker,
        reason="Anerkennung",
    )
    return case


def _fields(instance) -> dict:
    values = {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}
    return {**values, "_annotations": getattr(instance, "actor_username", None)}


def _orm(prepared: Prepared, *values) -> list:
    """What the ORM reads for the very queryset the Prepared runs."""
    return [row if isinstance(row, Model) else tuple(row) for row in prepared._build(*values)]


def _comparable(rows: list) -> list:
    return [_fields(row) if isinstance(row, Model) else row for row in rows]


def test_the_case_page_s_lists_are_what_the_orm_reads():
    worker = StaffFactory(institution_id="abh-lhh")
    cases = [_full_case(worker, documents=3), _full_case(worker, documents=2), open_case()]
    lists = [_LATEST_EVENTS, _DOCUMENTS, _NOTES, _HANDOVERS]
    for case in cases:
        for prepared in lists:
            assert _comparable(prepared(case.pk)) == _comparable(_orm(prepared, case.pk))
        reference = case.reference
        assert _APPOINTMENT_ROWS(reference) == _orm(_APPOINTMENT_ROWS, reference)

    full = cases[0]
    # Not vacuous: every list has rows, of the right types (aware datetimes, decoded JSON).
    events = _LATEST_EVENTS(full.pk)
    assert len(events) >= 6 and {e.actor_username for e in events} >= {worker.username}
    assert isinstance(events[0], Event) and isinstance(events[-1].details, dict)
    assert events[0].at.tzinfo is not None and events[0]._state.adding is False
    assert [d.kind for d in _DOCUMENTS(full.pk)] == ["contract", "passport", "passport"]
    assert {row[3] for row in _NOTES(full.pk)} == {worker.username, None}
    assert _HANDOVERS(full.pk)[0][1:] == ("abh-lhh", "ihk-hannover", "Anerkennung")
    rows = _APPOINTMENT_ROWS(full.reference)
    assert len(rows) == 2 and sum(row[1] is not None for row in rows) == 1
    assert rows[0][3].tzinfo is not None
    # The empty case reads none of the full cases' rows.
    assert _NOTES(cases[2].pk) == [] and _APPOINTMENT_ROWS(cases[2].reference) == []
    assert Booking.objects.count() == 4


def test_each_call_is_one_query_and_the_sql_is_compiled_once():
    worker = StaffFactory(institution_id="abh-lhh")
    first, second = _full_case(worker, documents=1), _full_case(worker, documents=1)
    notes = Prepared(lambda case: Note.objects.filter(case=case).values_list("text"))
    with CaptureQueriesContext(connection) as queries:
        assert len(notes(first.pk)) == 2
        compiled = notes._compiled["default"]
        assert len(notes(second.pk)) == 2
    assert len(queries) == 2 and queries[0]["sql"] != queries[1]["sql"]  # other parameters
    assert notes._compiled["default"] is compiled  # kept, not compiled anew
    assert str(second.pk) in queries[1]["sql"]


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda case: Note.objects.filter(case=7).values_list("text"), "marker"),
        (
            lambda case: Note.objects.filter(case=case).annotate(n=F("id")).values_list("n"),
            "annotations",
        ),
        (lambda case: Note.objects.filter(case=case).values_list("text", flat=True), "flat"),
        (lambda case: Note.objects.filter(case=case).values_list("text", named=True), "named"),
        (lambda case: Note.objects.filter(case=case).values("text"), "instances"),
    ],
    ids=["without the marker", "values of annotations", "flat", "named", "dicts"],
)
def test_a_query_it_cannot_prepare_is_refused_at_its_first_call(build, message):
    with pytest.raises(ValueError, match=message):
        Prepared(build)(1)
    with pytest.raises(ValueError, match="marker"):  # one of several unused
        Prepared(lambda case, text: Note.objects.filter(case=case).values_list("text"), int, str)(
            1, "x"
        )


@pytest.mark.parametrize("case_id", [2**63, 10**20, -(2**63) - 1])
def test_a_key_beyond_64_bits_finds_nothing_without_a_query(case_id):
    notes = Prepared(lambda case: Note.objects.filter(case=case).values_list("text"))
    with CaptureQueriesContext(connection) as queries:
        assert notes(case_id) == []
    assert len(queries) == 0


def test_every_shape_of_the_inbox_s_page_is_what_the_orm_reads():
    """The own inbox's page for each combination of filters and a cursor (values of every
    marker type: the institution, status and language as text, a date, the assignee's and the
    cursor's key, a moment), compared with the ORM's reading of the same queryset."""
    worker = StaffFactory(institution_id="abh-lhh")
    moment = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    cases = []
    for i in range(12):
        case = open_case(language=("en", "tr", "de")[i % 3], consent_for=("abh-lhh",) * (i % 4 > 0))
        Case.objects.filter(pk=case.pk).update(
            assignee=worker if i % 2 else None,
            status=("new", "in_progress", "closed")[i % 3],
            due_on=dt.date(2026, 1, 1) + dt.timedelta(days=30 * i),
            last_activity_at=moment - dt.timedelta(hours=i // 2),  # pairs of the same moment
        )
        cases.append(case)
    today, after = dt.date(2026, 4, 15), (moment - dt.timedelta(hours=2), cases[5].pk)
    values = {
        "status": "in_progress",
        "due_before": today,
        "language": "tr",
        "assignee_id": worker.pk,
    }
    found = 0
    for shape in range(32):
        names = tuple(name for bit, name in enumerate(values) if shape >> bit & 1)
        cursor = after if shape & 16 else None
        prepared = selectors._inbox_prepared(names, paged=cursor is not None)
        given = ("abh-lhh", *(values[name] for name in names), *(cursor or ()))
        rows = prepared(*given)
        expected = _orm(prepared, *given)
        assert [(_fields(r), r.consented_name) for r in rows] == [
            (_fields(r), r.consented_name) for r in expected
        ]
        assert [r.assignee.username if r.assignee else None for r in rows] == [
            r.assignee.username if r.assignee else None for r in expected
        ]
        found += len(rows)
    # Not vacuous: the unfiltered first page holds every case, names and their absence.
    everything = selectors._inbox_prepared((), paged=False)("abh-lhh")
    assert len(everything) == 12 and {r.consented_name for r in everything} == {
        "Amina Haddad",
        None,
    }
    assert found > 12


def test_a_count_is_the_orm_s_count():
    worker = StaffFactory(institution_id="abh-lhh")
    case = _full_case(worker, documents=1)
    notes = Prepared(lambda case: Note.objects.filter(case=case).values_list("text"))
    assert notes.count(case.pk) == Note.objects.filter(case=case).count() == 2
    assert notes.count(open_case().pk) == 0 and notes.count(10**20) == 0


def test_a_case_page_beyond_any_key_is_a_404(client):
    login_verified(client, StaffFactory(institution_id="abh-lhh"))
    assert client.get("/en/office/99999999999999999999/").status_code == 404
    assert client.get("/en/office/9223372036854775807/").status_code == 404


def test_the_case_with_its_assignee_person_and_consents_is_what_the_orm_reads():
    """select_related: each consent's case, the case's assignee and person, as instances."""
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    worker = StaffFactory(institution_id="abh-lhh")
    assigned = open_case()
    case_assign(case=assigned, assignee=worker, by=lead)
    without_person = open_case()
    Person.objects.filter(case=without_person).delete()
    without_consent = open_case(consent_for=())
    for case in (assigned, without_person, without_consent):
        expected = _orm(_CONSENTS_WITH_CASE, case.pk)
        consents = _CONSENTS_WITH_CASE(case.pk)
        assert [_fields(c) for c in consents] == [_fields(c) for c in expected]
        for ours, theirs in zip(consents, expected, strict=True):
            assert _fields(ours.case) == _fields(theirs.case)
            assert _related(ours.case) == _related(theirs.case)
        (orm_case,) = _orm(_CASE, case.pk)
        (read,) = _CASE(case.pk)
        assert _fields(read) == _fields(orm_case) and _related(read) == _related(orm_case)
    assert len(_CONSENTS_WITH_CASE(assigned.pk)) == 9
    assert _CONSENTS_WITH_CASE(without_consent.pk) == []
    with CaptureQueriesContext(connection) as queries:
        (consent, *_rest) = _CONSENTS_WITH_CASE(assigned.pk)
        assert consent.case.assignee.username == worker.username
        assert consent.case.person.name == "Amina Haddad"
        assert not hasattr(_CASE(without_person.pk)[0], "person")  # as the ORM: no record
    assert len(queries) == 2


def _related(case) -> tuple:
    person = getattr(case, "person", None)
    return (
        _fields(case.assignee) if case.assignee else None,
        _fields(person) if person else None,
    )
