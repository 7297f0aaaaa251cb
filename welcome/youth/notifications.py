"""The e-mails of referrals, each sent once: the young person's confirmation with their private
link (only where they gave an e-mail address), and the notice to the programme's staff — which
names no one, only that a referral waits in their inbox.

Sent as the consultations' e-mails are (welcome.consultations.notifications): the row is claimed
with a conditional UPDATE held until the mail server took the message, and a periodic sweep
(`send_unsent`) sends what a lost job left undone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from welcome.accounts.models import User
from welcome.consultations.notifications import claimed_send
from welcome.youth.models import Referral
from welcome.youth.tokens import referral_token


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_confirmation(referral_id: int) -> bool:
    def build():
        referral = Referral.objects.select_related("person", "version__organisation").get(
            pk=referral_id
        )
        person = getattr(referral, "person", None)
        if person is None or not person.email:
            return False  # withdrawn meanwhile, or no address: nothing to send
        with translation.override(referral.language):
            link = _absolute(reverse("youth:referral", kwargs={"token": referral_token(referral)}))
            body = render_to_string(
                "youth/emails/referral_confirmation.txt",
                {"referral": referral, "person": person, "link": link},
            )
            subject = _("Your request to a programme: %(reference)s") % {
                "reference": referral.reference
            }
        EmailMessage(subject=subject, body=body, to=[person.email]).send()

    return claimed_send(Referral, referral_id, "confirmation_sent_at", build)


def notify_inbox(referral_id: int) -> bool:
    def build():
        referral = Referral.objects.get(pk=referral_id)
        staff = User.objects.filter(
            kind=User.Kind.PROGRAMME, institution_id=referral.inbox_id, is_active=True
        ).exclude(email="")
        if not staff:
            return False
        for user in staff:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                link = _absolute(
                    reverse("youth:referral_detail", kwargs={"referral_id": referral.pk})
                )
                body = render_to_string(
                    "youth/emails/referral_notice.txt", {"referral": referral, "link": link}
                )
                subject = _("New referral %(reference)s") % {"reference": referral.reference}
            EmailMessage(subject=subject, body=body, to=[user.email]).send()

    return claimed_send(Referral, referral_id, "inbox_notified_at", build)


def send_unsent() -> int:
    """The e-mails a lost job left unsent, of referrals not withdrawn."""
    waiting = Referral.objects.filter(erased_at__isnull=True)
    sent = sum(
        send_confirmation(pk)
        for pk in waiting.filter(confirmation_sent_at__isnull=True)
        .exclude(Q(person__email="") | Q(person__isnull=True))
        .values_list("pk", flat=True)
    )
    sent += sum(
        notify_inbox(pk)
        for pk in waiting.filter(inbox_notified_at__isnull=True).values_list("pk", flat=True)
    )
    return sent
