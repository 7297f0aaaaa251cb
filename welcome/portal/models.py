"""Data of the portal: only what a visitor asked us to keep."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedResult(models.Model):
    """A pathway-check result the visitor chose to save, reachable only through its private link.

    The id is a random UUID (122 random bits), the link's only secret. The result is kept as it
    was made — the answers, the evaluation JSON in the visitor's language, the trace and the
    version of the rules — so it reads the same later even when the rules change; it is erased
    after ``expires_at``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    profile = models.JSONField(_("answers"))
    evaluation = models.JSONField(_("evaluation"))
    trace = models.JSONField(_("trace"), default=dict)
    rules_version = models.CharField(_("rules version"), max_length=40)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("saved pathway-check result")
        verbose_name_plural = _("saved pathway-check results")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.evaluation.get('roadmap', {}).get('title')}"
