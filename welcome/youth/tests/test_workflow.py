"""The catalogue on the one editor workflow: four eyes, versions, restore; and the demo set."""

import pytest
from django.conf import settings
from django.core.management import call_command

from welcome.audit.models import AuditEntry
from welcome.knowledge.tests.factories import EditorFactory
from welcome.knowledge.workflow import WorkflowError
from welcome.youth import demo
from welcome.youth.models import Programme, ProgrammeVersion
from welcome.youth.services import PROGRAMMES
from welcome.youth.tests.factories import TEXTS, fields, imported_programme, programme_draft

pytestmark = pytest.mark.django_db


def test_a_second_editor_must_publish_a_programme():
    author, second = EditorFactory(), EditorFactory()
    draft = programme_draft(by=author, slug="werkstatt")
    assert (draft.number, draft.state) == (1, "draft")
    assert Programme.objects.get(slug="werkstatt").published_version is None
    with pytest.raises(WorkflowError, match="second content editor"):
        PROGRAMMES.version_publish(version=draft, by=author)
    PROGRAMMES.version_publish(version=draft, by=second)
    programme = Programme.objects.get(slug="werkstatt")
    assert programme.published_version == draft
    assert programme.published_version.published_by == second


def test_whoever_changed_a_draft_cannot_publish_it_either():
    author, changer, third = EditorFactory(), EditorFactory(), EditorFactory()
    draft = programme_draft(by=author, slug="werkstatt")
    programme_draft(by=changer, programme=draft.programme, max_age=26)
    with pytest.raises(WorkflowError, match="second content editor"):
        PROGRAMMES.version_publish(version=draft, by=changer)
    PROGRAMMES.version_publish(version=draft, by=third)


def test_a_new_version_archives_the_old_and_a_restore_is_a_new_draft():
    author, second = EditorFactory(), EditorFactory()
    first = programme_draft(by=author, slug="werkstatt")
    PROGRAMMES.version_publish(version=first, by=second)
    newer = programme_draft(by=author, programme=first.programme, max_age=26, free_places=0)
    changed = [d.label for d in PROGRAMMES.version_diff(first, newer)]
    assert changed == ["max_age", "free_places"]
    PROGRAMMES.version_publish(version=newer, by=second)
    states = dict(ProgrammeVersion.objects.values_list("number", "state"))
    assert states == {1: "archived", 2: "published"}
    restored = PROGRAMMES.version_restore(version=first, by=author)
    assert (restored.number, restored.state, restored.max_age) == (3, "draft", 24)
    assert restored.note == "Restored from version 1."
    assert {row.language for row in restored.translations.all()} == {"de", "en"}
    assert Programme.objects.get(slug="werkstatt").published_version == newer
    actions = AuditEntry.objects.filter(action__startswith="youth.").values_list(
        "action", flat=True
    )
    assert list(actions.order_by("id")) == [
        "youth.draft_saved",
        "youth.published",
        "youth.draft_saved",
        "youth.published",
        "youth.restored",
    ]


@pytest.mark.parametrize(
    ("overrides", "translations", "message"),
    [
        ({"min_age": 25, "max_age": 15}, TEXTS, "minimum age must not be above"),
        ({"municipalities": ["Hannover", "Wolfsburg"]}, TEXTS, "choose the municipalities"),
        ({"municipalities": []}, TEXTS, "choose the municipalities"),
        ({"capacity": 5, "free_places": 6}, TEXTS, "more free places than places"),
        ({}, {"de": TEXTS["de"]}, "German and English"),
    ],
)
def test_a_draft_that_breaks_a_rule_is_refused_with_a_sentence(overrides, translations, message):
    with pytest.raises(WorkflowError, match=message):
        programme_draft(by=EditorFactory(), translations=translations, **overrides)
    assert not Programme.objects.exists()


def test_only_content_editors_may_write_programmes():
    from welcome.accounts.tests.factories import StaffFactory

    with pytest.raises(WorkflowError, match="Only content editors"):
        PROGRAMMES.draft_save(
            by=StaffFactory(), programme=None, slug="x", translations=TEXTS, **fields()
        )


def test_municipalities_and_statuses_are_kept_in_the_regions_order():
    draft = programme_draft(
        by=EditorFactory(),
        municipalities=["Wunstorf", "Barsinghausen"],
        school_statuses=["left_with_certificate", "in_school"],
    )
    assert draft.municipalities == ["Barsinghausen", "Wunstorf"]
    assert draft.school_statuses == ["in_school", "left_with_certificate"]


def test_an_import_publishes_once_and_an_editors_draft_does_not_block_it():
    programme = imported_programme("werkstatt")
    assert programme.published_version.author is None
    draft = programme_draft(by=EditorFactory(), programme=programme, max_age=26)
    again = imported_programme("werkstatt")
    assert again.versions.count() == 2  # unchanged content: nothing new
    imported_programme("werkstatt", max_age=20)
    assert Programme.objects.get(slug="werkstatt").published_version.max_age == 20
    assert ProgrammeVersion.objects.get(pk=draft.pk).state == "draft"


def test_every_demo_kind_speaks_every_portal_language_and_keeps_the_place():
    languages = {code for code, _ in settings.LANGUAGES}
    for kind, (*_, texts) in demo.KINDS.items():
        assert set(texts) == languages, kind
        has_place = "{place}" in texts["de"][0]
        for language, (title, description) in texts.items():
            assert title and description, (kind, language)
            assert ("{place}" in title) == has_place, (kind, language)


def test_the_demo_set_publishes_about_25_programmes_once(capsys):
    call_command("load_youth_demo")
    published = Programme.objects.filter(published_version__isnull=False)
    assert 20 <= published.count() <= 30
    assert all(p.published_version.demo for p in published)
    languages = {
        row.language
        for p in published.select_related("published_version")
        for row in p.published_version.translations.all()
    }
    assert languages == {code for code, _ in settings.LANGUAGES}
    call_command("load_youth_demo")
    assert ProgrammeVersion.objects.count() == published.count()
    assert "unchanged" in capsys.readouterr().out
