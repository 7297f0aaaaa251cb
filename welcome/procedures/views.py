"""Pages of the employer portal (§ 81a procedure) and the worker's two pages. Thin: parse, call a
selector or service, render; every successful POST redirects (PRG). A TransitionError is shown
at the form that caused it, with everything typed kept; forbidden and missing look alike (404).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.files.storage import default_storage
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from welcome.accounts.decorators import employer_required
from welcome.audit.services import audit_log
from welcome.law import ProfileError, parameters
from welcome.law.documents import DOCUMENTS
from welcome.portal.countries import country_name
from welcome.portal.pathway import check
from welcome.portal.pathway.forms import field_labels
from welcome.portal.pathway.present import STATUS, title_name
from welcome.procedures import machine, pdf, selectors, services, tokens
from welcome.procedures.forms import (
    ACTORS,
    ColleagueForm,
    CompanyRegistrationForm,
    DashboardFilterForm,
    FactsForm,
    FamilyMemberForm,
    FileForm,
    NoticeForm,
    PreCheckForm,
    UploadForm,
    WithdrawForm,
    WorkerForm,
)
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application, Deadline, Document, Step
from welcome.region.data import region

DEADLINES = {
    "recognition_receipt": gettext_lazy("Recognition body confirms receipt"),
    "recognition_decision": gettext_lazy("Recognition body decides"),
    "ba_approval": gettext_lazy("BA approval (deemed given when the BA is silent)"),
    "visa_appointment": gettext_lazy("Mission offers a visa appointment"),
    "visa_decision": gettext_lazy("Mission decides on the visa"),
}
OUTCOMES = {
    "full": gettext_lazy("fully recognised"),
    "partial": gettext_lazy("partly recognised"),
    "refused": gettext_lazy("refused"),
    "granted": gettext_lazy("granted"),
}
REVIEW = {
    "missing": gettext_lazy("Missing"),
    "confirmed": gettext_lazy("Confirmed by the worker"),
    **dict(Document.Review.choices),
}
# The forms of the employer's steps (machine.allowed(state, "employer")).
TRANSITION_FORMS = {"request_pre_check": PreCheckForm, "file": FileForm, "withdraw": WithdrawForm}
EDITABLE = (State.DRAFT, State.DOCUMENTS_MISSING)  # documents and family can change


def forecast(application: Application):
    """The expected date (`forecast.py`: ``.earliest``, ``.latest``, ``.reason``), or None while
    that module does not exist."""
    try:
        from welcome.procedures.forecast import expected
    except ImportError:
        return None
    return expected(application)


def forecasts(applications: list[Application]) -> dict:
    """Expected dates for a whole list at once (a few queries, not one per row), by id."""
    try:
        from welcome.procedures.forecast import expected_many
    except ImportError:
        return {}
    return expected_many(applications)


def _site_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _institution_name(institution_id: str | None) -> str:
    institution = region().institutions.get(institution_id or "")
    return institution.short_name if institution else ""


def actor_label(application: Application) -> str:
    """Who acts next, naming the institution where the application knows it."""
    waiting = machine.WAITING_FOR.get(application.state, "")
    if waiting == machine.PRE_CHECKER and application.pre_checker_id:
        return _institution_name(application.pre_checker_id)
    if waiting == machine.AUTHORITY and application.authority_id:
        return _institution_name(application.authority_id)
    return str(ACTORS.get(waiting, "–")) if waiting else "–"


# --- registration and colleagues -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
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
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Your company is registered. Now set up the second factor for your login."),
            )
            query = urlencode({"next": reverse("procedures:dashboard")})
            return redirect(f"{reverse('accounts:otp_setup')}?{query}")
    status = 400 if form.is_bound else 200
    return render(request, "procedures/employer/register.html", {"form": form}, status=status)


@employer_required
@require_http_methods(["GET", "POST"])
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


def _filtered(applications, form: DashboardFilterForm):
    if not form.is_valid():
        return applications
    data = form.cleaned_data
    if data.get("state"):
        applications = applications.filter(state=data["state"])
    if data.get("actor"):
        states = [state for state, who in machine.WAITING_FOR.items() if who == data["actor"]]
        applications = applications.filter(state__in=states)
    if data.get("q"):
        applications = applications.filter(
            Q(worker_name__icontains=data["q"]) | Q(reference__icontains=data["q"])
        )
    return applications


def dashboard_rows(applications) -> list[dict]:
    """One row per application with its open deadlines prefetched and the expected dates
    computed for the whole list: a fixed number of queries, whatever the number of rows."""
    open_deadlines = Deadline.objects.filter(met_on__isnull=True).order_by("due_on", "id")
    applications = applications.prefetch_related(
        Prefetch("deadlines", queryset=open_deadlines, to_attr="open_deadlines")
    )
    applications = list(applications)
    expected = forecasts(applications)
    states = {value: str(label) for value, label in State.choices}
    detail_prefix = reverse("procedures:dashboard") + "applications/"  # see urls.py
    rows = []
    for application in applications:
        deadline = application.open_deadlines[0] if application.open_deadlines else None
        rows.append(
            {
                "application": application,
                "url": f"{detail_prefix}{application.pk}/",
                "state_label": states.get(application.state, application.state),
                "actor_label": actor_label(application),
                "deadline": deadline,
                "deadline_label": str(DEADLINES.get(deadline.step, deadline.step))
                if deadline
                else "",
                "forecast": expected.get(application.pk),
            }
        )
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _csv_response(rows: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"applications-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Reference"),
            _("Worker"),
            _("Step"),
            _("Who acts next"),
            _("Deadline"),
            _("Deadline due on"),
            _("Expected from"),
            _("Expected until"),
        ]
    )
    for row in rows:
        application, deadline, expected = row["application"], row["deadline"], row["forecast"]
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    application.reference,
                    application.worker_name,
                    row["state_label"],
                    row["actor_label"],
                    row["deadline_label"],
                    _iso(deadline.due_on if deadline else None),
                    _iso(getattr(expected, "earliest", None)),
                    _iso(getattr(expected, "latest", None)),
                )
            ]
        )
    return response


@employer_required
@require_GET
def dashboard(request):
    """Every application of the own company, with filters and a CSV export of the same list."""
    form = DashboardFilterForm(request.GET or None)
    applications = _filtered(selectors.application_queryset_for_user(request.user), form)
    rows = dashboard_rows(applications)
    if request.GET.get("format") == "csv":
        audit_log(actor=request.user, action="procedure_list_exported", count=len(rows))
        return _csv_response(rows)
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    return render(
        request,
        "procedures/employer/dashboard.html",
        {
            "form": form,
            "rows": rows,
            "company": request.user.company,
            "csv_query": urlencode({**query, "format": "csv"}),
            "filtered": bool(query),
        },
    )


# --- the worker's facts and the pathway check ----------------------------------------------------

# Profile paths the application form asks with its own fields (not FactsForm's).
WORKER_PATHS = {
    "nationality": "worker_nationality",
    "age": "worker_birth_date",
    "qualification.occupation_isco": "occupation_isco",
}


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def profile_of(worker: dict, facts: FactsForm) -> dict:
    """The pathway check's profile (its JSON shape) from the two forms' values."""
    profile = facts.merge_into({})
    profile["nationality"] = worker["worker_nationality"]
    if worker.get("worker_birth_date"):
        profile["age"] = _age(worker["worker_birth_date"], timezone.localdate())
    if worker.get("occupation_isco"):
        profile.setdefault("qualification", {})["occupation_isco"] = worker["occupation_isco"]
    return profile


def _law_errors(profile: dict) -> dict[str, str]:
    """The law package's messages for the profile, keyed by the form field that asks."""
    try:
        check.parse(profile)
    except ProfileError as error:
        return {
            WORKER_PATHS.get(name, name.replace(".", "__")): check.render(message)
            for name, message in error.messages.items()
        }
    return {}


