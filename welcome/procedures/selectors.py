"""Reads of § 81a applications with the permission filter built in, for pages and the API.

Who sees an application:
- the company's own users (employer portal) — all of its applications, nobody else's;
- the institution doing the pre-check, from the moment it was asked;
- the competent authority once filed (in the platform), or — when the authority works elsewhere —
  the Welcome Center, which records its notices.
Missing and forbidden look the same (404) and are both audited; every staff read of an
application (personal data) is audited as "procedure_viewed".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from welcome.audit.services import audit_log
from welcome.procedures.machine import BEFORE_FILING
from welcome.procedures.models import Application
from welcome.procedures.services import RECORDER, authority_actor


def _staff_filter(institution_id: str) -> Q:
    visible = Q(pre_checker_id=institution_id) | (
        ~Q(state__in=BEFORE_FILING) & Q(mode=Application.Mode.PLATFORM, authority_id=institution_id)
    )
    if institution_id == RECORDER:
        visible |= ~Q(state__in=BEFORE_FILING) & Q(mode=Application.Mode.RECORDED)
    return visible


def application_queryset_for_user(user) -> QuerySet[Application]:
    """Every application ``user`` may open (none for anyone else)."""
    if getattr(user, "kind", None) == "employer" and user.company_id:
        return Application.objects.filter(company_id=user.company_id)
    if getattr(user, "is_partner_staff", False):
        return Application.objects.filter(_staff_filter(user.institution_id))
    return Application.objects.none()


@dataclass(frozen=True)
class ApplicationAccess:
    application: Application
    as_employer: bool
    as_pre_checker: bool
    as_authority: bool  # takes the authority's steps (its staff, or the recorder)


def application_get_for_user(
    *, user, application_id, purpose: str = "procedure_viewed"
) -> ApplicationAccess:
    """The one access path to an application; forbidden and missing both raise Http404."""
    try:
        pk = int(application_id)
    except (TypeError, ValueError, OverflowError):
        pk = None
    application = (
        application_queryset_for_user(user)
        .select_related("company", "authority")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if application is None:
        audit_log(
            actor=user,
            action="access_denied",
            reason="application not found or not visible",
            requested_application=str(application_id)[:40],
        )
        raise Http404("No such application.")
    audit_log(actor=user, action=purpose, obj=application)
    institution = getattr(user, "institution_id", None)
    filed = application.state not in BEFORE_FILING
    return ApplicationAccess(
        application=application,
        as_employer=getattr(user, "company_id", None) == application.company_id,
        as_pre_checker=institution is not None and institution == application.pre_checker_id,
        as_authority=filed
        and institution is not None
        and institution == authority_actor(application),
    )
