"""Editor workflow: drafts, four-eyes publication, versions kept, compare and restore."""

import pytest
from django.db import IntegrityError

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.knowledge.models import EntryVersion
from welcome.knowledge.search import search
from welcome.knowledge.selectors import version_diff
from welcome.knowledge.services import (
    WorkflowError,
    entry_draft_discard,
    entry_draft_save,
    entry_version_publish,
    entry_version_restore,
)
from welcome.knowledge.tests.factories import EditorFactory, draft, published_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return EditorFactory()


@pytest.fixture
def reviewer():
    return EditorFactory()


def test_the_author_cannot_publish_their_own_draft(author):
    version = draft(by=author)
    with pytest.raises(WorkflowError, match="second content editor"):
        entry_version_publish(version=version, by=author)
    assert EntryVersion.objects.get(pk=version.pk).state == "draft"


def test_an_editor_who_changed_the_draft_cannot_publish_it_either(author, reviewer):
    version = draft(by=author)
    draft(by=reviewer, entry=version.entry, answer="Changed by the reviewer.")
    with pytest.raises(WorkflowError):
        entry_version_publish(version=version, by=reviewer)


def test_a_second_editor_publishes_and_the_public_then_finds_the_entry(author, reviewer):
    version = draft(by=author, question="Was kostet die Blaue Karte?")
    assert search(query="Blaue Karte kostet", language="de").results == []
    entry_version_publish(version=version, by=reviewer)
    version.refresh_from_db()
    assert version.state == "published" and version.published_by == reviewer
    assert search(query="Blaue Karte kostet", language="de").results[0].slug == version.entry.slug
    assert AuditEntry.objects.filter(action="knowledge.published", actor=reviewer).exists()


def test_the_database_refuses_a_self_published_version(author):
    version = draft(by=author)
    version.state, version.published_by = "published", author
    with pytest.raises(IntegrityError):
        version.save()


def test_only_content_editors_may_write():
    case_worker = StaffFactory()
    with pytest.raises(WorkflowError):
        draft(by=case_worker)


def test_the_public_sees_only_the_published_version_while_a_draft_is_open(client, author):
    entry = published_entry(
        "salary",
        translations={"de": ("Wie hoch ist das Mindestgehalt?", "50.700 € im Jahr 2026.")},
    )
    draft(by=author, entry=entry, question="Wie hoch ist das Mindestgehalt?", answer="ENTWURF")
    page = client.get("/faq/salary/")
    assert "50.700 €" in page.content.decode()
    assert "ENTWURF" not in page.content.decode()
    results = search(query="Mindestgehalt", language="de").results
    assert [r.answer for r in results] == ["50.700 € im Jahr 2026."]
    assert client.get(f"/faq/{draft(by=author).entry.slug}/").status_code == 404


def test_publishing_keeps_every_earlier_version(author, reviewer):
    entry = published_entry("kept")
    entry_version_publish(version=draft(by=author, entry=entry, answer="Zweite."), by=reviewer)
    entry_version_publish(version=draft(by=reviewer, entry=entry, answer="Dritte."), by=author)
    states = list(entry.versions.order_by("number").values_list("number", "state"))
    assert states == [(1, "archived"), (2, "archived"), (3, "published")]
    assert EntryVersion.history.filter(entry_id=entry.id).count() >= 3


def test_an_old_version_is_restored_as_a_new_draft_for_a_second_editor(author, reviewer):
    entry = published_entry("restore-me")
    first = entry.versions.get(number=1)
    entry_version_publish(version=draft(by=author, entry=entry, answer="Falsch."), by=reviewer)
    restored = entry_version_restore(version=first, by=author)
    assert restored.state == "draft" and restored.restored_from == first
    with pytest.raises(WorkflowError):
        entry_version_publish(version=restored, by=author)
    entry_version_publish(version=restored, by=reviewer)
    entry.refresh_from_db()
    texts = {t.language: t.answer for t in entry.published_version.translations.all()}
    assert texts == {t.language: t.answer for t in first.translations.all()}


def test_restoring_is_refused_while_another_draft_is_open(author, reviewer):
    entry = published_entry("busy")
    draft(by=author, entry=entry)
    with pytest.raises(WorkflowError, match="open draft"):
        entry_version_restore(version=entry.versions.get(number=1), by=reviewer)


def test_a_discarded_draft_is_kept_but_never_published(author, reviewer):
    version = draft(by=author)
    entry_draft_discard(version=version, by=reviewer)
    with pytest.raises(WorkflowError):
        entry_version_publish(version=version, by=reviewer)
    assert EntryVersion.objects.get(pk=version.pk).state == "discarded"


