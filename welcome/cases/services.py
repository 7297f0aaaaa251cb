"""Every write on cases: open, triage, take, assign, note, status, hand over, consent, documents,
export, erase. Each runs in a transaction, writes the timeline event and the audit entry.

Permission checks for staff actions live here too (`CaseActionError`), so the API and the pages
cannot differ; *finding* a case a user may see is the selectors' job.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from welcome.audit.models import AuditEntry
from welcome.audit.services import audit_log
from welcome.cases import notices, routing, search
from welcome.cases.files import UploadRefused, check_upload
from welcome.cases.models import (
    Case,
    Channel,
    Consent,
    Document,
    DocumentKind,
    Event,
    Handover,
    Note,
    Notification,
    Person,
    Purpose,
    ReferenceCounter,
    RequesterKind,
    Topic,
)
from welcome.consultations.models import Booking, ConsultationRequest
from welcome.law.periods import add_working_days
from welcome.region.data import passes_through
from welcome.region.models import Institution

logger = logging.getLogger(__name__)

# Working days (Lower Saxony's calendar) from opening or handover until a case counts as overdue,
# per topic. They replace calendar days (14/14/7/7/10) with their working-day equivalents: two
# weeks are 10 working days, one week 5; the former 10 calendar days are about 7. Counting working
# days keeps a due date off weekends and holidays and gives the same time over Easter or Christmas.
DUE_WORKING_DAYS = {
    Topic.RESIDENCE: 10,
    Topic.RECOGNITION: 10,
    Topic.LABOUR_MARKET: 5,
    Topic.ACCELERATED_PROCEDURE: 5,
    Topic.GENERAL: 7,
}


class CaseActionError(Exception):
    """A staff action that is not allowed or not possible; `message` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- helpers -------------------------------------------------------------------------------------


def _event(
    case: Case, kind: str, /, *, by=None, institution_id: str | None = None, **details
) -> Event:
    now = timezone.now()
    return Event.objects.create(
        case=case,
        kind=kind,
        at=now,
        actor=by if by is not None and by.is_authenticated else None,
        institution_id=institution_id or (getattr(by, "institution_id", None) if by else None),
        details=details,
    )


def _touch(case: Case, **fields) -> None:
    """Save changed fields and bump the last activity (which drives retention and sorting)."""
    case.last_activity_at = timezone.now()
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=[*fields, "last_activity_at", "updated_at"])


def _next_reference(year: int) -> str:
    """WC-<year>-<six digits>, counted per year under a row lock (unique even when concurrent)."""
    updated = ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last=1)
        except IntegrityError:
            ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.get(year=year).last
    return f"WC-{year}-{number:06d}"


def has_active_consent(case: Case, institution_id: str, purposes=None) -> bool:
    consents = case.consents.filter(institution_id=institution_id, withdrawn_at__isnull=True)
    if purposes:
        consents = consents.filter(purpose__in=purposes)
    return consents.exists()


def _require_inbox_staff(case: Case, by) -> None:
    """Only staff of the institution whose inbox holds the case may change it."""
    if not getattr(by, "is_partner_staff", False) or by.institution_id != case.inbox_id:
        raise CaseActionError(_("Only staff of the institution holding the case can change it."))
    if case.is_erased:
        raise CaseActionError(_("The personal data of this case has been erased."))


def _require_personal_access(case: Case, by) -> None:
    if not has_active_consent(case, by.institution_id):
        raise CaseActionError(
            _("The person has not consented to your institution handling their data.")
        )


