"""Reads of § 81a applications with the permission filter built in, for pages and the API.

Who sees an application:
- the company's own users (employer portal) — all of its applications, nobody else's;
- the institution doing the pre-check, from the moment it was asked;
- the competent authority once filed (in the platform), or — when the authority works elsewhere —
  the Welcome Center, which records its notices.
Missing and forbidden look the same (404) and are both audited; every staff read of an
application (personal data) is audited as "procedure_viewed", a staff download of a document
also with the document's key and version. Only the Welcome Center sees the companies waiting
for its verification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from welcome.accounts.models import Company
from welcome.audit.services import audit_log
from welcome.procedures import machine
from welcome.procedures.actors import RECORDER, authority_actor
from welcome.procedures.machine import BEFORE_FILING, State
from welcome.procedures.models import Application, Deadline, Document
from welcome.procedures.needs import AUTHORITY_NOTICE

# Not filed yet, or ended: no authority (nor its recorder) acts on these.
CLOSED_STATES = (*BEFORE_FILING, *machine.FINAL)


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


def application_list_for_user(
    user, *, state: str = "", actor: str = "", q: str = ""
) -> QuerySet[Application]:
    """The employer's dashboard: its applications in a step, waiting for whom, or matching a
    worker's name or reference."""
    applications = application_queryset_for_user(user)
    if state:
        applications = applications.filter(state=state)
    if actor:
        states = [s for s, who in machine.WAITING_FOR.items() if who == actor]
        applications = applications.filter(state__in=states)
    if q:
        applications = applications.filter(Q(worker_name__icontains=q) | Q(reference__icontains=q))
    return applications


@dataclass(frozen=True)
class ApplicationAccess:
    application: Application
    as_employer: bool
    as_pre_checker: bool
    as_authority: bool  # takes the authority's steps (its staff, or the recorder)

    @property
    def actors(self) -> list[str]:
        """Whose steps of the transition table the user may take (machine.Transition.actor)."""
        actors = []
        if self.as_pre_checker:
            actors.append(machine.PRE_CHECKER)
        if self.as_authority:
            actors.append(machine.AUTHORITY)
        return actors

    @property
    def can_review(self) -> bool:
        """The user may review the documents now: the pre-checker during the pre-check, the
        authority (or its recorder) once filed."""
        return (
            self.as_pre_checker and self.application.state == State.PRE_CHECK
        ) or self.as_authority


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


def document_of(access: ApplicationAccess, document_id: int) -> Document:
    """A document of the application ``access`` granted; another one's is missing (404)."""
    try:
        document = access.application.documents.get(pk=document_id)
    except Document.DoesNotExist as error:
        raise Http404("No such document.") from error
    document.application = access.application
    return document


def document_get_for_user(*, user, application_id, document_id) -> Document:
    """A document to download, through the application's one access path (audited as a
    download); staff downloads (personal data an institution reads) are audited with the
    document's key and version too."""
    access = application_get_for_user(
        user=user, application_id=application_id, purpose="procedure_document_downloaded"
    )
    document = document_of(access, document_id)
    if not access.as_employer:
        audit_log(
            actor=user,
            action="procedure_document_viewed",
            obj=access.application,
            document=document.pk,
            key=document.key,
            version=document.version,
        )
    return document


# --- the staff inbox -----------------------------------------------------------------------------


def _unreviewed_notice() -> Exists:
    return Exists(
        Document.objects.filter(
            application=OuterRef("pk"), key=AUTHORITY_NOTICE, review=Document.Review.UPLOADED
        )
    )


def _inbox_groups(institution_id: str) -> dict[str, Q]:
    """The inbox's groups for an institution, as filters on the applications it may see."""
    running = ~Q(state__in=CLOSED_STATES)
    act = Q(mode=Application.Mode.PLATFORM, authority_id=institution_id) & running
    if institution_id == RECORDER:
        act |= Q(mode=Application.Mode.RECORDED) & (running | _unreviewed_notice())
    return {
        "": Q(),
        "pre_check": Q(pre_checker_id=institution_id, state=State.PRE_CHECK),
        "act": act,
    }


def inbox_counts_for_user(user) -> dict[str, int]:
    """How many applications each group of the user's inbox holds."""
    visible = application_queryset_for_user(user)
    return {
        key: visible.filter(group).count()
        for key, group in _inbox_groups(user.institution_id).items()
    }


def inbox_for_user(user, *, filters: dict, today: dt.date) -> QuerySet[Application]:
    """The inbox group ``filters["show"]`` (narrowed by state and to overdue deadlines), the
    next running deadline first; the Welcome Center also learns of new notices to record."""
    applications = application_queryset_for_user(user).filter(
        _inbox_groups(user.institution_id)[filters["show"]]
    )
    if filters["state"]:
        applications = applications.filter(state=filters["state"])
    # Open deadlines whose clock runs (the partial index `proc_deadline_running`).
    running = Deadline.objects.filter(
        Q(met_on__isnull=True, paused_since__isnull=True), application=OuterRef("pk")
    )
    if filters["overdue"]:
        applications = applications.filter(Exists(running.filter(due_on__lt=today)))
    applications = (
        applications.select_related("company")
        .annotate(next_due=Subquery(running.order_by("due_on").values("due_on")[:1]))
        .order_by(F("next_due").asc(nulls_last=True), "-updated_at", "-id")
    )
    if user.institution_id == RECORDER:
        applications = applications.annotate(new_notice=_unreviewed_notice())
    return applications


# --- companies waiting for verification (Welcome Center) -----------------------------------------


def _require_recorder(user) -> None:
    """Only the Welcome Center verifies companies; for everyone else the page does not exist."""
    if user.institution_id != RECORDER:
        raise Http404("No such page.")


def companies_to_verify_for_user(user) -> QuerySet[Company]:
    """The companies waiting for verification, oldest first, with their number of users."""
    _require_recorder(user)
    return (
        Company.objects.filter(verified_at__isnull=True)
        .annotate(user_count=Count("users"))
        .order_by("created_at", "id")
    )


def companies_to_verify_count(user) -> int | None:
    """How many companies wait for verification; None for all but the Welcome Center."""
    if user.institution_id != RECORDER:
        return None
    return Company.objects.filter(verified_at__isnull=True).count()


def company_get_for_user(*, user, company_id: int) -> Company:
    """A company the Welcome Center may verify (any registered company)."""
    _require_recorder(user)
    return get_object_or_404(Company, pk=company_id)
