"""The one e-mail of the portal: a saved result's outcome changed under new rules.

Sent only to a visitor who left an address when saving, once per change, in the language of
the saved result, with its private link. As in ``consultations.notifications``: the sender
claims the row with a conditional UPDATE (``change_mailed_at`` from NULL to now) and holds the
claim in a transaction until the mail server has taken the message, so a refused message leaves
the e-mail due, and a second run, or two runs at once, send it once.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from welcome.portal.models import SavedResult
from welcome.portal.pathway.present import present_changes

logger = logging.getLogger("welcome.portal")


def _due():
    """Saved results whose outcome changed, with an address, not yet told, not expired."""
    return SavedResult.objects.filter(
        changed_at__isnull=False,
        change_mailed_at__isnull=True,
        previous_evaluation__isnull=False,
        expires_at__gt=timezone.now(),
    ).exclude(email="")


def _language(saved: SavedResult) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return saved.language if saved.language in codes else settings.LANGUAGE_CODE


def send_change_notice(result_id: uuid.UUID) -> bool:
    """Tell the visitor what changed and why; True when this call sent the e-mail."""
    with transaction.atomic():
        if not _due().filter(pk=result_id).update(change_mailed_at=timezone.now()):
            return False
        saved = SavedResult.objects.get(pk=result_id)
        with translation.override(_language(saved)):
            link = settings.SITE_URL + reverse(
                "portal:pathway_saved", kwargs={"result_id": saved.pk}
            )
            body = render_to_string(
                "portal/emails/result_changed.txt",
                {
                    "saved": saved,
                    "changes": present_changes(saved.previous_evaluation, saved.evaluation),
                    "link": link,
                },
            )
            subject = _("The result of your pathway check has changed")
        EmailMessage(subject=subject, body=body, to=[saved.email]).send()
    return True


def send_unsent_change_notices() -> int:
    """Every change e-mail that is due (after a re-check, or one the mail server refused);
    answers how many were sent. A refused e-mail is logged and tried on the next run."""
    sent = 0
    for pk in _due().order_by("pk").values_list("pk", flat=True):
        try:
            sent += send_change_notice(pk)
        except Exception:
            logger.exception("A change e-mail could not be sent; the next run tries again.")
    return sent
