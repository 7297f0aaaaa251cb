"""Journey: a skilled worker asks for a consultation in German, then books an appointment from
the confirmation page — without an account, accessible, and working without JavaScript."""

import pytest

from welcome.consultations.models import Booking, ConsultationRequest
from welcome.consultations.tests.factories import SlotFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def fill_request_form(page):
    page.select_option("#id_topic", "residence")
    page.fill("#id_nationality", "Marokko")
    page.fill("#id_qualification", "Pflegefachkraft")
    page.select_option("#id_municipality", "Garbsen")
    page.select_option("#id_language", "ar")
    page.select_option("#id_channel", "in_person")
    page.fill("#id_name", "Amina Beispiel")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_summary", "Welche Aufenthaltserlaubnis brauche ich?")
    page.check("#id_consent__welcome-center__advice")
    page.check("#id_consent__abh-region__case_handling")


def test_a_worker_requests_a_consultation_in_german_and_books_a_slot(page, axe_check):
    slot = SlotFactory(institution_id="welcome-center")
    page.goto(page.base_url + "/")
    page.click("a[href='/consultation/worker/']")
    page.wait_for_url("**/consultation/worker/")
    assert page.locator("html").get_attribute("lang") == "de"
    axe_check(page)

    # A mistake first: the form keeps the entries and names the problem, linked to the field.
    fill_request_form(page)
    page.fill("#id_email", "amina-at-example")
    page.click("form.consult-form button[type=submit]")
    assert page.locator("#form-errors").is_visible()
    # Focus lands on the summary and the title says what happened (no JavaScript involved).
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.title().startswith("Fehler:")
    assert page.input_value("#id_name") == "Amina Beispiel"
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    axe_check(page)

    page.fill("#id_email", "amina@example.org")
    page.check("#id_consent__welcome-center__advice")
    page.click("form.consult-form button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    request = ConsultationRequest.objects.get()
    assert request.case_reference in page.locator("h1").inner_text()
    assert page.locator(".message-success").is_visible()
    axe_check(page)

    page.check(f"#slot-{slot.pk}")
    page.click("form.consult-slots button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    assert page.locator("#booked-appointment").is_visible()
    assert Booking.objects.get(cancelled_at__isnull=True).slot_id == slot.pk
    axe_check(page)


def test_booking_works_without_javascript_on_a_320_pixel_screen(browser, live_server):
    # No axe here: axe-core is JavaScript. The same pages are checked in the journey above.
    slot = SlotFactory(institution_id="welcome-center")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}, locale="de-DE"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/consultation/worker/")
    fill_request_form(page)
    page.click("form.consult-form button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.check(f"#slot-{slot.pk}")
    page.click("form.consult-slots button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    assert page.locator("#booked-appointment").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
