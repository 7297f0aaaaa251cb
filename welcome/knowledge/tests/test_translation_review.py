"""Who checked each language of a text: set by the publishing (second) editor, kept while the
text stays the same, shown to readers as a note under an unchecked translation."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from welcome.accounts.tests.factories import login_verified
from welcome.knowledge.models import EntryTranslation, GuideTranslation
from welcome.knowledge.services import ENTRIES, GUIDES, entry_draft_save
from welcome.knowledge.tests.factories import (
    EditorFactory,
    guide_draft,
    published_entry,
    published_guide,
)
from welcome.youth.management.commands.content_review_report import review_counts
from welcome.youth.models import ProgrammeTranslation
from welcome.youth.services import PROGRAMMES
from welcome.youth.tests.factories import imported_programme, programme_draft

pytestmark = pytest.mark.django_db

TEXTS = {
    "de": ("Wie beantrage ich die Blaue Karte?", "Bei der **Ausländerbehörde**."),
    "en": ("How do I apply for the EU Blue Card?", "At the **foreigners authority**."),
    "ar": ("كيف أتقدم بطلب للحصول على البطاقة الزرقاء؟", "لدى **مكتب الأجانب**."),
    "uk": ("Як подати заяву на Блакитну карту?", "В **управлінні у справах іноземців**."),
}


def redraft(entry, *, by, texts):
    """A new draft of `entry` with these {language: (question, answer)} texts."""
    version = entry.published_version
    return entry_draft_save(
        by=by,
        entry=entry,
        topic=version.topic,
        audience=version.audiences,
        source=version.source,
        reviewed_on=version.reviewed_on,
        translations=texts,
    )


def marks(version) -> dict[str, int | None]:
    """{language: reviewer id} of a version's rows; None: not reviewed."""
    return {row.language: row.reviewed_by_id for row in version.translations.all()}


def page(client, slug: str, language: str) -> str:
    with translation.override(language):
        url = reverse("knowledge:entry", kwargs={"slug": slug})
    return client.get(url).content.decode()


def test_publishing_records_the_reviewer_of_each_ticked_language():
    entry = published_entry(translations=TEXTS)
    publisher = EditorFactory()
    draft = redraft(entry, by=EditorFactory(), texts={**TEXTS, "ar": ("سؤال؟", "جواب.")})
    ENTRIES.version_publish(version=draft, by=publisher, reviewed=["de", "ar", "xx"])
    rows = {row.language: row for row in draft.translations.all()}
    assert marks(draft) == {"de": publisher.pk, "en": None, "ar": publisher.pk, "uk": None}
    assert rows["de"].reviewed_at is not None and rows["en"].reviewed_at is None


def test_an_unchanged_text_keeps_its_mark_a_changed_one_loses_it():
    entry = published_entry(translations=TEXTS)
    first = EditorFactory()
    v2 = redraft(entry, by=EditorFactory(), texts=TEXTS)
    ENTRIES.version_publish(version=v2, by=first, reviewed=["de", "en", "ar"])
    reviewed_at = v2.translations.get(language="en").reviewed_at
    changed = {**TEXTS, "de": (TEXTS["de"][0], "Online bei der Ausländerbehörde.")}
    entry.refresh_from_db()
    v3 = redraft(entry, by=EditorFactory(), texts=changed)
    ENTRIES.version_publish(version=v3, by=EditorFactory(), reviewed=[])
    assert marks(v3) == {"de": None, "en": first.pk, "ar": first.pk, "uk": None}
    assert v3.translations.get(language="en").reviewed_at == reviewed_at
    assert marks(v2)["de"] == first.pk  # the archived version keeps its own record


def test_a_restored_version_keeps_the_marks_of_its_unchanged_texts():
    entry = published_entry(translations=TEXTS)
    reviewer = EditorFactory()
    v2 = redraft(entry, by=EditorFactory(), texts=TEXTS)
    ENTRIES.version_publish(version=v2, by=reviewer, reviewed=["uk"])
    entry.refresh_from_db()
    v3 = redraft(entry, by=EditorFactory(), texts={**TEXTS, "uk": ("Нове?", "Нове.")})
    ENTRIES.version_publish(version=v3, by=EditorFactory())
    v4 = ENTRIES.version_restore(version=v2, by=EditorFactory())
    ENTRIES.version_publish(version=v4, by=EditorFactory())
    assert marks(v3)["uk"] is None
    assert marks(v4)["uk"] == reviewer.pk


