"""What the case pages show, assembled from what the selectors granted: labels, the timeline, the
routing proposal, the pathway-check result, the appointments. Reads only; no permission decisions
(the selectors made them) and no audit entries (the selectors wrote them).

Labels come from plain dicts built once per request (get_FOO_display() rebuilds its choices map on
every call); the timeline is a dict of message templates per event kind, filled from the event's
details, which hold codes and ids only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from welcome.cases import letters, routing
from welcome.cases.models import Case, Document, DocumentKind, Event, Handover, Note
from welcome.cases.vocabulary import Channel, Purpose, RequesterKind, Topic, slot_choices
from welcome.consultations import pathway
from welcome.consultations.selectors import appointment_rows_for_case
from welcome.law import RULES_VERSION
from welcome.occupations import catalogue
from welcome.pathway.labels import STATUS, title_name
from welcome.prepared import Prepared
from welcome.region.data import region

TIMELINE_LIMIT = 50  # latest entries shown; "?timeline=all" shows every entry

# One message template per event kind — and per variant, where the event's details name one (a
# handover that decided the triage, or passed a request through). Placeholders are filled from
# `_timeline_params`; a kind without a template shows its label.
TIMELINE = {
    (Event.Kind.ROUTED, ""): _("Routed to the inbox of %(inbox)s."),
    (Event.Kind.HANDOVER, ""): _("Handed over from %(from)s to %(to)s."),
    (Event.Kind.HANDOVER, Case.Triage.ACCEPTED): _(
        "Handed over from %(from)s to %(to)s, as the routing rules proposed."
    ),
    (Event.Kind.HANDOVER, Case.Triage.REDIRECTED): _(
        "Handed over from %(from)s to %(to)s instead of the proposed institution."
    ),
    (Event.Kind.HANDOVER, Case.Triage.PASSED_THROUGH): _(
        "Passed through from %(from)s to %(to)s by the Region's rule."
    ),
    (Event.Kind.ASSIGNED, ""): _("Assigned to %(user)s."),
    (Event.Kind.CONSENT_GIVEN, ""): _("Consent given for %(institution)s: %(purpose)s."),
    (Event.Kind.CONSENT_WITHDRAWN, ""): _("Consent withdrawn for %(institution)s: %(purpose)s."),
    (Event.Kind.STATUS_CHANGED, ""): _("Status changed from %(old)s to %(new)s."),
    (Event.Kind.DOCUMENT_UPLOADED, ""): _("Document uploaded: %(kind)s, version %(version)s."),
    (Event.Kind.LETTER, ""): _("Letter “%(letter)s” in %(language)s, %(channel)s."),
}
# Sentences added when the event's details hold the fact (ROUTED: the proposal, § 81a authority).
TIMELINE_ADDITIONS = {
    "proposed": _("Proposed: %(proposed)s."),
    "competent_authority": _("Competent authority: %(authority)s."),
}

# What a change between the stored pathway-check result and today's says.
CHANGES = {
    "status": _("%(title)s: %(old)s → %(new)s"),
    "new_title": _("%(title)s: newly assessed as %(new)s"),
    "missing_now": _("%(title)s now also needs: %(facts)s"),
    "missing_no_longer": _("%(title)s no longer needs: %(facts)s"),
    "accelerated_now": _("The accelerated skilled-worker procedure (§ 81a AufenthG) is now open."),
    "accelerated_no_longer": _(
        "The accelerated skilled-worker procedure (§ 81a AufenthG) is no longer open."
    ),
}


def institution_names() -> dict[str, str]:
    """Short names from the Region's data in memory (no query; the DB copy mirrors it)."""
    return {pk: item.short_name for pk, item in region().institutions.items()}


def case_urls(case_id: int) -> dict[str, str]:
    """The case's form targets, built from one reverse() (the paths below it are in urls.py)."""
    base = reverse("cases:detail", kwargs={"case_id": case_id})
    return {
        "detail": base,
        "take": f"{base}take/",
        "assign": f"{base}assign/",
        "status": f"{base}status/",
        "note": f"{base}notes/",
        "handover": f"{base}handover/",
        "accept": f"{base}triage/accept/",
        "consent": f"{base}consents/",
        "upload": f"{base}documents/",
        "export": f"{base}export/",
        "letters": f"{base}letters/",
        "pathway": f"{base}pathway/",
    }


# --- the case page ------------------------------------------------------------------------------


# The case's lists, each the same query for every case: compiled once (welcome/prepared.py).
_DOCUMENTS = Prepared(lambda case: Document.objects.filter(case=case).order_by("kind", "-version"))


