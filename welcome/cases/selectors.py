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
- The search (`case_search_for_user`) applies the same filter; a person's name or e-mail only
  matches where the person consented for the user's institution, as reading notes does.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from welcome.audit.services import audit_log
from welcome.cases import search
from welcome.cases.models import SEARCH_CONFIG, Case, Consent, Handover, Note, Topic
from welcome.prepared import Prepared
from welcome.region.data import region

PAGE_SIZE = 25
# What a case list shows (the table, the API's summaries, the triage proposal): whole rows of
# cases, institutions and users were two thirds of the inbox's database time in Python.
LIST_FIELDS = (
    "reference",
    "topic",
    "status",
    "inbox_id",
    "language",
    "due_on",
    "last_activity_at",
    "triage",
    "proposed_inbox_id",
    "proposal_rule",
    "proposal_details",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


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


def _handed_over_by(institution_id: str) -> QuerySet:
    """Ids of the cases the institution handed over: for lists of them without a search text.

    The permission filter implies it, but inside its OR the planner cannot start from it and
    scans every case instead (1.2 s on a million cases; 0.3 s with this).
    """
    return Handover.objects.filter(from_institution_id=institution_id).values("case_id")


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
    filters: CaseFilters | SearchFilters = field(default_factory=CaseFilters)


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = cursor.rsplit("|", 1)
        moment = dt.datetime.fromisoformat(stamp)
        if timezone.is_naive(moment):
            return None
        # In UTC, as the database compares it: 0001-01-01T00:00+14:00 has no such moment.
        moment, pk = moment.astimezone(dt.UTC), int(pk)
    except (ValueError, TypeError, OverflowError):
        return None
    return (moment, pk) if -(2**63) <= pk < 2**63 else None  # as a 64-bit key compares


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
    status = filters.status if filters.status in Case.Status.values else ""
    if filters.overdue and status == Case.Status.CLOSED:
        # A closed case is never overdue: "closed and overdue" is empty without reading the
        # inbox's closed cases one by one.
        return CasePage(rows=[], filters=filters)
    own = user.institution_id
    elsewhere = (
        filters.institution
        if filters.institution
        and filters.institution != own
        and user.role in ("team_lead", "administrator")
        else ""
    )
    narrowing = {
        "status": status,
        "due_before": timezone.localdate() if filters.overdue else None,
        "language": filters.language,
        "assignee_id": user.pk if filters.mine else None,
    }
    if not (filters.scope == "sent" or elsewhere or filters.q):
        return _inbox_page(user, filters, narrowing)
    if filters.scope == "sent" or elsewhere:
        queryset = _visible_cases(user).exclude(inbox_id=own)
        if elsewhere:
            queryset = queryset.filter(inbox_id=elsewhere)
        if not filters.q:
            queryset = queryset.filter(pk__in=_handed_over_by(own))
    else:
        queryset = Case.objects.filter(inbox_id=own)
    queryset = _narrowed(queryset, **narrowing)
    if filters.q:
        queryset = _note_search(queryset, filters.q, own)
    return _page(user=user, querysets=[queryset], filters=filters)


def _narrowed(queryset: QuerySet[Case], *, status, due_before, language, assignee_id):
    """The inbox's filters; an empty one does not narrow."""
    if status:
        queryset = queryset.filter(status=status)
    if due_before:
        queryset = queryset.filter(due_on__lt=due_before).exclude(status=Case.Status.CLOSED)
    if language:
        queryset = queryset.filter(language=language)
    if assignee_id:
        queryset = queryset.filter(assignee_id=assignee_id)
    return queryset


# The own inbox's page, one Prepared query per combination of filters (welcome/prepared.py):
# building and compiling the queryset was a sixth of the inbox. Keys: which filters are set,
# and whether a keyset cursor is; 32 at most.
_INBOX_PAGES: dict[tuple[bool, ...], Prepared] = {}


def _inbox_page(user, filters: CaseFilters, narrowing: dict) -> CasePage:
    cursor = _parse_cursor(filters.after) if filters.after else None
    given = {name: value for name, value in narrowing.items() if value}
    shape = (*(name in given for name in narrowing), cursor is not None)
    prepared = _INBOX_PAGES.get(shape) or _INBOX_PAGES.setdefault(
        shape, _inbox_prepared(tuple(given), paged=cursor is not None)
    )
    values = (user.institution_id, *given.values(), *(cursor or ()))
    return _paged(user, prepared(*values), filters)


_NARROWING_TYPES = {"status": str, "due_before": dt.date, "language": str, "assignee_id": int}


def _inbox_prepared(names: tuple[str, ...], *, paged: bool) -> Prepared:
    """The inbox's page with the filters `names` (and after a cursor when `paged`); its values
    are the institution, the filters' values in that order, and the cursor's moment and key.
    PAGE_SIZE is compiled in."""
    types = [str, *(_NARROWING_TYPES[name] for name in names)]
    if paged:
        types += [dt.datetime, int]

    def build(own, *values):
        given = dict(zip(names, values[: len(names)], strict=True))
        queryset = _narrowed(
            Case.objects.filter(inbox_id=own),
            **{name: given.get(name) for name in _NARROWING_TYPES},
        )
        return _first_rows(queryset, own, values[len(names) :])

    return Prepared(build, *types)


def _first_rows(queryset: QuerySet[Case], institution_id: str, cursor) -> QuerySet[Case]:
    """The list's rows after the cursor, newest activity first, one past a page."""
    if cursor:
        moment, pk = cursor
        # The bound alone is where the index scan can start; the OR (rows after the cursor at
        # the same moment) is checked on the rows it reads. Without the bound PostgreSQL reads
        # the list from its newest row to the cursor: 0.5 s deep in a million cases.
        queryset = queryset.filter(last_activity_at__lte=moment).filter(
            Q(last_activity_at__lt=moment) | Q(last_activity_at=moment, id__lt=pk)
        )
    queryset = (
        queryset.select_related("assignee")
        .only(*LIST_FIELDS)
        .annotate(consented_name=_name_if_consented(institution_id))
        .order_by("-last_activity_at", "-id")
    )
    return queryset[: PAGE_SIZE + 1]


def _page(*, user, querysets: list[QuerySet[Case]], filters, **audit_details) -> CasePage:
    """One keyset page, newest activity first, over one or more disjoint lists of cases.

    Each list is read up to one row past the page along its own index and the lists are merged
    here: cheaper than one query with an OR, which would defeat the indexes on a million rows.
    """
    cursor = _parse_cursor(filters.after) if filters.after else None
    cases: list[Case] = []
    for queryset in querysets:
        cases += _first_rows(queryset, user.institution_id, cursor)
    if len(querysets) > 1:
        cases.sort(key=lambda case: (case.last_activity_at, case.pk), reverse=True)
    return _paged(user, cases, filters, **audit_details)


def _paged(user, cases: list[Case], filters, **audit_details) -> CasePage:
    """The page of `cases` (one row past it tells there is a next) and its cursor. Names are
    shown (and their display audited) only where the person consented for us."""
    next_cursor = ""
    if len(cases) > PAGE_SIZE:
        cases = cases[:PAGE_SIZE]
        last = cases[-1]
        next_cursor = f"{last.last_activity_at.isoformat()}|{last.pk}"
    rows = [
        CaseRow(
            case=case,
            personal=case.consented_name is not None,
            name=case.consented_name or "",
        )
        for case in cases
    ]
    shown = [row.case.pk for row in rows if row.personal and row.name]
    if shown:
        audit_log(actor=user, action="case_list_viewed", cases=shown, **audit_details)
    return CasePage(rows=rows, next_cursor=next_cursor, filters=filters)


def _name_if_consented(institution_id: str) -> RawSQL:
    """Per listed case: the person's name ("" without one) where the person consented for the
    institution, else NULL. In the list's own query, probed row by row for the page's rows
    (the consent check fenced as in `_active_consent_per_row`: unfenced, PostgreSQL hashed the
    institution's 225,000 consents for every page, 100 ms): a second query for the page's
    consents and names cost a tenth of the inbox."""
    sql = _NAME_IF_CONSENTED.format(consent=_CONSENT_PER_ROW[connection.vendor == "postgresql"])
    return RawSQL(sql, [institution_id], output_field=CharField())  # noqa: S611


_NAME_IF_CONSENTED = (  # a fixed text; the institution is a parameter of the consent check
    "CASE WHEN {consent} THEN COALESCE((SELECT cases_person.name FROM cases_person "
    "WHERE cases_person.case_id = cases_case.id), '') END"
)


SEARCH_SCOPES = ("", "inbox", "sent")  # all we may see; our inbox; handed over by us


@dataclass
class SearchFilters:
    """What the search asks for; every field optional, all of them must hold (AND)."""

    text: str = ""  # name or e-mail words and parts of references, see search.parse
    status: str = ""
    topic: str = ""
    municipality: str = ""
    language: str = ""
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    scope: str = ""
    after: str = ""  # keyset cursor, as in CaseFilters

    @classmethod
    def from_dict(cls, raw) -> SearchFilters:
        def text(name):
            value = raw.get(name) or ""
            return value.strip() if isinstance(value, str) else value

        def day(name):
            value = text(name)
            if isinstance(value, dt.date):
                return value
            try:
                return dt.date.fromisoformat(value) if value else None
            except ValueError:
                return None

        scope = text("scope")
        return cls(
            text=text("text")[:200],
            status=text("status"),
            topic=text("topic"),
            municipality=text("municipality")[:100],
            language=text("language")[:10],
            opened_from=day("opened_from"),
            opened_to=day("opened_to"),
            scope=scope if scope in SEARCH_SCOPES else "",
            after=text("after"),
        )

    def criteria(self) -> list[str]:
        """The kinds of criteria used (for the audit log: kinds, never what was typed)."""
        parsed = search.parse(self.text)
        kinds = {
            "name_or_email": bool(parsed.words),
            "reference": bool(parsed.references),
            "status": bool(self.status),
            "topic": bool(self.topic),
            "municipality": bool(self.municipality),
            "language": bool(self.language),
            "opened": bool(self.opened_from or self.opened_to),
        }
        return [kind for kind, used in kinds.items() if used]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _municipality_names(name: str) -> list[str]:
    """The municipality's name and its aliases from the Region's data (as typed on intake)."""
    for municipality in region().municipalities:
        if municipality.name.casefold() == name.casefold():
            return [municipality.name, *municipality.aliases]
    return [name]


# Up to this many persons matching a name, their case ids are read once and handed to both lists,
# so the planner knows how many there are (see search.cases_among); more, and each list walks
# its index in order and asks the search index case by case.
NAME_HITS_INLINE = 10_000
FEW_HITS = 500  # up to this many, the matching cases lead one query for all the user may see


def _narrow(
    queryset: QuerySet[Case], filters: SearchFilters, own: str, hits: list[int] | None
) -> QuerySet[Case]:
    if filters.status in Case.Status.values:
        queryset = queryset.filter(status=filters.status)
    if filters.topic in Topic.values:
        queryset = queryset.filter(topic=filters.topic)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.municipality:
        names = Q()
        for name in _municipality_names(filters.municipality):
            names |= Q(municipality__iexact=name)
        queryset = queryset.filter(names)
    if filters.opened_from:
        queryset = queryset.filter(created_at__gte=_start_of(filters.opened_from))
    if filters.opened_to:
        queryset = queryset.filter(
            created_at__lt=_start_of(filters.opened_to + dt.timedelta(days=1))
        )
    parsed = search.parse(filters.text)
    if filters.text and not parsed:  # only punctuation or symbols: nothing can match
        return queryset.none()
    for fragment in parsed.references:
        queryset = queryset.filter(search.reference_matches(fragment))
    if parsed.words:
        # The name and e-mail are personal data: only cases whose person consented for our
        # institution can match them, or a hit would tell who a case without consent is about.
        queryset = queryset.filter(
            search.cases_among(hits)
            if hits is not None
            else Q(pk__in=search.person_matches(parsed.words))
        ).filter(_active_consent_per_row(own))
    return queryset


def _active_consent_per_row(institution_id: str) -> RawSQL:
    """`_active_consent`, checked case by case on PostgreSQL.

    As a semi-join PostgreSQL may answer it by hashing every consent of the institution (1-2 s
    for a first name on 200,000 cases) before it looks at the cases a name matched; `OFFSET 0`
    keeps the check a per-row index probe, so the search index (or, for a common name, the
    inbox in its order) leads. SQLite knows no OFFSET without LIMIT and needs no such fence.
    """
    sql = _CONSENT_PER_ROW[connection.vendor == "postgresql"]
    return RawSQL(sql, [institution_id], output_field=BooleanField())  # noqa: S611


_CONSENT_PER_ROW = {  # fixed texts; the institution is a parameter
    False: "EXISTS (SELECT 1 FROM cases_consent WHERE cases_consent.case_id = cases_case.id "
    "AND cases_consent.institution_id = %s AND cases_consent.withdrawn_at IS NULL)",
    True: "EXISTS (SELECT 1 FROM cases_consent WHERE cases_consent.case_id = cases_case.id "
    "AND cases_consent.institution_id = %s AND cases_consent.withdrawn_at IS NULL OFFSET 0)",
}


def case_search_for_user(*, user, filters: SearchFilters | dict | None = None) -> CasePage:
    """Cases the user may see that match the search, newest activity first (keyset pages).

    The permission filter is the inbox's: our inbox, and the cases we handed over while the
    person's case_handling consent for us stands (`scope` narrows to one of the two). Names and
    e-mails only match where the person consented for our institution; references, dates,
    status, topic, municipality and language are no personal data and match everywhere we see.
    Rows show the name under the same rule as the inbox.
    """
    if isinstance(filters, dict) or filters is None:
        filters = SearchFilters.from_dict(filters or {})
    if not getattr(user, "is_partner_staff", False):
        return CasePage(rows=[], filters=filters)
    own = user.institution_id
    parsed = search.parse(filters.text)
    hits = search.person_case_ids(parsed.words, limit=NAME_HITS_INLINE) if parsed.words else None
    few = hits is not None and len(hits) <= FEW_HITS
    if few:
        # A name that a few persons bear leads: one query over everything we may see.
        visible = _visible_cases(user)
        if filters.scope == "inbox":
            visible = visible.filter(inbox_id=own)
        elif filters.scope == "sent":
            visible = visible.exclude(inbox_id=own)
        lists = [visible]
    else:
        # Otherwise each half along its own index (an OR of both defeats them).
        lists = []
        if filters.scope != "sent":
            lists.append(Case.objects.filter(inbox_id=own))
        if filters.scope != "inbox":
            sent = _visible_cases(user).exclude(inbox_id=own)
            if not parsed:
                sent = sent.filter(pk__in=_handed_over_by(own))
            lists.append(sent)
    with nullcontext() if few else _without_jit():
        return _page(
            user=user,
            querysets=[_narrow(queryset, filters, own, hits) for queryset in lists],
            filters=filters,
            search=filters.criteria(),
        )


@contextmanager
def _without_jit():
    """PostgreSQL's JIT compiler off for the search's queries (in one transaction).

    It compiles any plan the planner guesses expensive, and a search for a common name is
    guessed so on a million cases: measured 160 ms of compiling for a query of a few ms.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def case_selection_for_user(*, user, case_ids: list[int]) -> tuple[list[Case], list[int]]:
    """The selected cases of a list for a bulk action: those the user may see, in the order
    given, and the ids that are missing or forbidden (each audited as "access_denied", as
    case_get_for_user does). Reads no personal data, so a found case writes no view entry: the
    action's service writes the one entry per case.
    """
    ids = list(dict.fromkeys(case_ids))
    found = {
        case.pk: case
        for case in _visible_cases(user).filter(pk__in=ids).select_related("inbox", "assignee")
    }
    missing = [pk for pk in ids if pk not in found]
    for pk in missing:
        audit_log(
            actor=user,
            action="access_denied",
            reason="case not found or not visible",
            requested_case=str(pk)[:40],
        )
    return [found[pk] for pk in ids if pk in found], missing


@dataclass
class CaseAccess:
    case: Case
    personal: bool  # the person consented for the user's institution: data may be shown
    can_write: bool  # the case is in the user's inbox (and not erased)
    # Every consent of the case (all institutions, withdrawn ones too), read once per request
    # for the decision above; the case page lists them without asking again.
    consents: list[Consent] = field(default_factory=list)


# Compiled once per process (welcome/prepared.py).
_CONSENTS_WITH_CASE = Prepared(
    lambda pk: Consent.objects.select_related("case__assignee", "case__person").filter(case=pk)
)
_CASE = Prepared(lambda pk: Case.objects.select_related("assignee", "person").filter(pk=pk)[:1])


def _case_with_consents(pk: int) -> tuple[Case | None, list[Consent]]:
    """The case, with its assignee and person, and every consent of it (all institutions,
    withdrawn ones too): one query through the consents, each row carrying the case (a case has
    a handful; the page's time is the number of its queries), or the case alone without any."""
    consents = _CONSENTS_WITH_CASE(pk)
    if not consents:
        return next(iter(_CASE(pk)), None), []
    case = consents[0].case
    for consent in consents:
        consent.case = case  # one instance, as a consent read from the case would have
    return case, consents


def case_get_for_user(*, user, case_id, purpose: str = "case_viewed") -> CaseAccess:
    """The one access path to a case. Forbidden and missing both raise Http404 and are audited.

    Every grant that shows personal data is audited as "case_viewed" (or `purpose`; with
    `purpose=""` the caller writes the entry, once it knows what was read).
    """
    # Fetch by primary key (with the consents), then decide in Python and at most one indexed
    # lookup: cheaper on a million cases than one query with OR-ed EXISTS subqueries, which
    # PostgreSQL may answer with full hashes.
    try:
        case, all_consents = _case_with_consents(int(case_id))
    except (ValueError, TypeError, OverflowError):
        case, all_consents = None, []
    own = (
        getattr(user, "institution_id", None) if getattr(user, "is_partner_staff", False) else None
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
    if personal and purpose:
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
