"""Every write of the § 81a procedure: companies, applications, family members, documents, steps.

Each runs in a transaction and writes the audit log. A step (state change) goes through
`application_transition` only: it checks the transition table (`machine.py`) and who may act, then
applies the change with a conditional UPDATE on the state and version it was decided on — two
people (or a person and a job) acting at once cannot both win. Deadlines start, are met, pause
and resume in the same transaction as the step that causes it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from welcome.accounts.models import Company, User
from welcome.audit.services import audit_log
from welcome.cases.files import UploadRefused, check_upload
from welcome.law import deadlines as law_deadlines
from welcome.law import parameters
from welcome.procedures import machine
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application, Deadline, Document, FamilyMember, Step
from welcome.region.data import region
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    competent_institution,
    find_municipality,
)

PRE_CHECKERS = ("welcome-center", "ihk-hannover", "hwk-hannover")
# Who records the steps of an authority that works outside the platform (its notices).
RECORDER = "welcome-center"
# Documents every § 81a application needs at the agreement (FACTS.md § 3; `law.documents` keys).
# The power of attorney is here too; the worker may instead confirm it by the e-mailed link.
REQUIRED_DOCUMENTS = (
    "power_of_attorney",
    "passport_copy",
    "employment_declaration",
    "qualification_certificates",
    "cv_german",
)
FAMILY_DOCUMENTS = ("passport_copy",)


def today() -> dt.date:
    return timezone.localdate()


# --- companies -----------------------------------------------------------------------------------


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


# --- applications --------------------------------------------------------------------------------


def _require_employer(application: Application, by: User) -> None:
    if getattr(by, "company_id", None) != application.company_id:
        raise TransitionError(_("Only the company's own users can change this application."))


def _require_draft(application: Application) -> None:
    if application.state not in (State.DRAFT, State.DOCUMENTS_MISSING):
        raise TransitionError(_("The application can only be changed while it is being prepared."))


@transaction.atomic
def application_create(*, by: User, site_url: str = "", **facts) -> Application:
    """A company starts an application for a named worker; it stays a draft until filed."""
    if by.kind != User.Kind.EMPLOYER or by.company_id is None:
        raise TransitionError(_("Only an employer's user can start an application."))
    application = Application.objects.create(
        reference=f"tmp-{secrets.token_hex(6)}",  # replaced by the numbered one below
        company_id=by.company_id,
        created_by=by,
        state_since=today(),
        site_url=site_url,
        **facts,
    )
    application.reference = f"BF-{application.created_at.year}-{application.pk:06d}"
    application.save(update_fields=["reference"])
    audit_log(actor=by, action="procedure_created", obj=application)
    return application


@transaction.atomic
def application_update(*, application: Application, by: User, **facts) -> Application:
    _require_employer(application, by)
    _require_draft(application)
    for name, value in facts.items():
        setattr(application, name, value)
    application.save()
    audit_log(actor=by, action="procedure_updated", obj=application, fields=sorted(facts))
    return application


@transaction.atomic
def family_member_add(
    *, application: Application, by: User, name: str, relation: str, birth_date: dt.date
) -> FamilyMember:
    """A spouse or minor child applying together (§ 81a Abs. 1 AufenthG)."""
    _require_employer(application, by)
    _require_draft(application)
    if relation == FamilyMember.Relation.CHILD and _age(birth_date, today()) >= 18:
        raise TransitionError(
            _("Only minor children can apply together with the worker (§ 81a Abs. 1 AufenthG).")
        )
    member = FamilyMember.objects.create(
        application=application, name=name, relation=relation, birth_date=birth_date
    )
    audit_log(actor=by, action="procedure_family_member_added", obj=application)
    return member


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@transaction.atomic
def family_member_remove(*, member: FamilyMember, by: User) -> None:
    _require_employer(member.application, by)
    _require_draft(member.application)
    audit_log(actor=by, action="procedure_family_member_removed", obj=member.application)
    member.delete()


# --- documents -----------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    application: Application,
    key: str,
    upload,
    by: User,
    family_member: FamilyMember | None = None,
) -> Document:
    """Store a new version of a checklist document (real PDF/JPEG/PNG ≤ 10 MB only)."""
    _require_employer(application, by)
    _require_draft(application)
    if key not in required_documents(application, family_member):
        raise TransitionError(_("Please choose a document from the checklist."))
    try:
        checked = check_upload(upload)
    except UploadRefused as refused:
        raise TransitionError(refused.message) from None
    versions = application.documents.filter(key=key, family_member=family_member)
    version = (versions.aggregate(v=Max("version"))["v"] or 0) + 1
    stored = checked.store("procedures")
    try:
        document = Document.objects.create(
            application=application,
            family_member=family_member,
            key=key,
            version=version,
            file=stored,
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=by,
        )
    except Exception:
        default_storage.delete(stored)
        raise
    audit_log(actor=by, action="procedure_document_uploaded", obj=application, key=key)
    return document


def _may_review(application: Application, by: User) -> str:
    """Which review states ``by`` may set now: the pre-checker during the pre-check, the
    authority (or its recorder) once the application is filed."""
    institution = getattr(by, "institution_id", None)
    if application.state == State.PRE_CHECK and institution == application.pre_checker_id:
        return Document.Review.PRE_CHECKED
    if application.state not in machine.BEFORE_FILING and institution == authority_actor(
        application
    ):
        return Document.Review.ACCEPTED
    raise TransitionError(_("You cannot review the documents of this application now."))


@transaction.atomic
def document_review(*, document: Document, approve: bool, reason: str = "", by: User) -> Document:
    """Mark a document as checked (pre-checked / accepted) or reject it with a reason."""
    positive = _may_review(document.application, by)
    reason = reason.strip()
    if not approve and not reason:
        raise TransitionError(_("Please say why the document is rejected, so it can be fixed."))
    document.review = positive if approve else Document.Review.REJECTED
    document.reason = "" if approve else reason[:2000]
    document.reviewed_by = by
    document.reviewed_at = timezone.now()
    document.save(update_fields=["review", "reason", "reviewed_by", "reviewed_at"])
    audit_log(
        actor=by,
        action="procedure_document_reviewed",
        obj=document.application,
        key=document.key,
        review=document.review,
    )
    return document


def required_documents(
    application: Application, family_member: FamilyMember | None = None
) -> tuple[str, ...]:
    """The checklist keys for the worker (FACTS.md § 3) or for a family member."""
    if family_member is not None:
        return FAMILY_DOCUMENTS
    keys = list(REQUIRED_DOCUMENTS)
    profile = application.profile or {}
    qualification = profile.get("qualification") or {}
    if qualification.get("regulated_profession"):
        keys.append("practice_permit")
    if qualification.get("recognition") in ("full", "partial"):
        keys.append("recognition_evidence")
    else:
        keys.append("no_recognition_application_declaration")
    return tuple(keys)


def checklist(application: Application) -> list[dict]:
    """Each required document (per person) with its newest version, or None when missing."""
    newest: dict[tuple[int | None, str], Document] = {}
    for document in application.documents.order_by("key", "-version"):
        newest.setdefault((document.family_member_id, document.key), document)
    items = []
    for key in required_documents(application):
        document = newest.get((None, key))
        if key == "power_of_attorney" and application.power_of_attorney_confirmed_at:
            document = document or "confirmed"
        items.append({"key": key, "family_member": None, "document": document})
    for member in application.family_members.all():
        for key in required_documents(application, member):
            items.append(
                {"key": key, "family_member": member, "document": newest.get((member.pk, key))}
            )
    return items


def _incomplete(application: Application, *, reviewed: bool) -> list[str]:
    """Keys that are missing (or, when ``reviewed``, not yet checked or rejected)."""
    problems = []
    for item in checklist(application):
        document = item["document"]
        if document is None or (
            reviewed
            and document != "confirmed"
            and document.review
            not in (
                Document.Review.PRE_CHECKED,
                Document.Review.ACCEPTED,
            )
        ):
            problems.append(item["key"])
    return problems


# --- steps ---------------------------------------------------------------------------------------


def authority_actor(application: Application) -> str | None:
    """The institution whose staff take the authority's steps in the platform."""
    if application.mode == Application.Mode.RECORDED:
        return RECORDER
    return application.authority_id


