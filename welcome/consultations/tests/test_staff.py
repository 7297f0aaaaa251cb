"""Staff manage their institution's slots and see its bookings — and nothing of others'."""

import datetime as dt

import pytest

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.consultations import services
from welcome.consultations.models import Slot
from welcome.consultations.tests.factories import BookingFactory, SlotFactory

pytestmark = pytest.mark.django_db

SERIES_URL = "/en/consultation/staff/slots/new/"
SLOTS_URL = "/en/consultation/staff/slots/"


def series(**overrides):
    data = {
        "first_day": "2027-05-03",  # Monday
        "last_day": "2027-05-16",
        "weekdays": ["0", "2"],
        "day_start": "09:00",
        "day_end": "11:00",
        "duration_minutes": "30",
        "channel": "in_person",
        "capacity": "1",
        "location": "",
        "skip_holidays": "on",
    }
    data.update(overrides)
    return data


def test_a_series_creates_slots_on_the_chosen_weekdays_in_local_time(staff_client):
    response = staff_client.post(SERIES_URL, series())
    assert response.status_code == 302
    slots = Slot.objects.order_by("start")
    # Mon 3, Wed 5, Mon 10, Wed 12 May 2027 x four 30-minute slots.
    assert slots.count() == 16
    assert {s.institution_id for s in slots} == {"welcome-center"}
    first = slots.first()
    assert first.start == dt.datetime(2027, 5, 3, 7, 0, tzinfo=dt.UTC)  # 09:00 CEST
    assert first.end - first.start == dt.timedelta(minutes=30)
    assert AuditEntry.objects.filter(action="consultations.slot_series_created").exists()


def test_a_series_skips_public_holidays_in_lower_saxony():
    # Ascension Day 2027 is Thursday 6 May; Whit Monday is 17 May.
    result = services.slot_series_create(
        institution_id="ihk-hannover",
        by=None,
        first_day=dt.date(2027, 5, 3),
        last_day=dt.date(2027, 5, 17),
        weekdays={0, 3},
        day_start=dt.time(9),
        day_end=dt.time(10),
        duration_minutes=60,
        channel="phone",
    )
    days = sorted(s.start.date() for s in Slot.objects.all())
    assert dt.date(2027, 5, 6) not in days
    assert dt.date(2027, 5, 17) not in days
    assert result.created == 3 and result.skipped_holidays == 2


def test_creating_the_same_series_twice_adds_nothing(staff_client):
    staff_client.post(SERIES_URL, series())
    staff_client.post(SERIES_URL, series())
    assert Slot.objects.count() == 16


def test_a_series_with_the_end_before_the_start_is_refused_with_a_message(staff_client):
    response = staff_client.post(SERIES_URL, series(day_end="08:00", last_day="2027-05-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end time must be after the start time." in html
    assert "The last day must not be before the first day." in html
    assert Slot.objects.count() == 0


def test_staff_see_only_their_own_institutions_slots_and_bookings(client):
    mine = BookingFactory(slot__institution_id="ihk-hannover")
    theirs = BookingFactory(slot__institution_id="hwk-hannover")
    login_verified(client, StaffFactory(institution_id="ihk-hannover"))
    response = client.get(SLOTS_URL)
    html = response.content.decode()
    assert mine.request.name in html
    assert theirs.request.name not in html
    assert AuditEntry.objects.filter(action="consultations.bookings_viewed").exists()


def test_staff_cannot_remove_another_institutions_slot(client):
    slot = SlotFactory(institution_id="hwk-hannover")
    login_verified(client, StaffFactory(institution_id="ihk-hannover"))
    response = client.post(f"/en/consultation/staff/slots/{slot.pk}/delete/")
    assert response.status_code == 404
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_staff_remove_a_free_slot_but_not_a_booked_one(staff_client):
    free = SlotFactory()
    booked = BookingFactory().slot
    staff_client.post(f"/en/consultation/staff/slots/{free.pk}/delete/")
    staff_client.post(f"/en/consultation/staff/slots/{booked.pk}/delete/")
    assert not Slot.objects.filter(pk=free.pk).exists()
    assert Slot.objects.filter(pk=booked.pk).exists()


def test_the_staff_pages_need_a_login_with_second_factor(client):
    response = client.get(SLOTS_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(StaffFactory())
    response = client.get(SERIES_URL)
    assert "/accounts/login/code/" in response["Location"]


def test_a_series_starting_in_the_past_is_refused(staff_client):
    response = staff_client.post(SERIES_URL, series(first_day="2020-01-06", last_day="2020-01-10"))
    assert response.status_code == 400
    assert "The first day must not be in the past." in response.content.decode()
