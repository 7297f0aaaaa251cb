"""Public pages (search without JavaScript, entries, fallback, feedback), gaps, the loader."""

import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from welcome.accounts.tests.factories import login_verified
from welcome.knowledge.models import Entry, EntryFeedback, Guide, SearchGap
from welcome.knowledge.tests.factories import (
    EditorFactory,
    published_entry,
    published_guide,
    small_content,
)
from welcome.knowledge.text import render_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return small_content()


def test_the_search_form_works_without_javascript(client, content):
    page = client.get("/faq/", {"q": "Chancenkarte Punkte"}).content.decode()
    assert "Wie viele Punkte brauche ich für die Chancenkarte?" in page
    assert 'href="/faq/opportunity-card-points/?q=Chancenkarte+Punkte"' in page
    assert 'value="Chancenkarte Punkte"' in page  # the form keeps the question
    assert 'aria-live="polite"' in page


def test_the_page_says_which_typo_it_corrected(client, content):
    page = client.get("/en/faq/", {"q": "Anerkenung"}).content.decode()
    assert "Showing results for “anerkennung”" in page


def test_a_search_without_answer_is_counted_as_a_gap_without_personal_data(client, content):
    client.get("/faq/", {"q": "Hundesteuer  Hannover?"})
    client.get("/en/faq/", {"q": "hundesteuer hannover"})
    client.get("/faq/", {"q": "HUNDESTEUER hannover"})
    gaps = {(g.query, g.language): g.no_result for g in SearchGap.objects.all()}
    assert gaps == {("hundesteuer hannover", "de"): 2, ("hundesteuer hannover", "en"): 1}
    field_names = {f.name for f in SearchGap._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "session", "user_agent"}


def test_a_long_or_hostile_query_on_the_page_is_a_normal_page(client, content):
    for query in ["x" * 5000, "' OR 1=1 --", '"*NEAR(']:
        assert client.get("/faq/", {"q": query}).status_code == 200


def test_an_entry_shows_in_the_readers_language(client, content):
    page = client.get("/tr/faq/blue-card-apply/").content.decode()
    assert "AB Mavi Kartı için nasıl başvururum?" in page
    assert 'role="note"' not in page


def test_a_missing_translation_falls_back_visibly_to_english(client, content):
    page = client.get("/tr/faq/address-registration/").content.decode()
    assert "How do I register my address?" in page
    assert '<article class="faq-entry" lang="en" dir="ltr">' in page
    assert 'role="note"' in page  # "This answer is not yet available in Turkish; …"


def test_english_fallbacks_in_arabic_lists_run_left_to_right(client, content):
    """An English question inside an Arabic page read "?How soon…": every fallback card, link and
    search result is marked with its language and direction."""
    index = client.get("/ar/faq/").content.decode()
    assert 'lang="en" dir="ltr">How do I register my address?</a>' in index
    results = client.get("/ar/faq/", {"q": "register address"}).content.decode()
    fallbacks = re.findall(r'<li class="card"( lang="\w+"[^>]*)>', results)
    assert fallbacks and all('dir="ltr"' in attributes for attributes in fallbacks)


def test_the_source_of_an_entry_and_a_guide_reads_left_to_right_in_arabic(client):
    """A German source ("§ 18g AufenthG; BMI-Bekanntmachung …") on an Arabic page had its "§"
    carried to the far end of the line."""
    source = "§ 18g Abs. 1 S. 1 AufenthG; BMI-Bekanntmachung (50 % der BBG)"
    entry = published_entry(source=source)
    guide = published_guide()
    page = client.get(f"/ar/faq/{entry.slug}/").content.decode()
    assert f'<dd><bdi dir="ltr">{source}</bdi></dd>' in page
    page = client.get(f"/ar/faq/guides/{guide.slug}/").content.decode()
    assert '<dd><bdi dir="ltr">§ 6 AufenthG</bdi></dd>' in page


def test_a_german_only_entry_falls_back_to_german(client):
    published_entry("de-only", translations={"de": ("Nur Deutsch?", "Ja.")})
    page = client.get("/en/faq/de-only/").content.decode()
    assert "Nur Deutsch?" in page and 'lang="de"' in page


