"""The result page, its timeline, its PDF and the hand-over to a consultation request."""

import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from welcome.bidi import _LTR_RUN
from welcome.consultations.tokens import pathway_profile
from welcome.law.i18n import Money
from welcome.pathway.check import localize
from welcome.portal.models import SavedResult
from welcome.portal.pathway import pdf
from welcome.portal.pathway.tokens import dump_answers
from welcome.portal.tests.factories import BLUE_CARD, profile

pytestmark = pytest.mark.django_db
URL = "/en/pathway/result/"
OFFICE = "Ausländerbehörde der Region Hannover (Team Zuwanderung)"


def page(client, answers=BLUE_CARD, url=URL):
    response = client.get(url, {"a": dump_answers(answers)})
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_outcomes_best_first_with_status_in_words(client):
    body = page(client)
    names = re.findall(r'<h3 id="outcome-([a-z_]+)"', body)
    assert names[0] == "blue_card"
    assert names.index("skilled_academic") < names.index("eu_free_movement")
    assert "EU Blue Card" in body
    assert "<strong>Eligible</strong>" in body
    assert "<strong>Not eligible</strong>" in body
    assert 'aria-hidden="true">✓</span>' in body  # a symbol, not colour alone


def test_it_shows_reasons_missing_facts_would_change_and_citations(client):
    body = page(client)
    assert "The salary of 52,000 € reaches the standard threshold of 50,700 €." in body
    assert "What we still need to know" in body
    assert "Years of professional experience in the last 5 years" in body  # the question
    assert "What would change the result" in body
    assert "§ 18g Abs. 1 Satz 1 AufenthG (figure valid from 1 January 2026)" in body


def test_it_draws_the_roadmap_as_an_accessible_svg_with_the_same_facts_in_text(client):
    body = page(client)
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">' in svg and '<desc id="timeline-desc">' in svg
    assert "Earliest realistic start of work: 3 May 2026." in svg
    assert svg.count("<rect") == 5
    # The same facts as text beside it.
    steps = re.search(r'<ol class="pathway-steps">.*?</ol>', body, re.S).group(0)
    assert steps.count("<li>") == 5
    assert "Earliest realistic start of work: <strong>3 May 2026</strong>" in body
    assert "statutory deadline" in steps and "usual processing time" in steps
    assert "411 €" in steps


def test_it_lists_the_documents_and_the_offices_with_contacts(client):
    body = page(client)
    checklist = re.search(r'<ul class="pathway-checklist">.*?</ul>', body, re.S).group(0)
    assert "Tabular CV in German" in checklist
    offices = re.search(r'<ul class="pathway-offices">.*?</ul>', body, re.S).group(0)
    assert "Ausländerbehörde der Region Hannover (Team Zuwanderung)" in offices
    assert "Hildesheimer Straße 18, 30169 Hannover" in offices
    assert 'href="https://www.lab.niedersachsen.de"' in offices


def test_the_city_of_hannover_has_its_own_foreigners_authority(client):
    body = page(client, profile(municipality="Hannover"))
    assert "Ausländerbehörde der Landeshauptstadt Hannover" in body
    assert "Am Schützenplatz 1" in body


def test_it_shows_german_figures_in_german(client):
    body = page(client, url="/pathway/result/")
    assert "50.700 €" in body
    assert "3. Mai 2026" in body


def test_it_links_to_a_consultation_request_carrying_the_answers(client):
    body = page(client)
    token = re.search(r'href="/en/consultation/worker/\?from=([^"]+)"', body).group(1)
    handed_over = pathway_profile(token)
    assert handed_over["qualification"] == BLUE_CARD["qualification"]
    assert handed_over["municipality"] == "Garbsen"
    assert handed_over["occupation_isco"] == "2512"
    form = client.get("/en/consultation/worker/", {"from": token}).content.decode()
    assert 'value="Garbsen" selected' in form


def test_a_forged_link_gets_a_clear_page_not_an_error(client):
    response = client.get(URL, {"a": "forged"})
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_link_with_invalid_answers_gets_the_same_clear_page(client):
    response = client.get(URL, {"a": dump_answers({"age": 500})})
    assert response.status_code == 400


