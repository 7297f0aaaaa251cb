"""The one way to write the audit log; every service that touches personal data calls it."""

from collections.abc import Iterable
from contextvars import ContextVar

from django.db import models

from welcome.audit.models import AuditEntry

# Whether the request being served already recorded an "access_denied" entry (reset per request
# by audit.middleware), so that the middleware's catch-all for "not found" does not write twice.
denial_recorded: ContextVar[bool] = ContextVar("denial_recorded", default=False)


def _entry(*, actor, action: str, obj: models.Model | None, reason: str, details: dict):
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        institution_id=(getattr(actor, "institution_id", None) or "") if authenticated else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        reason=reason[:300],
        details=details,
    )


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    reason: str = "",
    **details,
) -> AuditEntry:
    """Record that `actor` did `action` on `obj` (for `reason`). Details must hold no secrets."""
    entry = _entry(actor=actor, action=action, obj=obj, reason=reason, details=details)
    entry.save()
    if action == "access_denied":
        denial_recorded.set(True)
    return entry


def audit_log_many(
    *, actor, action: str, entries: Iterable[tuple[models.Model, dict]], reason: str = ""
) -> int:
    """The entries `audit_log` would write for each (object, details), in one INSERT — for jobs
    that take one step on many objects at once."""
    rows = [
        _entry(actor=actor, action=action, obj=obj, reason=reason, details=details)
        for obj, details in entries
    ]
    return len(AuditEntry.objects.bulk_create(rows))
