"""Editor workflow for process guides: drafts, four-eyes publication, versions, diff, restore."""

import copy
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.knowledge.models import Guide, GuideVersion
from welcome.knowledge.selectors import guide_version_diff
from welcome.knowledge.services import (
    WorkflowError,
    guide_content_apply,
    guide_draft_discard,
    guide_draft_save,
    guide_version_publish,
    guide_version_restore,
)
from welcome.knowledge.tests.factories import EditorFactory, guide_draft, published_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return EditorFactory()


@pytest.fixture
def reviewer():
    return EditorFactory()


@pytest.fixture
def guide():
    return published_guide("visa-entry")


def login(client, user):
    login_verified(client, user)
    return client


def public_page(client, slug: str = "visa-entry") -> str:
    return client.get(f"/faq/guides/{slug}/").content.decode()


def form_data(content: dict, *, extra_step: dict | None = None) -> dict:
    """The POST data of the edit form showing `content`, optionally with the empty step filled."""
    data = {"source": content["source"], "reviewed_on": content["reviewed_on"]}
    for code, title in content["title"].items():
        data[f"title_{code}"] = title
        data[f"summary_{code}"] = content["summary"].get(code, "")
    steps = content["steps"]
    data |= {
        "steps-TOTAL_FORMS": str(len(steps) + 1),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate([*steps, extra_step] if extra_step else steps):
        data[f"steps-{index}-position"] = str(index + 1) if index < len(steps) else ""
        data[f"steps-{index}-roadmap_step"] = step["roadmap_step"] or ""
        for code, title in step["title"].items():
            data[f"steps-{index}-title_{code}"] = title
            data[f"steps-{index}-body_{code}"] = step["body"].get(code, "")
    return data


# --- the rules ----------------------------------------------------------------------------------


def test_a_draft_changes_nothing_the_public_sees(client, author, guide):
    draft = guide_draft(by=author, guide=guide, visa_body="ENTWURF")
    assert draft.state == "draft" and draft.number == 2 and draft.author == author
    assert "Konsulat" in public_page(client)
    assert "ENTWURF" not in public_page(client)


def test_saving_again_changes_the_one_open_draft(author, reviewer, guide):
    first = guide_draft(by=author, guide=guide, visa_body="Eins.")
    second = guide_draft(by=reviewer, guide=guide, visa_body="Zwei.")
    assert second.pk == first.pk
    assert second.content["steps"][0]["body"]["de"] == "Zwei."
    assert guide.versions.filter(state="draft").count() == 1


def test_the_author_cannot_publish_their_own_guide_draft(client, author, guide):
    draft = guide_draft(by=author, guide=guide)
    with pytest.raises(WorkflowError, match="second content editor"):
        guide_version_publish(version=draft, by=author)
    assert GuideVersion.objects.get(pk=draft.pk).state == "draft"
    assert "Konsulat" in public_page(client)


def test_an_editor_who_changed_the_draft_cannot_publish_it_either(author, reviewer, guide):
    draft = guide_draft(by=author, guide=guide)
    guide_draft(by=reviewer, guide=guide, visa_body="Vom Prüfer geändert.")
    with pytest.raises(WorkflowError, match="second content editor"):
        guide_version_publish(version=draft, by=reviewer)


def test_a_second_editor_publishes_and_the_public_page_shows_the_new_text(
    client, author, reviewer, guide
):
    draft = guide_draft(by=author, guide=guide, visa_body="Jetzt **online** beantragen.")
    before = public_page(client)
    assert "<strong>Konsulat</strong>" in before and "online" not in before
    guide_version_publish(version=draft, by=reviewer)
    after = public_page(client)
    assert "<strong>online</strong>" in after and "Konsulat" not in after
    draft.refresh_from_db()
    assert (draft.state, draft.published_by) == ("published", reviewer)
    assert guide.versions.get(number=1).state == "archived"


def test_the_database_refuses_a_self_published_guide_version(author, guide):
    draft = guide_draft(by=author, guide=guide)
    draft.state, draft.published_by = "published", author
    guide.versions.filter(state="published").update(state="archived")
    with pytest.raises(IntegrityError):
        draft.save()


def test_the_database_refuses_a_second_open_draft(author, guide):
    guide_draft(by=author, guide=guide)
    with pytest.raises(IntegrityError):
        GuideVersion.objects.create(guide=guide, number=9, content={}, author=author)


def test_publishing_keeps_every_earlier_version(author, reviewer, guide):
    guide_version_publish(version=guide_draft(by=author, guide=guide, visa_body="2"), by=reviewer)
    guide_version_publish(version=guide_draft(by=reviewer, guide=guide, visa_body="3"), by=author)
    states = list(guide.versions.order_by("number").values_list("number", "state"))
    assert states == [(1, "archived"), (2, "archived"), (3, "published")]
    bodies = [v.content["steps"][0]["body"]["de"] for v in guide.versions.order_by("number")]
    assert bodies == ["Beim **Konsulat** beantragen.", "2", "3"]


def test_the_diff_shows_a_changed_step_body_and_nothing_else(author, guide):
    draft = guide_draft(by=author, guide=guide, visa_body="Jetzt online beantragen.")
    published = guide.versions.get(state="published")
    changed = {d.label: d for d in guide_version_diff(published, draft)}
    assert list(changed) == ["Step 1: text (German)"]
    assert "-Beim **Konsulat** beantragen." in changed["Step 1: text (German)"].lines
    assert "+Jetzt online beantragen." in changed["Step 1: text (German)"].lines


def test_an_old_version_is_restored_as_a_draft_for_a_second_editor(client, author, reviewer, guide):
    first = guide.versions.get(number=1)
    guide_version_publish(
        version=guide_draft(by=author, guide=guide, visa_body="Falsch."), by=reviewer
    )
    restored = guide_version_restore(version=first, by=author)
    assert (restored.state, restored.restored_from, restored.number) == ("draft", first, 3)
    assert restored.content == first.content
    with pytest.raises(WorkflowError):
        guide_version_publish(version=restored, by=author)
    assert "Falsch." in public_page(client)
    guide_version_publish(version=restored, by=reviewer)
    assert "<strong>Konsulat</strong>" in public_page(client)


def test_restoring_is_refused_while_a_draft_is_open(author, reviewer, guide):
    guide_draft(by=author, guide=guide)
    with pytest.raises(WorkflowError, match="open draft"):
        guide_version_restore(version=guide.versions.get(number=1), by=reviewer)


def test_a_discarded_guide_draft_is_kept_but_never_published(client, author, reviewer, guide):
    draft = guide_draft(by=author, guide=guide, visa_body="Verworfen.")
    guide_draft_discard(version=draft, by=reviewer)
    with pytest.raises(WorkflowError, match="Only a draft"):
        guide_version_publish(version=draft, by=reviewer)
    assert GuideVersion.objects.get(pk=draft.pk).state == "discarded"
    assert "Verworfen." not in public_page(client)
    assert guide_draft(by=author, guide=guide).number == 3  # a new draft may start


def test_a_draft_needs_german_and_english_titles_and_a_step(author, guide):
    content = copy.deepcopy(guide.versions.get().content)
    del content["title"]["en"]
    with pytest.raises(WorkflowError, match="German and the English title"):
        guide_draft_save(guide=guide, content=content, by=author)
    content = copy.deepcopy(guide.versions.get().content) | {"steps": []}
    with pytest.raises(WorkflowError, match="at least one step"):
        guide_draft_save(guide=guide, content=content, by=author)
    assert not guide.versions.filter(state="draft").exists()


def test_only_content_editors_may_change_guides(guide):
    with pytest.raises(WorkflowError, match="Only content editors"):
        guide_draft(by=StaffFactory(), guide=guide)


def test_every_step_is_audited(author, reviewer, guide):
    guide_version_publish(version=guide_draft(by=author, guide=guide), by=reviewer)
    restored = guide_version_restore(version=guide.versions.get(number=1), by=author)
    guide_draft_discard(version=restored, by=reviewer)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id"))
    assert actions == [
        ("knowledge.guide_draft_saved", author.pk),
        ("knowledge.guide_published", reviewer.pk),
        ("knowledge.guide_restored", author.pk),
        ("knowledge.guide_discarded", reviewer.pk),
    ]
    published = AuditEntry.objects.get(action="knowledge.guide_published")
    assert published.details == {"slug": "visa-entry", "number": 2, "reviewed": []}


# --- import and migration -----------------------------------------------------------------------


def load_knowledge() -> str:
    out = io.StringIO()
    call_command("load_knowledge", stdout=out)
    return out.getvalue()


def test_load_knowledge_twice_keeps_one_published_version_per_guide():
    assert "Guides: 6 created" in load_knowledge()
    assert "Guides: 0 created, 0 updated, 6 unchanged." in load_knowledge()
    for guide in Guide.objects.all():
        assert list(guide.versions.values_list("number", "state", "author")) == [
            (1, "published", None)
        ]


def test_a_changed_content_file_publishes_a_new_version_and_keeps_an_editors_draft(client, author):
    guide = published_guide("visa-entry")
    draft = guide_draft(by=author, guide=guide)
    assert published_guide("visa-entry", visa_body="Neu aus der Datei.") == guide
    assert list(guide.versions.order_by("number").values_list("number", "state")) == [
        (1, "archived"),
        (2, "draft"),
        (3, "published"),
    ]
    assert GuideVersion.objects.get(pk=draft.pk).state == "draft"
    assert "Neu aus der Datei." in public_page(client)


def test_the_data_migration_gives_each_guide_its_published_version_1(client):
    """Guides loaded before versions existed: the migration builds version 1 from the tables."""
    load_knowledge()
    imported = {v.guide.slug: v.content for v in GuideVersion.objects.select_related("guide")}
    GuideVersion.objects.all().delete()  # back to the tables alone, as before the migration
    pages = {g.slug: public_page(client, g.slug) for g in Guide.objects.all()}

    migration = importlib.import_module(
        "welcome.knowledge.migrations.0005_guide_versions_from_tables"
    )
    migration.versions_from_tables(apps, None)

    for guide in Guide.objects.all():
        version = guide.versions.get()
        assert (version.number, version.state, version.author) == (1, "published", None)
        assert version.content == imported[guide.slug]
        guide_content_apply(guide=guide, content=version.content)
        assert public_page(client, guide.slug) == pages[guide.slug]
    assert "Guides: 0 created, 0 updated" in load_knowledge()


# --- the pages ----------------------------------------------------------------------------------


def test_an_editor_edits_in_the_browser_and_a_second_editor_publishes(
    client, author, reviewer, guide
):
    content = copy.deepcopy(guide.versions.get().content)
    content["title"]["de"] = "Einreise mit Visum"
    data = form_data(
        content,
        extra_step={
            "roadmap_step": "entry_registration",
            "title": {"de": "Wohnung anmelden", "en": "Register your address"},
            "body": {"de": "Beim Bürgeramt.", "en": "At the citizens' office."},
        },
    )
    data["steps-1-DELETE"] = "on"  # "Einreisen" goes
    data["steps-2-position"] = "1"  # the new step comes first
    login(client, author)
    response = client.post("/faq/editor/guides/visa-entry/edit/", data)
    draft = guide.versions.get(state="draft")
    assert response.status_code == 302
    assert response["Location"] == f"/faq/editor/guide-versions/{draft.pk}/"
    assert draft.content["title"]["de"] == "Einreise mit Visum"
    assert [s["title"]["de"] for s in draft.content["steps"]] == [
        "Wohnung anmelden",
        "Visum beantragen",
    ]
    assert draft.content["steps"][0]["roadmap_step"] == "entry_registration"

    page = client.get(f"/en/faq/editor/guide-versions/{draft.pk}/").content.decode()
    assert "A second content editor has to publish it." in page
    response = client.post(f"/en/faq/editor/guide-versions/{draft.pk}/publish/", follow=True)
    assert "A second content editor has to publish it." in response.content.decode()
    assert GuideVersion.objects.get(pk=draft.pk).state == "draft"

    client.logout()
    login(client, reviewer)
    client.post(f"/faq/editor/guide-versions/{draft.pk}/publish/")
    assert GuideVersion.objects.get(pk=draft.pk).state == "published"
    page = public_page(client)
    assert "Einreise mit Visum" in page and "Beim Bürgeramt." in page
    assert "Einreisen" not in page
    assert page.index("Wohnung anmelden") < page.index("Visum beantragen")


def test_the_edit_form_starts_from_the_open_draft(client, author, reviewer, guide):
    guide_draft(by=author, guide=guide, visa_body="Aus dem Entwurf.")
    login(client, reviewer)
    page = client.get("/en/faq/editor/guides/visa-entry/edit/").content.decode()
    assert "Aus dem Entwurf." in page
    assert 'name="steps-2-title_de"' in page  # the empty step to add one
    assert 'name="steps-0-DELETE"' in page and 'name="steps-2-DELETE"' not in page


def test_the_edit_form_keeps_the_typed_text_and_explains_errors(client, author, guide):
    content = copy.deepcopy(guide.versions.get().content)
    data = form_data(content)
    data["title_de"] = "Mein getippter Titel"
    data["title_en"] = ""
    data["steps-0-body_en"] = ""
    data["steps-1-body_de"] = "Mein getippter Text."
    data["reviewed_on"] = "gestern"
    login(client, author)
    response = client.post("/en/faq/editor/guides/visa-entry/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Mein getippter Titel"' in page
    assert "Mein getippter Text." in page
    assert "Please write the title in this language." in page
    assert "Please write the title to this summary." not in page  # one message is enough
    assert 'href="#id_title_en"' in page
    assert "Please write the text of this step." in page
    assert 'href="#id_steps-0-body_en"' in page
    assert "Please enter a date like 2026-03-01." in page
    assert not guide.versions.filter(state="draft").exists()


def test_a_guide_without_steps_is_refused(client, author, guide):
    data = form_data(guide.versions.get().content)
    data["steps-0-DELETE"] = data["steps-1-DELETE"] = "on"
    login(client, author)
    page = client.post("/en/faq/editor/guides/visa-entry/edit/", data).content.decode()
    assert "A guide needs at least one step." in page
    assert not guide.versions.filter(state="draft").exists()


def test_a_new_language_can_be_added_to_the_form(client, author, guide):
    login(client, author)
    page = client.get("/en/faq/editor/guides/visa-entry/edit/").content.decode()
    assert 'name="title_tr"' not in page and "?language=tr" in page
    page = client.get("/en/faq/editor/guides/visa-entry/edit/?language=tr").content.decode()
    assert 'name="title_tr"' in page and 'name="steps-0-body_tr"' in page


def test_the_version_page_renders_step_markdown_safely(client, author, guide):
    draft = guide_draft(
        by=author, guide=guide, visa_body="**fett** <script>alert(1)</script> [x](javascript:x)"
    )
    login(client, author)
    page = client.get(f"/en/faq/editor/guide-versions/{draft.pk}/").content.decode()
    preview = page[page.index('id="text-title"') :]
    assert "<strong>fett</strong>" in preview
    assert "<script" not in preview and "javascript:" not in preview
    assert "&lt;script&gt;" in page  # the diff shows the typed text, escaped


def test_the_history_page_compares_a_version_with_the_published_one(
    client, author, reviewer, guide
):
    guide_version_publish(
        version=guide_draft(by=author, guide=guide, visa_body="Neu."), by=reviewer
    )
    login(client, author)
    page = client.get("/en/faq/editor/guides/visa-entry/?compare=1").content.decode()
    assert author.get_username() in page and reviewer.get_username() in page
    assert "Content import" in page
    assert "Changes from version 2 to version 1" in page
    assert "+Beim **Konsulat** beantragen." in page and "-Neu." in page
    page = client.get("/en/faq/editor/guides/visa-entry/?compare=2").content.decode()
    assert "No differences." in page


def test_restoring_and_discarding_from_the_version_page(client, author, reviewer, guide):
    guide_version_publish(version=guide_draft(by=author, guide=guide), by=reviewer)
    login(client, author)
    first = guide.versions.get(number=1)
    response = client.post(f"/faq/editor/guide-versions/{first.pk}/restore/")
    restored = guide.versions.get(state="draft")
    assert restored.restored_from == first
    assert response["Location"] == f"/faq/editor/guide-versions/{restored.pk}/"
    client.post(f"/faq/editor/guide-versions/{restored.pk}/discard/")
    assert GuideVersion.objects.get(pk=restored.pk).state == "discarded"


def test_the_editor_home_lists_guides_and_their_drafts(client, author, guide):
    draft = guide_draft(by=author, guide=guide)
    login(client, author)
    page = client.get("/en/faq/editor/").content.decode()
    assert "Entering with a visa" in page
    assert "/faq/editor/guides/visa-entry/edit/" in page
    assert f"/faq/editor/guide-versions/{draft.pk}/" in page


def test_non_editors_get_a_404_for_every_guide_editor_url(client, caplog, author, guide):
    draft = guide_draft(by=author, guide=guide)
    login(client, StaffFactory())
    pages = ["/faq/editor/guides/visa-entry/", "/faq/editor/guides/visa-entry/edit/"]
    pages.append(f"/faq/editor/guide-versions/{draft.pk}/")
    actions = [f"/faq/editor/guide-versions/{draft.pk}/{a}/" for a in ("publish", "discard")]
    actions.append(f"/faq/editor/guide-versions/{guide.versions.get(number=1).pk}/restore/")
    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in [*actions, pages[1]]:
        assert client.post(url, form_data(draft.content)).status_code == 404, url
    assert "not a content editor" in caplog.text
    assert GuideVersion.objects.get(pk=draft.pk).state == "draft"
    # Each refusal is audited (as "not found or not allowed"), nothing else is written.
    refused = AuditEntry.objects.exclude(action="knowledge.guide_draft_saved")
    assert set(refused.values_list("action", flat=True)) == {"access_denied"}
    assert refused.count() == len(pages) + len(actions) + 1


def test_anonymous_visitors_are_sent_to_the_login(client, guide):
    response = client.get("/faq/editor/guides/visa-entry/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_actions_need_post_and_a_csrf_token(author, reviewer, guide):
    from django.test import Client

    draft = guide_draft(by=author, guide=guide)
    client = login(Client(enforce_csrf_checks=True), reviewer)
    assert client.get(f"/faq/editor/guide-versions/{draft.pk}/publish/").status_code == 405
    assert client.post(f"/faq/editor/guide-versions/{draft.pk}/publish/").status_code == 403
    assert GuideVersion.objects.get(pk=draft.pk).state == "draft"
