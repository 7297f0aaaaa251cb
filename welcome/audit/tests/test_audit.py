"""The audit log is append-only through the application."""

import pytest
from django.contrib.admin.sites import site

from welcome.accounts.tests.factories import StaffFactory
from welcome.audit.models import AppendOnlyError, AuditEntry
from welcome.audit.services import audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    user = StaffFactory(institution_id="ihk-hannover")
    return audit_log(actor=user, action="case_viewed", obj=user, reason="check")


def test_an_entry_records_who_for_which_institution_what_and_why(entry):
    assert entry.actor_name.startswith("staff")
    assert entry.institution_id == "ihk-hannover"
    assert (entry.action, entry.object_type, entry.reason) == (
        "case_viewed",
        "accounts.user",
        "check",
    )


def test_entries_cannot_be_changed(entry):
    entry.reason = "covered up"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="covered up")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "check"


def test_entries_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_is_read_only(entry, rf):
    admin = site._registry[AuditEntry]
    request = rf.get("/")
    request.user = StaffFactory(is_staff=True, is_superuser=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
