"""E-mails of the § 81a procedure, each sent at most once.

A step's notices are claimed with a conditional UPDATE on `Step.notified_at` before anything is
written; if the mail server refuses, the claim is released so the job can be retried. Links point
to the address the employer used (`Application.site_url`), not a fixed host. E-mails a service
asks for go out after its transaction has committed (`mail_after_commit`).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from welcome.accounts.models import User
from welcome.procedures.labels import acting_label, deadline_label
from welcome.procedures.models import Application, Deadline, Step
from welcome.procedures.tokens import worker_token

logger = logging.getLogger("welcome.procedures")

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def mail_language(code: str) -> str:
    """``code`` if the platform speaks it, else the default language."""
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def mail_after_commit(send, *args) -> None:
    """Send an e-mail once the transaction has committed; a mail server's failure is logged and
    does not undo (or break) what was saved. To move into `tasks.py` as huey tasks (ids only)."""

    def run():
        try:
            send(*args)
        except Exception:
            logger.exception("E-mail %s%r failed", send.__name__, args)

    transaction.on_commit(run)


def absolute(application: Application, path: str) -> str:
    return (application.site_url or settings.SITE_URL).rstrip("/") + path


def _localized_path(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def employer_recipients(application: Application) -> list[tuple[str, str]]:
    """(address, language) of the company's active users and its contact address."""
    company = application.company
    language = mail_language(company.language)
    addresses = [
        email
        for email in company.users.filter(is_active=True).values_list("email", flat=True)
        if email
    ]
    if company.contact_email:
        addresses.append(company.contact_email)
    return [(address, language) for address in dict.fromkeys(addresses)]


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    EmailMessage(subject=subject, body=render_to_string(template, context), to=[to]).send()


def send_step_notices(step_id: int) -> int:
    """Tell the employer's users and the worker that the application moved; once per step."""
    claimed = Step.objects.filter(pk=step_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    try:
        return _send_step_notices(
            Step.objects.select_related("application__company").get(pk=step_id)
        )
    except Exception:
        Step.objects.filter(pk=step_id).update(notified_at=None)
        raise


def _send_step_notices(step: Step) -> int:
    application = step.application
    sent = 0
    for address, language in employer_recipients(application):
        with translation.override(language):
            _send(
                to=address,
                subject=_("%(reference)s: %(step)s")
                % {"reference": application.reference, "step": application.get_state_display()},
                template="procedures/emails/step_employer.txt",
                context={
                    "application": application,
                    "step": step,
                    "link": absolute(
                        application,
                        _localized_path(
                            "procedures:detail", language, application_id=application.pk
                        ),
                    ),
                },
            )
        sent += 1
    if application.worker_email and step.to_state != "draft":
        language = mail_language(application.worker_language)
        with translation.override(language):
            _send(
                to=application.worker_email,
                subject=_("Your application for a visa to work in Germany: %(step)s")
                % {"step": application.get_state_display()},
                template="procedures/emails/step_worker.txt",
                context={
                    "application": application,
                    "step": step,
                    "link": absolute(
                        application,
                        _localized_path(
                            "procedures:worker_status",
                            language,
                            token=worker_token(application.pk, "status"),
                        ),
                    ),
                },
            )
        sent += 1
    return sent


# --- deadlines: reminders and escalations to the acting institution (staff read German) ---------


def staff_addresses(institution_id: str | None, *, role: str = "") -> list[str]:
    """E-mail addresses of an institution's active staff (only ``role`` when given)."""
    if not institution_id:
        return []
    users = User.objects.filter(
        kind=User.Kind.STAFF, institution_id=institution_id, is_active=True
    ).exclude(email="")
    if role:
        users = users.filter(role=role)
    return sorted(set(users.values_list("email", flat=True)))


def office_link(application: Application) -> str:
    """The staff page of ``application`` (German: staff users have no language of their own)."""
    return absolute(
        application,
        _localized_path(
            "procedures_office:detail", settings.LANGUAGE_CODE, application_id=application.pk
        ),
    )


DIGEST_LINES = 100
# A digest's subject per kind: naming the one deadline, or counting many.
SUBJECTS = {
    "reminder": (
        gettext_lazy("Reminder: %(reference)s – %(deadline)s due on %(date)s"),
        ngettext_lazy(
            "Reminder: %(count)d deadline ends soon, the first on %(date)s",
            "Reminder: %(count)d deadlines end soon, the first on %(date)s",
            "count",
        ),
    ),
    "escalation": (
        gettext_lazy("Overdue: %(reference)s – %(deadline)s was due on %(date)s"),
        ngettext_lazy(
            "Overdue: %(count)d deadline has passed, the first on %(date)s",
            "Overdue: %(count)d deadlines have passed, the first on %(date)s",
            "count",
        ),
    ),
}


def send_deadline_digest(deadline_ids: list[int], recipients: list[str], *, kind: str) -> None:
    """One message to an institution's staff (``kind`` "reminder") or team leads
    ("escalation") listing its deadlines (ids in order of their end) that end soon or have
    passed — the first DIGEST_LINES of them, the rest counted; German, since staff users have
    no language of their own. The caller claimed the deadlines."""
    shown = Deadline.objects.filter(pk__in=deadline_ids[:DIGEST_LINES]).select_related(
        "application"
    )
    deadlines = sorted(shown, key=lambda deadline: (deadline.due_on, deadline.pk))
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            {
                "deadline": deadline,
                "label": deadline_label(deadline.step),
                "acting": acting_label(deadline.application),
                "link": office_link(deadline.application),
            }
            for deadline in deadlines
        ]
        first = deadlines[0]
        values = {
            "count": len(deadline_ids),
            "reference": first.application.reference,
            "deadline": rows[0]["label"],
            "date": formats.date_format(first.due_on, "SHORT_DATE_FORMAT"),
        }
        one, many = SUBJECTS[kind]
        subject = (one if len(deadlines) == 1 else many) % values
        body = render_to_string(
            f"procedures/emails/deadline_{kind}.txt",
            {
                "rows": rows,
                "more": len(deadline_ids) - len(rows),
                "inbox": absolute(
                    first.application,
                    _localized_path("procedures_office:inbox", settings.LANGUAGE_CODE),
                ),
            },
        )
    EmailMessage(subject=subject, body=body, to=recipients).send()


def send_power_of_attorney_link(application_id: int) -> None:
    """The worker's link to confirm the power of attorney, in the worker's language."""
    application = Application.objects.select_related("company").get(pk=application_id)
    language = mail_language(application.worker_language)
    with translation.override(language):
        path = reverse(
            "procedures:poa_confirm",
            kwargs={"token": worker_token(application.pk, "power_of_attorney")},
        )
        EmailMessage(
            subject=_("Please confirm the power of attorney for %(company)s")
            % {"company": application.company.name},
            body=render_to_string(
                "procedures/worker/emails/power_of_attorney.txt",
                {"application": application, "link": absolute(application, path)},
            ),
            to=[application.worker_email],
        ).send()