def _actor_kind(application: Application, transition: machine.Transition, by: User | None):
    """Check that ``by`` may take ``transition``; answers the step's source."""
    if transition.actor == machine.SYSTEM:
        if by is not None:
            raise TransitionError(_("This step is taken by the system only."))
        return Step.Source.SYSTEM
    if by is None:
        raise TransitionError(_("This step needs a person who takes it."))
    if transition.actor == machine.EMPLOYER:
        _require_employer(application, by)
        return Step.Source.PLATFORM
    institution = getattr(by, "institution_id", None)
    if transition.actor == machine.PRE_CHECKER and institution == application.pre_checker_id:
        return Step.Source.PLATFORM
    if transition.actor == machine.AUTHORITY and institution == authority_actor(application):
        if application.mode == Application.Mode.RECORDED:
            return Step.Source.NOTICE
        return Step.Source.PLATFORM
    raise TransitionError(_("Your institution cannot take this step on this application."))


def _acting_body(application: Application, waiting_for: str) -> str:
    return {
        machine.AUTHORITY: application.authority_id or "",
        machine.PRE_CHECKER: application.pre_checker_id or "",
        "recognition_body": application.recognition_body,
    }.get(waiting_for, waiting_for)


def _names(keys: list[str]) -> str:
    """Checklist keys as the document names the reader knows, in the active language."""
    from welcome.law.documents import DOCUMENTS
    from welcome.portal.pathway.check import render

    return "; ".join(render(DOCUMENTS[key].name) if key in DOCUMENTS else key for key in keys)


