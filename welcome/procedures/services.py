"""Every write of the § 81a procedure: applications, family members, documents, steps, the
power of attorney — and, from `companies.py`, the companies.

Each runs in a transaction and writes the audit log. A step (state change) goes through
`application_transition` only: it checks the transition table (`machine.py`) and who may act, then
applies the change with a conditional UPDATE on the state and version it was decided on — two
people (or a person and a job) acting at once cannot both win. Deadlines start, are met, pause
and resume in the same transaction as the step that causes it.

Reads the services share live beside them — who acts (`actors.py`), what an application needs
(`needs.py`) — and stay reachable here as ``services.X`` for the callers that know them so.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from welcome.accounts.models import User
from welcome.audit.services import audit_log, audit_log_many
from welcome.cases.files import UploadRefused, check_upload
from welcome.jobs import enqueue_on_commit
from welcome.law import deadlines as law_deadlines
from welcome.law import parameters
from welcome.procedures import machine, notifications
from welcome.procedures.actors import (
    PRE_CHECKERS,
    RECORDER,
    acting_body,
    authority_actor,
    authority_actor_of,
    notices_expected,
    recorded,
)
from welcome.procedures.companies import company_register, company_user_add, company_verify
from welcome.procedures.labels import document_name
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application, Deadline, Document, FamilyMember, Step
from welcome.procedures.needs import (
    AUTHORITY_NOTICE,
    age,
    application_needs,
    checklist,
    incomplete,
    required_documents,
)
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    competent_institution,
    find_municipality,
)

# Reached as services.X by the views, the tests and the demo; defined in the modules above.
__all__ = [
    "AUTHORITY_NOTICE",
    "PRE_CHECKERS",
    "RECORDER",
    "acting_body",
    "application_create",
    "application_deem_approval",
    "applications_deem_approval",
    "application_needs",
    "application_transition",
    "application_update",
    "authority_actor",
    "authority_actor_of",
    "authority_notice_upload",
    "deadlines_started",
    "checklist",
    "company_register",
    "company_user_add",
    "company_verify",
    "deemed_approvals_due",
    "document_review",
    "document_upload",
    "family_member_add",
    "family_member_remove",
    "filing_facts",
    "power_of_attorney_confirm",
    "power_of_attorney_request",
    "required_documents",
    "today",
]


def today() -> dt.date:
    return timezone.localdate()


# --- applications --------------------------------------------------------------------------------


def _require_employer(application: Application, by: User) -> None:
    if getattr(by, "company_id", None) != application.company_id:
        raise TransitionError(_("Only the company's own users can change this application."))


def _require_draft(application: Application) -> None:
    if application.state not in machine.EDITABLE:
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
    if relation == FamilyMember.Relation.CHILD and age(birth_date, today()) >= 18:
        raise TransitionError(
            _("Only minor children can apply together with the worker (§ 81a Abs. 1 AufenthG).")
        )
    member = FamilyMember.objects.create(
        application=application, name=name, relation=relation, birth_date=birth_date
    )
    audit_log(actor=by, action="procedure_family_member_added", obj=application)
    return member


@transaction.atomic
def family_member_remove(*, member: FamilyMember, by: User) -> None:
    _require_employer(member.application, by)
    _require_draft(member.application)
    audit_log(actor=by, action="procedure_family_member_removed", obj=member.application)
    member.delete()


# --- documents -----------------------------------------------------------------------------------


def _store_version(
    *, application: Application, key: str, upload, by: User, family_member: FamilyMember | None
) -> Document:
    """Check an upload (real PDF/JPEG/PNG ≤ 10 MB only) and store it as the next version of
    ``key``; the stored file is removed again if the row cannot be written."""
    versions = application.documents.filter(key=key, family_member=family_member)
    version = (versions.aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        checked = check_upload(upload)
        stored = checked.store("procedures")
    except UploadRefused as refused:
        raise TransitionError(refused.message) from None
    try:
        return Document.objects.create(
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
    document = _store_version(
        application=application, key=key, upload=upload, by=by, family_member=family_member
    )
    audit_log(actor=by, action="procedure_document_uploaded", obj=application, key=key)
    return document


@transaction.atomic
def authority_notice_upload(*, application: Application, upload, by: User) -> Document:
    """The employer uploads a notice it received from an authority that works outside the
    platform (mode "recorded"). The Welcome Center reviews it and records the step."""
    _require_employer(application, by)
    if not notices_expected(application):
        raise TransitionError(
            _("A notice from the authority can be uploaded only while the filed procedure runs.")
        )
    document = _store_version(
        application=application, key=AUTHORITY_NOTICE, upload=upload, by=by, family_member=None
    )
    audit_log(actor=by, action="procedure_authority_notice_uploaded", obj=application)
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


# --- steps ---------------------------------------------------------------------------------------


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
        return Step.Source.NOTICE if recorded(application, transition) else Step.Source.PLATFORM
    raise TransitionError(_("Your institution cannot take this step on this application."))


def _names(keys: list[str]) -> str:
    """Checklist keys as the document names the reader knows, in the active language."""
    return "; ".join(document_name(key) for key in keys)


def _preconditions(application: Application, name: str, pre_checker: str | None) -> None:
    if name == "request_pre_check":
        if pre_checker not in PRE_CHECKERS:
            raise TransitionError(_("Please choose who pre-checks the documents."))
        missing = incomplete(application, reviewed=False)
        if missing:
            raise TransitionError(
                _("These documents are still missing: %(keys)s.") % {"keys": _names(missing)}
            )
    elif name == "confirm_pre_check":
        open_items = incomplete(application, reviewed=True)
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
        if incomplete(application, reviewed=True):
            raise TransitionError(_("The application can only be filed complete and pre-checked."))


def filing_facts(application: Application, on: dt.date) -> dict:
    """What filing on ``on`` records: the authority competent on that day at the establishment's
    municipality (and whether it works in the platform), the fee in force, the day."""
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
        changes.update(filing_facts(application, day))
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
        acting_body=acting_body(application, waiting_for),
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
    enqueue_on_commit(_notify, step.pk)
    return application


def _notify(step_id: int) -> None:
    from welcome.procedures import tasks

    tasks.notify_step(step_id)


def deadlines_started(application: Application, transition: machine.Transition) -> list[str]:
    """The statutory deadlines ``transition`` starts for ``application``: a ZAB statement of
    comparability is no BQFG procedure, so it starts no § 14a BQFG period."""
    return [
        step
        for step in transition.starts
        if not (
            step.startswith("recognition_")
            and application.recognition_body == Application.RecognitionBody.ZAB
        )
    ]


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
    for step in deadlines_started(application, transition):
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
    """The approval of one application deemed given, if its BA week has passed (see below)."""
    return bool(applications_deem_approval(on=on, application_ids=[application_id]))


DEEM = "deem_ba_approval"


def applications_deem_approval(
    *, on: dt.date | None = None, application_ids: list[int] | None = None, limit: int = 500
) -> list[int]:
    """Record the BA approval as deemed given (§ 36 Abs. 2 BeschV) on the day after the BA's
    week ended without an answer, for up to ``limit`` applications at once; safe to run twice.

    Set-based, because the first sweep of a day meets hundreds: the transition table's row
    (`machine.TRANSITIONS[DEEM]`: it meets the BA deadline and starts none) is applied in a few
    statements per event day, writing what `application_transition` writes for one — the state
    change with a new version, the met deadline, a Step, an audit entry and the notices
    (test_deemed_approval compares both). The applications are locked; one that a person is
    changing right now is skipped and met by the next sweep, and that person's conditional
    UPDATE waits for this one and then finds the step taken. Answers the ids moved on.
    """
    today_ = today()
    transition = machine.TRANSITIONS[DEEM]
    if transition.starts or transition.target in machine.FINAL:  # the table changed: rethink
        raise NotImplementedError("The deemed approval no longer fits the set-based path.")
    due = deemed_approvals_due(on or today_)
    if application_ids is not None:
        due = due.filter(application_id__in=application_ids)
    ends = dict(due.order_by("due_on", "id").values_list("application_id", "due_on")[:limit])
    if not ends:
        return []  # the quarter-hourly sweep: one read, nothing to lock
    with transaction.atomic():
        steps = _deem(ends, transition, today_)
    return [step.application_id for step in steps]


def _deem(ends: dict[int, dt.date], transition: machine.Transition, today_: dt.date) -> list[Step]:
    locked = (
        Application.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(ends), state=State.BA_REQUESTED)
        .only("id", "state_since", "authority_id", "pre_checker_id", "recognition_body")
    )
    by_day: dict[dt.date, list[Application]] = {}
    for application in locked:
        day = ends[application.pk] + dt.timedelta(days=1)
        if day <= today_:  # a step is never recorded for a day in the future
            by_day.setdefault(day, []).append(application)
    now = timezone.now()
    source = Step.Source.SYSTEM
    waiting_for = machine.WAITING_FOR.get(State.BA_REQUESTED, "")
    steps = []
    for day, applications in by_day.items():
        ids = [application.pk for application in applications]
        Application.objects.filter(pk__in=ids).update(
            state=transition.target, version=F("version") + 1, state_since=day, updated_at=now
        )
        Deadline.objects.filter(
            application_id__in=ids, step__in=transition.meets, met_on__isnull=True
        ).update(met_on=day)
        steps += [
            Step(
                application=application,
                transition=DEEM,
                from_state=State.BA_REQUESTED,
                to_state=transition.target,
                on=day,
                at=now,
                source=source,
                waiting_for=waiting_for,
                acting_body=acting_body(application, waiting_for),
                days=max((day - application.state_since).days, 0),
                within_deadline=day <= ends[application.pk],
            )
            for application in applications
        ]
    Step.objects.bulk_create(steps)
    audit_log_many(
        actor=None,
        action=f"procedure_{DEEM}",
        entries=[
            (
                step.application,
                {
                    "from_state": State.BA_REQUESTED,
                    "to_state": transition.target,
                    "on": step.on.isoformat(),
                    "source": source,
                },
            )
            for step in steps
        ],
    )
    for step in steps:
        enqueue_on_commit(_notify, step.pk)
    return steps


# --- power of attorney ---------------------------------------------------------------------------


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
    notifications.mail_after_commit(notifications.send_power_of_attorney_link, application.pk)


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
