"""Companies of the employer portal: a company registers itself with its first HR user, adds
colleagues (who choose their own password by an e-mailed link), and files only once the Welcome
Center has verified it. Writes in a transaction with an audit entry, like every service; reached
as `services.company_register` and so on.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from welcome.accounts.models import Company, User
from welcome.audit.services import audit_log
from welcome.procedures.machine import TransitionError
from welcome.procedures.notifications import mail_after_commit, mail_language
from welcome.region.jurisdiction import find_municipality


def _username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


@transaction.atomic
def company_register(
    *,
    name: str,
    address: str,
    register_number: str,
    municipality: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    language: str,
    username: str,
    email: str,
    password: str,
) -> User:
    """A company registers itself with its first HR user; unverified until the Welcome Center
    confirms it (`company_verify`). The password must already have passed Django's validators."""
    found = find_municipality(municipality)
    if found is None:
        raise TransitionError(_("Please choose one of the 21 municipalities of the Region."))
    if _username_taken(username):
        raise TransitionError(_("This user name is taken. Please choose another one."))
    company = Company.objects.create(
        name=name,
        address=address,
        register_number=register_number,
        municipality=found.name,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        language=language,
    )
    user = User(username=username, email=email, kind=User.Kind.EMPLOYER, company=company)
    user.set_password(password)
    user.save()
    audit_log(actor=user, action="company_registered", obj=company)
    return user


@transaction.atomic
def company_verify(*, company: Company, by: User) -> Company:
    """The Welcome Center confirms a registered company; only then may it file applications."""
    if not by.has_role(User.Role.CASE_WORKER, User.Role.TEAM_LEAD, User.Role.ADMINISTRATOR) or (
        by.institution_id != "welcome-center"
    ):
        raise TransitionError(_("Only the Welcome Center verifies companies."))
    if company.verified_at is None:
        company.verified_at = timezone.now()
        company.verified_by = by
        company.save(update_fields=["verified_at", "verified_by"])
        audit_log(actor=by, action="company_verified", obj=company)
    return company


@transaction.atomic
def company_user_add(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    site_url: str = "",
) -> User:
    """An HR user adds a colleague of the same company. The colleague gets an e-mail with a link
    to choose their own password (no password is ever shared) and sets up their own second
    factor at the first login."""
    if by.kind != User.Kind.EMPLOYER or by.company_id is None or not by.is_active:
        raise TransitionError(_("Only a company's own users can add colleagues."))
    if _username_taken(username):
        raise TransitionError(_("This user name is taken. Please choose another one."))
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        kind=User.Kind.EMPLOYER,
        company_id=by.company_id,
    )
    user.set_unusable_password()
    user.save()
    audit_log(actor=by, action="company_user_added", obj=user)
    mail_after_commit(_send_invitation, user.pk, site_url)
    return user


def _send_invitation(user_id: int, site_url: str) -> None:
    """The set-password link for a new colleague, in the company's e-mail language."""
    user = User.objects.select_related("company").get(pk=user_id)
    if not user.email:
        return
    with translation.override(mail_language(user.company.language)):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        EmailMessage(
            subject=_("Your access to the employer portal of the Welcome Center"),
            body=render_to_string(
                "procedures/employer/emails/invitation.txt",
                {
                    "user": user,
                    "company": user.company,
                    "link": (site_url or settings.SITE_URL).rstrip("/") + path,
                },
            ),
            to=[user.email],
        ).send()