def test_the_pdf_is_a_real_pdf_named_by_date_that_names_the_abh(client):
    response = client.get("/en/pathway/result/pdf/", {"a": dump_answers(BLUE_CARD)})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pathway-check-2026-03-01.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5000


def test_the_pdf_html_names_the_abh_and_draws_the_timeline(client, monkeypatch):
    seen = {}

    def capture(html):
        seen["html"] = html
        return b"%PDF-1.7 test"

    monkeypatch.setattr(pdf, "pdf_bytes", capture)
    client.get("/en/pathway/result/pdf/", {"a": dump_answers(BLUE_CARD)})
    html = seen["html"]
    assert (
        "Your foreigners' authority (Ausländerbehörde): <strong>Ausländerbehörde der Region "
        "Hannover (Team Zuwanderung)</strong>"
    ) in html
    assert 'role="img"' in html
    assert "<link" not in html and "src=" not in html  # nothing to fetch


def test_showing_a_result_stores_nothing(client):
    page(client)
    client.get("/en/pathway/result/pdf/", {"a": dump_answers(BLUE_CARD)})
    assert not SavedResult.objects.exists()


def test_with_no_route_open_it_says_so_and_draws_no_timeline(client):
    nothing_fits = {
        "nationality": "IN",
        "age": 30,
        "qualification": {"level": "none", "state_recognised_abroad": False, "recognition": "none"},
        "german_level": "none",
        "english_level": "none",
        "job_offer": {"it_specialist": False, "annual_gross_salary_eur": 20000},
    }
    body = page(client, nothing_fits)
    assert "no residence title for work fits yet" in body
    assert "No roadmap yet" in body
    assert "<svg" not in body


def test_the_result_page_sets_no_cookie_and_saving_needs_none():
    """Nothing per visitor on the page (it is remembered whole per answers and language), and
    the save form works for a browser that refuses cookies."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.get(URL, {"a": dump_answers(BLUE_CARD)})
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    saved = browser.post("/en/pathway/save/", {"a": dump_answers(BLUE_CARD)})
    assert saved.status_code == 302
    assert SavedResult.objects.count() == 1


def test_the_remembered_page_follows_the_language_and_the_answers(client):
    english = page(client)
    german = page(client, url="/pathway/result/")
    assert "Your pathway check result" in english and "Ihr Ergebnis" in german
    other = page(client, profile(job_offer__annual_gross_salary_eur=30000))
    assert other != english and "30,000 €" in other


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "es", "fr"])
def test_the_timeline_draws_with_plain_numbers_in_every_language(client, language):
    """Coordinates were localised (x="8,0"): the bars vanished in every language but English."""
    with translation.override(language):
        url = reverse("portal:pathway_result")
    body = client.get(url, {"a": dump_answers(BLUE_CARD)}).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
    numbers = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert len(numbers) > 20
    for value in numbers:
        assert re.fullmatch(r"-?\d+(\.\d+)?%?", value), (language, value)
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", re.search(r'viewBox="([^"]*)"', svg)[1])
    assert svg.count("<rect") == 5


def test_every_fact_the_law_can_miss_is_asked_as_a_question():
    """A raw key ("job_offer") stood under "What we still need to know"."""
    from welcome.law.profile import FIELD_NAMES, NESTED
    from welcome.pathway.forms import field_labels

    labels = field_labels()
    for path in (*FIELD_NAMES, *NESTED):
        assert path in labels and str(labels[path]) != path, path


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "es", "fr"])
def test_no_raw_key_appears_among_the_missing_facts(client, language):
    with translation.override(language):
        url = reverse("portal:pathway_result")
    body = client.get(url, {"a": dump_answers({"nationality": "IN"})}).content.decode()
    text = re.sub(r"<[^>]+>", " ", body)
    if language == "en":
        assert "Your job offer in Germany, if you have one" in text
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text)  # no snake_case key of the profile


def test_german_citations_are_isolated_left_to_right_in_arabic(client):
    """An Arabic page showed "Abs. 1 AufenthG 4 §": each citation is its own left-to-right run."""
    with translation.override("ar"):
        url = reverse("portal:pathway_result")
    body = client.get(url, {"a": dump_answers(BLUE_CARD)}).content.decode()
    assert 'dir="rtl"' in body
    lists = re.findall(r'<ul class="pathway-citations">(.*?)</ul>', body, re.S)
    items = [item for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
    assert items
    assert all(item.startswith('<bdi dir="ltr">§') for item in items), items
    paragraphs = re.findall(r'<span class="pathway-paragraph">\((.*?)\)</span>', body)
    assert paragraphs and all(p.startswith('<bdi dir="ltr">') for p in paragraphs)


def test_latin_runs_in_arabic_sentences_are_isolated(client):
    """Money, names and codes inside an Arabic sentence ("50,700 €" read as "€ 50,700"): each
    left-to-right run of a reason, a change, an office or a note is its own <bdi dir="ltr">."""
    with translation.override("ar"):
        url = reverse("portal:pathway_result")
    body = client.get(url, {"a": dump_answers(BLUE_CARD)}).content.decode()
    items = re.findall(r"<li>(.*?)</li>", body, re.S)
    money = [item for item in items if "€" in item]
    assert money, "a reason with an amount"
    for item in money:
        assert re.search(r'<bdi dir="ltr">[^<]*€</bdi>', item), item
    assert '<dd><bdi dir="ltr">Zentralstelle für das beschleunigte' in body
    assert '(<bdi dir="ltr">Bürgeramt</bdi>)' in body


def test_the_vocational_training_outcome_leads_to_the_youth_programmes(client):
    answers = {
        "age": 19,
        "training_place": True,
        "german_level": "B1",
        "financial_means_secured": True,
    }
    body = client.get(
        reverse("portal:pathway_result"), {"a": dump_answers(answers)}
    ).content.decode()
    assert f'href="{reverse("youth:finder")}"' in body


def pdf_text(content: bytes) -> str:
    """The PDF's text as pypdf reads it (glyphs in the order they are drawn), lines joined."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_arabic_pdf_is_laid_out_right_to_left(client):
    response = client.get("/ar/pathway/result/pdf/", {"a": dump_answers(BLUE_CARD)})
    first = PdfReader(io.BytesIO(response.content)).pages[0]
    starts = []
    first.extract_text(visitor_text=lambda text, cm, tm, *_: starts.append((tm[4], text)))
    x, heading = next((x, text) for x, text in starts if text.strip())
    assert heading.strip() == "نتيجة فحص المسارات الخاصة بك"
    assert x > first.mediabox.width / 2  # right-aligned, not at the left margin