def _labels() -> dict[str, str]:
    """Profile paths and document keys to the words the employer reads."""
    labels = {path: str(label) for path, label in field_labels().items()}
    labels.update(
        {name.replace("__", "."): str(field.label) for name, field in FactsForm.base_fields.items()}
    )
    labels.update(
        {path: str(WorkerForm.base_fields[name].label) for path, name in WORKER_PATHS.items()}
    )
    labels.update({key: check.render(document.name) for key, document in DOCUMENTS.items()})
    labels.update({"job_offer": _("The job offer"), "qualification": _("The qualification")})
    return labels


def check_outcomes(application: Application) -> dict | None:
    """The pathway check on the application's facts (age as of today), for the titles the
    procedure covers; None when the facts cannot be checked."""
    profile = dict(application.profile or {})
    if application.worker_birth_date:
        profile["age"] = _age(application.worker_birth_date, timezone.localdate())
    try:
        data = check.as_json(check.evaluation_of(check.parse(profile)))
    except ProfileError:
        return None
    covered = parameters.value("accelerated_procedure_titles", timezone.localdate()).value
    labels = _labels()
    outcomes = []
    for outcome in data["outcomes"]:
        if outcome["title"] not in covered:
            continue
        status_label, symbol = STATUS[outcome["status"]]
        outcomes.append(
            {
                **outcome,
                "name": title_name(outcome["title"]),
                "status_label": str(status_label),
                "symbol": symbol,
                "missing_labels": [labels.get(path, path) for path in outcome["missing"]],
                "chosen": outcome["title"] == application.title,
            }
        )
    chosen = next((o for o in outcomes if o["chosen"]), None)
    return {"outcomes": outcomes, "chosen": chosen}