def _preconditions(application: Application, name: str, pre_checker: str | None) -> None:
    if name == "request_pre_check":
        if pre_checker not in PRE_CHECKERS:
            raise TransitionError(_("Please choose who pre-checks the documents."))
        missing = _incomplete(application, reviewed=False)
        if missing:
            raise TransitionError(
                _("These documents are still missing: %(keys)s.") % {"keys": _names(missing)}
            )
    elif name == "confirm_pre_check":
        open_items = _incomplete(application, reviewed=True)
        if open_items:
            raise TransitionError(
                _("Check every document first; not pre-checked or rejected: %(keys)s.")
                % {"keys": _names(open_items)}
            )
    elif name == "file":
        if application.company.verified_at is None:
            raise TransitionError(
                _("The Welcome Center has not yet verified your company; filing opens then.")
            )
        if _incomplete(application, reviewed=True):
            raise TransitionError(_("The application can only be filed complete and pre-checked."))


def _file(application: Application, on: dt.date) -> dict:
    """At filing: the authority competent on that day at the establishment's municipality."""
    municipality = find_municipality(application.company.municipality or "")
    authority = (
        competent_institution(municipality, ACCELERATED_PROCEDURE, on) if municipality else None
    )
    if authority is None:
        raise TransitionError(
            _("We cannot tell the competent authority: the company's municipality is unknown.")
        )
    return {
        "authority_id": authority.id,
        "mode": Application.Mode.RECORDED if authority.external else Application.Mode.PLATFORM,
        "fee_eur": parameters.value("accelerated_procedure_fee", on).value,
        "filed_on": on,
    }


def _event_day(application: Application, on: dt.date | None, source: str) -> dt.date:
    day = on or today()
    if day > today():
        raise TransitionError(_("A step cannot be recorded for a day in the future."))
    if day < application.state_since:
        raise TransitionError(
            _("The date lies before the previous step (%(date)s).")
            % {"date": application.state_since.isoformat()}
        )
    if on is not None and source == Step.Source.PLATFORM and day != today():
        raise TransitionError(_("Only a recorded notice can carry an earlier date."))
    return day


