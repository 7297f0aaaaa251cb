"""Pages of the back office: inbox list and case page with its forms. Thin: parse, call, render."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcome.accounts.decorators import staff_required
from welcome.audit.services import audit_log
from welcome.cases import selectors, services
from welcome.cases.forms import (
    AssignForm,
    ConsentForm,
    DocumentForm,
    FilterForm,
    HandoverForm,
    NoteForm,
    StatusForm,
)
from welcome.cases.models import (
    Case,
    Channel,
    Consent,
    DocumentKind,
    Event,
    Purpose,
    RequesterKind,
    Topic,
)
from welcome.region.data import region


@staff_required
@require_GET
def inbox(request):
    """The inbox of the user's institution, with filters, note search and keyset pages."""
    form = FilterForm(request.GET or None, user=request.user)
    filters = form.as_filters() if request.GET else {}
    filters["after"] = request.GET.get("after", "")
    page = selectors.case_list_for_user(user=request.user, filters=filters)
    # Labels once per request; get_FOO_display() rebuilds its choices map on every call.
    topics = {value: str(label) for value, label in Topic.choices}
    statuses = {value: str(label) for value, label in Case.Status.choices}
    today = timezone.localdate()
    for row in page.rows:
        case = row.case
        row.topic_label = topics.get(case.topic, case.topic)
        row.status_label = statuses.get(case.status, case.status)
        row.assignee_name = (
            (case.assignee.get_full_name() or case.assignee.username) if case.assignee else ""
        )
        row.due = date_format(case.due_on, "SHORT_DATE_FORMAT") if case.due_on else ""
        row.overdue = bool(case.due_on) and case.due_on < today and case.status != "closed"
    query = {k: v for k, v in filters.items() if v and k != "after"}
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "fields": _filter_fields(form),
            "page": page,
            "query_string": urlencode(query),
            "paged": bool(filters["after"]),
            # From the Region's data in memory: no query for the heading.
            "institution_name": _institution_names().get(request.user.institution_id, ""),
            # A case's page is "<inbox>/<id>/" (urls.py): reversed once, not once per row.
            "inbox_url": reverse("cases:inbox"),
        },
    )


# Rendered fields of unbound forms, per process. An unbound field renders the same for the same
# language and choices, and Django's widget templates (one per <option>) cost more than all the
# queries of the case page. Keys are few: language × form × field × (status or inbox).
_FIELD_HTML: dict[tuple, SafeString] = {}


def _field_html(form, name: str, *key) -> SafeString:
    """includes/field.html for one field; cached when the form is unbound (no data, no errors)."""
    if form.is_bound:
        return render_to_string("includes/field.html", {"field": form[name]})
    cache_key = (get_language(), type(form).__name__, name, *key)
    html = _FIELD_HTML.get(cache_key)
    if html is None:
        html = _FIELD_HTML[cache_key] = render_to_string(
            "includes/field.html", {"field": form[name]}
        )
    return html


def _filter_fields(form) -> dict[str, SafeString]:
    """The inbox filters rendered. While the form is valid, each choice or checkbox has one of a
    few values, so its HTML is kept per language and value; the free-text search and a form with
    errors render live."""
    valid = not form.is_bound or form.is_valid()
    fields = {}
    for name in form.fields:
        bound = form[name]
        include = name not in ("overdue", "mine")  # the checkboxes are laid out by the template
        if name == "q" or not valid:
            fields[name] = (
                render_to_string("includes/field.html", {"field": bound})
                if include
                else SafeString(bound)
            )
            continue
        key = (get_language(), "FilterForm", name, bound.value() if form.is_bound else None)
        html = _FIELD_HTML.get(key)
        if html is None:
            html = _FIELD_HTML[key] = (
                render_to_string("includes/field.html", {"field": bound})
                if include
                else SafeString(bound)
            )
        fields[name] = html
    return fields


TIMELINE_LIMIT = 50  # latest entries shown; "?timeline=all" shows every entry


