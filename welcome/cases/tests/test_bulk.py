"""Bulk actions on cases selected in a list: each case through its own service, one audit entry
per case, refusals named in the summary, and nothing outside the user's lists touched."""

import pytest
from django.urls import reverse

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.cases.models import Case
from welcome.cases.services import case_change_status, case_hand_over, cases_bulk_apply
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    return StaffFactory(institution_id="abh-lhh", role="team_lead", username="lhh-lead")


def logged_in(client, user):
    login_verified(client, user)
    return client


def post_bulk(client, cases, **data):
    data.setdefault("next", reverse("cases:inbox") + "?status=new")
    return client.post(
        reverse("cases:bulk"), {"cases": [case.pk for case in cases], **data}, follow=True
    )


def entries_for(case, *, exclude=("case_opened",)):
    return list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .exclude(action__in=exclude)
        .values_list("action", flat=True)
    )


def test_the_inbox_offers_checkboxes_and_one_submit_without_javascript(client, lhh_worker):
    case = open_case()
    page = logged_in(client, lhh_worker).get(reverse("cases:inbox")).content.decode()
    assert f'name="cases" value="{case.pk}"' in page
    assert f'action="{reverse("cases:bulk")}"' in page
    assert 'name="action"' in page and 'name="to_institution"' in page
    assert 'value="assign"' not in page  # case workers do not assign
    assert "Apply to the selected cases" in page


def test_a_team_lead_assigns_several_cases_with_one_audit_entry_each(client, lead, lhh_worker):
    cases = [open_case() for _ in range(3)]
    page = logged_in(client, lead).get(reverse("cases:inbox")).content.decode()
    assert 'value="assign"' in page and 'name="assignee"' in page
    response = post_bulk(client, cases, action="assign", assignee=lhh_worker.pk)
    assert response.redirect_chain[-1][0] == reverse("cases:inbox") + "?status=new"
    assert "3 cases assigned." in response.content.decode()
    for case in cases:
        assert Case.objects.get(pk=case.pk).assignee == lhh_worker
        assert entries_for(case) == ["case_assigned"]
        assert case.events.filter(kind="assigned").count() == 1


def test_case_workers_cannot_assign_in_bulk(client, lhh_worker):
    case = open_case()
    response = post_bulk(
        logged_in(client, lhh_worker), [case], action="assign", assignee=lhh_worker.pk
    )
    assert "Select a valid choice" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assignee is None
    # The service refuses it as well, whoever calls it.
    outcome = cases_bulk_apply(cases=[case], action="assign", by=lhh_worker, assignee=lhh_worker)
    assert outcome.done == []
    assert outcome.refused == [(case, "Only team leads can assign cases.")]
    assert entries_for(case) == []


def test_status_changes_name_the_case_that_could_not_be_changed(client, lhh_worker):
    first, second = open_case(), open_case()
    elsewhere = open_case(consent_for=["welcome-center", "abh-lhh", "abh-region"])
    case_hand_over(
        case=elsewhere,
        to_institution=Institution.objects.get(pk="abh-region"),
        by=lhh_worker,
        reason="Moved to Garbsen",
    )
    before = entries_for(elsewhere)
    response = post_bulk(
        logged_in(client, lhh_worker), [first, elsewhere, second], action="status", status="waiting"
    )
    text = response.content.decode()
    assert (
        f"2 cases changed their status; 1 could not be: {elsewhere.reference}: "
        "Only staff of the institution holding the case can change it."
    ) in text
    assert [Case.objects.get(pk=c.pk).status for c in (first, second)] == ["waiting", "waiting"]
    assert Case.objects.get(pk=elsewhere.pk).status == "handed_over"
    assert entries_for(first) == ["case_status_changed"]
    assert entries_for(elsewhere) == before


def test_handing_over_in_bulk_refuses_a_closed_case(client, lhh_worker):
    open_one, closed = open_case(), open_case()
    case_change_status(case=closed, status="closed", by=lhh_worker)
    response = post_bulk(
        logged_in(client, lhh_worker),
        [open_one, closed],
        action="handover",
        to_institution="abh-region",
        reason="The person moved to Garbsen.",
    )
    assert (
        f"1 case handed over; 1 could not be: {closed.reference}: "
        "A closed case cannot be handed over. Reopen it first."
    ) in response.content.decode()
    moved = Case.objects.get(pk=open_one.pk)
    assert moved.inbox_id == "abh-region" and moved.status == "handed_over"
    assert moved.handovers.get().reason == "The person moved to Garbsen."
    assert entries_for(open_one) == ["case_handed_over"]
    assert Case.objects.get(pk=closed.pk).inbox_id == "abh-lhh"
    assert entries_for(closed, exclude=("case_opened", "case_status_changed")) == []


def test_a_case_outside_the_users_lists_is_not_touched_and_is_logged(client, lhh_worker):
    mine = open_case()
    theirs = open_case(municipality="Garbsen")
    response = post_bulk(
        logged_in(client, lhh_worker), [mine, theirs], action="status", status="waiting"
    )
    text = response.content.decode()
    assert f"Case {theirs.pk}: This case cannot be found in your lists." in text
    assert theirs.reference not in text
    assert Case.objects.get(pk=theirs.pk).status == "new"
    assert Case.objects.get(pk=mine.pk).status == "waiting"
    denied = AuditEntry.objects.get(action="access_denied")
    assert denied.details["requested_case"] == str(theirs.pk)


def test_a_bulk_action_needs_its_fields_and_a_selection(client, lhh_worker):
    case = open_case()
    logged_in(client, lhh_worker)
    response = post_bulk(client, [case], action="handover", to_institution="abh-region")
    assert "Please give a reason for the handover." in response.content.decode()
    response = post_bulk(client, [], action="status", status="waiting")
    assert "Please select at least one case." in response.content.decode()
    response = post_bulk(client, [case], action="status")
    assert "Please choose the new status." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "new"
    assert entries_for(case) == []


def test_it_returns_only_to_a_page_of_this_site(client, lhh_worker):
    case = open_case()
    response = logged_in(client, lhh_worker).post(
        reverse("cases:bulk"),
        {
            "cases": [case.pk],
            "action": "status",
            "status": "waiting",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("cases:inbox")


def test_the_search_results_offer_the_bulk_actions_too(client, lhh_worker):
    case = open_case()
    page = (
        logged_in(client, lhh_worker)
        .get(reverse("cases:search"), {"text": "Amina"})
        .content.decode()
    )
    assert f'name="cases" value="{case.pk}"' in page
    assert 'name="next" value="/en/office/search/?text=Amina"' in page
