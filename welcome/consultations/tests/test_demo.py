import datetime as dt
import io

import holidays
import pytest
from django.core.management import call_command
from django.utils import timezone

from welcome.consultations.models import Slot

pytestmark = pytest.mark.django_db


def test_the_demo_command_creates_business_day_slots_for_three_weeks_once():
    out = io.StringIO()
    call_command("demo_consultations", stdout=out)
    count = Slot.objects.count()
    assert count > 0
    assert set(Slot.objects.values_list("institution_id", flat=True)) == {
        "welcome-center",
        "ihk-hannover",
        "hwk-hannover",
    }
    holiday_days = holidays.Germany(subdiv="NI", years=range(2026, 2030))
    for start in Slot.objects.values_list("start", flat=True):
        day = timezone.localtime(start).date()
        assert day.weekday() < 5 and day not in holiday_days
        assert timezone.localdate() < day <= timezone.localdate() + dt.timedelta(weeks=3)
    call_command("demo_consultations", stdout=io.StringIO())
    assert Slot.objects.count() == count
    assert "Done" in out.getvalue()
