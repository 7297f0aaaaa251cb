"""A case is due a number of working days after it was opened or handed over (Lower Saxony).

Expected dates were read off a printed calendar: Easter 2026 is Good Friday 3 April, Easter
Sunday 5 April, Easter Monday 6 April; Christmas Day 2026 is a Friday.
"""

import datetime as dt

import pytest
import time_machine

from welcome.cases.services import case_hand_over
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db

# Thursday before Easter 2026, noon in Hannover.
MAUNDY_THURSDAY = dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC)
NOT_DUE = {dt.date(2026, 4, 3), dt.date(2026, 4, 6)}  # Good Friday, Easter Monday


@pytest.mark.parametrize(
    ("topic", "due_on"),
    [
        pytest.param(
            "residence",
            dt.date(2026, 4, 20),
            id="a residence case (10 working days) skips Easter and is due Monday 20 April",
        ),
        pytest.param(
            "labour_market",
            dt.date(2026, 4, 13),
            id="a labour-market case (5 working days) is due Monday 13 April",
        ),
        pytest.param(
            "accelerated_procedure",
            dt.date(2026, 4, 13),
            id="an accelerated procedure (5 working days) is due Monday 13 April",
        ),
        pytest.param(
            "general",
            dt.date(2026, 4, 15),
            id="a general question (7 working days) is due Wednesday 15 April, not Sunday 12th",
        ),
    ],
)
def test_a_case_opened_before_easter_is_due_on_a_working_day(topic, due_on):
    with time_machine.travel(MAUNDY_THURSDAY, tick=False):
        case = open_case(topic=topic)
    case.refresh_from_db()
    assert case.due_on == due_on
    assert case.due_on.weekday() < 5
    assert case.due_on not in NOT_DUE


def test_a_case_opened_on_the_friday_before_holy_week_is_not_due_on_easter_monday():
    """Ten calendar days used to end on Easter Monday; seven working days end on 9 April."""
    with time_machine.travel(dt.datetime(2026, 3, 27, 10, tzinfo=dt.UTC), tick=False):
        case = open_case(topic="general")
    assert case.due_on == dt.date(2026, 4, 9)


def test_a_case_opened_just_after_midnight_counts_from_the_day_in_hannover():
    """23:30 UTC on Tuesday 31 March is 01:30 on Wednesday 1 April in Hannover; five working days
    from Wednesday skip Good Friday and Easter Monday and end on Friday 10 April (from Tuesday
    they would end on Thursday 9 April)."""
    with time_machine.travel(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        case = open_case(topic="labour_market")
    assert case.due_on == dt.date(2026, 4, 10)


def test_a_handover_before_christmas_restarts_the_working_days(wc_worker):
    """Opened Wednesday 2 December 2026 (due 16 December), handed over Wednesday 23 December:
    Christmas Eve and 28 to 31 December count, Christmas, New Year and the weekends do not."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        case = open_case(municipality=None)  # residence, to the Welcome Center's triage
    assert case.due_on == dt.date(2026, 12, 16)
    with time_machine.travel(dt.datetime(2026, 12, 23, 10, tzinfo=dt.UTC), tick=False):
        case_hand_over(
            case=case,
            to_institution=Institution.objects.get(pk="abh-region"),
            by=wc_worker,
            reason="Lives in Garbsen",
        )
    case.refresh_from_db()
    assert case.due_on == dt.date(2027, 1, 8)
