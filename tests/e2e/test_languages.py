"""Every offered language, in a real browser (issue 14): the result of the pathway check with its
timeline drawn (bars present, labels apart), no raw keys and no ISO codes on the page, and the
PDF's text in that language. A timeline drawn with decimal commas once broke five languages
while every English test passed."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from welcome.portal.pathway.tokens import dump_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROFILE = {
    "nationality": "IN",
    "age": 30,
    "municipality": "Garbsen",
    "qualification": {"level": "academic", "recognition": "full", "occupation_isco": "2512"},
    "job_offer": {
        "annual_gross_salary_eur": 60000,
        "matches_qualification": True,
        "contract_months": 0,
    },
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def boxes_overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 1
        and b["x"] < a["x"] + a["width"] - 1
        and a["y"] < b["y"] + b["height"] - 1
        and b["y"] < a["y"] + a["height"] - 1
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_result_and_its_pdf_read_right_in_every_language(page, language):
    with translation.override(language):
        url = reverse("portal:pathway_result") + "?a=" + dump_answers(PROFILE)
        pdf_url = reverse("portal:pathway_pdf") + "?a=" + dump_answers(PROFILE)
        blue_card = translation.gettext("EU Blue Card")
        india = {"de": "Indien", "en": "India", "tr": "Hindistan", "ar": "الهند"}.get(language)
    page.goto(page.base_url + url)
    main = page.locator("main")
    text = main.inner_text()
    assert page.locator("html").get_attribute("lang") == language
    assert blue_card in text
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text), "a raw key of the profile"
    assert not re.search(r"\bIN\b", text), "an ISO code instead of the country's name"
    if india:
        assert india in text

    svg = page.locator("svg.pathway-timeline")
    assert svg.is_visible()
    bars = svg.locator("rect").evaluate_all("els => els.map(e => e.getBBox().width)")
    assert bars and all(width > 0 for width in bars), bars
    labels = svg.locator("text").evaluate_all(
        "els => els.map(e => { const b = e.getBBox(); "
        "return {x: b.x, y: b.y, width: b.width, height: b.height}; })"
    )
    assert labels
    overlapping = [
        (a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if boxes_overlap(a, b)
    ]
    assert not overlapping, overlapping

    response = page.request.get(page.base_url + pdf_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert blue_card in pdf_text
    assert not re.search(r"\bIN\b", pdf_text)