def _application_form(request, application: Application | None):
    if request.method == "POST":
        worker, facts = WorkerForm(request.POST), FactsForm(request.POST)
        if worker.is_valid() and facts.is_valid():
            profile = profile_of(worker.cleaned_data, facts)
            errors = _law_errors(profile)
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
@require_http_methods(["GET", "POST"])
def application_new(request):
    return _application_form(request, None)


@employer_required
@require_http_methods(["GET", "POST"])
def application_edit(request, application_id: int):
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    if access.application.state != State.DRAFT:
        messages.error(
            request, _("The application can only be changed while it is being prepared.")
        )
        return redirect("procedures:detail", application_id=access.application.pk)
    return _application_form(request, access.application)


# --- the application page ------------------------------------------------------------------------


def item_slug(key: str, member_id) -> str:
    """A checklist item's name in HTML ids and anchors ("doc-cv_german-w", "doc-passport_copy-7");
    anything odd in posted values falls back to a fixed name."""
    key = key if re.fullmatch(r"[a-z_]{1,50}", key or "") else "x"
    member = str(member_id) if re.fullmatch(r"\d{1,12}", str(member_id or "")) else "w"
    return f"doc-{key}-{member}"


def _upload_form(item_key: str, member_id, data=None, files=None) -> UploadForm:
    slug = item_slug(item_key, member_id)
    return UploadForm(
        data,
        files,
        initial={"key": item_key, "member": member_id},
        auto_id=f"id_{slug.replace('-', '_')}_%s",
    )


def _checklist(application: Application, editable: bool, upload_form: UploadForm | None):
    """The checklist items with their upload forms; a posted form goes back to its item."""
    items = []
    base = reverse("procedures:detail", kwargs={"application_id": application.pk})
    posted = (
        item_slug(upload_form.data.get("key", ""), upload_form.data.get("member"))
        if upload_form is not None
        else None
    )
    for item in services.checklist(application):
        document, member = item["document"], item["family_member"]
        member_id = member.pk if member else None
        slug = item_slug(item["key"], member_id)
        if document is None:
            state = "missing"
        elif document == "confirmed":
            state = "confirmed"
        else:
            state = document.review
        form = None
        if editable and state in ("missing", "uploaded", "rejected"):
            form = upload_form if posted == slug else _upload_form(item["key"], member_id)
        items.append(
            {
                "key": item["key"],
                "label": pdf.document_name(item["key"]),
                "person": member.name if member else "",
                "document": document if isinstance(document, Document) else None,
                "state": state,
                "state_label": str(REVIEW.get(state, state)),
                "form": form,
                "anchor": slug,
                "download": f"{base}documents/{document.pk}/"
                if isinstance(document, Document)
                else "",
            }
        )
    return items


def _timeline(application: Application) -> list[dict]:
    entries = []
    sources = dict(Step.Source.choices)
    for step in application.steps.select_related("by"):
        transition = machine.TRANSITIONS.get(step.transition)
        entries.append(
            {
                "on": step.on,
                "text": str(transition.label) if transition else step.transition,
                "outcome": str(OUTCOMES.get(step.outcome, step.outcome)) if step.outcome else "",
                "source": str(sources.get(step.source, "")),
                "by": (step.by.get_full_name() or step.by.username)
                if step.by and step.by.kind == "employer"
                else _institution_name(step.institution_id),
            }
        )
    return entries


def _deadlines(application: Application) -> list[dict]:
    return [
        {
            "deadline": deadline,
            "label": str(DEADLINES.get(deadline.step, deadline.step)),
        }
        for deadline in application.deadlines.filter(met_on__isnull=True)
    ]


def _allowed(application: Application) -> list[str]:
    return [t.name for t in machine.allowed(application.state, machine.EMPLOYER)]