def case_page(*, access, user, show_all_events: bool = False) -> dict[str, Any]:
    """Everything the case page shows except its forms: facts, proposal, person, pathway-check
    result, appointments, documents, notes, handovers, consents, timeline."""
    case = access.case
    urls = case_urls(case.pk)
    personal = access.personal
    documents = _DOCUMENTS(case.pk) if personal else []
    kinds = dict(DocumentKind.choices)
    purposes = dict(Purpose.choices)
    for document in documents:
        document.url = f"{urls['detail']}documents/{document.pk}/"
        document.kind_label = kinds.get(document.kind, document.kind)
    names = institution_names()
    for consent in access.consents:
        consent.withdraw_url = f"{urls['detail']}consents/{consent.pk}/withdraw/"
        consent.purpose_label = purposes.get(consent.purpose, consent.purpose)
        consent.institution_name = names.get(consent.institution_id, consent.institution_id)
    events, timeline_cut = latest_events(case, show_all=show_all_events)
    person = getattr(case, "person", None) if personal else None
    return {
        "access": access,
        "case": case,
        "urls": urls,
        "labels": {
            "topic": dict(Topic.choices).get(case.topic, case.topic),
            "status": dict(Case.Status.choices).get(case.status, case.status),
            "requester_kind": dict(RequesterKind.choices).get(
                case.requester_kind, case.requester_kind
            ),
            "channel": dict(Channel.choices).get(case.channel, case.channel),
            "competent_authority": names.get(case.competent_authority, case.competent_authority),
            "inbox": names.get(case.inbox_id, case.inbox_id),
        },
        "proposal": proposal(access),
        "person": person,
        "request_facts": request_facts(case, person) if person else [],
        "pathway": pathway_check(person) if person else None,
        "appointments": appointments(case) if personal else [],
        "notes": notes(case) if personal else [],
        "documents": documents,
        "handovers": handovers(case),
        "consents": access.consents,
        "timeline": timeline(events),
        "timeline_cut": timeline_cut,
        "is_lead": user.role in ("team_lead", "administrator"),
        "can_take": access.can_write
        and case.assignee_id is None
        and case.status != Case.Status.CLOSED,
    }


def _all_events(case: int):
    # the actor's name alone, not the whole user record
    events = Event.objects.filter(case=case).annotate(actor_username=F("actor__username"))
    return events.order_by("-at", "-id")


_LATEST_EVENTS = Prepared(lambda case: _all_events(case)[: TIMELINE_LIMIT + 1])


def latest_events(case: Case, *, show_all: bool = False) -> tuple[list[Event], bool]:
    """The latest TIMELINE_LIMIT events, oldest first (a long-running case may have hundreds),
    and whether older ones were left out; every event with `show_all`."""
    events = list(_all_events(case.pk)) if show_all else _LATEST_EVENTS(case.pk)
    cut = not show_all and len(events) > TIMELINE_LIMIT
    events = events[:TIMELINE_LIMIT] if cut else events
    events.reverse()
    return events, cut


_NOTES = Prepared(
    lambda case: Note.objects.filter(case=case).values_list(
        "created_at",
        "text",
        "institution_id",
        "author__username",
        "author__first_name",
        "author__last_name",
    )
)


def notes(case: Case) -> list[dict[str, Any]]:
    """The case's notes, oldest first, as rows: the author's name and the institution's short
    name, not their whole records."""
    names = institution_names()
    return [
        {
            "created_at": created_at,
            "text": text,
            "institution": names.get(institution, institution),
            "author": (f"{first} {last}".strip() or username) if username is not None else None,
        }
        for created_at, text, institution, username, first, last in _NOTES(case.pk)
    ]


_HANDOVERS = Prepared(
    lambda case: Handover.objects.filter(case=case).values_list(
        "at", "from_institution_id", "to_institution_id", "reason"
    )
)


def handovers(case: Case) -> list[dict[str, Any]]:
    """Who held the case before, oldest first, with the institutions' short names."""
    names = institution_names()
    return [
        {"at": at, "from": names.get(source, source), "to": names.get(to, to), "reason": reason}
        for at, source, to, reason in _HANDOVERS(case.pk)
    ]