def test_imported_text_is_unreviewed_and_its_page_says_so_until_checked(client):
    entry = published_entry("blue-card", translations=TEXTS)
    assert not EntryTranslation.objects.filter(reviewed_at__isnull=False).exists()
    for language in ("ar", "uk", "en"):
        html = page(client, "blue-card", language)
        assert 'class="muted review-note"' in html, language
        assert 'href="/faq/blue-card/" hreflang="de"' in html
    assert "review-note" not in page(client, "blue-card", "de")

    draft = redraft(entry, by=EditorFactory(), texts=TEXTS)
    ENTRIES.version_publish(version=draft, by=EditorFactory(), reviewed=["de", "ar"])
    assert "review-note" not in page(client, "blue-card", "ar")
    assert "review-note" not in page(client, "blue-card", "de")
    assert "review-note" in page(client, "blue-card", "uk")


def test_the_publish_form_records_the_ticked_languages_and_the_pages_show_who(client):
    entry = published_entry("blue-card", translations=TEXTS)
    draft = redraft(entry, by=EditorFactory(), texts=TEXTS)
    publisher = EditorFactory(username="second-editor")
    login_verified(client, publisher)
    version_url = reverse("knowledge:editor_version", kwargs={"pk": draft.pk})
    form = client.get(version_url).content.decode()
    assert 'name="reviewed" value="uk"' in form
    client.post(
        reverse("knowledge:editor_publish", kwargs={"pk": draft.pk}), {"reviewed": ["de", "uk"]}
    )
    assert marks(draft) == {"de": publisher.pk, "en": None, "ar": None, "uk": publisher.pk}
    shown = client.get(version_url).content.decode()
    assert shown.count("checked by second-editor") == 2
    assert shown.count("not reviewed") == 2
    history = client.get(reverse("knowledge:editor_history", kwargs={"slug": "blue-card"}))
    assert "<td>de, uk</td>" in history.content.decode()


def test_a_guide_mark_covers_its_steps_and_follows_the_same_rules(client):
    guide = published_guide("visa-entry")
    assert not GuideTranslation.objects.filter(reviewed_at__isnull=False).exists()
    with translation.override("en"):
        url = reverse("knowledge:guide", kwargs={"slug": "visa-entry"})
    assert 'href="/faq/guides/visa-entry/" hreflang="de"' in client.get(url).content.decode()

    reviewer = EditorFactory()
    v2 = guide_draft(by=EditorFactory(), guide=guide)
    GUIDES.version_publish(version=v2, by=reviewer, reviewed=["de", "en"])
    live = {row.language: row.reviewed_by_id for row in guide.translations.all()}
    assert live == {"de": reviewer.pk, "en": reviewer.pk}
    assert "review-note" not in client.get(url).content.decode()

    v3 = guide_draft(by=EditorFactory(), guide=guide, visa_body="Ein neuer Text im Schritt.")
    GUIDES.version_publish(version=v3, by=EditorFactory())
    assert {r.language: r.reviewed_by_id for r in v3.reviews.all()} == {"en": reviewer.pk}
    assert guide.translations.get(language="de").reviewed_at is None


def test_youth_cards_note_unchecked_translations(client):
    imported_programme("workshop")
    assert not ProgrammeTranslation.objects.filter(reviewed_at__isnull=False).exists()
    answers = {"age": "17", "municipality": "Garbsen", "school": "in_school"}
    answers["training_place"] = "no"
    with translation.override("en"):
        url = reverse("youth:finder")
    assert "review-note" in client.get(url, answers).content.decode()

    draft = programme_draft(by=EditorFactory(), slug="checked")
    PROGRAMMES.version_publish(version=draft, by=EditorFactory(), reviewed=["en"])
    html = client.get(url, answers).content.decode()
    assert html.count("review-note") == 1  # the imported programme's only


def test_the_report_counts_published_and_reviewed_texts_per_language():
    published_entry("one", translations=TEXTS)
    two = published_entry("two", translations={k: TEXTS[k] for k in ("de", "en")})
    draft = redraft(two, by=EditorFactory(), texts={k: TEXTS[k] for k in ("de", "en")})
    ENTRIES.version_publish(version=draft, by=EditorFactory(), reviewed=["de"])
    published_guide("visa-entry")
    imported_programme("workshop")

    counts = review_counts()
    assert counts["entries"] == {"de": (2, 1), "en": (2, 0), "ar": (1, 0), "uk": (1, 0)}
    assert counts["guides"] == {"de": (1, 0), "en": (1, 0)}
    assert counts["programmes"] == {"de": (1, 0), "en": (1, 0)}
    out = io.StringIO()
    call_command("content_review_report", stdout=out)
    lines = {line.split()[0]: line.split() for line in out.getvalue().splitlines()[1:]}
    assert lines["de"] == ["de", "2", "(1)", "1", "(0)", "1", "(0)", "2", "/", "2"]
    assert lines["uk"] == ["uk", "1", "(0)", "0", "(0)", "0", "(0)", "1", "/", "2"]