@transaction.atomic
def application_transition(
    *,
    application: Application,
    name: str,
    by: User | None,
    on: dt.date | None = None,
    outcome: str = "",
    note: str = "",
    pre_checker: str | None = None,
) -> Application:
    """Take step ``name`` on ``application`` (as decided on the version the caller saw).

    ``on``: the day of the event, for steps recorded from an authority's notice (default today).
    Raises TransitionError with a sentence for the user when the step is not allowed.
    """
    transition = machine.TRANSITIONS.get(name)
    if transition is None or application.state not in transition.sources:
        raise TransitionError(
            _("This step is not possible while the application is “%(state)s”.")
            % {"state": State(application.state).label}
        )
    source = _actor_kind(application, transition, by)
    if transition.outcomes and outcome not in transition.outcomes:
        raise TransitionError(_("Please choose the decision."))
    day = _event_day(application, on, source)
    _preconditions(application, name, pre_checker)
    changes: dict = {}
    if name == "file":
        changes.update(_file(application, day))
    if name == "request_pre_check":
        changes["pre_checker_id"] = pre_checker
    if name == "request_documents":
        changes["paused_from"] = application.state
    target = machine.target_of(transition, paused_from=application.paused_from, outcome=outcome)
    if name == "receive_documents":
        changes["paused_from"] = ""
    if target in machine.FINAL:
        changes["closed_on"] = day

    won = Application.objects.filter(
        pk=application.pk, state=application.state, version=application.version
    ).update(
        state=target,
        version=F("version") + 1,
        state_since=day if target != application.state else application.state_since,
        updated_at=timezone.now(),
        **changes,
    )
    if not won:
        raise TransitionError(
            _("Someone else changed this application a moment ago. Please reload the page.")
        )
    from_state = application.state
    waiting_for = machine.WAITING_FOR.get(from_state, "")
    met = _deadlines_apply(application, transition, day, target)
    step = Step.objects.create(
        application=application,
        transition=name,
        from_state=from_state,
        to_state=target,
        outcome=outcome,
        on=day,
        at=timezone.now(),
        by=by,
        institution_id=getattr(by, "institution_id", None),
        source=source,
        waiting_for=waiting_for,
        acting_body=_acting_body(application, waiting_for),
        days=max((day - application.state_since).days, 0),
        within_deadline=all(d.met_on <= d.due_on for d in met) if met else None,
        note=note[:2000],
    )
    application.refresh_from_db()
    audit_log(
        actor=by,
        action=f"procedure_{name}",
        obj=application,
        from_state=from_state,
        to_state=target,
        on=day.isoformat(),
        source=source,
    )
    transaction.on_commit(partial(_notify, step.pk))
    return application


def _notify(step_id: int) -> None:
    from welcome.procedures import tasks

    tasks.notify_step(step_id)


def _deadlines_apply(
    application: Application, transition: machine.Transition, day: dt.date, target: str
) -> list[Deadline]:
    """Start, meet, pause or resume the statutory deadlines that ``transition`` touches."""
    running = Deadline.objects.filter(application=application, met_on__isnull=True)
    met = []
    for deadline in running.filter(step__in=transition.meets):
        deadline.met_on = day
        deadline.save(update_fields=["met_on"])
        met.append(deadline)
    if transition.name == "request_documents":
        running.filter(paused_since__isnull=True).update(paused_since=day)
    elif transition.name == "receive_documents":
        for deadline in running.filter(paused_since__isnull=False):
            deadline.paused_days += (day - deadline.paused_since).days
            deadline.paused_since = None
            deadline.due_on = law_deadlines.deadline(
                deadline.step, deadline.started_on, paused_days=deadline.paused_days
            ).due
            # A new end is reminded and escalated anew.
            deadline.reminded_at = deadline.escalated_at = None
            deadline.save(
                update_fields=[
                    "paused_days",
                    "paused_since",
                    "due_on",
                    "reminded_at",
                    "escalated_at",
                ]
            )
    if target in machine.FINAL:
        # Nothing runs after the end; an unmet deadline is closed on the day the procedure ended.
        running.update(met_on=day)
    for step in transition.starts:
        if step.startswith("recognition_") and (
            application.recognition_body == Application.RecognitionBody.ZAB
        ):
            continue  # a ZAB statement of comparability is no BQFG procedure: no § 14a period
        computed = law_deadlines.deadline(step, day)
        Deadline.objects.create(
            application=application,
            step=step,
            started_on=day,
            due_on=computed.due,
            citation=computed.citation,
        )
    return met