def proposal(access) -> dict[str, Any] | None:
    """The routing proposal and why, and where the triage stands; None for cases opened before
    proposals were stored. Routing decisions are data, not personal data: shown to every reader."""
    case = access.case
    if not case.proposal_rule:
        return None
    pending = case.triage == Case.Triage.PENDING
    return {
        "inbox": institution_names().get(case.proposed_inbox_id or "", ""),
        "reason": routing.reason(
            rule=case.proposal_rule,
            details=case.proposal_details,
            proposed=case.proposed_inbox_id,
        ),
        "triage": dict(Case.Triage.choices).get(case.triage, ""),
        "pending": pending,
        "can_accept": pending and bool(case.proposed_inbox_id) and access.can_write,
    }


def appointments(case: Case) -> list[dict[str, Any]]:
    """The appointments booked for the request behind the case (cancelled ones marked)."""
    names = institution_names()
    channels = dict(slot_choices())
    now = timezone.now()
    return [
        {
            "booking_id": booking_id,
            "institution_id": institution,
            "upcoming": cancelled_at is None and start > now,
            "start": start,
            "end": end,
            "institution": names.get(institution, institution),
            "channel": channels.get(channel, channel),
            "location": location,
            "cancelled_at": cancelled_at,
        }
        for booking_id, cancelled_at, institution, start, end, channel, location in (
            appointment_rows_for_case(reference=case.reference)
        )
    ]


# --- the pathway check ----------------------------------------------------------------------------


