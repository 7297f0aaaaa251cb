"""Reads of the portal: a saved pathway-check result by its private id — the only access path."""

from __future__ import annotations

import logging
import uuid

from django.http import Http404
from django.utils import timezone

from welcome.portal.models import SavedResult

logger = logging.getLogger(__name__)


def saved_result_get(*, result_id: uuid.UUID | str) -> SavedResult:
    """The saved result, or 404 when it does not exist or has expired (both look the same and
    both are logged, without the id, which is the secret)."""
    try:
        return SavedResult.objects.get(pk=result_id, expires_at__gt=timezone.now())
    except (SavedResult.DoesNotExist, ValueError, TypeError):
        exists = SavedResult.objects.filter(pk=result_id).exists() if _is_uuid(result_id) else False
        logger.info("saved pathway result not found (%s)", "expired" if exists else "unknown")
        raise Http404 from None


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
