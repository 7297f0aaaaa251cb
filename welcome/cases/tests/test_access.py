"""Who sees which case, and what of it (selectors)."""

import pytest
from django.http import Http404

from welcome.accounts.tests.factories import StaffFactory
from welcome.audit.models import AuditEntry
from welcome.cases.models import Case
from welcome.cases.selectors import case_get_for_user, case_list_for_user
from welcome.cases.services import case_hand_over, case_take, consent_withdraw
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def listed(user, **filters):
    return [row.case for row in case_list_for_user(user=user, filters=filters).rows]


def test_a_case_worker_sees_the_inbox_of_their_institution(lhh_worker, region_worker):
    city = open_case(municipality="Hannover")
    region = open_case(municipality="Garbsen")
    assert listed(lhh_worker) == [city]
    assert listed(region_worker) == [region]


def test_it_answers_404_for_a_case_of_another_institution_and_logs_it(lhh_worker):
    region_case = open_case(municipality="Garbsen")
    with pytest.raises(Http404):
        case_get_for_user(user=lhh_worker, case_id=region_case.pk)
    entry = AuditEntry.objects.get(action="access_denied")
    assert entry.actor == lhh_worker
    assert entry.details["requested_case"] == str(region_case.pk)


def test_a_missing_case_looks_exactly_like_a_forbidden_one(lhh_worker):
    with pytest.raises(Http404):
        case_get_for_user(user=lhh_worker, case_id=999999)
    with pytest.raises(Http404):
        case_get_for_user(user=lhh_worker, case_id="not-a-number")
    assert AuditEntry.objects.filter(action="access_denied").count() == 2


def test_every_view_of_personal_data_is_audited(lhh_worker):
    case = open_case(municipality="Hannover")
    access = case_get_for_user(user=lhh_worker, case_id=case.pk)
    assert access.personal and access.can_write
    assert AuditEntry.objects.filter(
        action="case_viewed", actor=lhh_worker, object_id=str(case.pk)
    ).exists()


@pytest.mark.parametrize("consent_for", [("welcome-center", "abh-lhh"), ()])
def test_the_case_and_its_consents_are_read_in_one_query(lhh_worker, consent_for):
    """The case page's time is the number of its queries: the case, its assignee, its person
    and every consent of it come in one (beside it only the audit entry is written); a case
    without any consent takes a second, for the case alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = open_case(municipality="Hannover", consent_for=consent_for)
    case_take(case=case, by=lhh_worker)
    with CaptureQueriesContext(connection) as queries:
        access = case_get_for_user(user=lhh_worker, case_id=case.pk)
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == (1 if consent_for else 2), reads
    assert access.case.assignee == lhh_worker
    assert access.case.person.name == "Amina Haddad"
    assert {c.institution_id for c in access.consents} == set(consent_for)
    assert all(c.case is access.case for c in access.consents)
    assert access.personal is bool(consent_for)


def test_a_page_of_the_inbox_reads_its_cases_and_their_names_in_one_query(lhh_worker):
    """The name comes with the case where the person consented for us (an active consent),
    and not even from the database where they did not: no second query for the names."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    consented = open_case(municipality="Hannover")
    other = open_case(municipality="Hannover", consent_for=["welcome-center"])
    withdrawn = open_case(municipality="Hannover")
    withdrawn.consents.filter(institution_id="abh-lhh").update(withdrawn_at=timezone.now())
    nameless = open_case(municipality="Hannover")
    nameless.person.name = ""
    nameless.person.save()
    with CaptureQueriesContext(connection) as queries:
        rows = case_list_for_user(user=lhh_worker, filters={}).rows
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1, reads
    shown = {row.case.pk: (row.personal, row.name) for row in rows}
    assert shown == {
        consented.pk: (True, "Amina Haddad"),
        other.pk: (False, ""),
        withdrawn.pk: (False, ""),
        nameless.pk: (True, ""),
    }
    entry = AuditEntry.objects.get(action="case_list_viewed")
    assert entry.details["cases"] == [consented.pk]


def test_without_consent_the_inbox_lists_the_case_without_personal_data(lhh_worker):
    case = open_case(municipality="Hannover", consent_for=["welcome-center"])
    rows = case_list_for_user(user=lhh_worker, filters={}).rows
    assert [r.case for r in rows] == [case]
    assert rows[0].personal is False and rows[0].name == ""
    access = case_get_for_user(user=lhh_worker, case_id=case.pk)
    assert access.personal is False
    assert not AuditEntry.objects.filter(action="case_viewed").exists()


def test_the_triage_inbox_needs_consent_too(wc_worker):
    case = open_case(municipality=None, consent_for=["abh-lhh"])
    assert case.inbox_id == "welcome-center"
    assert case_get_for_user(user=wc_worker, case_id=case.pk).personal is False


def test_the_receiving_inbox_sees_a_handed_over_case_at_once(wc_worker, ihk_worker):
    case = open_case(municipality=None, consent_for=["welcome-center", "ihk-hannover"])
    case_take(case=case, by=wc_worker)
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=wc_worker,
        reason="Recognition question",
    )
    assert listed(ihk_worker) == [case]
    access = case_get_for_user(user=ihk_worker, case_id=case.pk)
    assert access.personal and access.can_write
    assert access.case.assignee is None


