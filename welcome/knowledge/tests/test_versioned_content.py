"""The workflow from a content type's declaration alone: no hooks, no services of its own."""

import datetime as dt

import pytest

from welcome.audit.models import AuditEntry
from welcome.knowledge.models import Entry, EntryTranslation, EntryVersion
from welcome.knowledge.tests.factories import EditorFactory
from welcome.knowledge.workflow import VersionedContent, WorkflowError

pytestmark = pytest.mark.django_db

FIELDS = {"topic": "t", "audience": "workers", "source": "§ 1", "reviewed_on": dt.date(2026, 1, 1)}


class BareEntries(VersionedContent):
    """FAQ tables declared as a new content type would be: models, fields, names, messages."""

    name = "entry"
    item_model, version_model = Entry, EntryVersion
    content_fields = ("topic", "audience", "source", "reviewed_on")
    translation_model, translation_fields = EntryTranslation, ("question", "answer")
    audit_prefix = "bare."
    not_an_editor, open_draft, slug_taken = "Editors only.", "An open draft.", "Taken."


def texts(version) -> dict:
    return {row.language: (row.question, row.answer) for row in version.translations.all()}


def test_a_declared_content_type_runs_the_whole_workflow():
    author, reviewer, third = EditorFactory(), EditorFactory(), EditorFactory()
    bare = BareEntries()
    draft = bare.draft_save(
        by=author, entry=None, slug="bare", translations={"de": {"question": "F?", "answer": "A."}},
        **FIELDS,
    )  # fmt: skip
    assert (draft.number, draft.state, draft.entry.slug) == (1, "draft", "bare")
    with pytest.raises(WorkflowError, match="Taken."):
        bare.draft_save(by=author, entry=None, slug="bare", translations={}, **FIELDS)
    changed = bare.draft_save(
        by=reviewer, entry=draft.entry, translations={"de": {"question": "F?", "answer": "B."}},
        **FIELDS,
    )  # fmt: skip
    assert changed.pk == draft.pk and texts(changed) == {"de": ("F?", "B.")}
    assert bare.contributors(draft) == {author.pk, reviewer.pk}
    with pytest.raises(WorkflowError, match="second content editor"):
        bare.version_publish(version=draft, by=reviewer)
    bare.version_publish(version=draft, by=third)

    newer = bare.draft_save(
        by=author, entry=draft.entry, translations={"de": {"question": "F?", "answer": "C."}},
        **{**FIELDS, "topic": "u"},
    )  # fmt: skip
    assert [d.label for d in bare.version_diff(draft, newer)] == ["topic", "answer [de]"]
    with pytest.raises(WorkflowError, match="An open draft."):
        bare.version_restore(version=draft, by=author)
    bare.draft_discard(version=newer, by=author)
    restored = bare.version_restore(version=draft, by=author)
    assert (restored.number, restored.restored_from, restored.topic) == (3, draft, "t")
    assert texts(restored) == {"de": ("F?", "B.")}
    with pytest.raises(WorkflowError, match="Editors only."):
        bare.draft_discard(version=restored, by=None)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "bare.draft_saved",
        "bare.draft_saved",
        "bare.published",
        "bare.draft_saved",
        "bare.discarded",
        "bare.restored",
    ]