def _outcome_rows(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    rows = []
    for outcome in (result or {}).get("outcomes", ()):
        label, symbol = STATUS.get(outcome["status"], (outcome["status"], ""))
        rows.append(
            {
                "title": outcome["title"],
                "name": title_name(outcome["title"]),
                "paragraph": outcome["paragraph"],
                "status": outcome["status"],
                "status_label": str(label),
                "symbol": symbol,
                "missing": [pathway.missing_label(path) for path in outcome["missing"]],
            }
        )
    return rows


def _result(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    evaluated_on = result.get("evaluated_on")
    return {
        "evaluated_on": dt.date.fromisoformat(evaluated_on) if evaluated_on else None,
        "rules_version": result.get("rules_version", ""),
        "outcomes": _outcome_rows(result),
        "accelerated": result.get("accelerated_procedure_available", False),
        "errors": [pathway.missing_label(path) for path in result.get("errors", ())],
    }


def request_facts(case: Case, person) -> list[tuple[str, str]]:
    """What the person wrote on the request form beside their contact details: company,
    qualification and occupation — the unit group in the reader's language with its code, and
    the person's own words, which matter most when none of the suggestions fitted."""
    written = (person.data or {}).get("request") or {}
    rows = []
    if written.get("company"):
        rows.append((gettext("Company"), written["company"]))
    if written.get("qualification"):
        rows.append((gettext("Qualification"), written["qualification"]))
    title = catalogue.title_of(case.occupation_isco, get_language() or "de")
    named = f"{title} (ISCO-08 {case.occupation_isco})" if title else ""
    words = written.get("occupation") or ""
    if named or words:
        rows.append((gettext("Occupation"), " – ".join(filter(None, [named, words]))))
    return rows


def pathway_check(person) -> dict[str, Any] | None:
    """The pathway-check answers the person brought, and the result they gave when the request
    was sent, with the rules version that produced it; None when the request had none."""
    data = person.data or {}
    profile = data.get("pathway_check")
    facts = pathway.fact_rows(profile)
    if not facts:
        return None
    stored = _result(data.get("pathway_result"))
    return {
        "facts": facts,
        "result": stored,
        "rules_current": bool(stored) and stored["rules_version"] == RULES_VERSION,
        "rules_version": RULES_VERSION,
    }


def pathway_recheck(person) -> dict[str, Any] | None:
    """The stored answers evaluated again on today's rules, beside the stored result, with what
    changed in words; None when the request brought no answers."""
    data = person.data or {}
    profile = data.get("pathway_check")
    if not pathway.facts(profile):
        return None
    stored = data.get("pathway_result")
    fresh = pathway.result(profile, on=timezone.localdate())
    return {
        "facts": pathway.fact_rows(profile),
        "stored": _result(stored),
        "fresh": _result(fresh),
        "changes": describe_changes(pathway.changes(stored, fresh)),
        "comparable": bool(stored and fresh and "outcomes" in stored and "outcomes" in fresh),
    }


def describe_changes(changes: list[dict[str, Any]]) -> list[str]:
    """Each change between two results as a sentence in the active language."""
    statuses = {key: str(label) for key, (label, _symbol) in STATUS.items()}
    sentences = []
    for change in changes:
        if not change["title"]:
            key = "accelerated_now" if change["accelerated_now"] else "accelerated_no_longer"
            sentences.append(str(CHANGES[key]))
            continue
        params = {
            "title": title_name(change["title"]),
            "old": statuses.get(change["old_status"], change["old_status"]),
            "new": statuses.get(change["new_status"], change["new_status"]),
        }
        if not change["old_status"]:
            sentences.append(str(CHANGES["new_title"]) % params)
        elif change["old_status"] != change["new_status"]:
            sentences.append(str(CHANGES["status"]) % params)
        for key in ("missing_now", "missing_no_longer"):
            if change[key]:
                facts = ", ".join(pathway.missing_label(path) for path in change[key])
                sentences.append(str(CHANGES[key]) % {**params, "facts": facts})
    return sentences


# --- the timeline --------------------------------------------------------------------------------


def _timeline_params(details: dict, labels: dict[str, dict]) -> dict[str, Any]:
    names, statuses = labels["names"], labels["statuses"]
    return {
        "inbox": names.get(details.get("inbox"), ""),
        "from": names.get(details.get("from_inbox"), ""),
        "to": names.get(details.get("to_inbox"), ""),
        "user": details.get("assignee", ""),
        "institution": names.get(details.get("consent_institution"), ""),
        "purpose": labels["purposes"].get(details.get("purpose"), details.get("purpose", "")),
        "old": statuses.get(details.get("old"), ""),
        "new": statuses.get(details.get("new"), ""),
        "kind": labels["kinds"].get(details.get("kind"), ""),
        "version": details.get("version", ""),
        "proposed": names.get(details.get("proposed"), details.get("proposed", "")),
        "authority": names.get(
            details.get("competent_authority"), details.get("competent_authority", "")
        ),
        "letter": labels["letters"].get(details.get("kind"), details.get("kind", "")),
        "language": labels["languages"].get(details.get("language"), details.get("language", "")),
        "channel": labels["channels"].get(details.get("channel"), details.get("channel", "")),
    }


def _additions(kind: str, details: dict, params: dict) -> list[str]:
    """The sentences a routing adds: the proposal (unless routed straight to it), § 81a."""
    if kind != Event.Kind.ROUTED:
        return []
    found = [key for key in TIMELINE_ADDITIONS if details.get(key)]
    if details.get("proposed") == details.get("inbox"):
        found = [key for key in found if key != "proposed"]
    return [str(TIMELINE_ADDITIONS[key]) % params for key in found]


def timeline(events) -> list[dict[str, Any]]:
    """Readable timeline entries of `latest_events`' events (each with its `actor_username`);
    the texts are translated here, the data stays codes and ids."""
    labels = {
        "names": institution_names(),
        "statuses": dict(Case.Status.choices),
        "purposes": dict(Purpose.choices),
        "kinds": dict(DocumentKind.choices),
        "letters": letters.KINDS,
        "languages": dict(settings.LANGUAGES),
        "channels": letters.CHANNELS,
    }
    event_kinds = dict(Event.Kind.choices)
    entries = []
    for event in events:
        details = event.details or {}
        template = TIMELINE.get((event.kind, details.get("triage") or "")) or TIMELINE.get(
            (event.kind, "")
        )
        if template is None:
            text = str(event_kinds.get(event.kind, event.kind))
        else:
            params = _timeline_params(details, labels)
            text = " ".join([str(template) % params, *_additions(event.kind, details, params)])
        entries.append(
            {
                "at": event.at,
                "kind": event.kind,
                "text": text,
                # annotated by latest_events: no user record, and no query per event
                "actor": getattr(event, "actor_username", None) or "",
                "institution": labels["names"].get(event.institution_id, ""),
            }
        )
    return entries


def handed_over_message(case: Case) -> str:
    """The sentence after a handover, naming the case and where it is now."""
    return gettext("Case %(reference)s has been handed over to %(institution)s.") % {
        "reference": case.reference,
        "institution": institution_names().get(case.inbox_id, case.inbox_id),
    }


def triage_labels(rows) -> None:
    """For a case table: the proposal of each case awaiting triage (institution and why), and a
    mark on requests that passed straight through by the Region's rule. No query: the names come
    from the Region's data in memory."""
    names = institution_names()
    for row in rows:
        case = row.case
        row.proposal = ""
        row.proposal_reason = ""
        row.passed_through = case.triage == Case.Triage.PASSED_THROUGH
        if case.triage == Case.Triage.PENDING and case.proposed_inbox_id:
            row.proposal = names.get(case.proposed_inbox_id, case.proposed_inbox_id)
            row.proposal_reason = routing.reason(
                rule=case.proposal_rule,
                details=case.proposal_details,
                proposed=case.proposed_inbox_id,
            )
