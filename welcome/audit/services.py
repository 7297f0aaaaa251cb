"""The one way to write the audit log; every service that touches personal data calls it."""

from django.db import models

from welcome.audit.models import AuditEntry


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    reason: str = "",
    **details,
) -> AuditEntry:
    """Record that `actor` did `action` on `obj` (for `reason`). Details must hold no secrets."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        institution_id=(getattr(actor, "institution_id", None) or "") if authenticated else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        reason=reason[:300],
        details=details,
    )
