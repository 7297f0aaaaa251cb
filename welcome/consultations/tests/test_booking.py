"""Booking, rebooking and cancelling through the signed link; no double booking; the .ics."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from welcome.consultations import services
from welcome.consultations.models import Booking, Slot
from welcome.consultations.tests.factories import (
    BookingFactory,
    ConsultationRequestFactory,
    SlotFactory,
)
from welcome.consultations.tokens import form_started_token, request_token
from welcome.region.data import region

pytestmark = pytest.mark.django_db


def page_url(request, action=""):
    return f"/en/consultation/r/{request_token(request)}/{action}"


def book(client, request, slot, **extra):
    data = {"slot": slot.pk, **extra}
    return client.post(page_url(request, "book/"), data)


def test_the_request_page_lists_free_slots_of_the_inbox_and_the_welcome_center(client):
    request = ConsultationRequestFactory(inbox_id="ihk-hannover")
    ihk = SlotFactory(institution_id="ihk-hannover")
    welcome = SlotFactory(institution_id="welcome-center")
    SlotFactory(institution_id="hwk-hannover")
    SlotFactory(full=True)
    response = client.get(page_url(request))
    assert response.status_code == 200
    listed = {s["pk"] for slots in response.context["slots_by_institution"].values() for s in slots}
    assert listed == {ihk.pk, welcome.pk}


def test_the_request_page_lists_the_earliest_slots_of_each_institution_only(client, monkeypatch):
    from welcome.consultations import views

    monkeypatch.setattr(views, "SLOTS_PER_INSTITUTION", 2)
    request = ConsultationRequestFactory(inbox_id="ihk-hannover")
    soon = timezone.now() + dt.timedelta(days=1)
    slots = {
        institution: [
            SlotFactory(institution_id=institution, start=soon + dt.timedelta(hours=hours))
            for hours in (5, 1, 3)
        ]
        for institution in ("ihk-hannover", "welcome-center")
    }
    listed = client.get(page_url(request)).context["slots_by_institution"]
    shown = {name: [s["pk"] for s in items] for name, items in listed.items()}
    names = {institution: region().institutions[institution].name for institution in slots}
    assert shown == {names[i]: [made[1].pk, made[2].pk] for i, made in slots.items()}


def test_a_requester_books_a_slot_and_gets_one_confirmation_with_a_calendar_file(
    client, django_capture_on_commit_callbacks
):
    request = ConsultationRequestFactory()
    slot = SlotFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client, request, slot)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.slot == slot and booking.request == request
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert len(mail.outbox) == 1
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("appointment.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content
    assert f"DTSTART:{slot.start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in content
    page = client.get(page_url(request))
    assert page.context["booking"] == booking


def test_it_refuses_the_last_seat_to_a_second_requester(client):
    slot = SlotFactory()
    first, second = ConsultationRequestFactory(), ConsultationRequestFactory()
    assert book(client, first, slot).status_code == 302
    response = book(client, second, slot)
    assert response.status_code == 400
    assert "Sorry, this appointment has just been taken." in response.content.decode()
    assert Booking.objects.filter(request=second).count() == 0
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_a_slot_with_two_seats_takes_two_people_and_no_third():
    slot = SlotFactory(capacity=2)
    for _ in range(2):
        services.slot_book(request=ConsultationRequestFactory(), slot_id=slot.pk)
    with pytest.raises(services.BookingError) as error:
        services.slot_book(request=ConsultationRequestFactory(), slot_id=slot.pk)
    assert error.value.code == "taken"


def test_the_database_refuses_an_overbooked_slot_even_if_code_forgets_to_check():
    from django.db import IntegrityError, transaction

    slot = SlotFactory(capacity=1, booked_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=2)


def test_a_request_holds_at_most_one_active_booking_in_the_database():
    from django.db import IntegrityError, transaction

    booking = BookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(request=booking.request, slot=SlotFactory())


def test_booking_another_slot_moves_the_appointment_and_frees_the_old_seat(client):
    booking = BookingFactory()
    new_slot = SlotFactory()
    assert book(client, booking.request, new_slot).status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert Booking.objects.get(cancelled_at__isnull=True).slot == new_slot
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 0
    assert Slot.objects.get(pk=new_slot.pk).booked_count == 1


def test_a_failed_rebooking_keeps_the_old_appointment(client):
    booking = BookingFactory()
    full = SlotFactory(full=True)
    assert book(client, booking.request, full).status_code == 400
    booking.refresh_from_db()
    assert booking.cancelled_at is None
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 1


def test_cancelling_by_the_link_frees_the_seat(client):
    booking = BookingFactory()
    response = client.post(page_url(booking.request, "cancel/"))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 0
    # Cancelling twice changes nothing.
    assert services.booking_cancel(booking=booking) is False
    assert Slot.objects.get(pk=booking.slot_id).booked_count == 0


def test_it_refuses_a_slot_in_the_past(client):
    slot = SlotFactory(past=True)
    response = book(client, ConsultationRequestFactory(), slot)
    assert response.status_code == 400
    assert Booking.objects.count() == 0


def test_it_refuses_a_slot_of_an_institution_not_offered_for_the_request(client):
    slot = SlotFactory(institution_id="abh-lhh")
    response = book(client, ConsultationRequestFactory(inbox_id="ihk-hannover"), slot)
    assert response.status_code == 400
    assert "not offered for your request" in response.content.decode()


def test_it_refuses_a_booking_without_a_chosen_slot_with_a_clear_message(client):
    request = ConsultationRequestFactory()
    SlotFactory()
    response = client.post(
        page_url(request, "book/"), {"started": form_started_token(), "website": ""}
    )
    assert response.status_code == 400
    assert "Please choose an appointment." in response.content.decode()


def test_a_quick_person_books_at_once_and_only_bookings_count_toward_the_limit(client, settings):
    """The booking page is behind the private link of a request that passed the bot check: a
    person who picks a slot within a second is not told "too fast", and refused attempts (a
    slot taken meanwhile) do not use up the allowance of an address (a kiosk, a NAT)."""
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 3
    slot = SlotFactory()
    assert book(client, ConsultationRequestFactory(), slot).status_code == 302
    full = SlotFactory(capacity=1, booked_count=1)
    for _ in range(6):
        assert book(client, ConsultationRequestFactory(), full).status_code == 400
    assert book(client, ConsultationRequestFactory(), SlotFactory()).status_code == 302


def test_public_booking_is_rate_limited_per_address(client):
    slots = [SlotFactory() for _ in range(6)]
    for slot in slots[:5]:
        assert book(client, ConsultationRequestFactory(), slot).status_code == 302
    assert book(client, ConsultationRequestFactory(), slots[5]).status_code == 429


def test_a_withdrawn_request_cannot_book():
    with pytest.raises(services.BookingError) as error:
        services.slot_book(
            request=ConsultationRequestFactory(withdrawn=True), slot_id=SlotFactory().pk
        )
    assert error.value.code == "closed"


def test_withdrawing_cancels_the_booking_and_leaves_the_waiting_lists(client):
    booking = BookingFactory()
    services.waiting_list_join(request=booking.request, institution_id="ihk-hannover")
    response = client.post(page_url(booking.request, "withdraw/"))
    assert response.status_code == 302
    booking.refresh_from_db()
    booking.request.refresh_from_db()
    assert booking.request.status == "withdrawn"
    assert booking.cancelled_at is not None
    assert not booking.request.waiting_list_entries.filter(left_at__isnull=True).exists()


def test_the_requester_changes_contact_details_by_the_link(client):
    request = ConsultationRequestFactory()
    response = client.post(
        page_url(request, "change/"),
        {
            "name": "Amina B.",
            "email": "new@example.org",
            "phone": "",
            "language": "fr",
            "channel": "phone",
            "summary": "Neue Frage",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.email, request.language, request.channel) == ("new@example.org", "fr", "phone")


def test_a_bad_change_keeps_the_entries_and_names_the_problem(client):
    request = ConsultationRequestFactory()
    response = client.post(
        page_url(request, "change/"),
        {"name": "Amina", "email": "nope", "language": "fr", "channel": "phone"},
    )
    assert response.status_code == 400
    assert 'value="nope"' in response.content.decode()
    request.refresh_from_db()
    assert request.email != "nope"


def test_a_forged_link_and_an_unknown_request_both_get_the_same_404(client):
    request = ConsultationRequestFactory()
    token = request_token(request)
    forged = client.get(f"/en/consultation/r/{token[:-2]}xx/")
    request.delete()
    unknown = client.get(f"/en/consultation/r/{token}/")
    assert forged.status_code == unknown.status_code == 404
    assert [t.name for t in forged.templates] == [t.name for t in unknown.templates]
    assert "consultations/link_invalid.html" in [t.name for t in forged.templates]


def test_a_link_expires_after_30_days():
    request = ConsultationRequestFactory()
    token = request_token(request)
    from django.test import Client

    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        assert Client().get(f"/en/consultation/r/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert Client().get(f"/en/consultation/r/{token}/").status_code == 404


def test_the_page_lists_at_most_40_free_appointments_per_institution(client):
    request = ConsultationRequestFactory()
    for _ in range(45):
        SlotFactory()
    response = client.get(page_url(request))
    (listed,) = response.context["slots_by_institution"].values()
    assert len(listed) == 40


def test_the_home_page_links_to_both_request_forms(client):
    html = client.get("/").content.decode()
    assert 'href="/consultation/worker/"' in html
    assert 'href="/consultation/employer/"' in html


def test_it_refuses_a_language_that_is_not_offered_when_changing(client):
    request = ConsultationRequestFactory()
    response = client.post(
        page_url(request, "change/"),
        {"name": "A", "email": "a@example.org", "language": "xx", "channel": "phone"},
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.language == "de"


def calendar_fields(content: str) -> dict[str, str]:
    """The .ics's properties, lines unfolded and TEXT values unescaped (RFC 5545 § 3.1, 3.3.11)."""
    unfolded = content.replace("\r\n ", "")
    fields = dict(line.split(":", 1) for line in unfolded.split("\r\n") if ":" in line)
    return {
        name: value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        for name, value in fields.items()
    }


