"""Pages of the employer portal (§ 81a procedure) and the worker's two pages. Thin: parse, call a
selector or service, render what `presenters.py` assembles; every successful POST redirects
(PRG). A TransitionError is shown at the form that caused it, with everything typed kept;
forbidden and missing look alike (404).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from welcome.accounts.decorators import employer_required
from welcome.accounts.session import BACKEND
from welcome.audit.services import audit_log
from welcome.procedures import (
    machine,
    pathway,
    pdf,
    presenters,
    responses,
    selectors,
    services,
    tokens,
)
from welcome.procedures.forms import (
    TRANSITION_FORMS,
    ColleagueForm,
    CompanyRegistrationForm,
    DashboardFilterForm,
    FactsForm,
    FamilyMemberForm,
    NoticeForm,
    WorkerForm,
)
from welcome.procedures.labels import EMPLOYER_DEADLINES as DEADLINES  # noqa: F401 — tests/e2e
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application

DASHBOARD_PAGE = 50


def _site_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


# --- registration and colleagues -----------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    """A company registers with its first HR user, who then sets up the second factor."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = CompanyRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.company_register(
                name=data["name"],
                address=data["address"],
                register_number=data["register_number"],
                municipality=data["municipality"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                language=data["language"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("Your company is registered. Now set up the second factor for your login."),
            )
            query = urlencode({"next": reverse("procedures:dashboard")})
            return redirect(f"{reverse('accounts:otp_setup')}?{query}")
    status = 400 if form.is_bound else 200
    return render(request, "procedures/employer/register.html", {"form": form}, status=status)


@employer_required
@require_http_methods(["GET", "HEAD", "POST"])
def colleagues(request):
    form = ColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.company_user_add(
                by=request.user, site_url=_site_url(request), **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(username)s can now log in: we sent a link to choose a password to %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("procedures:colleagues")
    users = request.user.company.users.order_by("username")
    return render(
        request,
        "procedures/employer/colleagues.html",
        {"form": form, "users": users, "company": request.user.company},
        status=400 if form.is_bound else 200,
    )


# --- dashboard -----------------------------------------------------------------------------------


@employer_required
@require_safe
def dashboard(request):
    """Every application of the own company, with filters and a CSV export of the same list."""
    form = DashboardFilterForm(request.GET or None)
    applications = selectors.application_list_for_user(request.user, **form.filters())
    if request.GET.get("format") == "csv":
        rows = presenters.dashboard_rows(applications)
        audit_log(actor=request.user, action="procedure_list_exported", count=len(rows))
        return responses.csv_file(
            presenters.dashboard_table(rows),
            f"applications-{timezone.localdate().isoformat()}.csv",
        )
    # Pages of DASHBOARD_PAGE rows: a firm with hundreds of applications gets its first page as
    # fast as a small one (the CSV keeps the whole list).
    page = Paginator(applications, DASHBOARD_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    return render(
        request,
        "procedures/employer/dashboard.html",
        {
            "form": form,
            "rows": presenters.dashboard_rows(page.object_list),
            "page": page,
            "page_query": urlencode(query),
            "company": request.user.company,
            "csv_query": urlencode({**query, "format": "csv"}),
            "filtered": bool(query),
        },
    )


# --- the application form ------------------------------------------------------------------------


def _application_form(request, application: Application | None):
    if request.method == "POST":
        worker, facts = WorkerForm(request.POST), FactsForm(request.POST)
        if worker.is_valid() and facts.is_valid():
            profile = pathway.profile_of(worker.cleaned_data, facts)
            errors = pathway.law_errors(profile)
            for name, text in errors.items():
                target = worker if name in worker.fields else facts
                target.add_error(name if name in target.fields else None, text)
            if not errors:
                values = {**worker.cleaned_data, "profile": profile}
                values.update(services.application_needs(title=values["title"], profile=profile))
                try:
                    if application is None:
                        application = services.application_create(
                            by=request.user, site_url=_site_url(request), **values
                        )
                        messages.success(request, _("The application has been created."))
                    else:
                        services.application_update(
                            application=application, by=request.user, **values
                        )
                        messages.success(request, _("The application has been saved."))
                except TransitionError as error:
                    worker.add_error(None, error.message)
                else:
                    return redirect("procedures:detail", application_id=application.pk)
        status = 400
    else:
        initial = {}
        if application is not None:
            initial = {name: getattr(application, name) for name in WorkerForm.base_fields}
        worker = WorkerForm(initial=initial)
        facts = FactsForm(
            initial=FactsForm.initial_from(application.profile if application else {})
        )
        status = 200
    return render(
        request,
        "procedures/employer/application_form.html",
        {"worker": worker, "facts": facts, "application": application},
        status=status,
    )


@employer_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_new(request):
    return _application_form(request, None)


@employer_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_edit(request, application_id: int):
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    if access.application.state != State.DRAFT:
        messages.error(
            request, _("The application can only be changed while it is being prepared.")
        )
        return redirect("procedures:detail", application_id=access.application.pk)
    return _application_form(request, access.application)


# --- the application page ------------------------------------------------------------------------


def _render_detail(request, access, status: int = 200, **forms):
    context, hidden_errors = presenters.application_page(access.application, forms)
    for error in hidden_errors:
        messages.error(request, error)
    return render(request, "procedures/employer/application.html", context, status=status)


def _access(request, application_id):
    return selectors.application_get_for_user(user=request.user, application_id=application_id)


def _done(request, application: Application, message: str, anchor: str = ""):
    messages.success(request, message)
    url = reverse("procedures:detail", kwargs={"application_id": application.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@employer_required
@require_safe
def application_detail(request, application_id: int):
    return _render_detail(request, _access(request, application_id))


@employer_required
@require_POST
def transition(request, application_id: int):
    """One of the employer's steps: ask for the pre-check, file, withdraw."""
    access = _access(request, application_id)
    name = request.POST.get("transition", "")
    form_class = TRANSITION_FORMS.get(name)
    if form_class is None:
        messages.error(request, _("This step is not possible here."))
        return redirect("procedures:detail", application_id=access.application.pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            services.application_transition(
                application=access.application,
                name=name,
                by=request.user,
                pre_checker=form.cleaned_data.get("pre_checker"),
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            label = machine.TRANSITIONS[name].label
            return _done(
                request,
                access.application,
                _("Done: %(step)s.") % {"step": label},
            )
    return _render_detail(request, access, status=400, **{f"{name}_form": form})


@employer_required
@require_POST
def family_add(request, application_id: int):
    access = _access(request, application_id)
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        try:
            services.family_member_add(
                application=access.application, by=request.user, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            return _done(
                request, access.application, _("The family member has been added."), "family"
            )
    return _render_detail(request, access, status=400, family_form=form)


@employer_required
@require_POST
def family_remove(request, application_id: int, member_id: int):
    access = _access(request, application_id)
    member = access.application.family_members.filter(pk=member_id).first()
    if member is None:
        raise Http404("No such family member.")
    try:
        services.family_member_remove(member=member, by=request.user)
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect("procedures:detail", application_id=access.application.pk)
    return _done(request, access.application, _("The family member has been removed."), "family")


@employer_required
@require_POST
def upload(request, application_id: int):
    """A checklist document: a new version, which also replaces a rejected one in place."""
    access = _access(request, application_id)
    application = access.application
    key, member_id = request.POST.get("key", ""), request.POST.get("member")
    form = presenters.upload_form(key, member_id, request.POST, request.FILES)
    anchor = presenters.item_slug(key, member_id)
    if form.is_valid():
        member = None
        if form.cleaned_data.get("member"):
            member = application.family_members.filter(pk=form.cleaned_data["member"]).first()
        try:
            if form.cleaned_data.get("member") and member is None:
                raise TransitionError(_("Please choose a document from the checklist."))
            services.document_upload(
                application=application,
                key=form.cleaned_data["key"],
                upload=form.cleaned_data["file"],
                by=request.user,
                family_member=member,
            )
        except TransitionError as error:
            form.add_error("file", error.message)
        else:
            return _done(request, application, _("The document has been uploaded."), anchor)
    return _render_detail(request, access, status=400, upload_form=form)


@employer_required
@require_POST
def notice_upload(request, application_id: int):
    access = _access(request, application_id)
    form = NoticeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.authority_notice_upload(
                application=access.application, upload=form.cleaned_data["file"], by=request.user
            )
        except TransitionError as error:
            form.add_error("file", error.message)
        else:
            return _done(
                request,
                access.application,
                _("The notice has been uploaded. The Welcome Center will check it and record it."),
                "notice",
            )
    return _render_detail(request, access, status=400, notice_form=form)


@employer_required
@require_safe
def document_download(request, application_id: int, document_id: int):
    document = selectors.document_get_for_user(
        user=request.user, application_id=application_id, document_id=document_id
    )
    return responses.document_file(document)


@employer_required
@require_POST
def power_of_attorney_send(request, application_id: int):
    access = _access(request, application_id)
    try:
        services.power_of_attorney_request(application=access.application, by=request.user)
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect("procedures:detail", application_id=access.application.pk)
    return _done(
        request,
        access.application,
        _("We sent the link to confirm the power of attorney to %(email)s.")
        % {"email": access.application.worker_email},
        "power-of-attorney",
    )


def _pdf_access(request, application_id: int) -> Application:
    return selectors.application_get_for_user(
        user=request.user, application_id=application_id, purpose="procedure_pdf_made"
    ).application


@employer_required
@require_safe
def power_of_attorney_pdf(request, application_id: int):
    application = _pdf_access(request, application_id)
    return responses.pdf_file(
        pdf.power_of_attorney_pdf(application), f"power-of-attorney-{application.reference}.pdf"
    )


@employer_required
@require_safe
def agreement_pdf(request, application_id: int):
    application = _pdf_access(request, application_id)
    language = translation.get_language() or "de"
    return responses.pdf_file(
        pdf.agreement_pdf(application), f"agreement-{application.reference}-{language}.pdf"
    )


# --- the worker's pages (no login: the signed link is the key) -----------------------------------


def _worker_application(token: str, purpose: str) -> Application | None:
    application_id = tokens.read_worker_token(token, purpose)
    if application_id is None:
        return None
    return Application.objects.select_related("company").filter(pk=application_id).first()


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _bad_link(request) -> HttpResponse:
    return _private(render(request, "procedures/worker/bad_link.html", status=404))


@require_safe
def worker_status(request, token: str):
    """The worker follows the application: reference, company, step, expected date."""
    application = _worker_application(token, "status")
    if application is None:
        return _bad_link(request)
    context = presenters.worker_status_page(application)
    return _private(render(request, "procedures/worker/status.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def power_of_attorney_confirm(request, token: str):
    """The worker reads and confirms the power of attorney (POST; a GET changes nothing)."""
    application = _worker_application(token, "power_of_attorney")
    if application is None:
        return _bad_link(request)
    if request.method == "POST":
        try:
            services.power_of_attorney_confirm(application.pk)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you. Your power of attorney is confirmed."))
        return redirect(request.path)
    context = presenters.power_of_attorney_page(application)
    return _private(render(request, "procedures/worker/power_of_attorney.html", context))
