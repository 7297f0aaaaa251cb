"""Retention of the § 81a procedure's personal data (Art. 5 Abs. 1 lit. e, Art. 17 GDPR).

`settings.RETENTION_DAYS` after a procedure ended (closed, refused, withdrawn), the worker's and
family members' data and every document (rows and stored files) are erased. The application row
keeps its reference, company, dates and states, and its steps and deadlines stay — they hold no
personal data and feed the processing-time statistics. Each application is claimed with a
conditional UPDATE, so two runs never collide.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from welcome.audit.services import audit_log
from welcome.procedures.models import Application

logger = logging.getLogger(__name__)

ERASED_NAME = "—"


def expired_applications(*, now: dt.datetime | None = None):
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - dt.timedelta(days=settings.RETENTION_DAYS)
    return Application.objects.filter(erased_at__isnull=True, closed_on__lt=cutoff)


def application_erase(*, application_id: int, now: dt.datetime | None = None) -> bool:
    """Erase the personal data of one expired application; idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        won = (
            expired_applications(now=now)
            .filter(pk=application_id)
            .update(
                erased_at=now,
                worker_name=ERASED_NAME,
                worker_email="",
                worker_birth_date=None,
                worker_nationality="",
                occupation="",
                profile={},
            )
        )
        if not won:
            return False
        application = Application.objects.get(pk=application_id)
        files = list(application.documents.values_list("file", flat=True))
        counts = {
            "documents": len(files),
            "family_members": application.family_members.count(),
        }
        application.documents.all().delete()
        application.family_members.all().delete()
        application.steps.update(note="")
        audit_log(
            actor=None, action="procedure_erased", obj=application, reason="retention", **counts
        )

        def delete_files():
            for name in files:
                try:
                    default_storage.delete(name)
                except Exception:  # a missing file must not stop the erasure of the others
                    logger.exception("Could not delete a file of application %s", application_id)

        transaction.on_commit(delete_files)
    return True


def applications_erase_expired(*, now: dt.datetime | None = None) -> int:
    ids = list(expired_applications(now=now).values_list("id", flat=True))
    return sum(application_erase(application_id=pk, now=now) for pk in ids)