@pytest.mark.parametrize("language", ["de", "en", "ar", "uk"])
def test_the_calendar_file_speaks_the_language_the_appointment_was_booked_in(
    client, language, django_capture_on_commit_callbacks
):
    request = ConsultationRequestFactory(language=language, ui_language=language)
    slot = SlotFactory(channel="video")
    prefix = "" if language == "de" else f"/{language}"
    # The link's signed token carries the second it was made: the clock stands still, so the
    # token made here is the one in the mail even when a second boundary falls in between.
    with time_machine.travel(timezone.now(), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"{prefix}/consultation/r/{request_token(request)}/book/", {"slot": slot.pk}
            )
        link = f"{settings.SITE_URL}{prefix}/consultation/r/{request_token(request)}/"
    (_name, content, _type) = mail.outbox[0].attachments[0]
    fields = calendar_fields(content)
    institution = region().institutions[slot.institution_id].name
    with translation.override(language):
        assert fields["SUMMARY"] == gettext("Consultation %(reference)s") % {
            "reference": request.case_reference
        }
        assert fields["DESCRIPTION"] == gettext("Change or cancel: %(link)s") % {"link": link}
        assert fields["LOCATION"] == gettext(
            "Video call with %(institution)s (you will receive the link by e-mail)"
        ) % {"institution": institution}
    if language != "en":  # translated, not the English words
        assert "Consultation" not in fields["SUMMARY"]
        assert "Change or cancel" not in fields["DESCRIPTION"]