def deemed_approvals_due(on: dt.date | None = None):
    """Applications whose BA week has passed without an answer (§ 36 Abs. 2 BeschV)."""
    return Deadline.objects.filter(
        step="ba_approval",
        met_on__isnull=True,
        paused_since__isnull=True,
        due_on__lt=on or today(),
        application__state=State.BA_REQUESTED,
    )


def application_deem_approval(*, application_id: int, on: dt.date | None = None) -> bool:
    """The approval is deemed given on the day after the BA's period ended; safe to run twice."""
    day = on or today()
    try:
        application = Application.objects.get(pk=application_id, state=State.BA_REQUESTED)
        deadline = application.deadlines.get(step="ba_approval", met_on__isnull=True)
    except (Application.DoesNotExist, Deadline.DoesNotExist):
        return False
    if deadline.paused_since is not None or day <= deadline.due_on:
        return False
    try:
        application_transition(
            application=application,
            name="deem_ba_approval",
            by=None,
            on=deadline.due_on + dt.timedelta(days=1),
        )
    except TransitionError:
        return False  # someone recorded the BA's answer meanwhile
    return True


def region_institution_name(institution_id: str) -> str:
    institution = region().institutions.get(institution_id)
    return institution.short_name if institution else institution_id


# --- employer portal: registration, colleagues, power of attorney, notices, check -------------


def _mail_after_commit(send, *args) -> None:
    """Send an e-mail once the transaction has committed; a mail server's failure is logged and
    does not undo (or break) what was saved. To move into `tasks.py` as huey tasks (ids only)."""

    def run():
        try:
            send(*args)
        except Exception:
            import logging

            logging.getLogger(__name__).exception("E-mail %s%r failed", send.__name__, args)

    transaction.on_commit(run)


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
    _mail_after_commit(_send_invitation, user.pk, site_url)
    return user


def _send_invitation(user_id: int, site_url: str) -> None:
    """The set-password link for a new colleague, in the company's e-mail language."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from welcome.procedures.notifications import _language

    user = User.objects.select_related("company").get(pk=user_id)
    if not user.email:
        return
    language = _language(user.company.language)
    with translation.override(language):
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


@transaction.atomic
def power_of_attorney_request(*, application: Application, by: User) -> None:
    """E-mail the worker a link to confirm the power of attorney, in the worker's language."""
    _require_employer(application, by)
    if application.state in machine.FINAL:
        raise TransitionError(_("This application has ended."))
    if application.power_of_attorney_confirmed_at:
        raise TransitionError(_("The worker has already confirmed the power of attorney."))
    if not application.worker_email:
        raise TransitionError(
            _("Please enter the worker's e-mail address first, so we can send the link.")
        )
    audit_log(actor=by, action="procedure_power_of_attorney_requested", obj=application)
    _mail_after_commit(_send_power_of_attorney_link, application.pk)


def _send_power_of_attorney_link(application_id: int) -> None:
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from welcome.procedures.notifications import _language, absolute
    from welcome.procedures.tokens import worker_token

    application = Application.objects.select_related("company").get(pk=application_id)
    language = _language(application.worker_language)
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


