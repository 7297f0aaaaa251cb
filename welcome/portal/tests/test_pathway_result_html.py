"""The result's cards, roadmap steps and trace, written in Python (templatetags/pathway_result):
every value escaped, words in the page's language, left-to-right runs isolated in Arabic."""

import datetime as dt

from django.urls import reverse
from django.utils import translation

from welcome.portal.templatetags.pathway_result import outcome_cards, roadmap_steps, trace_items

CARD = {
    "title": "blue_card",
    "status": "possible",
    "name": "EU Blue Card <b>",
    "paragraph": "§ 18g AufenthG",
    "symbol": "?",
    "status_label": "Possibly eligible",
    "reasons": ["Salary 50,700 € is below <script>"],
    "missing_labels": ["Your salary & bonus"],
    "would_change": [],
    "citations": ["§ 18g Abs. 1 AufenthG"],
}
STEP = {
    "title": "Visa at the mission",
    "start": dt.date(2027, 3, 4),
    "end": dt.date(2027, 4, 1),
    "duration": "4 weeks",
    "statutory": False,
    "before_start_of_work": False,
    "office": {"name": "Zentralstelle <ZSBF>"},
    "note": "",
    "fee": "75 €",
    "citation": "§ 31 AufenthV",
}
CHECK = {
    "state": "failed",
    "reason": "Age 46 & no pension",
    "citation": "§ 18 Abs. 2 Nr. 5 AufenthG",
    "children": [{"state": "unknown", "reason": "Pension?", "citation": "§ 18 Abs. 2"}],
}


def test_a_card_escapes_every_value_and_leaves_out_empty_lists():
    with translation.override("en"):
        html = outcome_cards([CARD])
    assert "EU Blue Card &lt;b&gt;" in html
    assert "below &lt;script&gt;" in html and "<script>" not in html
    assert "<li>Your salary &amp; bonus</li>" in html
    assert "<h4>Why</h4>" in html and "What would change the result" not in html
    assert '<ul class="pathway-citations"><li><bdi dir="ltr">§ 18g Abs. 1 AufenthG</bdi>' in html
    assert 'class="pathway-outcome pathway-possible" aria-labelledby="outcome-blue_card"' in html


def test_a_card_speaks_the_page_language_and_isolates_runs_in_arabic():
    with translation.override("de"):
        assert "<h4>Warum</h4>" in outcome_cards([CARD])
    with translation.override("ar"):
        html = outcome_cards([{**CARD, "reasons": ["الراتب 50,700 € أقل"]}])
    assert '<li>الراتب <bdi dir="ltr">50,700 €</bdi> أقل</li>' in html
    assert "<li>Your salary &amp; bonus</li>" in html  # the form's own question, not isolated


def test_only_an_open_training_route_links_to_the_youth_programmes():
    link = f'href="{reverse("youth:finder")}"'
    training = {**CARD, "title": "vocational_training"}
    assert link in outcome_cards([training])
    assert link not in outcome_cards([{**training, "status": "not_eligible"}])
    assert link not in outcome_cards([CARD])


def test_a_step_names_its_dates_kind_office_fee_and_basis_in_german():
    with translation.override("de"):
        html = roadmap_steps([STEP, {**STEP, "statutory": True, "before_start_of_work": True}])
    assert "4. März 2027 bis 1. April 2027 (4 weeks), übliche Bearbeitungszeit; nach der" in html
    assert "(4 weeks), gesetzliche Frist</dd>" in html
    assert "<dd>Zentralstelle &lt;ZSBF&gt;</dd>" in html
    assert "<dt>Gebühr</dt><dd>75 €</dd>" in html
    assert "<dt>Notiz</dt>" not in html and "<dt>Hinweis</dt>" not in html
    assert '<dd><bdi dir="ltr">§ 31 AufenthV</bdi></dd>' in html


def test_the_trace_nests_checks_with_their_state_in_words():
    with translation.override("de"):
        html = trace_items([CHECK])
    assert html.startswith('<li><span class="pathway-state">✗ nicht erfüllt</span>: Age 46 &amp;')
    assert '<ul><li><span class="pathway-state">? offen</span>: Pension?' in html
    assert html.count("<li>") == 2 and html.count("</li>") == 2
