"""Writes of the portal: saving and erasing pathway-check results (only when asked)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from welcome.audit.services import audit_log
from welcome.law import RULES_VERSION
from welcome.portal.models import SavedResult
from welcome.portal.pathway import check


def retention() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "PATHWAY_RESULT_RETENTION_DAYS", 180))


@transaction.atomic
def saved_result_create(
    *, profile: dict[str, Any], language: str, result_id: uuid.UUID | None = None
) -> SavedResult:
    """Evaluate the answers again on the server and keep the result as made, with its trace.

    ``result_id`` is only for demo content with known links; otherwise a random UUID.
    Raises ``welcome.law.ProfileError`` when the answers are not valid.
    """
    with translation.override(language):
        evaluation = check.evaluation_of(check.parse(profile))
        full = check.as_json(evaluation, trace=True)
    trace = full.pop("trace")
    now = timezone.now()
    saved = SavedResult.objects.create(
        id=result_id or uuid.uuid4(),
        profile=profile,
        evaluation=full,
        trace=trace,
        rules_version=RULES_VERSION,
        language=language,
        created_at=now,
        expires_at=now + retention(),
    )
    audit_log(actor=None, action="pathway_result.saved", obj=saved, reason="visitor asked")
    return saved


@transaction.atomic
def saved_result_delete(*, saved: SavedResult) -> None:
    """The visitor erases their saved result before it expires."""
    audit_log(actor=None, action="pathway_result.deleted", obj=saved, reason="visitor asked")
    saved.delete()


@transaction.atomic
def saved_results_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Erase every saved result past its expiry; returns how many (safe to run twice)."""
    deleted, _ = SavedResult.objects.filter(expires_at__lte=now or timezone.now()).delete()
    if deleted:
        audit_log(actor=None, action="pathway_result.purged", reason="expired", count=deleted)
    return deleted