def _case_urls(case_id: int) -> dict:
    """The case's form targets, built from one reverse() (the paths below it are in urls.py)."""
    base = reverse("cases:detail", kwargs={"case_id": case_id})
    return {
        "detail": base,
        "take": f"{base}take/",
        "assign": f"{base}assign/",
        "status": f"{base}status/",
        "note": f"{base}notes/",
        "handover": f"{base}handover/",
        "consent": f"{base}consents/",
        "upload": f"{base}documents/",
        "export": f"{base}export/",
    }


def _render_case(request, access, status=200, **forms):
    case = access.case
    is_lead = request.user.role in ("team_lead", "administrator")
    documents = list(case.documents.order_by("kind", "-version")) if access.personal else []
    # The latest entries only (a long-running case may have hundreds); "show all" on request.
    show_all = request.GET.get("timeline") == "all"
    events = case.events.select_related("actor").order_by("-at", "-id")
    if not show_all:
        events = events[: TIMELINE_LIMIT + 1]
    events = list(events)
    timeline_cut = not show_all and len(events) > TIMELINE_LIMIT
    events = events[:TIMELINE_LIMIT] if timeline_cut else events
    events.reverse()
    urls = _case_urls(case.pk)
    # Labels from plain dicts: get_FOO_display() rebuilds its choices map on every call.
    kinds = dict(DocumentKind.choices)
    purposes = dict(Purpose.choices)
    for document in documents:
        document.url = f"{urls['detail']}documents/{document.pk}/"
        document.kind_label = kinds.get(document.kind, document.kind)
    for consent in access.consents:
        consent.withdraw_url = f"{urls['detail']}consents/{consent.pk}/withdraw/"
        consent.purpose_label = purposes.get(consent.purpose, consent.purpose)
    labels = {
        "topic": dict(Topic.choices).get(case.topic, case.topic),
        "status": dict(Case.Status.choices).get(case.status, case.status),
        "requester_kind": dict(RequesterKind.choices).get(case.requester_kind, case.requester_kind),
        "channel": dict(Channel.choices).get(case.channel, case.channel),
    }
    note_form = forms.get("note_form") or NoteForm()
    handover_form = forms.get("handover_form") or HandoverForm(case=case)
    status_form = forms.get("status_form") or StatusForm(initial={"status": case.status})
    consent_form = forms.get("consent_form") or ConsentForm()
    document_form = forms.get("document_form") or DocumentForm()
    # Only team leads see the assign form; its choices are the institution's users (a query).
    assign_form = (forms.get("assign_form") or AssignForm(case=case)) if is_lead else None
    fields = {}
    if access.can_write:
        fields = {
            "status": _field_html(status_form, "status", case.status),
            "handover_to": _field_html(handover_form, "to_institution", case.inbox_id),
            "handover_reason": _field_html(handover_form, "reason"),
            "consent_institution": _field_html(consent_form, "institution"),
            "consent_purpose": _field_html(consent_form, "purpose"),
        }
        if access.personal:
            fields["document_kind"] = _field_html(document_form, "kind")
            fields["document_file"] = _field_html(document_form, "file")
            fields["note_text"] = _field_html(note_form, "text")
        if assign_form is not None:
            fields["assignee"] = render_to_string(
                "includes/field.html", {"field": assign_form["assignee"]}
            )
    context = {
        "access": access,
        "case": case,
        "urls": urls,
        "labels": labels,
        "fields": fields,
        "person": getattr(case, "person", None) if access.personal else None,
        "notes": case.notes.select_related("author", "institution") if access.personal else [],
        "documents": documents,
        "handovers": case.handovers.select_related("from_institution", "to_institution"),
        "consents": access.consents,
        "timeline": timeline(events),
        "timeline_cut": timeline_cut,
        "checklist": selectors.case_checklist(access=access, documents=documents),
        "is_lead": is_lead,
        "can_take": access.can_write
        and case.assignee_id is None
        and case.status != Case.Status.CLOSED,
        "note_form": note_form,
        "handover_form": handover_form,
        "assign_form": assign_form,
        "status_form": status_form,
        "consent_form": consent_form,
        "document_form": document_form,
    }
    return render(request, "cases/case.html", context, status=status)


