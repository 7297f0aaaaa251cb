"""Pages of the back office: inbox list and case page with its forms. Thin: parse, call, render."""

import json
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from cachetools import LRUCache
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.forms import ChoiceField
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from welcome.accounts.decorators import staff_required
from welcome.audit.services import audit_log
from welcome.cases import notices, presenters, selectors, services
from welcome.cases.forms import (
    AssignForm,
    BulkActionForm,
    ConsentForm,
    DocumentForm,
    FilterForm,
    HandoverForm,
    NoteForm,
    SearchForm,
    StatusForm,
)
from welcome.cases.models import (
    Case,
    Consent,
    Topic,
)


@staff_required
@require_safe
def inbox(request):
    """The inbox of the user's institution, with filters, note search and keyset pages."""
    form = FilterForm(request.GET or None, user=request.user)
    filters = form.as_filters() if request.GET else {}
    filters["after"] = request.GET.get("after", "")
    page = selectors.case_list_for_user(user=request.user, filters=filters)
    _label_rows(page.rows)
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
            "institution_name": presenters.institution_names().get(request.user.institution_id, ""),
            # A case's page is "<inbox>/<id>/" (urls.py): reversed once, not once per row.
            "inbox_url": reverse("cases:inbox"),
            "bulk": _bulk_context(request),
            "unread": notices.unread_count(request.user),
            "team_lead": request.user.has_role("team_lead", "administrator"),
        },
    )


# Rendered fields of unbound forms, per process. An unbound field renders the same for the same
# language and choices, and Django's widget templates (one per <option>) cost more than all the
# queries of the case page. Keys are few: language × form × field × (status or inbox, or a
# choice's value); the bound is a guard. Nothing a person typed is a key or a value.
_FIELD_HTML: LRUCache = LRUCache(maxsize=4000)
_BULK_HTML: LRUCache = LRUCache(maxsize=1000)  # language × role × institution
_HTML_LOCK = threading.Lock()


def _remembered(cache: LRUCache, key: tuple, render: Callable[[], object]):
    """cache[key], rendered (outside the lock) when missing."""
    with _HTML_LOCK:
        html = cache.get(key)
    if html is None:
        html = render()
        with _HTML_LOCK:
            cache[key] = html
    return html


def _field_html(bound, form_class, name: str, *key, **kwargs) -> SafeString:
    """includes/field.html for one field: of the bound form when the page shows one (the
    person's entries and errors, rendered live), else of an unbound `form_class(**kwargs)`,
    rendered once per language and key, and only then made."""
    if bound is not None:
        return render_to_string("includes/field.html", {"field": bound[name]})
    return _remembered(
        _FIELD_HTML,
        (get_language(), form_class.__name__, name, *key),
        lambda: render_to_string("includes/field.html", {"field": form_class(**kwargs)[name]}),
    )


def _filter_fields(form) -> dict[str, SafeString]:
    """The inbox filters rendered. While the form is valid, each choice or checkbox has one of a
    few values, so its HTML is kept per language and value; the free-text search once something
    is typed in it (never kept) and a form with errors render live."""
    valid = not form.is_bound or form.is_valid()
    fields = {}
    for name in form.fields:
        bound = form[name]
        include = name not in ("overdue", "mine")  # the checkboxes are laid out by the template
        if (name == "q" and bound.value()) or not valid:
            fields[name] = (
                render_to_string("includes/field.html", {"field": bound})
                if include
                else SafeString(bound)
            )
            continue
        key = (get_language(), "FilterForm", name, bound.value() if form.is_bound else None)
        fields[name] = _remembered(
            _FIELD_HTML,
            key,
            lambda bound=bound, include=include: (
                render_to_string("includes/field.html", {"field": bound})
                if include
                else SafeString(bound)
            ),
        )
    return fields