# --- opening -------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    topic: str,
    requester_kind: str,
    person: dict,
    municipality: str | None,
    occupation_isco: str | None,
    language: str,
    channel: str,
    summary: str,
    data: dict,
    consents: list[tuple[str, str]],
    source: str,
    by=None,
    triage: bool = False,
    consent_proposed_purposes: Sequence[str] = (),
) -> Case:
    """Open a case, route it by rules, record consents, timeline and audit.

    Routed directly by default (cases opened by staff or partner systems). With `triage` (every
    public request) the case lands in the Welcome Center's triage inbox with the institution the
    rules propose and why, unless the Region's pass-through rule for the topic lets it go straight
    to the proposed inbox — recorded as a handover by the Welcome Center, so it still sees it.
    `consent_proposed_purposes` are purposes the person consented to for "the partner responsible
    for my matter": they are recorded for the proposed institution, so a handover after triage
    never dead-ends for lack of consent.
    """
    if topic not in Topic.values:
        raise ValueError(f"Unknown topic {topic!r}.")
    if requester_kind not in RequesterKind.values:
        raise ValueError(f"Unknown requester kind {requester_kind!r}.")
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}.")
    now = timezone.now()
    today = timezone.localdate()
    route = routing.route(
        topic=topic, municipality=municipality, occupation_isco=occupation_isco, on=today
    )
    consents = list(consents)
    if route.proposed:
        consents += [(route.proposed, purpose) for purpose in consent_proposed_purposes]
    known = set(Institution.objects.values_list("id", flat=True))
    for institution_id, purpose in consents:
        if institution_id not in known or purpose not in Purpose.values:
            raise ValueError(f"Unknown consent {(institution_id, purpose)!r}.")
    if not triage:
        inbox, triage_state = route.inbox, ""
    elif route.proposed and passes_through(topic, today):
        inbox, triage_state = route.proposed, Case.Triage.PASSED_THROUGH
    else:
        inbox, triage_state = routing.TRIAGE, Case.Triage.PENDING

    case = Case.objects.create(
        reference=_next_reference(today.year),
        topic=topic,
        requester_kind=requester_kind,
        inbox_id=inbox,
        language=(language or "de")[:10],
        channel=channel,
        municipality=(municipality or "")[:100],
        occupation_isco=(occupation_isco or "")[:4],
        source=source[:40],
        competent_authority=route.competent_authority,
        proposed_inbox_id=route.proposed or None,
        proposal_rule=route.rule,
        proposal_details=route.details,
        triage=triage_state,
        last_activity_at=now,
        due_on=add_working_days(today, DUE_WORKING_DAYS[topic]),
    )
    Person.objects.create(
        case=case,
        name=(person.get("name") or "")[:200],
        email=(person.get("email") or "")[:254],
        phone=(person.get("phone") or "")[:40],
        nationality=(person.get("nationality") or "")[:60],
        summary=summary or "",
        data=data or {},
    )
    search.person_index(case_id=case.pk)
    for institution_id, purpose in dict.fromkeys(consents):
        Consent.objects.create(
            case=case, institution_id=institution_id, purpose=purpose, given_at=now
        )
    _event(case, Event.Kind.OPENED, by=by, source=source, channel=channel)
    _event(
        case,
        Event.Kind.ROUTED,
        institution_id=routing.TRIAGE if triage else inbox,
        inbox=routing.TRIAGE if triage else inbox,
        rule=route.rule,
        competent_authority=route.competent_authority,
        proposed=route.proposed,
        triage=triage_state,
        **route.details,
    )
    if triage_state == Case.Triage.PASSED_THROUGH:
        # The reason is written in the back office's language: the request came in the person's.
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Passed through by the Region's rule: %(reason)s") % {
                "reason": routing.reason(
                    rule=route.rule, details=route.details, proposed=route.proposed
                )
            }
        Handover.objects.create(
            case=case,
            from_institution_id=routing.TRIAGE,
            to_institution_id=inbox,
            by=None,
            reason=reason,
            at=now,
        )
        _event(
            case,
            Event.Kind.HANDOVER,
            institution_id=routing.TRIAGE,
            from_inbox=routing.TRIAGE,
            to_inbox=inbox,
            triage=triage_state,
        )
    for institution_id, purpose in dict.fromkeys(consents):
        _event(
            case,
            Event.Kind.CONSENT_GIVEN,
            by=by,
            consent_institution=institution_id,
            purpose=purpose,
        )
    audit_log(
        actor=by,
        action="case_opened",
        obj=case,
        reason=source,
        inbox=inbox,
        rule=route.rule,
        proposed=route.proposed,
        triage=triage_state,
    )
    notices.notify_inbox(case, Notification.Kind.NEW_CASE, institution_id=inbox, actor=by)
    return case


