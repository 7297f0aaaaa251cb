"""Journey: the home page in German, switch to English, accessible in both."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_the_home_page_in_german_then_english(page, axe_check):
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Willkommen in der Region Hannover"
    axe_check(page)

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Welcome to Hannover Region"
    axe_check(page)


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto(page.base_url + "/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_who_is_responsible_answers_without_javascript(browser, live_server, page, axe_check):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    plain = context.new_page()
    plain.set_default_timeout(15_000)
    plain.goto(live_server.url + "/en/who-is-responsible/")
    plain.get_by_label("Postal code").fill("30669")
    plain.get_by_role("button", name="Show responsible authority").click()
    plain.wait_for_url("**postal_code=30669**")
    text = plain.locator("main").inner_text()
    assert "Hannover" in text and "Langenhagen" in text
    result_url = plain.url
    context.close()

    # The same answer page, checked for accessibility and for a 320 px wide screen.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(result_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)
