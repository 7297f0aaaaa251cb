"""The team lead's dashboard: workload per person, overdue cases by age, intake per week, as
charts drawn on the server (numbers unlocalised in every language) with data tables."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from welcome.accounts.tests.factories import StaffFactory
from welcome.cases import dashboard
from welcome.cases.models import Case
from welcome.cases.services import case_assign, case_change_status, case_hand_over
from welcome.cases.tests.factories import open_case
from welcome.cases.tests.test_triage import browser_of
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)  # a Thursday


@pytest.fixture
def team():
    lead = StaffFactory(
        institution_id="abh-lhh", role="team_lead", first_name="Lea", last_name="Lead"
    )
    ada = StaffFactory(institution_id="abh-lhh", first_name="Ada", last_name="Arslan")
    ben = StaffFactory(institution_id="abh-lhh", first_name="Ben", last_name="Bauer")
    return lead, ada, ben


def overdue_by(case, days):
    Case.objects.filter(pk=case.pk).update(due_on=TODAY - dt.timedelta(days=days))


def test_workload_counts_open_waiting_and_overdue_per_person_and_the_unassigned(team):
    lead, ada, ben = team
    cases = [open_case() for _ in range(6)]
    for case in cases[:3]:
        case_assign(case=case, assignee=ada, by=lead)
    case_assign(case=cases[3], assignee=ben, by=lead)
    case_change_status(case=cases[1], status=Case.Status.WAITING, by=ada)
    case_change_status(case=cases[2], status=Case.Status.CLOSED, by=ada)
    overdue_by(cases[0], 3)
    overdue_by(cases[4], 40)
    Case.objects.filter(pk=cases[5].pk).update(due_on=TODAY)  # due today: not overdue
    open_case(municipality="Garbsen")  # another inbox (ABH Region): not counted

    overview = dashboard.team_overview(institution_id="abh-lhh", today=TODAY)

    rows = {row.name or "nobody": (row.open, row.waiting, row.overdue) for row in overview.workload}
    assert rows == {
        "Ada Arslan": (2, 1, 1),
        "Ben Bauer": (1, 0, 0),
        "Lea Lead": (0, 0, 0),
        "nobody": (2, 0, 1),
    }
    assert (overview.open_total, overview.overdue_total) == (5, 2)
    assert dict(overview.overdue_by_age) == {
        (1, 7): 1,
        (8, 14): 0,
        (15, 30): 0,
        (31, 60): 1,
        (61, None): 0,
    }


@pytest.mark.parametrize(
    ("days", "bucket"), [(1, (1, 7)), (7, (1, 7)), (8, (8, 14)), (60, (31, 60)), (61, (61, None))]
)
def test_overdue_ages_have_no_gaps_and_no_overlaps(days, bucket):
    overdue_by(open_case(), days)
    ages = dict(dashboard.team_overview(institution_id="abh-lhh", today=TODAY).overdue_by_age)
    assert ages[bucket] == 1 and sum(ages.values()) == 1


def test_intake_counts_arrivals_and_handovers_per_week_and_closings(team):
    lead, _ada, _ben = team
    open_case()  # opened in ABH LHH this week
    general = open_case(topic="general", municipality=None)  # the Welcome Center's
    case_hand_over(
        case=general,
        to_institution=Institution.objects.get(pk="abh-lhh"),
        by=StaffFactory(institution_id="welcome-center"),
        reason="Residence question after all.",
    )
    closed = open_case()
    case_change_status(case=closed, status=Case.Status.CLOSED, by=lead)

    weeks = dashboard.weekly(institution_id="abh-lhh", today=timezone.localdate())

    assert len(weeks) == dashboard.WEEKS
    assert all(week.monday.weekday() == 0 for week in weeks)
    assert (weeks[-1].intake, weeks[-1].closed) == (3, 1)
    assert sum(week.intake for week in weeks[:-1]) == 0
    assert (
        dashboard.weekly(institution_id="welcome-center", today=timezone.localdate())[-1].intake
        == 1
    )


def test_only_team_leads_see_the_dashboard():
    worker = browser_of("abh-lhh")
    assert worker.get(reverse("cases:team")).status_code == 404
    lead = browser_of("abh-lhh", role="team_lead")
    assert lead.get(reverse("cases:team")).status_code == 200


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "es", "fr"])
def test_the_charts_draw_with_plain_numbers_in_every_language(team, language):
    """A decimal comma in an SVG attribute breaks the drawing (it did, in five languages)."""
    lead, ada, _ben = team
    for _ in range(3):
        case_assign(case=open_case(), assignee=ada, by=lead)
    browser = browser_of("abh-lhh", role="team_lead")

    with translation.override(language):
        response = browser.get(reverse("cases:team"), HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()

    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        for value in re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="([^"]*)"', svg):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), (language, value)
    assert "Ada Arslan" in page
    if language == "ar":
        assert 'dir="rtl"' in page