def _render_case(request, access, status=200, **forms):
    """The case page: its content from the presenter, its forms here. `forms` holds the bound
    form of a refused step (rendered live, with its errors); every other form's fields are kept
    per language (see _field_html), so those forms are not even made."""
    case = access.case
    context = presenters.case_page(
        access=access, user=request.user, show_all_events=request.GET.get("timeline") == "all"
    )
    status_form, handover_form = forms.get("status_form"), forms.get("handover_form")
    consent_form, document_form = forms.get("consent_form"), forms.get("document_form")
    fields = {}
    if access.can_write:
        fields = {
            "status": _field_html(
                status_form, StatusForm, "status", case.status, initial={"status": case.status}
            ),
            "handover_to": _field_html(
                handover_form, HandoverForm, "to_institution", case.inbox_id, case=case
            ),
            "handover_reason": _field_html(handover_form, HandoverForm, "reason", case=case),
            "consent_institution": _field_html(consent_form, ConsentForm, "institution"),
            "consent_purpose": _field_html(consent_form, ConsentForm, "purpose"),
        }
        if access.personal:
            fields["document_kind"] = _field_html(document_form, DocumentForm, "kind")
            fields["document_file"] = _field_html(document_form, DocumentForm, "file")
            fields["note_text"] = _field_html(forms.get("note_form"), NoteForm, "text")
        # Only team leads see the assign form; its choices are the institution's users (a query).
        if context["is_lead"]:
            assign_form = forms.get("assign_form") or AssignForm(case=case)
            fields["assignee"] = render_to_string(
                "includes/field.html", {"field": assign_form["assignee"]}
            )
    context.update(
        {
            "fields": fields,
            "checklist": selectors.case_checklist(access=access, documents=context["documents"]),
            **forms,  # the template lists the refused form's errors
        }
    )
    return render(request, "cases/case.html", context, status=status)


@staff_required
@require_safe
def case_detail(request, case_id: int):
    access = selectors.case_get_for_user(user=request.user, case_id=case_id)
    return _render_case(request, access)


def _write_access(request, case_id):
    """Find the case through the selector (404 when not visible), without a view audit entry."""
    return selectors.case_get_for_user(user=request.user, case_id=case_id)


def _done(request, case, message):
    messages.success(request, message)
    return redirect("cases:detail", case_id=case.pk)


def _action(request, case_id, form_class, form_name, perform, success, form_kwargs=None, done=None):
    access = _write_access(request, case_id)
    extra = form_kwargs(access.case) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, **extra)
    if form.is_valid():
        try:
            perform(access, form.cleaned_data)
        except services.CaseActionError as error:
            _audit_refusal(request, error)
            form.add_error(None, error.message)
        else:
            return done(request, access.case) if done else _done(request, access.case, success)
    return _render_case(request, access, status=400, **{form_name: form})


def _audit_refusal(request, error) -> None:
    """A write the rules refused is audited as a refusal: which step, on which case, and why
    (in the back office's language, as the log is read there)."""
    match = request.resolver_match
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(error.message)
    audit_log(
        actor=request.user,
        action="action_refused",
        reason=reason,
        step=match.url_name if match else "",
        case=(match.kwargs.get("case_id") if match else None),
    )


def _handed_over(request, case):
    """After a handover the case has left our inbox, so its page may be gone for us: back to the
    inbox, with a link to the read-only view while the person's consent lets us still read it."""
    text = presenters.handed_over_message(case)
    if services.has_active_consent(case, request.user.institution_id, ["case_handling"]):
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                text,
                reverse("cases:detail", kwargs={"case_id": case.pk}),
                _("Open the read-only view"),
            ),
        )
        return redirect(f"{reverse('cases:inbox')}?scope=sent")
    messages.success(
        request,
        "%s %s"  # noqa: UP031 - two translated sentences side by side
        % (
            text,
            _("Without the person's consent for your institution you can no longer open it."),
        ),
    )
    return redirect("cases:inbox")


@staff_required
@require_POST
def take(request, case_id: int):
    access = _write_access(request, case_id)
    try:
        services.case_take(case=access.case, by=request.user)
    except services.CaseActionError as error:
        _audit_refusal(request, error)
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
        done=_handed_over,
    )


