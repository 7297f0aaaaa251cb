"""Retention: an ended procedure's personal data is erased after RETENTION_DAYS, nothing else."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from welcome.audit.models import AuditEntry
from welcome.procedures import retention, services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Document, Step
from welcome.procedures.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _withdrawn(days_ago: int) -> Application:
    application = ApplicationFactory(ready=True)
    services.family_member_add(
        application=application,
        by=application.created_by,
        name="Youssef Haddad",
        relation="child",
        birth_date=dt.date(2019, 2, 1),
    )
    services.application_transition(
        application=application, name="withdraw", by=application.created_by
    )
    Application.objects.filter(pk=application.pk).update(
        closed_on=timezone.localdate() - dt.timedelta(days=days_ago)
    )
    return application


def test_it_erases_worker_family_and_documents_of_expired_procedures(
    settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = 30
    expired, recent = _withdrawn(31), _withdrawn(29)
    files = list(expired.documents.values_list("file", flat=True))
    assert files and all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.applications_erase_expired() == 1

    expired.refresh_from_db()
    assert expired.erased_at is not None
    assert expired.worker_name == retention.ERASED_NAME and expired.worker_email == ""
    assert expired.worker_birth_date is None and expired.profile == {}
    assert not expired.family_members.exists()
    assert not Document.objects.filter(application=expired).exists()
    assert not any(default_storage.exists(name) for name in files)
    # Steps stay for the statistics; the recent procedure keeps everything.
    assert Step.objects.filter(application=expired, to_state=State.WITHDRAWN).exists()
    assert recent.documents.exists() and recent.family_members.exists()
    assert (
        AuditEntry.objects.filter(action="procedure_erased", object_id=str(expired.pk)).count() == 1
    )


def test_a_second_run_erases_nothing(settings):
    settings.RETENTION_DAYS = 30
    _withdrawn(40)
    assert retention.applications_erase_expired() == 1
    assert retention.applications_erase_expired() == 0


def test_running_procedures_are_never_erased(settings):
    settings.RETENTION_DAYS = 0
    ApplicationFactory(state=State.FILED)
    assert retention.applications_erase_expired() == 0