@transaction.atomic
def power_of_attorney_confirm(application_id: int) -> Application:
    """The worker confirms the power of attorney by the e-mailed link (no login; the signed link
    is the proof). Confirming twice changes nothing; an ended application cannot be confirmed.
    Raises Application.DoesNotExist for an unknown id."""
    application = Application.objects.select_related("company").get(pk=application_id)
    if application.state in machine.FINAL:
        raise TransitionError(_("This application has ended; there is nothing to confirm."))
    confirmed = Application.objects.filter(
        pk=application.pk, power_of_attorney_confirmed_at__isnull=True
    ).update(power_of_attorney_confirmed_at=timezone.now(), updated_at=timezone.now())
    if confirmed:
        audit_log(actor=None, action="procedure_power_of_attorney_confirmed", obj=application)
    application.refresh_from_db()
    return application


AUTHORITY_NOTICE = "authority_notice"


@transaction.atomic
def authority_notice_upload(*, application: Application, upload, by: User) -> Document:
    """The employer uploads a notice it received from an authority that works outside the
    platform (mode "recorded"). The Welcome Center reviews it and records the step."""
    _require_employer(application, by)
    if (
        application.mode != Application.Mode.RECORDED
        or application.state in machine.BEFORE_FILING
        or application.state in machine.FINAL
    ):
        raise TransitionError(
            _("A notice from the authority can be uploaded only while the filed procedure runs.")
        )
    try:
        checked = check_upload(upload)
    except UploadRefused as refused:
        raise TransitionError(refused.message) from None
    versions = application.documents.filter(key=AUTHORITY_NOTICE, family_member=None)
    version = (versions.aggregate(v=Max("version"))["v"] or 0) + 1
    stored = checked.store("procedures")
    try:
        document = Document.objects.create(
            application=application,
            key=AUTHORITY_NOTICE,
            version=version,
            file=stored,
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=by,
        )
    except Exception:
        default_storage.delete(stored)
        raise
    audit_log(actor=by, action="procedure_authority_notice_uploaded", obj=application)
    return document


def application_needs(*, title: str, profile: dict, on: dt.date | None = None) -> dict:
    """What the procedure will need, read from the pathway check of the worker's facts.

    Rule: the law's own plan for the chosen title (`law.roadmap.plan`, the steps the pathway
    check's roadmap shows) decides —
    - ``needs_recognition``: the plan has the recognition step before work starts (not when the
      qualification is fully recognised or German; for a recognition partnership it follows
      entry, so not in this procedure);
    - ``needs_ba_approval``: the plan has the BA approval step;
    - ``recognition_body``: the recognition step's body (IHK FOSA, Handwerkskammer, ZAB or the
      state body of a regulated profession); empty when no recognition is needed.
    When no title is chosen or the facts cannot be checked, the safe default stands: both are
    needed and the body is left open for the Welcome Center to name.
    """
    from welcome.law import ProfileError
    from welcome.law.roadmap import plan
    from welcome.portal.pathway import check
    from welcome.region.directory import directory

    safe = {"needs_recognition": True, "needs_ba_approval": True, "recognition_body": ""}
    if not title:
        return safe
    try:
        parsed = check.parse(profile, today=on or today())
    except ProfileError:
        return safe
    evaluation = check.evaluation_of(parsed)
    outcome = next((o for o in evaluation.outcomes if o.title == title), None)
    if outcome is None:
        return safe
    steps = plan(outcome, parsed, directory)
    recognition = next(
        (s for s in steps if s.key == "recognition" and s.before_start_of_work), None
    )
    office = recognition.office.id if recognition and recognition.office else ""
    return {
        "needs_recognition": recognition is not None,
        "needs_ba_approval": any(s.key == "ba_approval" for s in steps),
        "recognition_body": RECOGNITION_BODIES.get(office, ""),
    }


# The law's recognition offices (`law.roadmap`) as the application's recognition bodies.
RECOGNITION_BODIES = {
    "ihk-fosa": Application.RecognitionBody.IHK_FOSA,
    "hwk-hannover": Application.RecognitionBody.HWK,
    "zab": Application.RecognitionBody.ZAB,
    "state-recognition-body": Application.RecognitionBody.STATE_BODY,
}