@staff_required
@require_POST
def accept_proposal(request, case_id: int):
    """The Welcome Center's one click: hand the case to the institution the rules proposed."""
    access = _write_access(request, case_id)
    try:
        services.case_triage_accept(case=access.case, by=request.user)
    except services.CaseActionError as error:
        _audit_refusal(request, error)
        messages.error(request, error.message)
        return redirect("cases:detail", case_id=access.case.pk)
    return _handed_over(request, access.case)


@staff_required
@require_safe
def pathway_recheck(request, case_id: int):
    """The person's pathway-check answers evaluated again on today's rules, beside the result
    they had; the read is audited by the selector."""
    access = selectors.case_get_for_user(
        user=request.user, case_id=case_id, purpose="pathway_rechecked"
    )
    person = getattr(access.case, "person", None) if access.personal else None
    recheck = presenters.pathway_recheck(person) if person else None
    if recheck is None:
        raise Http404("No pathway-check answers.")
    return render(
        request,
        "cases/pathway_recheck.html",
        {"case": access.case, "urls": presenters.case_urls(access.case.pk), **recheck},
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
        _audit_refusal(request, error)
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
@require_safe
def download_document(request, case_id: int, document_id: int):
    # Audited below as what happened: a download, or a refusal — never a download refused.
    access = selectors.case_get_for_user(user=request.user, case_id=case_id, purpose="")
    document = access.case.documents.filter(pk=document_id).first() if access.personal else None
    if document is None:
        audit_log(
            actor=request.user,
            action="access_denied",
            obj=access.case,
            reason="document not found or no consent",
            requested_document=str(document_id)[:40],
        )
        raise Http404("No such document.")
    audit_log(actor=request.user, action="document_downloaded", obj=document, case=access.case.pk)
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
@require_safe
def find(request):
    """Jump to a case by its reference (e.g. given on the phone); a part of one is searched."""
    reference = (request.GET.get("reference") or "").strip()
    if not reference:
        return redirect("cases:inbox")
    # Decided by the shape of the input, never by what exists: a whole reference opens the case
    # (or 404s, missing and forbidden alike); anything else becomes a search.
    if not _WHOLE_REFERENCE.match(reference):
        return redirect(f"{reverse('cases:search')}?{urlencode({'text': reference[:200]})}")
    access = selectors.case_get_by_reference_for_user(user=request.user, reference=reference)
    return redirect(reverse("cases:detail", kwargs={"case_id": access.case.pk}))


# --- search and bulk actions ---------------------------------------------------------------------

_WHOLE_REFERENCE = re.compile(r"^WC-\d{4}-\d{6,}$", re.IGNORECASE)


def _label_rows(rows) -> None:
    """Everything the case table (`case_rows`, inbox and search) reads beside the case: labels
    from plain dicts built once per request (get_FOO_display() rebuilds its choices map on every
    call) and the triage proposals."""
    presenters.triage_labels(rows)
    topics = {value: str(label) for value, label in Topic.choices}
    statuses = {value: str(label) for value, label in Case.Status.choices}
    inboxes = presenters.institution_names()
    today = timezone.localdate()
    for row in rows:
        case = row.case
        row.inbox_name = inboxes.get(case.inbox_id, case.inbox_id)
        row.topic_label = topics.get(case.topic, case.topic)
        row.status_label = statuses.get(case.status, case.status)
        row.assignee_name = (
            (case.assignee.get_full_name() or case.assignee.username) if case.assignee else ""
        )
        row.due = _short_date(case.due_on, get_language()) if case.due_on else ""
        row.overdue = bool(case.due_on) and case.due_on < today and case.status != "closed"


@lru_cache(maxsize=4096)
def _short_date(day, language: str | None) -> str:
    """A due date as the language writes it, remembered: a case table's 25 dates cost Django's
    formatter 5 % of the inbox, and due dates fall on a few hundred days."""
    return date_format(day, "SHORT_DATE_FORMAT")


def _search_fields(form) -> dict[str, SafeString]:
    """The search form rendered. As with the inbox filters, a choice with a valid value renders
    the same for every request, so its HTML is kept per language and value; text, dates and a
    form with errors render live."""
    valid = not form.is_bound or form.is_valid()
    fields = {}
    for name in form.fields:
        bound = form[name]
        if not valid or not isinstance(form.fields[name], ChoiceField):
            fields[name] = render_to_string("includes/field.html", {"field": bound})
            continue
        key = (get_language(), "SearchForm", name, bound.value() if form.is_bound else None)
        fields[name] = _remembered(
            _FIELD_HTML,
            key,
            lambda bound=bound: render_to_string("includes/field.html", {"field": bound}),
        )
    return fields


def _bulk_context(request) -> dict:
    """The bulk action form under a case table. Unbound, so its fields are rendered once per
    process, language, role and institution (the form itself is built only then); only the team
    lead's list of case workers is rendered live."""
    user = request.user
    is_lead = user.has_role("team_lead", "administrator")

    def render_fields():
        form = BulkActionForm(user=user)
        return {
            name: render_to_string("includes/field.html", {"field": form[name]})
            for name in ("action", "status", "to_institution", "reason")
        }

    fields = _remembered(_BULK_HTML, (get_language(), is_lead, user.institution_id), render_fields)
    if is_lead:  # the institution's case workers: a query, rendered live
        form = BulkActionForm(user=user)
        assignee = render_to_string("includes/field.html", {"field": form["assignee"]})
        fields = {**fields, "assignee": assignee}
    return {"fields": fields, "next": request.get_full_path()}


@staff_required
@require_safe
def search(request):
    """Search across the cases the user may see: name, e-mail, parts of references, filters."""
    form = SearchForm(request.GET or None)
    filters = form.as_filters() if form.is_bound else {}
    searched = form.is_bound and form.is_valid() and any(filters.values())
    page = None
    if searched:
        filters["after"] = request.GET.get("after", "")
        page = selectors.case_search_for_user(user=request.user, filters=filters)
        _label_rows(page.rows)
    query = {k: v for k, v in filters.items() if v and k != "after"}
    return render(
        request,
        "cases/search.html",
        {
            "form": form,
            "fields": _search_fields(form),
            "page": page,
            "query_string": urlencode(query),
            "paged": bool(filters.get("after")),
            "inbox_url": reverse("cases:inbox"),
            "bulk": _bulk_context(request) if page and page.rows else None,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


BULK_DONE = {
    BulkActionForm.ASSIGN: lambda n: ngettext(
        "%(count)d case assigned", "%(count)d cases assigned", n
    ),
    BulkActionForm.STATUS: lambda n: ngettext(
        "%(count)d case changed its status", "%(count)d cases changed their status", n
    ),
    BulkActionForm.HANDOVER: lambda n: ngettext(
        "%(count)d case handed over", "%(count)d cases handed over", n
    ),
}


def _bulk_summary(action: str, done: int, refused: list[tuple[str, str]]) -> str:
    """The message after a bulk action, e.g. "7 cases handed over; 1 could not be: …"."""
    text = BULK_DONE[action](done) % {"count": done}
    if not refused:
        # Translators: makes a sentence of "3 cases assigned" and the like.
        return _("%(done)s.") % {"done": text}
    reasons = " ".join(
        # Translators: a refused case in the summary: its reference, then why (a sentence).
        _("%(case)s: %(reason)s") % {"case": label, "reason": reason}
        for label, reason in refused
    )
    # Translators: "3 cases assigned; 1 could not be: WC-2026-000124: Only team leads …".
    return ngettext(
        "%(done)s; %(count)d could not be: %(reasons)s",
        "%(done)s; %(count)d could not be: %(reasons)s",
        len(refused),
    ) % {"done": text, "count": len(refused), "reasons": reasons}


@staff_required
@require_POST
def bulk(request):
    """One action on the cases selected in a list, each through its own service; back to the
    list with a summary. Works without JavaScript: the checkboxes and the action are one form."""
    form = BulkActionForm(request.POST, user=request.user)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("cases:inbox")
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    cases, missing = selectors.case_selection_for_user(user=request.user, case_ids=data["cases"])
    outcome = services.cases_bulk_apply(
        cases=cases,
        action=data["action"],
        by=request.user,
        assignee=data.get("assignee"),
        status=data.get("status") or "",
        to_institution=data.get("to_institution"),
        reason=data.get("reason") or "",
    )
    refused = [(case.reference, message) for case, message in outcome.refused]
    refused += [
        (_("Case %(id)s") % {"id": pk}, _("This case cannot be found in your lists."))
        for pk in missing
    ]
    summary = _bulk_summary(data["action"], len(outcome.done), refused)
    if not refused:
        messages.success(request, summary)
    elif outcome.done:
        messages.warning(request, summary)
    else:
        messages.error(request, summary)
    return redirect(back)


# --- letters -------------------------------------------------------------------------------------


def _forbidden(error):
    """403 with the service's sentence (the refusal is audited by the service)."""
    from django.core.exceptions import PermissionDenied

    return PermissionDenied(str(error.message))


def _letter_access(request, case_id: int, purpose: str):
    """The case through the one access path (404, audited, when not visible); the letter
    services decide whether this user may write to the person (403, audited)."""
    return selectors.case_get_for_user(user=request.user, case_id=case_id, purpose=purpose)


@staff_required
@require_safe
def letter_preview(request, case_id: int):
    """A letter to the person as it would go out, with the buttons to print or send it."""
    from welcome.cases import letters

    access = _letter_access(request, case_id, "letter_previewed")
    kind = request.GET.get("kind") or letters.INVITATION
    try:
        letter = services.letter_preview(case=access.case, kind=kind, by=request.user)
    except services.CaseActionError as error:
        _audit_refusal(request, error)
        raise _forbidden(error) from error
    problem = ""
    if kind == letters.MISSING_DOCUMENTS and not letters.missing_documents(access.case):
        problem = _("No document of the checklist is missing, so there is nothing to ask for.")
    person = getattr(access.case, "person", None)
    base = reverse("cases:detail", kwargs={"case_id": access.case.pk})
    return render(
        request,
        "cases/letters/preview.html",
        {
            "case": access.case,
            "case_url": base,
            "letter": letter,
            "kind_label": letters.KINDS[letter.kind],
            "kinds": list(letters.KINDS.items()),
            "language_name": letters.language_name(letter.language),
            "requested_language_name": letters.language_name(letter.requested_language),
            "email": person.email if person else "",
            "problem": problem,
            "pdf_url": reverse("cases:letter_pdf", kwargs={"case_id": access.case.pk}),
            "send_url": reverse("cases:letter_send", kwargs={"case_id": access.case.pk}),
        },
    )


def _letter_refused(request, access, error):
    """A letter that may not or cannot go out: 403 when the user may not write to the person,
    else back to the preview with the reason."""
    if not (access.can_write and access.personal):
        raise _forbidden(error) from error
    messages.error(request, error.message)
    kind = request.POST.get("kind", "")
    preview = reverse("cases:letter_preview", kwargs={"case_id": access.case.pk})
    return redirect(f"{preview}?{urlencode({'kind': kind[:40]})}")


@staff_required
@require_POST
def letter_pdf(request, case_id: int):
    """The letter as a PDF download; filed on the timeline."""
    access = _letter_access(request, case_id, "letter_prepared")
    try:
        letter, content = services.letter_make(
            case=access.case, kind=request.POST.get("kind", ""), by=request.user
        )
    except services.CaseActionError as error:
        _audit_refusal(request, error)
        return _letter_refused(request, access, error)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def letter_send(request, case_id: int):
    """The letter by e-mail, the PDF attached; filed on the timeline."""
    access = _letter_access(request, case_id, "letter_prepared")
    try:
        letter = services.letter_send(
            case=access.case, kind=request.POST.get("kind", ""), by=request.user
        )
    except services.CaseActionError as error:
        _audit_refusal(request, error)
        return _letter_refused(request, access, error)
    messages.success(
        request,
        _("The letter “%(letter)s” has been sent by e-mail to %(email)s.")
        % {"letter": letter.subject, "email": access.case.person.email},
    )
    return redirect("cases:detail", case_id=access.case.pk)
