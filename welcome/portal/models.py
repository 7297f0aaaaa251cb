"""Data of the portal: only what a visitor asked us to keep."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedResult(models.Model):
    """A pathway-check result the visitor chose to save, reachable only through its private link.

    The id is a random UUID (122 random bits), the link's only secret. The result is kept with
    the answers, the evaluation JSON in the visitor's language, the trace and the version of the
    rules that made it. When the rules change, a background re-check evaluates the same answers
    on the same date again (``services.saved_results_recheck``): ``evaluation`` and ``trace``
    then hold the new result, and where the outcome changed (a title's status, or the best
    title) ``previous_evaluation`` keeps the one before, so the page can show both. The e-mail
    address is optional, given only to hear of such a change, and erased with the result after
    ``expires_at``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    profile = models.JSONField(_("answers"))
    evaluation = models.JSONField(_("evaluation"))
    trace = models.JSONField(_("trace"), default=dict)
    rules_version = models.CharField(_("rules version"), max_length=40, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    # Re-checks under new rules: when the last one ran, and when one last changed the outcome
    # (``previous_evaluation`` is the evaluation shown until then).
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("outcome changed at"), null=True, blank=True)
    previous_evaluation = models.JSONField(_("previous evaluation"), null=True, blank=True)
    # Optional: to be told once per change of the outcome. The claim of that e-mail is
    # ``change_mailed_at`` (NULL while one is due; a re-check that changes the outcome resets it).
    email = models.EmailField(_("e-mail address"), blank=True)
    change_mailed_at = models.DateTimeField(_("change e-mailed at"), null=True, blank=True)
    # What the evaluation depended on besides the answers: the rule code's version and the
    # dated figures it read ([name, date] pairs), with a digest of their values. A re-check
    # where both are unchanged under the new rules skips the evaluation (law.parameters).
    law_code_version = models.CharField(_("rule code version"), max_length=40, blank=True)
    figures_read = models.JSONField(_("figures read"), default=list, blank=True)
    figures_digest = models.CharField(_("digest of the figures read"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("saved pathway-check result")
        verbose_name_plural = _("saved pathway-check results")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.evaluation.get('roadmap', {}).get('title')}"