def test_the_arabic_pdf_keeps_citations_amounts_and_names_left_to_right(client, monkeypatch):
    """Every left-to-right run of the Arabic page (a § citation, an amount, an office's name)
    reads in the PDF as often and as written as on the page: not reversed, its brackets not
    turned round."""
    seen = {}
    make = pdf.pdf_bytes

    def capture(page):
        seen["html"] = page
        return make(page)

    monkeypatch.setattr(pdf, "pdf_bytes", capture)
    text = pdf_text(client.get("/ar/pathway/result/pdf/", {"a": dump_answers(BLUE_CARD)}).content)
    body = seen["html"].split("<body>")[1]
    body = re.sub(r"<(title|desc)\b.*?</\1>", "", body, flags=re.S)  # the drawing's, not drawn
    nodes = [" ".join(html.unescape(node).split()) for node in re.split(r"<[^>]*>", body)]
    written = " ".join(nodes)
    runs = {
        run[:-1] if run.endswith(")") and "(" not in run else run  # "(Ausländerbehörde)"
        for node in nodes
        for run in _LTR_RUN.findall(node)
        if len(run) > 3 and re.match(r"[§A-Za-zÀ-ÿ]|.*€", run)  # citations, names, amounts
    }
    with translation.override("ar"):
        amount = localize(Money.of(50700))
    assert {"§ 18g Abs. 1 Satz 1 AufenthG", amount, OFFICE} <= runs

    # Compared without spaces (a long name may wrap onto the next line) and without brackets:
    # the PDF's character map names one glyph for "(" and for a mirrored ")", so a reader
    # cannot tell them apart; the order of words, digits and § is what this checks.
    def bare(value: str) -> str:
        return re.sub(r"[\s()]", "", value)

    text, written = bare(text), bare(written)
    turned = sorted(run for run in runs if text.count(bare(run)) != written.count(bare(run)))
    assert not turned, turned
