"""Journey: a skilled worker completes the pathway check in English, reads the result, takes the
PDF — and the wizard works on a 320 px phone without JavaScript."""

import pytest
from django.utils import timezone

from welcome.law import parameters
from welcome.portal.pathway import pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def blue_card_threshold_today() -> str:
    figure = parameters.value("blue_card_standard_salary", timezone.localdate())
    return f"{int(figure.value):,} €"  # as the English page shows it: 50,700 €


def complete_the_wizard(page, axe_check=None):
    page.goto(page.base_url + "/en/pathway/")
    assert "Step 1 of 8" in page.locator("main").inner_text()
    if axe_check:
        axe_check(page)
    page.get_by_label("Your nationality").select_option("IN")
    page.get_by_label("Your age in years").fill("30")
    page.get_by_label("Where in the Region Hannover will you live?").select_option("Garbsen")
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Your highest qualification").select_option("academic")
    page.get_by_label("Is it recognised in Germany?").select_option("full")
    page.get_by_label("Your occupation, in your own words").fill("software developer")
    page.get_by_label("Is your profession regulated in Germany").select_option("no")
    page.get_by_role("button", name="Next").click()
    page.locator('input[name="qualification__occupation_isco"][value="2512"]').check()
    page.get_by_role("button", name="Next").click()

    assert "Step 3 of 8" in page.locator("main").inner_text()
    page.get_by_role("button", name="Next").click()  # experience: I don't know
    page.get_by_role("button", name="Next").click()  # languages: I don't know

    page.get_by_label("Annual gross salary in euros").fill("52000")
    page.get_by_label("Does the job match your qualification?").select_option("yes")
    page.get_by_label("Length of the contract in months").fill("0")
    page.get_by_role("button", name="Next").click()

    assert "Step 6 of 8" in page.locator("main").inner_text()
    page.get_by_role("button", name="Next").click()  # joining family: nobody
    page.get_by_role("button", name="Next").click()  # stay in Germany so far: none
    assert "Step 8 of 8" in page.locator("main").inner_text()
    page.get_by_role("button", name="Show my result").click()
    page.wait_for_url("**/en/pathway/result/**")


def test_a_skilled_worker_finds_the_blue_card_and_takes_the_pdf(page, axe_check, monkeypatch):
    complete_the_wizard(page, axe_check)
    main = page.locator("main")
    blue_card = page.locator("article", has=page.get_by_role("heading", name="EU Blue Card"))
    assert "Eligible" in blue_card.inner_text()
    assert blue_card_threshold_today() in blue_card.inner_text()
    assert f"{timezone.localdate().year}" in main.inner_text()
    assert page.get_by_role("img", name="Timeline of your roadmap").is_visible()
    assert "Ausländerbehörde der Region Hannover" in main.inner_text()
    axe_check(page)

    seen = {}
    real = pdf.pdf_html

    def keep(context, request=None):
        seen["html"] = real(context, request)
        return seen["html"]

    monkeypatch.setattr(pdf, "pdf_html", keep)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as PDF").click()
    download = info.value
    assert download.suggested_filename == f"pathway-check-{timezone.localdate():%Y-%m-%d}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert "Ausländerbehörde der Region Hannover (Team Zuwanderung)" in seen["html"]


def test_the_wizard_works_on_a_small_phone_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    page.goto(live_server.url + "/en/pathway/")
    page.get_by_label("Your age in years").fill("five hundred")
    page.get_by_role("button", name="Next").click()
    assert page.get_by_label("Your age in years").input_value() == "five hundred"
    assert "Enter a whole number." in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    complete_the_wizard(page)
    assert "EU Blue Card" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_an_error_on_a_step_is_accessible(page, axe_check):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(page.base_url + "/en/pathway/")
    page.get_by_label("Your age in years").fill("500")
    page.get_by_role("button", name="Next").click()
    field = page.get_by_label("Your age in years")
    assert field.get_attribute("aria-invalid") == "true"
    assert "Must be between 0 and 120." in page.locator("#id_age_error").inner_text()
    assert field.input_value() == "500"
    axe_check(page)


def test_a_saved_result_keeps_its_private_link(page):
    complete_the_wizard(page)
    page.get_by_role("button", name="Save this result").click()
    page.wait_for_url("**/en/pathway/saved/**")
    link = page.get_by_label("Your private link").input_value()
    assert link == page.url
    assert "EU Blue Card" in page.locator("main").inner_text()