@staff_required
@require_GET
def case_detail(request, case_id: int):
    access = selectors.case_get_for_user(user=request.user, case_id=case_id)
    return _render_case(request, access)


def _write_access(request, case_id):
    """Find the case through the selector (404 when not visible), without a view audit entry."""
    return selectors.case_get_for_user(user=request.user, case_id=case_id)


def _done(request, case, message):
    messages.success(request, message)
    return redirect("cases:detail", case_id=case.pk)


def _action(request, case_id, form_class, form_name, perform, success, form_kwargs=None):
    access = _write_access(request, case_id)
    extra = form_kwargs(access.case) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, **extra)
    if form.is_valid():
        try:
            perform(access, form.cleaned_data)
        except services.CaseActionError as error:
            form.add_error(None, error.message)
        else:
            return _done(request, access.case, success)
    return _render_case(request, access, status=400, **{form_name: form})


@staff_required
@require_POST
def take(request, case_id: int):
    access = _write_access(request, case_id)
    try:
        services.case_take(case=access.case, by=request.user)
    except services.CaseActionError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", case_id=access.case.pk)
    return _done(request, access.case, _("You took the case."))


@staff_required
@require_POST
def assign(request, case_id: int):
    return _action(
        request,
        case_id,
        AssignForm,
        "assign_form",
        lambda a, d: services.case_assign(case=a.case, assignee=d["assignee"], by=request.user),
        _("The case has been assigned."),
        form_kwargs=lambda case: {"case": case},
    )


@staff_required
@require_POST
def change_status(request, case_id: int):
    return _action(
        request,
        case_id,
        StatusForm,
        "status_form",
        lambda a, d: services.case_change_status(case=a.case, status=d["status"], by=request.user),
        _("The status has been changed."),
    )


@staff_required
@require_POST
def add_note(request, case_id: int):
    return _action(
        request,
        case_id,
        NoteForm,
        "note_form",
        lambda a, d: services.note_add(case=a.case, text=d["text"], by=request.user),
        _("Your note has been saved."),
    )


@staff_required
@require_POST
def hand_over(request, case_id: int):
    return _action(
        request,
        case_id,
        HandoverForm,
        "handover_form",
        lambda a, d: services.case_hand_over(
            case=a.case, to_institution=d["to_institution"], by=request.user, reason=d["reason"]
        ),
        _("The case has been handed over."),
        form_kwargs=lambda case: {"case": case},
    )


@staff_required
@require_POST
def give_consent(request, case_id: int):
    return _action(
        request,
        case_id,
        ConsentForm,
        "consent_form",
        lambda a, d: services.consent_give(
            case=a.case, institution=d["institution"], purpose=d["purpose"], by=request.user
        ),
        _("The consent has been recorded."),
    )


@staff_required
@require_POST
def withdraw_consent(request, case_id: int, consent_id: int):
    access = _write_access(request, case_id)
    try:
        consent = access.case.consents.get(pk=consent_id)
    except Consent.DoesNotExist as error:
        raise Http404("No such consent.") from error
    try:
        services.consent_withdraw(consent=consent, by=request.user)
    except services.CaseActionError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", case_id=access.case.pk)
    messages.success(request, _("The withdrawal has been recorded. It takes effect at once."))
    # The withdrawal may have ended our own access: go to the inbox if the case is gone.
    try:
        selectors.case_get_for_user(user=request.user, case_id=case_id, purpose="case_checked")
    except Http404:
        return redirect("cases:inbox")
    return redirect("cases:detail", case_id=access.case.pk)


@staff_required
@require_POST
def upload_document(request, case_id: int):
    return _action(
        request,
        case_id,
        DocumentForm,
        "document_form",
        lambda a, d: services.document_upload(
            case=a.case, kind=d["kind"], upload=d["file"], by=request.user
        ),
        _("The document has been uploaded."),
    )