def _render_detail(request, access, status: int = 200, **forms):
    application = access.application
    editable = application.state in EDITABLE
    allowed = _allowed(application)
    transition_forms = {
        name: forms.get(f"{name}_form") or TRANSITION_FORMS[name]()
        for name in allowed
        if name in TRANSITION_FORMS
    }
    recorded_running = (
        application.mode == Application.Mode.RECORDED
        and application.state not in machine.BEFORE_FILING
        and application.state not in machine.FINAL
    )
    german_agreement = ""
    if translation.get_language() != "de":
        with translation.override("de"):
            german_agreement = reverse(
                "procedures:agreement_pdf", kwargs={"application_id": application.pk}
            )
    checklist = _checklist(application, editable, forms.get("upload_form"))
    shown = {
        "upload_form": any(item["form"] is forms.get("upload_form") for item in checklist),
        "family_form": editable,
        "notice_form": recorded_running,
        **{f"{name}_form": True for name in transition_forms},
    }
    for name, form in forms.items():
        if not shown.get(name):
            # The form is not on the page now (the application moved on): say it at the top.
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    context = {
        "application": application,
        "company": application.company,
        "state_label": dict(State.choices).get(application.state, application.state),
        "actor_label": actor_label(application),
        "title_name": title_name(application.title) if application.title else "",
        "recognition_body": dict(Application.RecognitionBody.choices).get(
            application.recognition_body, ""
        ),
        "language_name": dict(settings.LANGUAGES).get(application.worker_language, ""),
        "nationality": country_name(application.worker_nationality)
        if application.worker_nationality
        else "",
        "check": check_outcomes(application),
        "family": list(application.family_members.all()),
        "family_form": forms.get("family_form") or FamilyMemberForm(),
        "checklist": checklist,
        "editable": editable,
        "can_edit": application.state == State.DRAFT,
        "transition_forms": transition_forms,
        "fee": pdf.fee(application.filed_on or timezone.localdate()),
        "timeline": _timeline(application),
        "deadlines": _deadlines(application),
        "forecast": forecast(application),
        "recorded_running": recorded_running,
        "notices": application.documents.filter(key=services.AUTHORITY_NOTICE).order_by("-version")
        if recorded_running
        else [],
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "german_agreement": german_agreement,
        "poa_confirmed": application.power_of_attorney_confirmed_at,
    }
    return render(request, "procedures/employer/application.html", context, status=status)


def _access(request, application_id):
    return selectors.application_get_for_user(user=request.user, application_id=application_id)


def _done(request, application: Application, message: str, anchor: str = ""):
    messages.success(request, message)
    url = reverse("procedures:detail", kwargs={"application_id": application.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@employer_required
@require_GET
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
    form = _upload_form(key, member_id, request.POST, request.FILES)
    anchor = item_slug(key, member_id)
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
@require_GET
def document_download(request, application_id: int, document_id: int):
    access = selectors.application_get_for_user(
        user=request.user, application_id=application_id, purpose="procedure_document_downloaded"
    )
    document = access.application.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document.")
    response = FileResponse(
        default_storage.open(document.file.name, "rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["Cache-Control"] = "no-store"
    return response


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


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@employer_required
@require_GET
def power_of_attorney_pdf(request, application_id: int):
    access = selectors.application_get_for_user(
        user=request.user, application_id=application_id, purpose="procedure_pdf_made"
    )
    application = access.application
    return _pdf_response(
        pdf.power_of_attorney_pdf(application), f"power-of-attorney-{application.reference}.pdf"
    )


@employer_required
@require_GET
def agreement_pdf(request, application_id: int):
    access = selectors.application_get_for_user(
        user=request.user, application_id=application_id, purpose="procedure_pdf_made"
    )
    application = access.application
    language = translation.get_language() or "de"
    return _pdf_response(
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


@require_GET
def worker_status(request, token: str):
    """The worker follows the application: reference, company, step, expected date."""
    application = _worker_application(token, "status")
    if application is None:
        return _bad_link(request)
    context = {
        "application": application,
        "state_label": dict(State.choices).get(application.state, application.state),
        "forecast": forecast(application),
    }
    return _private(render(request, "procedures/worker/status.html", context))


@require_http_methods(["GET", "POST"])
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
    context = {
        "application": application,
        "title_name": title_name(application.title) if application.title else "",
        "family": list(application.family_members.all()),
    }
    return _private(render(request, "procedures/worker/power_of_attorney.html", context))