def test_the_diff_shows_what_changed_between_two_versions(author):
    entry = published_entry(
        "diffed", translations={"de": ("Frage?", "Alte Antwort."), "en": ("Q?", "Old.")}
    )
    new = draft(by=author, entry=entry, question="Frage?", answer="Neue Antwort.")
    changed = {d.label: d for d in version_diff(entry.published_version, new) if d.changed}
    assert "answer [de]" in changed
    assert "-Alte Antwort." in changed["answer [de]"].lines
    assert "+Neue Antwort." in changed["answer [de]"].lines


def test_a_draft_needs_german_or_english_text(author):
    with pytest.raises(WorkflowError):
        entry_draft_save(
            by=author,
            entry=None,
            slug="only-turkish",
            topic="t",
            audience=["workers"],
            source="§ 1",
            reviewed_on=__import__("datetime").date(2026, 1, 1),
            translations={"tr": ("Soru?", "Cevap.")},
        )


# --- the pages ----------------------------------------------------------------------------------


def login(client, user):
    login_verified(client, user)
    return client


def test_an_editor_writes_a_draft_and_a_second_editor_publishes_it_in_the_browser(
    client, author, reviewer
):
    login(client, author)
    response = client.post(
        "/faq/editor/new/",
        {
            "slug": "new-entry",
            "topic": "visa",
            "audience": ["workers", "employers"],
            "source": "§ 6 AufenthG",
            "reviewed_on": "2026-11-20",
            "question_de": "Wie lange dauert das Visum?",
            "answer_de": "Meist **drei Wochen**.",
            "question_en": "How long does the visa take?",
            "answer_en": "Usually **three weeks**.",
        },
    )
    version = EntryVersion.objects.get(entry__slug="new-entry")
    assert response.status_code == 302
    assert version.audience == "workers,employers"
    page = client.get(f"/en/faq/editor/versions/{version.pk}/").content.decode()
    assert "A second content editor has to publish it." in page
    assert client.post(f"/faq/editor/versions/{version.pk}/publish/").status_code == 302
    assert EntryVersion.objects.get(pk=version.pk).state == "draft"

    client.logout()
    login(client, reviewer)
    client.post(f"/faq/editor/versions/{version.pk}/publish/")
    assert EntryVersion.objects.get(pk=version.pk).state == "published"
    assert "<strong>drei Wochen</strong>" in client.get("/faq/new-entry/").content.decode()


def test_the_draft_form_keeps_the_input_and_explains_errors(client, author):
    login(client, author)
    response = client.post(
        "/en/faq/editor/new/",
        {"slug": "x", "topic": "t", "source": "s", "reviewed_on": "gestern", "question_de": "F?"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="F?"' in page
    assert "Please write the answer to this question." in page
    assert 'href="#id_reviewed_on"' in page


def test_the_history_page_compares_two_versions(client, author, reviewer):
    entry = published_entry("compared")
    entry_version_publish(version=draft(by=author, entry=entry, answer="Neu."), by=reviewer)
    login(client, author)
    page = client.get("/en/faq/editor/entries/compared/?a=1&b=2").content.decode()
    assert "Changes from version 1 to version 2" in page
    assert "+Neu." in page


def test_restoring_from_the_version_page(client, author, reviewer):
    entry = published_entry("restored-page")
    entry_version_publish(version=draft(by=author, entry=entry, answer="Neu."), by=reviewer)
    login(client, author)
    first = entry.versions.get(number=1)
    response = client.post(f"/faq/editor/versions/{first.pk}/restore/")
    assert response.status_code == 302
    assert entry.versions.get(state="draft").restored_from == first


def test_staff_who_are_not_editors_get_a_404_and_are_logged(client, caplog):
    login(client, StaffFactory())
    for url in ["/faq/editor/", "/faq/editor/new/", "/faq/editor/gaps/"]:
        assert client.get(url).status_code == 404
    assert "not a content editor" in caplog.text


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/faq/editor/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_content_import_does_not_collide_with_an_editor_s_open_draft(author):
    from welcome.knowledge.services import entry_import

    entry = published_entry("imported-while-drafting")
    open_draft = draft(by=author, entry=entry, answer="Entwurf.")
    item = {
        "slug": "imported-while-drafting",
        "topic": "blue_card",
        "audience": ["workers"],
        "source": "§ 18g AufenthG",
        "reviewed_on": "2026-11-25",
        "translations": {"de": {"question": "Neu importiert?", "answer": "Ja."}},
    }
    assert entry_import(item=item) == "updated"
    entry.refresh_from_db()
    assert entry.published_version.translations.get().question == "Neu importiert?"
    open_draft.refresh_from_db()
    assert open_draft.state == "draft"  # the editor's work is kept
