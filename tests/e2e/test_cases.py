"""Journey: a Welcome Center case worker logs in with password and TOTP code, takes a case from
the triage inbox, writes a note and hands it over to the IHK; an IHK case worker logs in and finds
it in their inbox. Inbox and case page pass the axe check and fit a 320 px screen."""

import pytest

from tests.e2e.helpers import log_in, too_wide_at_320
from welcome.accounts.tests.factories import StaffFactory
from welcome.cases.models import Case
from welcome.cases.tests.factories import open_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_case_is_taken_noted_and_handed_over_to_the_ihk(page, browser, live_server, axe_check):
    wc_worker = StaffFactory(institution_id="welcome-center", username="wc-anna")
    ihk_worker = StaffFactory(institution_id="ihk-hannover", username="ihk-ben")
    case = open_case(
        topic="general",
        municipality=None,
        consent_for=["welcome-center", "ihk-hannover"],
        person={
            "name": "Karim Mansour",
            "email": "karim@example.org",
            "phone": "",
            "nationality": "",
        },
    )
    assert case.inbox_id == "welcome-center"

    log_in(page, wc_worker)
    assert page.locator("h1").inner_text().startswith("Inbox")
    row = page.locator("tr", has_text=case.reference)
    assert "Karim Mansour" in row.inner_text()
    axe_check(page)
    assert not too_wide_at_320(page)

    row.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/office/{case.pk}/")
    axe_check(page)
    assert not too_wide_at_320(page)

    page.get_by_role("button", name="Take this case").click()
    page.wait_for_url(f"**/office/{case.pk}/")
    page.locator(".message-success").wait_for()  # the URL matched before the redirect, too
    assert page.locator(".message-success").is_visible()

    page.fill("#id_text", "Qualification as industrial clerk; IHK to pre-check the documents.")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url(f"**/office/{case.pk}/")
    assert "industrial clerk" in page.locator("#h-notes + *, .case-note").first.inner_text()

    # A mistake first: no reason. The form says so and keeps the chosen institution.
    page.select_option("#id_handover_to_institution", "ihk-hannover")
    page.get_by_role("button", name="Hand over", exact=True).click()
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_handover_to_institution") == "ihk-hannover"
    axe_check(page)

    page.fill("#id_handover_reason", "Recognition of an IHK occupation; please pre-check.")
    page.get_by_role("button", name="Hand over", exact=True).click()
    # The sender follows it up in "Cases we handed over" (no 404 after a handover).
    page.wait_for_url(lambda url: "/handover/" not in url and f"/office/{case.pk}/" not in url)
    assert page.locator(".message-success").is_visible()
    assert case.reference in page.locator("main").inner_text()
    assert Case.objects.get(pk=case.pk).inbox_id == "ihk-hannover"

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    other = context.new_page()
    other.base_url = live_server.url
    try:
        log_in(other, ihk_worker)
        row = other.locator("tr", has_text=case.reference)
        assert "Handed over" in row.inner_text()
        row.get_by_role("link", name=case.reference).click()
        other.wait_for_url(f"**/office/{case.pk}/")
        body = other.locator("main").inner_text()
        assert "Karim Mansour" in body
        assert "please pre-check" in body
        assert "industrial clerk" in body
        axe_check(other)
    finally:
        context.close()
