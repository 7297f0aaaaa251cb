"""E-mails of the § 81a procedure, each sent at most once.

A step's notices are claimed with a conditional UPDATE on `Step.notified_at` before anything is
written; if the mail server refuses, the claim is released so the job can be retried. Links point
to the address the employer used (`Application.site_url`), not a fixed host.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from welcome.procedures.models import Application, Step
from welcome.procedures.tokens import worker_token

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language(code: str) -> str:
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def absolute(application: Application, path: str) -> str:
    return (application.site_url or settings.SITE_URL).rstrip("/") + path


def _localized_path(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def employer_recipients(application: Application) -> list[tuple[str, str]]:
    """(address, language) of the company's active users and its contact address."""
    company = application.company
    language = _language(company.language)
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
        language = _language(application.worker_language)
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