def test_the_sender_keeps_read_access_only_with_case_handling_consent(wc_worker):
    case = open_case(municipality=None, consent_for=["welcome-center", "ihk-hannover"])
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=wc_worker,
        reason="Chamber occupation",
    )
    access = case_get_for_user(user=wc_worker, case_id=case.pk)
    assert access.personal and not access.can_write
    assert listed(wc_worker) == []
    assert listed(wc_worker, scope="sent") == [case]
    consent = case.consents.get(institution_id="welcome-center", purpose="case_handling")
    consent_withdraw(consent=consent, by=wc_worker)
    with pytest.raises(Http404):
        case_get_for_user(user=wc_worker, case_id=case.pk)
    assert listed(wc_worker, scope="sent") == []


def test_the_sender_without_case_handling_consent_loses_the_case(wc_worker):
    case = open_case(municipality=None, consent_for=[])
    case.consents.model.objects.create(
        case=case, institution_id="welcome-center", purpose="advice", given_at=case.created_at
    )
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="ba-hannover"),
        by=wc_worker,
        reason="Labour market approval",
    )
    with pytest.raises(Http404):
        case_get_for_user(user=wc_worker, case_id=case.pk)


def test_a_withdrawal_takes_effect_with_the_very_next_read(lhh_worker):
    case = open_case(municipality="Hannover")
    assert case_get_for_user(user=lhh_worker, case_id=case.pk).personal
    for consent in case.consents.filter(institution_id="abh-lhh"):
        consent_withdraw(consent=consent, by=lhh_worker)
    assert case_get_for_user(user=lhh_worker, case_id=case.pk).personal is False
    rows = case_list_for_user(user=lhh_worker, filters={}).rows
    assert rows[0].personal is False


def test_filters_narrow_the_list(lhh_worker):
    english = open_case(municipality="Hannover", language="en")
    turkish = open_case(municipality="Hannover", language="tr")
    case_take(case=turkish, by=lhh_worker)
    assert listed(lhh_worker, language="tr") == [turkish]
    assert listed(lhh_worker, status="new") == [english]
    assert listed(lhh_worker, mine="1") == [turkish]


def test_overdue_lists_open_cases_past_their_due_date(lhh_worker):
    import datetime as dt

    late = open_case(municipality="Hannover")
    open_case(municipality="Hannover")
    late.due_on = dt.date(2020, 1, 1)
    late.save(update_fields=["due_on"])
    assert listed(lhh_worker, overdue="1") == [late]


def test_only_team_leads_may_filter_by_institution(wc_worker):
    lead = StaffFactory(institution_id="welcome-center", role="team_lead")
    case = open_case(municipality=None, consent_for=["welcome-center", "ihk-hannover"])
    here = open_case(municipality=None)
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=wc_worker,
        reason="Chamber occupation",
    )
    assert listed(lead, institution="ihk-hannover") == [case]
    assert listed(lead, institution="welcome-center") == [here]
    assert listed(wc_worker, institution="ihk-hannover") == [here]


def test_note_search_finds_cases_by_words_in_notes(lhh_worker):
    from welcome.cases.services import note_add

    nurse = open_case(municipality="Hannover")
    other = open_case(municipality="Hannover")
    note_add(case=nurse, text="Pflegefachkraft, Anerkennung beantragt", by=lhh_worker)
    note_add(case=other, text="Tischler, Vertrag fehlt", by=lhh_worker)
    assert listed(lhh_worker, q="Anerkennung") == [nurse]
    assert listed(lhh_worker, q="Vertrag") == [other]


def test_keyset_pages_cover_every_case_once(lhh_worker, monkeypatch):
    from welcome.cases import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "_INBOX_PAGES", {})  # compiled with the smaller page
    cases = [open_case(municipality="Hannover") for _ in range(5)]
    seen, cursor = [], ""
    for _ in range(5):
        page = case_list_for_user(user=lhh_worker, filters={"after": cursor})
        seen += [row.case.pk for row in page.rows]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(c.pk for c in cases)
    assert len(seen) == len(set(seen))


def test_keyset_pages_cover_cases_of_the_same_moment_once(lhh_worker, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from welcome.cases import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "_INBOX_PAGES", {})  # compiled with the smaller page
    cases = [open_case(municipality="Hannover") for _ in range(5)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(last_activity_at=timezone.now())
    seen, cursor = [], ""
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            page = case_list_for_user(user=lhh_worker, filters={"after": cursor})
        if cursor:  # a bound the index can start from, not only the OR of the cursor
            assert any('"last_activity_at" <=' in q["sql"] for q in queries.captured_queries)
        seen += [row.case.pk for row in page.rows]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == sorted(seen, reverse=True)
    assert sorted(seen) == sorted(c.pk for c in cases)


def test_closed_and_overdue_is_empty(lhh_worker):
    import datetime as dt

    closed = open_case(municipality="Hannover")
    Case.objects.filter(pk=closed.pk).update(status="closed", due_on=dt.date(2020, 1, 1))
    assert listed(lhh_worker, status="closed") == [closed]
    assert listed(lhh_worker, status="closed", overdue="1") == []


def test_a_malformed_cursor_is_ignored(lhh_worker):
    case = open_case(municipality="Hannover")
    assert listed(lhh_worker, after="nonsense|x") == [case]


@pytest.mark.postgres
def test_notes_have_a_gin_full_text_index_on_postgresql(lhh_worker):
    from django.db import connection

    from welcome.cases.services import note_add

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cases_note_fts'")
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition and "to_tsvector" in definition
    case = open_case(municipality="Hannover")
    note_add(case=case, text="Arbeitsvertrag und Gehaltsnachweis liegen vor", by=lhh_worker)
    assert listed(lhh_worker, q="gehaltsnachweis -fehlt") == [case]
    assert listed(lhh_worker, q='"Gehaltsnachweis fehlt"') == []