@staff_required
@require_GET
def download_document(request, case_id: int, document_id: int):
    access = selectors.case_get_for_user(
        user=request.user, case_id=case_id, purpose="document_downloaded"
    )
    if not access.personal:
        raise Http404("No such document.")
    try:
        document = access.case.documents.get(pk=document_id)
    except access.case.documents.model.DoesNotExist as error:
        raise Http404("No such document.") from error
    audit_log(actor=request.user, action="document_viewed", obj=document)
    response = FileResponse(
        default_storage.open(document.file.name, "rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def export(request, case_id: int):
    """Art. 15 GDPR: everything stored about the person, as a JSON download (audited)."""
    access = selectors.case_get_for_user(user=request.user, case_id=case_id, purpose="case_export")
    if not access.personal:
        messages.error(
            request,
            _("Without the person's consent for your institution you cannot export their data."),
        )
        return redirect("cases:detail", case_id=access.case.pk)
    data = services.case_export(case=access.case, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{access.case.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def find(request):
    """Jump to a case by its reference (e.g. given on the phone)."""
    reference = (request.GET.get("reference") or "").strip()
    if not reference:
        return redirect("cases:inbox")
    access = selectors.case_get_by_reference_for_user(user=request.user, reference=reference)
    return redirect(reverse("cases:detail", kwargs={"case_id": access.case.pk}))


def _institution_names() -> dict[str, str]:
    """Short names from the Region's data in memory (no query; the DB copy mirrors it)."""
    return {pk: item.short_name for pk, item in region().institutions.items()}


def timeline(events) -> list[dict]:
    """Readable timeline entries; the texts are translated here, the data stays codes and ids."""
    names = _institution_names()
    statuses = dict(Case.Status.choices)
    purposes = dict(Purpose.choices)
    kinds = dict(DocumentKind.choices)
    event_kinds = dict(Event.Kind.choices)
    entries = []
    for event in events:
        d = event.details or {}
        kind = event.kind
        if kind == Event.Kind.ROUTED:
            text = _("Routed to the inbox of %(inbox)s.") % {"inbox": names.get(d.get("inbox"), "")}
            if d.get("competent_authority"):
                text += " " + _("Competent authority: %(authority)s.") % {
                    "authority": names.get(d["competent_authority"], d["competent_authority"])
                }
        elif kind == Event.Kind.HANDOVER:
            text = _("Handed over from %(from)s to %(to)s.") % {
                "from": names.get(d.get("from_inbox"), ""),
                "to": names.get(d.get("to_inbox"), ""),
            }
        elif kind == Event.Kind.ASSIGNED:
            text = _("Assigned to %(user)s.") % {"user": d.get("assignee", "")}
        elif kind in (Event.Kind.CONSENT_GIVEN, Event.Kind.CONSENT_WITHDRAWN):
            template = (
                _("Consent given for %(institution)s: %(purpose)s.")
                if kind == Event.Kind.CONSENT_GIVEN
                else _("Consent withdrawn for %(institution)s: %(purpose)s.")
            )
            text = template % {
                "institution": names.get(d.get("consent_institution"), ""),
                "purpose": purposes.get(d.get("purpose"), d.get("purpose", "")),
            }
        elif kind == Event.Kind.STATUS_CHANGED:
            text = _("Status changed from %(old)s to %(new)s.") % {
                "old": statuses.get(d.get("old"), ""),
                "new": statuses.get(d.get("new"), ""),
            }
        elif kind == Event.Kind.DOCUMENT_UPLOADED:
            text = _("Document uploaded: %(kind)s, version %(version)s.") % {
                "kind": kinds.get(d.get("kind"), ""),
                "version": d.get("version", ""),
            }
        else:
            text = str(event_kinds.get(kind, kind))
        entries.append(
            {
                "at": event.at,
                "kind": kind,
                "text": text,
                "actor": event.actor.get_username() if event.actor else "",
                "institution": names.get(event.institution_id, ""),
            }
        )
    return entries
