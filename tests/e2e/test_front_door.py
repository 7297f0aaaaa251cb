"""Journeys across institutions and roles. A skilled worker does the pathway check and books a
pre-consultation; the Welcome Center is notified, triages and routes to the ABH of the Region with
one click; the ABH is notified, sees the check's result and the appointment, and sends a "missing
documents" letter in the person's language; the Welcome Center sees where the case is now.
Every back-office page on the way passes the axe check."""

import pytest
from django.core import mail

from tests.e2e.helpers import log_in, too_wide_at_320
from tests.e2e.test_pathway import complete_the_wizard
from welcome.accounts.tests.factories import StaffFactory
from welcome.cases.models import Case, Event
from welcome.cases.services import case_assign
from welcome.cases.tests.factories import open_case
from welcome.consultations.tests.factories import SlotFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def staff_page(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, user)
    return context, page


def test_check_book_triage_route_handle_and_follow(page, browser, live_server, axe_check):
    slot = SlotFactory(institution_id="welcome-center")
    wc_worker = StaffFactory(institution_id="welcome-center", username="wc-lena")
    abh_worker = StaffFactory(institution_id="abh-region", username="abh-omar")

    # The person: the check (Garbsen, a degree, IT job) and a request with its answers.
    complete_the_wizard(page)
    page.get_by_role("link", name="Book a pre-consultation with these answers").click()
    page.wait_for_url("**/consultation/worker/**")
    assert page.input_value("#id_municipality") == "Garbsen"
    page.select_option("#id_language", "es")
    page.select_option("#id_channel", "in_person")
    page.fill("#id_name", "Lucía Fernández")
    page.fill("#id_email", "lucia@example.org")
    page.check("#id_consent__welcome-center__advice")
    page.click("form.consult-form button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    page.check(f"#slot-{slot.pk}")
    page.click("form.consult-slots button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    assert page.locator("#booked-appointment").is_visible()
    case = Case.objects.get()
    assert case.inbox_id == "welcome-center" and case.triage == "pending"

    # The Welcome Center: told of the new case, sees the proposal and accepts it with one click.
    wc_context, wc = staff_page(browser, live_server, wc_worker)
    try:
        assert "Notifications (1 unread)" in wc.locator("main").inner_text()
        wc.get_by_role("link", name="Notifications (1 unread)").click()
        wc.wait_for_url("**/office/notifications/")
        axe_check(wc)
        wc.get_by_role("link", name=case.reference).click()
        wc.wait_for_url(f"**/office/{case.pk}/")
        routing = wc.locator("section", has=wc.get_by_role("heading", name="Routing"))
        assert "ABH Region Hannover" in routing.inner_text()
        assert "Garbsen" in routing.inner_text()
        wc.get_by_role("button", name="Accept the proposal").click()
        wc.wait_for_url("**/office/**")
        assert wc.locator(".message-success").is_visible()
        assert Case.objects.get().inbox_id == "abh-region"
    except Exception:
        wc_context.close()
        raise

    # The ABH of the Region: told of the handover; the case shows the check and the appointment.
    abh_context, abh = staff_page(browser, live_server, abh_worker)
    try:
        abh.get_by_role("link", name="Notifications (1 unread)").click()
        abh.get_by_role("link", name=case.reference).click()
        abh.wait_for_url(f"**/office/{case.pk}/")
        check = abh.locator("section", has=abh.get_by_role("heading", name="Pathway check"))
        assert "EU Blue Card" in check.inner_text()
        appointments = abh.locator("section", has=abh.get_by_role("heading", name="Appointments"))
        assert "Welcome Center" in appointments.inner_text()
        axe_check(abh)

        abh.check("#letter-missing_documents")
        abh.get_by_role("button", name="Show the preview").click()
        abh.wait_for_url("**/letters/**")
        assert "Spanish" in abh.locator("main").inner_text()  # the person's language
        axe_check(abh)
        abh.get_by_role("button", name="Send as PDF by e-mail to lucia@example.org").click()
        abh.wait_for_url(f"**/office/{case.pk}/")
        abh.locator(".message-success").wait_for()  # the URL matched before the redirect, too
        assert abh.locator(".message-success").is_visible()
    finally:
        abh_context.close()
    (letter,) = [
        m
        for m in mail.outbox
        if m.to == ["lucia@example.org"] and any(a[2] == "application/pdf" for a in m.attachments)
    ]
    assert case.reference in letter.subject
    assert "Documents missing" not in letter.subject  # written in Spanish, not English
    assert Event.objects.filter(case=case, kind="letter", details__language="es").exists()

    # The Welcome Center follows the case it routed: where it is now and in what state.
    try:
        wc.goto(live_server.url + "/en/office/?scope=sent")
        row = wc.locator("tr", has_text=case.reference)
        assert "ABH Region Hannover" in row.inner_text()
        assert "Lucía Fernández" in row.inner_text()
        axe_check(wc)
        row.get_by_role("link", name=case.reference).click()
        wc.wait_for_url(f"**/office/{case.pk}/")
        timeline = wc.locator("main").inner_text()
        assert "Letter" in timeline
    finally:
        wc_context.close()


def test_a_team_lead_reads_the_team_overview_in_arabic(browser, live_server, axe_check):
    """Right to left, charts with their tables, accessible, and no sideways scrolling on a phone."""
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead", first_name="Lea")
    worker = StaffFactory(institution_id="abh-lhh", first_name="Omar", last_name="Haddad")
    for _ in range(3):
        case_assign(case=open_case(), assignee=worker, by=lead)
    context, page = staff_page(browser, live_server, lead)
    try:
        page.goto(live_server.url + "/ar/office/team/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("svg.chart").count() == 3
        row = page.locator("tr", has_text="Omar Haddad")
        assert row.locator("td").first.inner_text() == "3"
        axe_check(page)
        assert not too_wide_at_320(page)
    finally:
        context.close()