@transaction.atomic
def case_triage_accept(*, case: Case, by) -> Case:
    """The Welcome Center accepts the routing proposal with one click: a handover to the proposed
    institution, with the rule's sentence as the reason."""
    _require_inbox_staff(case, by)
    if case.triage != Case.Triage.PENDING or not case.proposed_inbox_id:
        raise CaseActionError(_("This case has no routing proposal to accept."))
    reason = _("As proposed by the routing rules: %(reason)s") % {
        "reason": routing.reason(
            rule=case.proposal_rule, details=case.proposal_details, proposed=case.proposed_inbox_id
        )
    }
    return case_hand_over(case=case, to_institution=case.proposed_inbox, by=by, reason=reason)


# --- working on a case ---------------------------------------------------------------------------


@transaction.atomic
def case_take(*, case: Case, by) -> Case:
    """A case worker takes an unassigned case of their inbox (a conditional update: first wins)."""
    _require_inbox_staff(case, by)
    now = timezone.now()
    won = (
        Case.objects.filter(pk=case.pk, inbox_id=by.institution_id, assignee__isnull=True)
        .exclude(status=Case.Status.CLOSED)
        .update(assignee=by, status=Case.Status.IN_PROGRESS, last_activity_at=now, updated_at=now)
    )
    if not won:
        raise CaseActionError(_("This case has already been taken or closed."))
    case.refresh_from_db()
    _event(case, Event.Kind.TAKEN, by=by)
    audit_log(actor=by, action="case_taken", obj=case)
    return case


@transaction.atomic
def case_assign(*, case: Case, assignee, by) -> Case:
    """A team lead assigns a case of their inbox to a case worker of the same institution."""
    _require_inbox_staff(case, by)
    if by.role not in ("team_lead", "administrator"):
        raise CaseActionError(_("Only team leads can assign cases."))
    if assignee.institution_id != case.inbox_id or not assignee.is_active:
        raise CaseActionError(_("Cases can only be assigned to staff of the same institution."))
    if case.status == Case.Status.CLOSED:
        raise CaseActionError(_("A closed case cannot be assigned."))
    status = (
        Case.Status.IN_PROGRESS
        if case.status in (Case.Status.NEW, Case.Status.HANDED_OVER)
        else case.status
    )
    _touch(case, assignee=assignee, status=status)
    _event(case, Event.Kind.ASSIGNED, by=by, assignee=assignee.get_username())
    audit_log(actor=by, action="case_assigned", obj=case, assignee=assignee.pk)
    notices.notify_assignee(case, assignee=assignee, actor=by)
    return case


STATUS_TARGETS = {Case.Status.IN_PROGRESS, Case.Status.WAITING, Case.Status.CLOSED}


@transaction.atomic
def case_change_status(*, case: Case, status: str, by) -> Case:
    """In progress, waiting or closed; a closed case can be reopened (in progress)."""
    _require_inbox_staff(case, by)
    if status not in STATUS_TARGETS:
        raise CaseActionError(_("This status cannot be set by hand."))
    if status == case.status:
        return case
    old = case.status
    closed_at = timezone.now() if status == Case.Status.CLOSED else None
    _touch(case, status=status, closed_at=closed_at)
    _event(case, Event.Kind.STATUS_CHANGED, by=by, old=old, new=status)
    audit_log(actor=by, action="case_status_changed", obj=case, old=old, new=status)
    return case


@transaction.atomic
def case_requester_update(*, reference: str, withdrawn: bool = False, changes: dict) -> Case | None:
    """The person changed or withdrew their request through their private link.

    The inbox sees it on the timeline; a withdrawal closes the case. Returns None when the case
    is gone (erased), so the public side never fails on it.
    """
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        return None
    if withdrawn and case.status != Case.Status.CLOSED:
        old = case.status
        _touch(case, status=Case.Status.CLOSED, closed_at=timezone.now())
        _event(case, Event.Kind.STATUS_CHANGED, old=old, new=Case.Status.CLOSED, by_requester=True)
    else:
        _touch(case)
        _event(case, Event.Kind.NOTE, by_requester=True, changed_fields=sorted(changes))
    search.person_index(case_id=case.pk)
    audit_log(
        actor=None,
        action="case_withdrawn_by_requester" if withdrawn else "case_changed_by_requester",
        obj=case,
    )
    return case


