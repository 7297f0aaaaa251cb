"""Reads of cases with the permission filter built in — the only way views and the API find cases.

Who sees what (decided here, documented in the README of the app, tested in test_access.py):

- A case is *visible* to a staff user when it is in the inbox of the user's institution, or when
  the user's institution handed it over earlier **and** the person's "case_handling" consent for
  that institution is active (the sender keeps read access only then). The inbox list shows the
  own inbox; "Cases we handed over" (`scope="sent"`) lists the others.
- Personal data (person, request, notes, documents, handover reasons) is shown only while the
  person has an active consent of any purpose for the user's institution. A case in the own inbox
  without such a consent is listed with reference, topic, status and language only, so the inbox
  can ask for consent or hand the case on; its page shows no personal data.
- Team leads and administrators see the same cases as case workers of their institution; their
  extra "institution" filter narrows the list to where cases are now. No role sees other inboxes.
- Everything else is "not found": a missing case and a forbidden one both give Http404, and both
  are written to the audit log ("access_denied").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from welcome.audit.services import audit_log
from welcome.cases.models import SEARCH_CONFIG, Case, Consent, Handover, Note

PAGE_SIZE = 25


def _active_consent(institution_id: str, purposes=None) -> Exists:
    consents = Consent.objects.filter(
        case=OuterRef("pk"), institution_id=institution_id, withdrawn_at__isnull=True
    )
    if purposes:
        consents = consents.filter(purpose__in=purposes)
    return Exists(consents)


def _visible_cases(user) -> QuerySet[Case]:
    """The permission filter: own inbox, or handed over by us with case_handling consent."""
    if not getattr(user, "is_partner_staff", False):
        return Case.objects.none()
    institution_id = user.institution_id
    sent_by_us = Exists(
        Handover.objects.filter(case=OuterRef("pk"), from_institution_id=institution_id)
    )
    return Case.objects.filter(
        Q(inbox_id=institution_id)
        | (sent_by_us & _active_consent(institution_id, purposes=["case_handling"]))
    )


@dataclass
class CaseFilters:
    status: str = ""
    institution: str = ""
    overdue: bool = False
    language: str = ""
    mine: bool = False
    q: str = ""
    scope: str = ""  # "" = our inbox; "sent" = handed over by us, still readable with consent
    after: str = ""  # keyset cursor: "<last_activity_at iso>|<id>"

    @classmethod
    def from_dict(cls, raw) -> CaseFilters:
        def text(name):
            return (raw.get(name) or "").strip()

        return cls(
            status=text("status"),
            institution=text("institution"),
            overdue=text("overdue") in ("1", "on", "true", "True"),
            language=text("language"),
            mine=text("mine") in ("1", "on", "true", "True"),
            q=text("q")[:200],
            scope="sent" if text("scope") == "sent" else "",
            after=text("after"),
        )


@dataclass
class CaseRow:
    case: Case
    personal: bool  # may this user see the person's data?
    name: str = ""


@dataclass
class CasePage:
    rows: list[CaseRow]
    next_cursor: str = ""
    filters: CaseFilters = field(default_factory=CaseFilters)


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = cursor.rsplit("|", 1)
        moment = dt.datetime.fromisoformat(stamp)
        if timezone.is_naive(moment):
            return None
        return moment, int(pk)
    except (ValueError, TypeError):
        return None


def _note_search(queryset: QuerySet[Case], q: str, institution_id: str) -> QuerySet[Case]:
    """Full-text search over notes (of cases whose data we may see): PostgreSQL FTS or icontains."""
    notes = Note.objects.all()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        notes = notes.annotate(search=SearchVector("text", config=SEARCH_CONFIG)).filter(
            search=SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        )
    else:
        for word in q.split()[:8]:
            notes = notes.filter(text__icontains=word)
    # Searching notes reads personal data, so only cases we hold a consent for can match.
    # `pk__in` lets PostgreSQL start from the GIN index instead of probing every case.
    return queryset.filter(pk__in=notes.values("case_id")).filter(_active_consent(institution_id))


def case_list_for_user(*, user, filters: CaseFilters | dict | None = None) -> CasePage:
    """One page of cases the user may see, newest activity first (keyset pagination).

    Two lists, each one index range (an OR of both would defeat the indexes on a million rows):
    the institution's own inbox (default), or — `scope="sent"`, or a team lead's institution
    filter naming another institution — the cases it handed over and may still read.
    """
    if isinstance(filters, dict) or filters is None:
        filters = CaseFilters.from_dict(filters or {})
    if not getattr(user, "is_partner_staff", False):
        return CasePage(rows=[], filters=filters)
    own = user.institution_id
    elsewhere = (
        filters.institution
        if filters.institution
        and filters.institution != own
        and user.role in ("team_lead", "administrator")
        else ""
    )
    if filters.scope == "sent" or elsewhere:
        queryset = _visible_cases(user).exclude(inbox_id=own)
        if elsewhere:
            queryset = queryset.filter(inbox_id=elsewhere)
    else:
        queryset = Case.objects.filter(inbox_id=own)
    if filters.status in Case.Status.values:
        queryset = queryset.filter(status=filters.status)
    if filters.overdue:
        queryset = queryset.filter(due_on__lt=timezone.localdate()).exclude(
            status=Case.Status.CLOSED
        )
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.mine:
        queryset = queryset.filter(assignee=user)
    if filters.q:
        queryset = _note_search(queryset, filters.q, own)
    cursor = _parse_cursor(filters.after) if filters.after else None
    if cursor:
        moment, pk = cursor
        queryset = queryset.filter(
            Q(last_activity_at__lt=moment) | Q(last_activity_at=moment, id__lt=pk)
        )
    queryset = queryset.select_related("inbox", "assignee").order_by("-last_activity_at", "-id")
    cases = list(queryset[: PAGE_SIZE + 1])
    next_cursor = ""
    if len(cases) > PAGE_SIZE:
        cases = cases[:PAGE_SIZE]
        last = cases[-1]
        next_cursor = f"{last.last_activity_at.isoformat()}|{last.pk}"
    # Consents and names for this page only: one small indexed lookup, instead of a per-row
    # subquery that PostgreSQL may turn into a hash over every consent of the institution.
    # One query: the active consents for our institution with the person's name beside them.
    names = {}
    for case_id, name in Consent.objects.filter(
        case_id__in=[case.pk for case in cases], institution_id=own, withdrawn_at__isnull=True
    ).values_list("case_id", "case__person__name"):
        names[case_id] = name or ""
    consented = set(names)
    rows = [
        CaseRow(case=case, personal=case.pk in consented, name=names.get(case.pk, ""))
        for case in cases
    ]
    shown = [row.case.pk for row in rows if row.personal and row.name]
    if shown:
        audit_log(actor=user, action="case_list_viewed", cases=shown)
    return CasePage(rows=rows, next_cursor=next_cursor, filters=filters)


@dataclass
class CaseAccess:
    case: Case
    personal: bool  # the person consented for the user's institution: data may be shown
    can_write: bool  # the case is in the user's inbox (and not erased)
    # Every consent of the case (all institutions, withdrawn ones too), read once per request
    # for the decision above; the case page lists them without asking again.
    consents: list[Consent] = field(default_factory=list)


def case_get_for_user(*, user, case_id, purpose: str = "case_viewed") -> CaseAccess:
    """The one access path to a case. Forbidden and missing both raise Http404 and are audited.

    Every grant that shows personal data is audited as "case_viewed" (or `purpose`).
    """
    # Fetch by primary key, then decide with two indexed lookups: cheaper on a million cases than
    # one query with OR-ed EXISTS subqueries, which PostgreSQL may answer with full hashes.
    try:
        pk = int(case_id)
        case = Case.objects.select_related("inbox", "assignee", "person").filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        case = None
    own = (
        getattr(user, "institution_id", None) if getattr(user, "is_partner_staff", False) else None
    )
    # All consents of the case in one query (a case has a handful): the decision below uses ours,
    # the case page shows them all.
    all_consents = (
        list(Consent.objects.filter(case=case).select_related("institution"))
        if case is not None and own
        else []
    )
    consents = {
        consent.purpose
        for consent in all_consents
        if consent.institution_id == own and consent.withdrawn_at is None
    }
    visible = (
        case is not None
        and own is not None
        and (
            case.inbox_id == own
            or (
                "case_handling" in consents
                and Handover.objects.filter(case=case, from_institution_id=own).exists()
            )
        )
    )
    if not visible:
        audit_log(
            actor=user,
            action="access_denied",
            reason="case not found or not visible",
            requested_case=str(case_id)[:40],
        )
        raise Http404("No such case.")
    case.personal = bool(consents)
    personal = bool(case.personal) and not case.is_erased
    if personal:
        audit_log(actor=user, action=purpose, obj=case)
    return CaseAccess(
        case=case,
        personal=personal,
        can_write=case.inbox_id == user.institution_id and not case.is_erased,
        consents=all_consents,
    )


def case_get_by_reference_for_user(*, user, reference: str) -> CaseAccess:
    """Look up by human reference (e.g. from a phone call); same rules as case_get_for_user."""
    pk = (
        Case.objects.filter(reference=reference.strip().upper())
        .values_list("pk", flat=True)
        .first()
    )
    return case_get_for_user(user=user, case_id=pk if pk is not None else f"ref:{reference}")


@dataclass
class ChecklistItem:
    kind: str  # a DocumentKind value, or "" for an item that cannot be matched to an upload
    label: str
    document: object | None = None  # the latest version, if uploaded

    @property
    def done(self) -> bool:
        return self.document is not None


DEFAULT_CHECKLISTS = {
    "residence": ["passport", "employment_contract", "qualification", "registration", "photo"],
    "recognition": ["passport", "cv", "qualification", "transcript", "references"],
    "labour_market": ["employment_contract", "employment_declaration", "qualification"],
    "accelerated_procedure": [
        "power_of_attorney",
        "passport",
        "employment_declaration",
        "qualification",
        "transcript",
        "cv",
        "references",
        "recognition_notice",
    ],
    "general": ["passport"],
}


def case_checklist(*, access: CaseAccess, documents=None) -> list[ChecklistItem]:
    """Documents required for completeness: the pathway roadmap's checklist when the person
    brought one (`data["checklist"]`: kinds, or dicts with "kind"/"label"), else the topic default.
    """
    from welcome.cases.models import DocumentKind

    if not access.personal:
        return []
    case = access.case
    person = getattr(case, "person", None)
    raw = (person.data or {}).get("checklist") if person else None
    labels = dict(DocumentKind.choices)
    items: list[ChecklistItem] = []
    entries = raw if isinstance(raw, list) and raw else DEFAULT_CHECKLISTS.get(case.topic, [])
    for entry in entries:
        if isinstance(entry, dict):
            kind = str(entry.get("kind") or entry.get("id") or "")
            label = str(entry.get("label") or entry.get("title") or "")
        else:
            kind, label = str(entry), ""
        if kind in labels:
            items.append(ChecklistItem(kind=kind, label=label or str(labels[kind])))
        elif label or kind:
            items.append(ChecklistItem(kind="", label=label or kind))
    latest = {}
    if documents is None:
        documents = case.documents.order_by("kind", "-version")
    for document in documents:
        latest.setdefault(document.kind, document)
    seen = set()
    unique = []
    for item in items:
        key = item.kind or item.label
        if key in seen:
            continue
        seen.add(key)
        item.document = latest.get(item.kind) if item.kind else None
        unique.append(item)
    return unique
