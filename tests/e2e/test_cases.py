"""Journey: a Welcome Center case worker logs in with password and TOTP code, takes a case from
the triage inbox, writes a note and hands it over to the IHK; an IHK case worker logs in and finds
it in their inbox. Inbox and case page pass the axe check and fit a 320 px screen."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.tests.factories import PASSWORD, StaffFactory
from welcome.cases.models import Case
from welcome.cases.tests.factories import open_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(page, user, target="/en/office/"):
    page.goto(f"{page.base_url}/en/accounts/login/?next={target}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_token", current_code(user))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{target}")


def too_wide_at_320(page) -> list[str]:
    """Elements that make the page scroll sideways on a 320 px screen (empty when it fits)."""
    page.set_viewport_size({"width": 320, "height": 700})
    wide = []
    if not page.evaluate("document.documentElement.scrollWidth <= 320"):
        wide = page.evaluate(
            "[...document.querySelectorAll('main *')]"
            ".filter(e => e.getBoundingClientRect().right > 321)"
            ".slice(0, 8).map(e => e.tagName + '.' + e.className)"
        )
        wide = wide or ["(page wider than 320 px)"]
    page.set_viewport_size({"width": 390, "height": 844})
    return wide


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
    page.wait_for_url(f"**/office/{case.pk}/")
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