@transaction.atomic
def note_add(*, case: Case, text: str, by) -> Note:
    _require_inbox_staff(case, by)
    _require_personal_access(case, by)
    text = (text or "").strip()
    if not text:
        raise CaseActionError(_("Please write a note."))
    note = Note.objects.create(case=case, author=by, institution_id=by.institution_id, text=text)
    _touch(case)
    _event(case, Event.Kind.NOTE, by=by, note=note.pk)
    audit_log(actor=by, action="case_note_added", obj=case, note=note.pk)
    return note


@transaction.atomic
def case_hand_over(*, case: Case, to_institution: Institution, by, reason: str) -> Case:
    """Move the case to another institution's inbox, unassigned, with the reason.

    The receiving inbox sees it at once; the sender keeps read access only while the person's
    "case_handling" consent for the sender stands (see selectors).
    """
    _require_inbox_staff(case, by)
    reason = (reason or "").strip()
    if not reason:
        raise CaseActionError(_("Please give a reason for the handover."))
    if to_institution.pk == case.inbox_id:
        raise CaseActionError(_("The case is already in this inbox."))
    if case.status == Case.Status.CLOSED:
        raise CaseActionError(_("A closed case cannot be handed over. Reopen it first."))
    from_id = case.inbox_id
    # Leaving the triage inbox decides the triage: as proposed, or to another institution.
    triage, decided = case.triage, ""
    if triage == Case.Triage.PENDING:
        accepted = to_institution.pk == case.proposed_inbox_id
        triage = decided = Case.Triage.ACCEPTED if accepted else Case.Triage.REDIRECTED
    Handover.objects.create(
        case=case,
        from_institution_id=from_id,
        to_institution=to_institution,
        by=by,
        reason=reason,
        at=timezone.now(),
    )
    _touch(
        case,
        inbox=to_institution,
        assignee=None,
        status=Case.Status.HANDED_OVER,
        triage=triage,
        due_on=add_working_days(
            timezone.localdate(), DUE_WORKING_DAYS.get(case.topic, DUE_WORKING_DAYS[Topic.GENERAL])
        ),
    )
    # The reason is the person's matter, so it is stored in Handover (erased), not in the event.
    _event(
        case,
        Event.Kind.HANDOVER,
        by=by,
        from_inbox=from_id,
        to_inbox=to_institution.pk,
        triage=decided,
    )
    audit_log(
        actor=by,
        action="case_handed_over",
        obj=case,
        to=to_institution.pk,
        **({"triage": decided} if decided else {}),
    )
    notices.notify_inbox(
        case, Notification.Kind.HANDOVER, institution_id=to_institution.pk, actor=by
    )
    return case


# --- consent -------------------------------------------------------------------------------------


@transaction.atomic
def consent_give(*, case: Case, institution: Institution, purpose: str, by) -> Consent:
    """Record a consent the person gave (e.g. signed at an appointment)."""
    _require_inbox_staff(case, by)
    if purpose not in Purpose.values:
        raise CaseActionError(_("Please choose a purpose."))
    existing = case.consents.filter(
        institution=institution, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if existing:
        return existing
    consent = Consent.objects.create(
        case=case, institution=institution, purpose=purpose, given_at=timezone.now()
    )
    _touch(case)
    _event(
        case, Event.Kind.CONSENT_GIVEN, by=by, consent_institution=institution.pk, purpose=purpose
    )
    audit_log(actor=by, action="consent_given", obj=case, to=institution.pk, purpose=purpose)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by) -> Consent:
    """Withdraw at once: the next request of that institution no longer sees the data.

    Recorded by staff of the inbox or of the consented institution (the person may call either).
    """
    case = consent.case
    if not getattr(by, "is_partner_staff", False) or by.institution_id not in (
        case.inbox_id,
        consent.institution_id,
    ):
        raise CaseActionError(_("You cannot record a withdrawal for this case."))
    won = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    consent.refresh_from_db()
    if won:
        _touch(case)
        _event(
            case,
            Event.Kind.CONSENT_WITHDRAWN,
            by=by,
            consent_institution=consent.institution_id,
            purpose=consent.purpose,
        )
        audit_log(
            actor=by,
            action="consent_withdrawn",
            obj=case,
            to=consent.institution_id,
            purpose=consent.purpose,
        )
    return consent


