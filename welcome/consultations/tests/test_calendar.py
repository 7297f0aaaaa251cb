"""The staff calendar: a day and a week of the institution's appointments, and booking, moving
and cancelling for a person on the phone — with the e-mails in the person's language, linking
to the site that served the staff member."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.cases.models import Case
from welcome.cases.tests.factories import open_case
from welcome.consultations import notifications, selectors, services
from welcome.consultations.models import Booking, ConsultationRequest, Slot
from welcome.consultations.tests.factories import (
    BookingFactory,
    ConsultationRequestFactory,
    SlotFactory,
)
from welcome.consultations.tokens import form_started_token, request_token

pytestmark = pytest.mark.django_db

DAY_URL = "/en/consultation/staff/calendar/"
WEEK_URL = "/en/consultation/staff/calendar/week/"
BOOK_URL = "/en/consultation/staff/calendar/book/"
HOST = "office.example"


@pytest.fixture
def office(settings):
    """The back office is served under its own host name (not settings.SITE_URL)."""
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    return {"HTTP_HOST": HOST, "secure": True}


def staff_of(client, institution_id):
    user = StaffFactory(institution_id=institution_id)
    login_verified(client, user)
    return user


def in_days(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def slot_at(start: dt.datetime, **kwargs) -> Slot:
    return SlotFactory(start=start, end=start + dt.timedelta(minutes=30), **kwargs)


def hello(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


def said(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


# --- the lists ------------------------------------------------------------------------------------


def test_the_day_and_the_week_list_only_the_own_institutions_appointments(client):
    start = in_days(3)
    mine = BookingFactory(slot=slot_at(start, institution_id="ihk-hannover", booked_count=1))
    theirs = BookingFactory(slot=slot_at(start, institution_id="hwk-hannover", booked_count=1))
    free = slot_at(start + dt.timedelta(hours=1), institution_id="ihk-hannover")
    staff_of(client, "ihk-hannover")
    day = start.date().isoformat()
    for url in (f"{DAY_URL}?date={day}", f"{WEEK_URL}?date={day}"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert mine.request.name in html
        assert mine.request.case_reference in html
        assert theirs.request.name not in html
        assert f"?slot={free.pk}" in html  # a free seat can be booked from the list
        assert f"/staff/bookings/{mine.pk}/" in html
    assert AuditEntry.objects.filter(
        action="consultations.bookings_viewed", reason="calendar"
    ).exists()


def test_the_week_runs_monday_to_sunday_with_free_seats_per_day(client):
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    for offset in (0, 2):
        start = timezone.make_aware(
            dt.datetime.combine(monday + dt.timedelta(days=offset), dt.time(9))
        )
        slot_at(start, capacity=3, booked_count=1)
    staff_of(client, "welcome-center")
    response = client.get(f"{WEEK_URL}?date={(monday + dt.timedelta(days=4)).isoformat()}")
    assert response.context["first_day"] == monday
    summary = {
        row["day"]: (row["slots"], row["booked"], row["free"])
        for row in response.context["summary"]
    }
    assert len(summary) == 7
    assert summary[monday] == (1, 1, 2)
    assert summary[monday + dt.timedelta(days=1)] == (0, 0, 0)
    html = response.content.decode()
    assert f"?date={(monday - dt.timedelta(days=7)).isoformat()}" in html
    assert f"?date={(monday + dt.timedelta(days=7)).isoformat()}" in html


def test_the_day_links_to_the_previous_and_the_next_day(client):
    staff_of(client, "welcome-center")
    html = client.get(f"{DAY_URL}?date=2027-03-01").content.decode()
    assert f"{DAY_URL}?date=2027-02-28" in html
    assert f"{DAY_URL}?date=2027-03-02" in html


@pytest.mark.parametrize("value", ["yesterday", "2027-02-30", "9999-12-31", "2027-3-1", "x" * 500])
def test_an_invalid_date_gets_a_message_and_today_not_an_error(client, value):
    staff_of(client, "welcome-center")
    for url in (DAY_URL, WEEK_URL):
        response = client.get(url, {"date": value})
        assert response.status_code == 400
        assert response.context["first_day"] <= timezone.localdate()
        text = " ".join(str(m) for m in response.context["messages"])
        assert "date" in text


def test_a_busy_day_comes_in_keyset_pages(client, monkeypatch):
    monkeypatch.setattr(selectors, "CALENDAR_PAGE_SIZE", 2)
    start = in_days(2)
    slots = [slot_at(start + dt.timedelta(minutes=30 * n)) for n in range(3)]
    staff_of(client, "welcome-center")
    first = client.get(f"{DAY_URL}?date={start.date().isoformat()}")
    html = first.content.decode()
    assert f"?slot={slots[0].pk}" in html and f"?slot={slots[1].pk}" in html
    assert f"?slot={slots[2].pk}" not in html
    second = client.get(first.context["more_url"])
    assert second.status_code == 200
    html = second.content.decode()
    assert f"?slot={slots[2].pk}" in html and f"?slot={slots[0].pk}" not in html
    assert second.context["more_url"] == ""
    # A forged cursor is no error: the first page again.
    forged = client.get(f"{DAY_URL}?date={start.date().isoformat()}&after=nonsense")
    assert forged.status_code == 200


def test_names_in_the_list_are_escaped(client):
    booking = BookingFactory(request=ConsultationRequestFactory(name="<script>x</script>"))
    staff_of(client, "welcome-center")
    day = timezone.localtime(booking.slot.start).date().isoformat()
    html = client.get(f"{DAY_URL}?date={day}").content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_calendar_needs_staff_with_second_factor(client):
    response = client.get(WEEK_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- booking for a caller -------------------------------------------------------------------------


def caller(**overrides):
    data = {
        "name": "Lucía Fernández",
        "email": "lucia@example.org",
        "phone": "+34 600 000 000",
        "language": "es",
        "topic": "recognition",
        "requester_kind": "worker",
        "municipality": "Garbsen",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_staff_book_for_a_caller_without_a_case_which_opens_one_and_mails_in_spanish(
    client, office, django_capture_on_commit_callbacks
):
    slot = slot_at(in_days(4), institution_id="ihk-hannover")
    staff_of(client, "ihk-hannover")
    assert client.get(f"{BOOK_URL}?slot={slot.pk}", **office).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BOOK_URL, {**caller(), "slot": slot.pk}, **office)
    assert response.status_code == 302, response.content.decode()
    booking = Booking.objects.get()
    request = booking.request
    assert (booking.slot, request.language, request.email) == (slot, "es", "lucia@example.org")
    case = Case.objects.get(reference=request.case_reference)
    assert case.language == "es"
    assert set(case.consents.values_list("institution_id", flat=True)) >= {
        "welcome-center",
        "ihk-hannover",
    }
    assert Slot.objects.get(pk=slot.pk).booked_count == 1
    # The request's confirmation (with the personal link) and the appointment's, both Spanish,
    # both linking to the host that served the staff member.
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.to == ["lucia@example.org"]
        assert hello("es", "Lucía Fernández") in message.body
        # The link's signature carries the second it was made: compare up to the request's id.
        assert f"https://{HOST}/es/consultation/r/{request.public_id}:" in message.body
        assert "welcome.example" not in message.body
    assert said("es", "your appointment is booked.") in mail.outbox[1].body
    assert AuditEntry.objects.filter(
        action="consultations.slot_booked", actor__isnull=False, reason="booked by staff"
    ).exists()


def test_staff_book_from_a_case_page_attaches_to_its_request_and_mails_in_arabic(
    client, office, django_capture_on_commit_callbacks
):
    case = open_case(language="ar", consent_for=("welcome-center", "abh-lhh"))
    request = ConsultationRequestFactory(
        case_reference=case.reference, language="ar", ui_language="de", inbox_id="abh-lhh"
    )
    slot = slot_at(in_days(5), institution_id="abh-lhh", channel="phone")
    staff_of(client, "abh-lhh")
    page = client.get(f"{BOOK_URL}?case={case.pk}", **office)
    assert page.status_code == 200
    assert page.context["form"].initial["email"] == request.email
    assert "consent" not in page.context["form"].fields
    data = {
        "case": case.pk,
        "slot": slot.pk,
        "name": request.name,
        "email": request.email,
        "phone": "+49 511 111111",
        "language": "ar",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BOOK_URL, data, **office)
    assert response.status_code == 302
    assert response["Location"] == f"/en/office/{case.pk}/"
    booking = Booking.objects.get()
    assert booking.request == request
    request.refresh_from_db()
    assert request.phone == "+49 511 111111"
    assert ConsultationRequest.objects.count() == 1  # no second request, no second case
    assert Case.objects.count() == 1
    (message,) = mail.outbox
    assert hello("ar", request.name) in message.body
    assert f"https://{HOST}/ar/consultation/r/" in message.body
    assert request.phone in message.body  # a phone appointment: "… will call you at …"
    # The appointment shows on the case page, with the way to move or cancel it.
    html = client.get(f"/en/office/{case.pk}/").content.decode()
    assert f"/en/consultation/staff/bookings/{booking.pk}/" in html
    assert "Book an appointment for the person" in html


def test_a_case_without_a_request_gets_one_for_the_booking(client, office):
    case = open_case(language="tr", consent_for=("abh-lhh",))
    slot = slot_at(in_days(5), institution_id="abh-lhh")
    staff_of(client, "abh-lhh")
    data = {"case": case.pk, "slot": slot.pk, "name": "Ayşe Y.", "email": "ayse@example.org"}
    response = client.post(BOOK_URL, {**data, "phone": "", "language": "tr"}, **office)
    assert response.status_code == 302
    request = Booking.objects.get().request
    assert (request.case_reference, request.inbox_id, request.language) == (
        case.reference,
        "abh-lhh",
        "tr",
    )


def test_staff_cannot_book_for_a_case_of_another_institution(client, office):
    case = open_case(consent_for=("welcome-center", "abh-lhh"))  # in the inbox of ABH LHH
    slot = slot_at(in_days(5), institution_id="ihk-hannover")
    staff_of(client, "ihk-hannover")
    data = {"case": case.pk, "slot": slot.pk, "name": "A", "email": "a@example.org"}
    response = client.post(BOOK_URL, {**data, "language": "de"}, **office)
    assert response.status_code == 404
    assert not Booking.objects.exists()
    assert AuditEntry.objects.filter(action="access_denied").exists()


def test_staff_cannot_book_a_slot_of_another_institution(client, office):
    slot = slot_at(in_days(4), institution_id="hwk-hannover")
    staff_of(client, "ihk-hannover")
    response = client.post(BOOK_URL, {**caller(), "slot": slot.pk}, **office)
    assert response.status_code == 400
    assert "not offered" in response.content.decode()
    assert not Booking.objects.exists()
    assert not Case.objects.exists()  # the case opened for it rolled back with the booking


def test_booking_for_a_caller_needs_their_consent_and_a_slot(client, office):
    staff_of(client, "welcome-center")
    response = client.post(BOOK_URL, caller(consent=""), **office)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please ask the person for their consent" in html
    assert "Please choose an appointment." in html


# --- moving and cancelling ------------------------------------------------------------------------


def test_staff_move_an_appointment_and_the_person_gets_one_e_mail_in_spanish(
    client, office, django_capture_on_commit_callbacks
):
    booking = BookingFactory(
        slot=slot_at(in_days(3), booked_count=1),
        request=ConsultationRequestFactory(language="es", ui_language="en"),
    )
    new_slot = slot_at(in_days(6))
    staff_of(client, "welcome-center")
    page = client.get(f"/en/consultation/staff/bookings/{booking.pk}/", **office)
    assert page.status_code == 200
    assert new_slot.pk in [s["pk"] for s in page.context["slots"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/consultation/staff/bookings/{booking.pk}/move/", {"slot": new_slot.pk}, **office
        )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    moved = Booking.objects.get(cancelled_at__isnull=True)
    assert moved.slot == new_slot and moved.request == booking.request
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 0
    assert Slot.objects.get(pk=new_slot.pk).booked_count == 1
    (message,) = mail.outbox
    assert hello("es", booking.request.name) in message.body
    with translation.override("es"):
        assert notifications.when(new_slot) in message.body
        assert notifications.when(booking.slot) in message.body
    assert f"https://{HOST}/es/consultation/r/" in message.body
    assert [name for name, _content, _type in message.attachments] == [
        "appointment.ics",
        "cancelled-appointment.ics",
    ]
    assert "METHOD:CANCEL" in message.attachments[1][1]
    assert AuditEntry.objects.filter(action="consultations.booking_moved").exists()


def test_staff_cancel_an_appointment_and_the_person_hears_it_once_in_arabic(
    client, office, django_capture_on_commit_callbacks
):
    booking = BookingFactory(request=ConsultationRequestFactory(language="ar", ui_language="en"))
    staff_of(client, "welcome-center")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/consultation/staff/bookings/{booking.pk}/cancel/",
            {"next": "/en/office/"},
            **office,
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/office/"
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 0
    (message,) = mail.outbox
    assert hello("ar", booking.request.name) in message.body
    assert said("ar", "Your appointment has been cancelled.") in message.body
    assert f"https://{HOST}/ar/consultation/r/" in message.body
    assert "STATUS:CANCELLED" in message.attachments[0][1]
    # The job run again (or by a second worker) sends nothing more.
    assert notifications.send_booking_cancellation(booking.pk) is False
    assert len(mail.outbox) == 1
    entry = AuditEntry.objects.get(action="consultations.booking_cancelled")
    assert entry.actor is not None and entry.reason == "cancelled by staff"


def test_a_cancellation_notice_that_failed_is_sent_on_the_next_try(monkeypatch):
    booking = BookingFactory()
    user = StaffFactory(institution_id="welcome-center")
    services.staff_booking_cancel(booking=booking, by=user)
    mail.outbox.clear()

    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(ConnectionError):
        notifications.send_booking_cancellation(booking.pk)
    monkeypatch.undo()
    assert notifications.send_booking_cancellation(booking.pk) is True
    assert len(mail.outbox) == 1


def test_another_institution_can_neither_see_nor_move_nor_cancel_a_booking(client):
    booking = BookingFactory(
        slot=slot_at(in_days(3), institution_id="hwk-hannover", booked_count=1)
    )
    other = slot_at(in_days(4), institution_id="ihk-hannover")
    staff_of(client, "ihk-hannover")
    base = f"/en/consultation/staff/bookings/{booking.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}move/", {"slot": other.pk}).status_code == 404
    assert client.post(f"{base}cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.cancelled_at is None
    assert client.get("/en/consultation/staff/bookings/99999999999999999999/").status_code == 404


def test_staff_cannot_move_an_appointment_to_another_institutions_slot(client):
    booking = BookingFactory()
    theirs = slot_at(in_days(4), institution_id="hwk-hannover")
    staff_of(client, "welcome-center")
    response = client.post(
        f"/en/consultation/staff/bookings/{booking.pk}/move/", {"slot": theirs.pk}
    )
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.cancelled_at is None


def test_an_appointment_that_has_begun_cannot_be_moved_or_cancelled():
    booking = BookingFactory(slot=slot_at(timezone.now() - dt.timedelta(minutes=5), booked_count=1))
    user = StaffFactory(institution_id="welcome-center")
    with pytest.raises(services.BookingError) as error:
        services.staff_booking_cancel(booking=booking, by=user)
    assert error.value.code == "over"
    with pytest.raises(services.BookingError):
        services.staff_booking_move(booking=booking, slot_id=slot_at(in_days(2)).pk, by=user)


# --- the person's language ------------------------------------------------------------------------


def test_a_spanish_speaker_who_used_the_english_pages_gets_the_booking_in_spanish(
    client, django_capture_on_commit_callbacks
):
    """The bug: e-mails followed the language of the pages (ui_language), not the person's."""
    request = ConsultationRequestFactory(language="es", ui_language="en")
    slot = SlotFactory()
    data = {"slot": slot.pk, "started": form_started_token(), "website": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/consultation/r/{request_token(request)}/book/", data)
    (message,) = mail.outbox
    assert hello("es", request.name) in message.body
    assert said("es", "your appointment is booked.") in message.body
    assert "https://welcome.example/es/consultation/r/" in message.body  # public: SITE_URL
