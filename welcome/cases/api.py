"""/api/v1/cases — the back office for partner systems; the same selectors and services as the
pages. Authenticated by an API token of the institution (`Authorization: Bearer ...`, with the
scope each operation names) or by the staff session with a verified second factor (CSRF checked on
writes). A token acts as its client's service user, so the permission filter and the audit log are
the staff's. Errors are JSON `{"detail": ...}`: 400 bad input or refused action, 401 not logged in
or token not valid, 403 scope missing (or CSRF failed), 404 not found or not allowed (the two look
the same and both are audited)."""

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import SessionAuth

from welcome.api.auth import ApiTokenAuth
from welcome.api.errors import ErrorOut, responses
from welcome.api.inputs import Text
from welcome.api.models import ApiClient
from welcome.cases import selectors, services
from welcome.region.models import Institution


class StaffSessionAuth(SessionAuth):
    """Partner staff with a session whose second factor (TOTP) was verified."""

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        if user.is_authenticated and user.is_verified() and user.is_partner_staff:
            return user
        return None


def _access(scope: str) -> dict:
    """Authentication and its documentation for an operation that needs `scope` from a token."""
    return {
        "auth": [ApiTokenAuth(scope), StaffSessionAuth()],
        "description": (
            f"Required scope for API tokens: `{scope}`. Staff sessions need a verified second "
            "factor (and the CSRF token on writes)."
        ),
        "openapi_extra": {"x-required-scope": scope},
    }


READ = _access(ApiClient.Scope.CASES_READ.value)
WRITE = _access(ApiClient.Scope.CASES_WRITE.value)

# The default for an operation that forgets to name its scope: read, never "no auth".
router = Router(tags=["cases"], auth=READ["auth"])


class CaseSummaryOut(Schema):
    id: int
    reference: str
    topic: str
    status: str
    inbox: str
    assignee: str | None
    language: str
    due_on: dt.date | None
    last_activity_at: dt.datetime
    personal_data_visible: bool
    name: str | None


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    next_cursor: str | None


class PersonOut(Schema):
    name: str
    email: str
    phone: str
    nationality: str
    request: str


class NoteOut(Schema):
    id: int
    institution: str
    author: str | None
    written_at: dt.datetime
    text: str


class CaseOut(CaseSummaryOut):
    requester_kind: str
    channel: str
    municipality: str
    competent_authority: str
    can_write: bool
    person: PersonOut | None
    notes: list[NoteOut]


# Bounded as the office's forms bound them (cases/forms.py).
class CaseFiltersIn(Schema):
    status: Text(40) = ""
    language: Text(10) = ""
    overdue: bool = False
    mine: bool = False
    institution: Text(40) = ""
    q: Text(200) = ""
    scope: Text(10) = ""
    after: Text(100) = ""


class NoteIn(Schema):
    text: Text(5000)


class HandoverIn(Schema):
    to_institution: Text(40)
    reason: Text(2000)


def _summary(case, personal: bool, name: str = "") -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "topic": case.topic,
        "status": case.status,
        "inbox": case.inbox_id,
        "assignee": case.assignee.get_username() if case.assignee else None,
        "language": case.language,
        "due_on": case.due_on,
        "last_activity_at": case.last_activity_at,
        "personal_data_visible": personal,
        "name": name if personal else None,
    }


def _detail(access) -> dict:
    case = access.case
    person = getattr(case, "person", None) if access.personal else None
    return {
        **_summary(case, access.personal, person.name if person else ""),
        "requester_kind": case.requester_kind,
        "channel": case.channel,
        "municipality": case.municipality,
        "competent_authority": case.competent_authority,
        "can_write": access.can_write,
        "person": None
        if person is None
        else {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "nationality": person.nationality,
            "request": person.summary,
        },
        "notes": [
            {
                "id": n.pk,
                "institution": n.institution_id,
                "author": n.author.get_username() if n.author else None,
                "written_at": n.created_at,
                "text": n.text,
            }
            for n in case.notes.select_related("author")
        ]
        if access.personal
        else [],
    }


@router.get(
    "/cases",
    response=responses({200: CaseListOut, 401: ErrorOut, 403: ErrorOut}),
    summary="The cases the user may see",
    **READ,
)
def case_list(request, filters: Query[CaseFiltersIn]):
    data = filters.dict()
    data["overdue"] = "1" if data["overdue"] else ""
    data["mine"] = "1" if data["mine"] else ""
    page = selectors.case_list_for_user(user=request.auth, filters=data)
    return {
        "items": [_summary(r.case, r.personal, r.name) for r in page.rows],
        "next_cursor": page.next_cursor or None,
    }


@router.get(
    "/cases/{case_id}",
    response=responses({200: CaseOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}),
    summary="One case",
    **READ,
)
def case_detail(request, case_id: int):
    access = selectors.case_get_for_user(user=request.auth, case_id=case_id)
    return Status(200, _detail(access))


@router.post(
    "/cases/{case_id}/notes",
    response=responses({201: NoteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}),
    summary="Add a note",
    **WRITE,
)
def case_note(request, case_id: int, payload: NoteIn):
    access = selectors.case_get_for_user(user=request.auth, case_id=case_id)
    try:
        note = services.note_add(case=access.case, text=payload.text, by=request.auth)
    except services.CaseActionError as error:
        return Status(400, {"detail": str(error.message)})
    return Status(
        201,
        {
            "id": note.pk,
            "institution": note.institution_id,
            "author": request.auth.get_username(),
            "written_at": note.created_at,
            "text": note.text,
        },
    )


@router.post(
    "/cases/{case_id}/handover",
    response=responses({200: CaseOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}),
    summary="Hand the case over to another institution",
    **WRITE,
)
def case_handover(request, case_id: int, payload: HandoverIn):
    access = selectors.case_get_for_user(user=request.auth, case_id=case_id)
    institution = Institution.objects.filter(pk=payload.to_institution).first()
    if institution is None:
        return Status(400, {"detail": _("There is no institution with this id.")})
    try:
        services.case_hand_over(
            case=access.case, to_institution=institution, by=request.auth, reason=payload.reason
        )
    except services.CaseActionError as error:
        return Status(400, {"detail": str(error.message)})
    try:
        access = selectors.case_get_for_user(user=request.auth, case_id=case_id)
    except Http404:  # the sender keeps read access only with "case_handling" consent
        gone = selectors.CaseAccess(case=access.case, personal=False, can_write=False)
        return Status(200, _detail(gone))
    return Status(200, _detail(access))


@router.post(
    "/cases/{case_id}/export",
    response=responses({200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}),
    summary="Everything stored about the person (Art. 15 GDPR); recorded on the timeline",
    **WRITE,
)
def case_export(request, case_id: int):
    access = selectors.case_get_for_user(user=request.auth, case_id=case_id, purpose="case_export")
    if not access.personal:
        message = _(
            "Without the person's consent for your institution you cannot export their data."
        )
        return Status(400, {"detail": message})
    return Status(200, services.case_export(case=access.case, by=request.auth))
