"""Staff pages of the § 81a procedure: the inbox, the application page with its document reviews
and steps, the companies the Welcome Center verifies. Thin: parse, call a selector or a service,
render what `office_presenters.py` assembles. Every page works without JavaScript; every POST
answers with a redirect (PRG) or, when refused, with the page again, the typed input kept and the
reason as a sentence.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from welcome.accounts.decorators import staff_required
from welcome.procedures import machine, responses, selectors, services
from welcome.procedures import office_presenters as presenters
from welcome.procedures.actors import recorded
from welcome.procedures.labels import institution_name
from welcome.procedures.machine import TransitionError
from welcome.procedures.office_forms import InboxFilterForm, ReviewForm, TransitionForm

PAGE_SIZE = 50


# --- inbox ---------------------------------------------------------------------------------------


@staff_required
@require_safe
def inbox(request):
    """The applications the user's institution may see, by group, with the running deadline."""
    user = request.user
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    counts = selectors.inbox_counts_for_user(user)
    applications = selectors.inbox_for_user(user, filters=filters, today=today)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = presenters.inbox_rows(list(page.object_list), today)
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "procedures/office/inbox.html",
        {
            "form": form,
            "filters": filters,
            "groups": presenters.inbox_groups(counts, query, filters["show"]),
            "page": page,
            "rows": rows,
            "page_query": presenters.query_string(query),
            "institution_name": institution_name(user.institution_id, user.institution_id),
            "companies_to_verify": selectors.companies_to_verify_count(user),
        },
    )


# --- application page ----------------------------------------------------------------------------


def _render_detail(request, access: selectors.ApplicationAccess, *, status: int = 200, **refused):
    context = presenters.application_page(access, **refused)
    return render(request, "procedures/office/detail.html", context, status=status)


@staff_required
@require_safe
def detail(request, application_id: int):
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    return _render_detail(request, access)


@staff_required
@require_POST
def take_step(request, application_id: int, name: str):
    """Take one step of the table; refused steps answer with the page, nothing typed lost."""
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    application = access.application
    transition = machine.TRANSITIONS.get(name)
    if transition is None:
        raise Http404("No such step.")
    if transition.actor not in access.actors:
        return _render_detail(
            request,
            access,
            status=403,
            error=_("Your institution cannot take this step on this application."),
        )
    form = TransitionForm(
        request.POST, transition=transition, recorded=recorded(application, transition)
    )
    if form.is_valid():
        data = form.cleaned_data
        # The step applies to the version the page showed (services.application_transition).
        application.version = data["version"]
        try:
            services.application_transition(
                application=application,
                name=name,
                by=request.user,
                on=data.get("on"),
                outcome=data.get("outcome") or "",
                note=data["note"],
            )
        except TransitionError as refused:
            form.add_error(None, refused.message)
            application.refresh_from_db()
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": transition.label})
            return redirect("procedures_office:detail", application_id=application.pk)
    return _render_detail(request, access, status=400, transition_form=form)


@staff_required
@require_POST
def review_document(request, application_id: int, document_id: int):
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    document = selectors.document_of(access, document_id)
    form = ReviewForm(request.POST, document_id=document.pk)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.document_review(
                document=document,
                approve=approve,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except TransitionError as refused:
            form.add_error(None if approve else "reason", refused.message)
        else:
            message = (
                _("The document has been marked as checked.")
                if approve
                else _("The document has been rejected; the employer sees your reason.")
            )
            messages.success(request, message)
            return redirect("procedures_office:detail", application_id=access.application.pk)
    return _render_detail(request, access, status=400, review_form=(document.pk, form))


@staff_required
@require_safe
def download_document(request, application_id: int, document_id: int):
    document = selectors.document_get_for_user(
        user=request.user, application_id=application_id, document_id=document_id
    )
    return responses.document_file(document)


# --- companies (Welcome Center) ------------------------------------------------------------------


@staff_required
@require_safe
def companies(request):
    waiting = selectors.companies_to_verify_for_user(request.user)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "procedures/office/companies.html", {"page": page})


@staff_required
@require_POST
def verify_company(request, company_id: int):
    company = selectors.company_get_for_user(user=request.user, company_id=company_id)
    try:
        services.company_verify(company=company, by=request.user)
    except TransitionError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("%(company)s is verified and may now file applications.") % {"company": company},
        )
    return redirect("procedures_office:companies")
