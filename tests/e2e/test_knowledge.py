"""Journey: ask the FAQ in Turkish, open the answer, switch to German — the same entry shows."""

import re

import pytest

from welcome.knowledge.tests.factories import small_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_in_turkish_and_reads_the_answer_in_german(page, axe_check):
    small_content()
    page.goto(page.base_url + "/tr/faq/")
    assert page.locator("html").get_attribute("lang") == "tr"
    page.locator("input[name=q]").fill("Mavi Kart başvuru")
    # As-you-type results (the script) and a polite live region announcing the count.
    answer = page.locator("#faq-result-list").get_by_role(
        "link", name="AB Mavi Kartı için nasıl başvururum?"
    )
    answer.wait_for()
    count = page.locator("#faq-result-list > li").count()
    announced = page.locator("#faq-live-status").text_content().strip()
    assert announced == f"{count} yanıt bulundu."  # the Turkish plural form, count filled in
    axe_check(page)

    answer.click()
    page.wait_for_url(re.compile(r".*/tr/faq/blue-card-apply/\?q=.*"))
    assert page.locator("h1").inner_text() == "AB Mavi Kartı için nasıl başvururum?"
    axe_check(page)

    page.locator("nav.languages a[hreflang=de]").click()
    page.wait_for_url(re.compile(r".*/faq/blue-card-apply/.*"))
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Wie beantrage ich die Blaue Karte EU?"
    axe_check(page)


def test_the_search_works_without_javascript_at_320_pixels(browser, live_server):
    small_content()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/en/faq/")
    page.locator("input[name=q]").fill("register my address")
    page.locator("form.faq-search button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/en/faq/\?q=register.*"))
    results = page.locator("#faq-result-list")
    results.get_by_role("link", name="How do I register my address?").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    results.get_by_role("link", name="How do I register my address?").click()
    page.wait_for_url(re.compile(r".*/en/faq/address-registration/\?q=.*"))
    page.get_by_role("button", name="No").click()
    page.wait_for_url(re.compile(r".*/en/faq/address-registration/$"))
    assert "Thank you for your feedback." in page.locator("main").inner_text()
    context.close()


def test_the_server_rendered_results_and_the_feedback_are_accessible(page, axe_check):
    # axe-core needs JavaScript to run; the HTML is the same one the no-script visitor gets.
    small_content()
    page.goto(page.base_url + "/en/faq/?q=register+my+address")
    axe_check(page)
    page.goto(page.base_url + "/en/faq/address-registration/?q=register+my+address")
    page.get_by_role("button", name="Yes").click()
    page.wait_for_url(re.compile(r".*/en/faq/address-registration/$"))
    axe_check(page)


def test_an_arabic_reader_sees_the_english_fallback_marked_as_such(page, axe_check):
    small_content()
    page.goto(page.base_url + "/ar/faq/address-registration/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("article.faq-entry").get_attribute("lang") == "en"
    assert page.locator("article.faq-entry").get_attribute("dir") == "ltr"
    axe_check(page)


def test_a_reader_follows_a_topic_to_all_its_questions_page_by_page(page, axe_check, monkeypatch):
    from welcome.knowledge import selectors

    monkeypatch.setattr(selectors, "TOPIC_PREVIEW", 1)
    monkeypatch.setattr(selectors, "TOPIC_PAGE_SIZE", 2)
    count = len(small_content())
    page.goto(page.base_url + "/ar/faq/")
    assert page.locator("ul.faq-list > li").count() == 1
    page.locator("a[href='/ar/faq/topics/general/']").click()
    page.wait_for_url(re.compile(r".*/ar/faq/topics/general/$"))
    assert page.locator("ul.faq-list > li").count() == 2
    axe_check(page)
    page.locator("a[href='?page=2']").click()
    page.wait_for_url(re.compile(r".*/ar/faq/topics/general/\?page=2$"))
    assert page.locator("ul.faq-list > li").count() == min(2, count - 2)
    axe_check(page)