# --- documents -----------------------------------------------------------------------------------


@transaction.atomic
def document_upload(*, case: Case, kind: str, upload, by) -> Document:
    """Store a new version of a document kind; refuses anything but real PDF/JPEG/PNG ≤ 10 MB.

    Nothing is written to the storage unless every check passed.
    """
    _require_inbox_staff(case, by)
    _require_personal_access(case, by)
    if kind not in DocumentKind.values:
        raise CaseActionError(_("Please choose the kind of document."))
    version = (case.documents.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        checked = check_upload(upload)
        stored = checked.store("cases")
    except UploadRefused as refused:
        raise CaseActionError(refused.message) from None
    try:
        document = Document.objects.create(
            case=case,
            kind=kind,
            version=version,
            file=stored,
            original_name=checked.display_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=by,
            institution_id=by.institution_id,
        )
        _touch(case)
        _event(
            case,
            Event.Kind.DOCUMENT_UPLOADED,
            by=by,
            kind=kind,
            version=version,
            document=document.pk,
        )
        audit_log(actor=by, action="document_uploaded", obj=case, document=document.pk, kind=kind)
    except Exception:
        default_storage.delete(stored)
        raise
    return document


# --- GDPR ----------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def case_export(*, case: Case, by) -> dict:
    """Everything stored about the person (Art. 15 GDPR) as a JSON-ready dict; audited.

    Call only after `selectors.case_get_for_user` granted access with personal data.
    """
    person = getattr(case, "person", None)
    export = {
        "format": "welcome-hannover-case-export/1",
        "exported_at": timezone.now().isoformat(),
        "case": {
            "reference": case.reference,
            "topic": case.topic,
            "requester_kind": case.requester_kind,
            "status": case.status,
            "inbox": case.inbox_id,
            "language": case.language,
            "channel": case.channel,
            "municipality": case.municipality,
            "occupation_isco": case.occupation_isco,
            "source": case.source,
            "proposed_inbox": case.proposed_inbox_id,
            "proposal_rule": case.proposal_rule,
            "triage": case.triage,
            "created_at": _iso(case.created_at),
            "last_activity_at": _iso(case.last_activity_at),
            "due_on": _iso(case.due_on),
            "closed_at": _iso(case.closed_at),
            "erased_at": _iso(case.erased_at),
        },
        "person": None
        if person is None
        else {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "nationality": person.nationality,
            "request": person.summary,
            "data": person.data,
        },
        "consents": [
            {
                "institution": c.institution_id,
                "purpose": c.purpose,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in case.consents.all()
        ],
        "notes": [
            {
                "institution": n.institution_id,
                "author": n.author.get_username() if n.author else None,
                "written_at": _iso(n.created_at),
                "text": n.text,
            }
            for n in case.notes.select_related("author")
        ],
        "documents": [
            {
                "kind": d.kind,
                "version": d.version,
                "file_name": d.original_name,
                "type": d.content_type,
                "size": d.size,
                "sha256": d.sha256,
                "uploaded_at": _iso(d.uploaded_at),
                "institution": d.institution_id,
            }
            for d in case.documents.all()
        ],
        "handovers": [
            {
                "from": h.from_institution_id,
                "to": h.to_institution_id,
                "reason": h.reason,
                "at": _iso(h.at),
            }
            for h in case.handovers.all()
        ],
        "timeline": [
            {
                "event": e.kind,
                "at": _iso(e.at),
                "institution": e.institution_id,
                "details": e.details,
            }
            for e in case.events.all()
        ],
        **_export_request_and_access(case),
    }
    _event(case, Event.Kind.EXPORTED, by=by)
    audit_log(actor=by, action="case_exported", obj=case)
    return export


def _export_request_and_access(case: Case) -> dict:
    """What else Art. 15 GDPR asks for: the request as the person sent it, their appointments,
    and who read their data — by institution and when, not the staff member's name."""
    requests = list(ConsultationRequest.objects.filter(case_reference=case.reference))
    bookings = Booking.objects.filter(request__in=requests).select_related("slot")
    documents = [str(pk) for pk in case.documents.values_list("pk", flat=True)]
    reads = AuditEntry.objects.filter(
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(object_type="cases.document", object_id__in=documents)
    ).order_by("created_at", "id")
    return {
        "requests": [
            {
                "sent_at": _iso(r.created_at),
                "topic": r.topic,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "nationality": r.nationality,
                "company": r.company,
                "qualification": r.qualification,
                "municipality": r.municipality,
                "language": r.language,
                "channel": r.channel,
                "question": r.summary,
                "consents": r.consents,
                "pathway_answers": r.profile,
                "status": r.status,
                "withdrawn_at": _iso(r.withdrawn_at),
            }
            for r in requests
        ],
        "appointments": [
            {
                "institution": b.slot.institution_id,
                "channel": b.slot.channel,
                "start": _iso(b.slot.start),
                "end": _iso(b.slot.end),
                "booked_at": _iso(b.created_at),
                "cancelled_at": _iso(b.cancelled_at),
            }
            for b in bookings
        ],
        "access_log": [
            {"at": _iso(e.created_at), "institution": e.institution_id, "action": e.action}
            for e in reads
        ],
    }


def expired_cases(*, now: dt.datetime | None = None):
    """Cases inactive for longer than settings.RETENTION_DAYS whose personal data still exists."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.RETENTION_DAYS)
    return Case.objects.filter(erased_at__isnull=True, last_activity_at__lt=cutoff).order_by(
        "last_activity_at", "id"
    )


def case_erase(*, case_id: int, by=None, now: dt.datetime | None = None) -> bool:
    """Erase the personal data of one expired case; keep an anonymous stub. Idempotent.

    Claims the row with a conditional UPDATE (… WHERE erased_at IS NULL AND inactive) and acts only
    if it won, so two runs never erase twice. Stored files are deleted after the commit.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.RETENTION_DAYS)
    with transaction.atomic():
        won = Case.objects.filter(
            pk=case_id, erased_at__isnull=True, last_activity_at__lt=cutoff
        ).update(erased_at=now, assignee=None)
        if not won:
            return False
        case = Case.objects.get(pk=case_id)
        files = list(case.documents.values_list("file", flat=True))
        counts = {
            "notes": case.notes.count(),
            "documents": len(files),
            "consents": case.consents.count(),
        }
        Person.objects.filter(case=case).delete()
        search.person_index(case_id=case_id)
        case.notes.all().delete()
        case.documents.all().delete()
        case.consents.all().delete()
        case.handovers.update(reason="")
        Event.objects.create(case=case, kind=Event.Kind.ERASED, at=now, details=counts)
        audit_log(actor=by, action="case_erased", obj=case, reason="retention", **counts)

        def delete_files():
            for name in files:
                try:
                    default_storage.delete(name)
                except Exception:  # a missing file must not stop the erasure of the others
                    logger.exception("Could not delete stored file of case %s", case_id)

        transaction.on_commit(delete_files)
    return True


def cases_erase_expired(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[str]:
    """Erase every expired case (or, with dry_run, only list them); returns the references."""
    references = []
    for case_id, reference in expired_cases(now=now).values_list("id", "reference").iterator():
        if dry_run or case_erase(case_id=case_id, now=now):
            references.append(reference)
    return references


# --- bulk actions --------------------------------------------------------------------------------


class BulkOutcome:
    """What a bulk action did: the cases changed, and each refused case with the reason."""

    def __init__(self) -> None:
        self.done: list[Case] = []
        self.refused: list[tuple[Case, str]] = []


BULK_ACTIONS = {
    "assign": lambda case, by, p: case_assign(case=case, assignee=p["assignee"], by=by),
    "status": lambda case, by, p: case_change_status(case=case, status=p["status"], by=by),
    "handover": lambda case, by, p: case_hand_over(
        case=case, to_institution=p["to_institution"], by=by, reason=p["reason"]
    ),
}


def cases_bulk_apply(*, cases: list[Case], action: str, by, **params) -> BulkOutcome:
    """Apply one action to each case through its single-case service, so the rules, the
    permission checks, the timeline and the one audit entry per case are the same as on the case
    page. Each case is its own transaction: a refused case does not undo the others.

    `params`: `assignee` (assign), `status` (status), `to_institution` and `reason` (handover).
    """
    perform = BULK_ACTIONS.get(action)
    if perform is None:
        raise ValueError(f"Unknown bulk action {action!r}.")
    outcome = BulkOutcome()
    for case in cases:
        try:
            perform(case, by, params)
        except CaseActionError as error:
            outcome.refused.append((case, str(error.message)))
        else:
            outcome.done.append(case)
    return outcome


# --- letters -------------------------------------------------------------------------------------


def _letter_allowed(*, case: Case, kind: str, by) -> None:
    """Letters follow the documents' rules: staff of the institution holding the case, with the
    person's consent. A refusal is audited (outside any transaction, so it stays)."""
    from welcome.cases import letters

    try:
        if kind not in letters.KINDS:
            raise CaseActionError(_("Please choose a letter."))
        _require_inbox_staff(case, by)
        _require_personal_access(case, by)
    except CaseActionError:
        audit_log(actor=by, action="letter_refused", obj=case, kind=str(kind)[:40])
        raise


def _letter_ready(*, case: Case, kind: str, by):
    """The letter, rendered after the checks; refused when it would say nothing."""
    from welcome.cases import letters

    _letter_allowed(case=case, kind=kind, by=by)
    letter = letters.letter_render(case=case, kind=kind, by=by)
    if kind == letters.MISSING_DOCUMENTS and not letters.missing_documents(case):
        raise CaseActionError(
            _("No document of the checklist is missing, so there is nothing to ask for.")
        )
    return letter


def letter_preview(*, case: Case, kind: str, by):
    """The letter as it would go out (no record: nothing left the office yet)."""
    from welcome.cases import letters

    _letter_allowed(case=case, kind=kind, by=by)
    return letters.letter_render(case=case, kind=kind, by=by)


def _letter_record(*, case: Case, letter, channel: str, by) -> None:
    _touch(case)
    # Kind, language and channel only: the text is the person's matter and is not kept.
    _event(
        case, Event.Kind.LETTER, by=by, kind=letter.kind, language=letter.language, channel=channel
    )
    audit_log(
        actor=by,
        action="letter_made" if channel == "pdf" else "letter_sent",
        obj=case,
        kind=letter.kind,
        language=letter.language,
        channel=channel,
    )


def letter_make(*, case: Case, kind: str, by) -> tuple[object, bytes]:
    """The letter as a PDF to print or hand over; filed on the timeline and audited."""
    letter = _letter_ready(case=case, kind=kind, by=by)
    content = letter.pdf()
    with transaction.atomic():
        _letter_record(case=case, letter=letter, channel="pdf", by=by)
    return letter, content


def letter_send(*, case: Case, kind: str, by):
    """The letter as a PDF attached to an e-mail to the person, in their language; filed on the
    timeline and audited. The e-mail goes out last inside the transaction: if the mail server
    refuses it, nothing is recorded and the user is told."""
    from django.core.mail import EmailMessage

    from welcome.cases import letters

    letter = _letter_ready(case=case, kind=kind, by=by)
    person = getattr(case, "person", None)
    if person is None or not person.email:
        raise CaseActionError(_("The person has no e-mail address on file."))
    content = letter.pdf()
    message = EmailMessage(
        subject=letter.subject,
        body=letters.letter_email_body(letter, case),
        to=[person.email],
    )
    message.attach(letter.filename, content, "application/pdf")
    try:
        with transaction.atomic():
            _letter_record(case=case, letter=letter, channel="email", by=by)
            message.send()
    except (OSError, ConnectionError) as error:
        logger.exception("Could not send a letter of case %s", case.pk)
        raise CaseActionError(
            _("The e-mail could not be sent. Please try again later or print the letter.")
        ) from error
    return letter