def test_an_unknown_entry_is_a_404(client, content):
    assert client.get("/faq/no-such-entry/").status_code == 404


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**fett** [Link](https://example.org) <script>alert(1)</script> "
        "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<strong>fett</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_not_helpful_feedback_is_counted_and_becomes_a_gap_for_its_query(client, content):
    url = "/faq/blue-card-apply/feedback/"
    client.post(url, {"helpful": "yes"})
    response = client.post(url, {"helpful": "no", "q": "Blaue Karte Kosten"})
    assert response.status_code == 302
    feedback = EntryFeedback.objects.get(entry__slug="blue-card-apply", language="de")
    assert (feedback.helpful, feedback.not_helpful) == (1, 1)
    assert SearchGap.objects.get(query="blaue karte kosten").not_helpful == 1


def test_feedback_without_a_choice_is_refused_politely(client, content):
    response = client.post("/en/faq/blue-card-apply/feedback/", {"helpful": "maybe"}, follow=True)
    assert "Please choose Yes or No." in response.content.decode()


def test_editors_see_the_gaps_most_frequent_first(client, content):
    for _ in range(3):
        client.get("/faq/", {"q": "Hundesteuer"})
    client.get("/faq/", {"q": "Kita Platz"})
    login_verified(client, EditorFactory())
    page = client.get("/en/faq/editor/gaps/").content.decode()
    assert page.index("hundesteuer") < page.index("kita platz")


def test_load_knowledge_is_idempotent_and_reports_progress(tmp_path):
    (tmp_path / "faq").mkdir()
    (tmp_path / "guides").mkdir()
    item = {
        "slug": "one",
        "topic": "arrival",
        "audience": ["workers"],
        "source": "§ 17 BMG",
        "reviewed_on": "2026-11-25",
        "popular": False,
        "translations": {"de": {"question": "Frage?", "answer": "Antwort."}},
    }
    guide = {
        "slug": "g",
        "source": "§",
        "reviewed_on": "2026-11-25",
        "title": {"de": "Leitfaden", "en": "Guide"},
        "summary": {"de": "Kurz", "en": "Short"},
        "steps": [
            {"roadmap_step": "visa", "title": {"de": "Visum", "en": "Visa"}, "body": {"de": "a"}},
            {"roadmap_step": None, "title": {"de": "Los", "en": "Go"}, "body": {"de": "b"}},
        ],
    }
    (tmp_path / "faq" / "a.yaml").write_text(yaml.safe_dump([item]), encoding="utf-8")
    (tmp_path / "guides" / "g.yaml").write_text(yaml.safe_dump(guide), encoding="utf-8")
    out = io.StringIO()
    call_command("load_knowledge", content_dir=str(tmp_path), stdout=out)
    assert "1 created" in out.getvalue() and "1/1" in out.getvalue()
    out = io.StringIO()
    call_command("load_knowledge", content_dir=str(tmp_path), stdout=out)
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()
    assert Entry.objects.get(slug="one").versions.count() == 1
    assert [s.roadmap_step for s in Guide.objects.get(slug="g").steps.all()] == ["visa", ""]

    item["translations"]["de"]["answer"] = "Neue Antwort."
    (tmp_path / "faq" / "a.yaml").write_text(yaml.safe_dump([item]), encoding="utf-8")
    call_command("load_knowledge", content_dir=str(tmp_path), stdout=io.StringIO())
    entry = Entry.objects.get(slug="one")
    assert entry.versions.count() == 2
    assert entry.published_version.translations.get().answer == "Neue Antwort."


def test_the_shipped_content_loads_and_its_pages_show(client):
    call_command("load_knowledge", stdout=io.StringIO())
    assert Entry.objects.count() >= 16
    content = Path(__file__).resolve().parents[1] / "content" / "guides"
    assert Guide.objects.count() == len(list(content.glob("*.yaml")))
    index = client.get("/en/faq/").content.decode()
    assert "Step-by-step guides" in index
    assert "Accelerated skilled-worker procedure" in index  # a topic heading
    guide = Guide.objects.first()
    assert "data-roadmap-step=" in client.get(f"/en/faq/guides/{guide.slug}/").content.decode()
    for entry in Entry.objects.all()[:10]:
        assert client.get(f"/ar/faq/{entry.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/en", {"one": "%(count)s answer found.", "other": "%(count)s answers found."}),
        ("", {"one": "%(count)s Antwort gefunden.", "other": "%(count)s Antworten gefunden."}),
        (
            "/ar",
            {
                "zero": "لم يُعثر على أي إجابة.",
                "one": "تم العثور على إجابة واحدة.",
                "two": "تم العثور على إجابتين.",
                "few": "تم العثور على %(count)s إجابات.",
                "many": "تم العثور على %(count)s إجابة.",
                "other": "تم العثور على %(count)s إجابة.",
            },
        ),
    ],
)
def test_the_live_search_announces_counts_in_every_plural_form(client, prefix, expected):
    """The browser picks the form with Intl.PluralRules (CLDR categories); Arabic has six."""
    html = client.get(f"{prefix}/faq/").content.decode()
    encoded = re.search(r'data-counts="([^"]*)"', html).group(1)
    assert json.loads(unescape(encoded)) == expected


def test_an_entry_page_reads_its_texts_in_one_query(client, content, django_assert_num_queries):
    """Its published translations with their version: a field the page shows but the
    selector leaves out would be read later, a query each, and fail here."""
    with django_assert_num_queries(1):
        page = client.get("/tr/faq/blue-card-apply/?q=mavi+kart").content.decode()
    assert "AB Mavi Kartı için nasıl başvururum?" in page
    assert 'href="/faq/blue-card-apply/?q=mavi+kart" hreflang="de"' in page  # the German
    assert '<dd><bdi dir="ltr">§ 18g AufenthG</bdi></dd>' in page  # the version's source
    assert '<time datetime="2026-11-01">' in page and "Nitelikli çalışanlar" in page
    assert 'action="/tr/faq/blue-card-apply/feedback/"' in page
    assert 'name="q" value="mavi kart"' in page


def test_the_front_pages_lists_are_kept_until_the_next_publication(client, content):
    """Made once per language and kept in the cache, yet a new entry shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert "How do I apply for the EU Blue Card?" in client.get("/en/faq/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/faq/").content.decode()
    assert "How do I apply for the EU Blue Card?" in page
    assert not any("knowledge_entryversion" in query["sql"] for query in queries)

    published_entry("new-one", translations={"en": ("A brand-new question?", "Yes.")})
    assert "A brand-new question?" in client.get("/en/faq/").content.decode()
    german = client.get("/faq/").content.decode()  # German lists of their own
    assert "Wie beantrage ich die Blaue Karte EU?" in german
    assert 'lang="en" dir="ltr">A brand-new question?' in german


def test_one_answers_markdown_leaves_nothing_in_the_next():
    """The converter is reused: a reference defined in one answer is unknown in the next."""
    first = render_markdown("See [the law][aufenthg].\n\n[aufenthg]: https://example.org/aufenthg")
    assert 'href="https://example.org/aufenthg"' in first
    assert "href" not in render_markdown("See [the law][aufenthg].")
