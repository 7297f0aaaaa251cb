"""The Arabic result as it is drawn, not as it is written (issue 14): a § citation or an amount
inside right-to-left text must still read left to right on the screen — "Abs. 1 AufenthG 4 §"
and "€ 50,700" were what readers saw. The browser tells where each character is painted; a
screenshot of the page is kept under var/screenshots for a person to look at."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from welcome.portal.pathway.tokens import dump_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROFILE = {
    "nationality": "IN",
    "age": 30,
    "municipality": "Garbsen",
    "qualification": {"level": "academic", "recognition": "full", "occupation_isco": "2512"},
    "job_offer": {"annual_gross_salary_eur": 60000, "matches_qualification": True},
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Where the first and the last character of an element's text are painted (x of their boxes).
FIRST_AND_LAST_X = """el => {
  const text = el.textContent.trim();
  const node = [...el.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
  const start = node.textContent.indexOf(text[0]);
  const end = node.textContent.lastIndexOf(text[text.length - 1]);
  const box = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                     return r.getBoundingClientRect().x; };
  return [box(start), box(end)];
}"""


def test_citations_and_amounts_read_left_to_right_in_the_arabic_result(page):
    with translation.override("ar"):
        url = reverse("portal:pathway_result") + "?a=" + dump_answers(PROFILE)
    page.goto(page.base_url + url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ar-result.png"), full_page=True)

    citations = page.locator("ul.pathway-citations bdi")
    assert citations.count() > 0
    for index in range(citations.count()):
        first, last = citations.nth(index).evaluate(FIRST_AND_LAST_X)
        assert first < last, citations.nth(index).inner_text()  # "§" left of "AufenthG"

    amounts = page.locator("li bdi", has_text="€")
    assert amounts.count() > 0
    for index in range(amounts.count()):
        first, last = amounts.nth(index).evaluate(FIRST_AND_LAST_X)
        assert first < last, amounts.nth(index).inner_text()  # the digits left of "€"


def test_amounts_and_citations_in_an_arabic_faq_answer_read_left_to_right(page):
    from django.core.management import call_command

    call_command("load_knowledge", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with translation.override("ar"):
        url = reverse("knowledge:entry", args=["blue-card-salary-threshold"])
    page.goto(page.base_url + url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ar-faq.png"), full_page=True)
    amounts = page.locator("main bdi", has_text="€")
    assert amounts.count() > 0
    for index in range(amounts.count()):
        first, last = amounts.nth(index).evaluate(FIRST_AND_LAST_X)
        assert first < last, amounts.nth(index).inner_text()
