"""Staff pages of the § 81a procedure: the inbox, the application page with its document reviews
and steps, the companies the Welcome Center verifies. Thin: parse, call a selector or a service,
render. Every page works without JavaScript; every POST answers with a redirect (PRG) or, when
refused, with the page again, the typed input kept and the reason as a sentence.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcome.accounts.decorators import staff_required
from welcome.accounts.models import Company
from welcome.audit.services import audit_log
from welcome.law.documents import DOCUMENTS
from welcome.procedures import machine, notifications, selectors, services
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application, Deadline, Document, Step
from welcome.procedures.office_forms import (
    INBOX_GROUPS,
    InboxFilterForm,
    ReviewForm,
    TransitionForm,
    outcome_label,
)

PAGE_SIZE = 50
# A notice the employer received from an authority that works outside the platform and
# uploaded; the Welcome Center records the step it reports.
NOTICE_KEY = "authority_notice"
CLOSED_STATES = (*machine.BEFORE_FILING, *machine.FINAL)


# --- inbox ---------------------------------------------------------------------------------------


def _unreviewed_notice() -> Exists:
    return Exists(
        Document.objects.filter(
            application=OuterRef("pk"), key=NOTICE_KEY, review=Document.Review.UPLOADED
        )
    )


def _groups(institution_id: str) -> dict[str, Q]:
    """The inbox's groups for an institution, as filters on the applications it may see."""
    running = ~Q(state__in=CLOSED_STATES)
    act = Q(mode=Application.Mode.PLATFORM, authority_id=institution_id) & running
    if institution_id == services.RECORDER:
        act |= Q(mode=Application.Mode.RECORDED) & (running | _unreviewed_notice())
    return {
        "": Q(),
        "pre_check": Q(pre_checker_id=institution_id, state=State.PRE_CHECK),
        "act": act,
    }


def _running_deadlines() -> Q:
    """Open deadlines whose clock runs (the partial index `proc_deadline_running`)."""
    return Q(met_on__isnull=True, paused_since__isnull=True)


@staff_required
@require_GET
def inbox(request):
    """The applications the user's institution may see, by group, with the running deadline."""
    user = request.user
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    visible = selectors.application_queryset_for_user(user)
    groups = _groups(user.institution_id)
    today = timezone.localdate()
    counts = {key: visible.filter(groups[key]).count() for key, _label in INBOX_GROUPS}

    applications = visible.filter(groups[filters["show"]])
    if filters["state"]:
        applications = applications.filter(state=filters["state"])
    running = Deadline.objects.filter(_running_deadlines(), application=OuterRef("pk"))
    if filters["overdue"]:
        applications = applications.filter(Exists(running.filter(due_on__lt=today)))
    is_recorder = user.institution_id == services.RECORDER
    applications = (
        applications.select_related("company")
        .annotate(next_due=Subquery(running.order_by("due_on").values("due_on")[:1]))
        .order_by(F("next_due").asc(nulls_last=True), "-updated_at", "-id")
    )
    if is_recorder:
        applications = applications.annotate(new_notice=_unreviewed_notice())
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)

    # The open deadlines of the page's rows in one query, not one per row.
    open_deadlines: dict[int, list[Deadline]] = {}
    for deadline in Deadline.objects.filter(
        application_id__in=[a.pk for a in rows], met_on__isnull=True
    ).order_by("due_on", "id"):
        open_deadlines.setdefault(deadline.application_id, []).append(deadline)
    states = dict(State.choices)
    base = reverse("procedures_office:inbox")
    for application in rows:
        deadlines = open_deadlines.get(application.pk, [])
        running_now = [d for d in deadlines if d.paused_since is None]
        application.deadline = (running_now or deadlines or [None])[0]
        application.deadline_label = (
            notifications.deadline_label(application.deadline.step) if application.deadline else ""
        )
        application.overdue = any(d.due_on < today for d in running_now)
        application.state_label = states.get(application.state, application.state)
        application.acting = notifications.acting_label(
            application, machine.WAITING_FOR.get(application.state, "")
        )
        application.url = f"{base}{application.pk}/"
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "procedures/office/inbox.html",
        {
            "form": form,
            "filters": filters,
            "groups": [
                {
                    "key": key,
                    "label": label,
                    "count": counts[key],
                    "query": _query(query, show=key),
                    "current": key == filters["show"],
                }
                for key, label in INBOX_GROUPS
            ],
            "page": page,
            "rows": rows,
            "page_query": _query(query),
            "institution_name": services.region_institution_name(user.institution_id),
            "companies_to_verify": Company.objects.filter(verified_at__isnull=True).count()
            if is_recorder
            else None,
        },
    )


def _query(query: dict, **changes) -> str:
    merged = {**query, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


# --- application page ----------------------------------------------------------------------------


def _urls(application_id: int) -> dict[str, str]:
    base = reverse("procedures_office:detail", kwargs={"application_id": application_id})
    return {"detail": base, "documents": f"{base}documents/", "steps": f"{base}steps/"}


def _actors(access: selectors.ApplicationAccess) -> list[str]:
    """Whose steps the user may take on this application (the table's actors)."""
    actors = []
    if access.as_pre_checker:
        actors.append(machine.PRE_CHECKER)
    if access.as_authority:
        actors.append(machine.AUTHORITY)
    return actors


def _recorded(application: Application, transition: machine.Transition) -> bool:
    """The step is recorded from the notice of an authority that works elsewhere."""
    return transition.actor == machine.AUTHORITY and application.mode == Application.Mode.RECORDED


def _can_review(access: selectors.ApplicationAccess) -> bool:
    application = access.application
    return (access.as_pre_checker and application.state == State.PRE_CHECK) or access.as_authority


def document_label(key: str) -> str:
    if key == NOTICE_KEY:
        return _("Notice of the authority (uploaded by the employer)")
    document = DOCUMENTS.get(key)
    return document.name.render(_) if document else key


def _render_detail(
    request,
    access: selectors.ApplicationAccess,
    *,
    status: int = 200,
    error: str = "",
    transition_form: TransitionForm | None = None,
    review_form: tuple[int, ReviewForm] | None = None,
):
    application = access.application
    urls = _urls(application.pk)
    can_review = _can_review(access)
    reviews = dict(Document.Review.choices)

    def review_item(key, member, document):
        item = {
            "key": key,
            "label": document_label(key),
            "person": member.name if member else application.worker_name,
            "document": document,
        }
        if isinstance(document, Document):
            item["review_label"] = reviews.get(document.review, document.review)
            item["url"] = f"{urls['documents']}{document.pk}/"
            if review_form and review_form[0] == document.pk:
                item["form"] = review_form[1]  # the typed reason, with why it was refused
            elif can_review:
                item["form"] = ReviewForm(document_id=document.pk)
        return item

    required = services.checklist(application)
    checklist = [review_item(i["key"], i["family_member"], i["document"]) for i in required]
    listed = {(i["family_member"].pk if i["family_member"] else None, i["key"]) for i in required}
    newest: dict[tuple, Document] = {}
    for document in application.documents.select_related("family_member").order_by(
        "key", "-version"
    ):
        newest.setdefault((document.family_member_id, document.key), document)
    others = [
        review_item(key, document.family_member, document)
        for (member_id, key), document in newest.items()
        if (member_id, key) not in listed
    ]

    sources = dict(Step.Source.choices)
    states = dict(State.choices)
    steps = list(application.steps.select_related("by"))
    for step in steps:
        transition = machine.TRANSITIONS.get(step.transition)
        step.label = transition.label if transition else step.transition
        step.source_label = sources.get(step.source, step.source)
        step.from_label = states.get(step.from_state, step.from_state)
        step.to_label = states.get(step.to_state, step.to_state)
        step.outcome_label = outcome_label(step.transition, step.outcome) if step.outcome else ""
        step.by_name = (step.by.get_full_name() or step.by.get_username()) if step.by else ""
        step.institution_name = (
            services.region_institution_name(step.institution_id) if step.institution_id else ""
        )

    today = timezone.localdate()
    deadlines = list(application.deadlines.all())
    for deadline in deadlines:
        deadline.label = notifications.deadline_label(deadline.step)
        deadline.overdue = (
            deadline.met_on is None and deadline.paused_since is None and deadline.due_on < today
        )

    forms = []
    actors = _actors(access)
    posted = transition_form.transition.name if transition_form else None
    for transition in machine.TRANSITIONS.values():
        available = application.state in transition.sources and transition.actor in actors
        if transition.name == posted:
            form = transition_form  # the typed input, with the reason it was refused
        elif available:
            form = TransitionForm(
                transition=transition,
                recorded=_recorded(application, transition),
                initial={"version": application.version},
            )
        else:
            continue
        forms.append(
            {
                "name": transition.name,
                "label": transition.label,
                "url": f"{urls['steps']}{transition.name}/",
                "form": form,
                "recorded": _recorded(application, transition),
                "ends": transition.target in machine.FINAL,
            }
        )

    return render(
        request,
        "procedures/office/detail.html",
        {
            "access": access,
            "application": application,
            "urls": urls,
            "state_label": states.get(application.state, application.state),
            "acting": notifications.acting_label(
                application, machine.WAITING_FOR.get(application.state, "")
            ),
            "pre_checker_name": services.region_institution_name(application.pre_checker_id)
            if application.pre_checker_id
            else "",
            "authority_name": services.region_institution_name(application.authority_id)
            if application.authority_id
            else "",
            "family": list(application.family_members.all()),
            "checklist": checklist,
            "other_documents": others,
            "can_review": can_review,
            "review_column": can_review or review_form is not None,
            "steps": steps,
            "deadlines": deadlines,
            "open_deadlines": [d for d in deadlines if d.met_on is None],
            "met_deadlines": [d for d in deadlines if d.met_on is not None],
            "step_forms": forms,
            "error": error,
        },
        status=status,
    )


@staff_required
@require_GET
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
    if transition.actor not in _actors(access):
        return _render_detail(
            request,
            access,
            status=403,
            error=_("Your institution cannot take this step on this application."),
        )
    form = TransitionForm(
        request.POST, transition=transition, recorded=_recorded(application, transition)
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


def _document(access: selectors.ApplicationAccess, document_id: int) -> Document:
    try:
        document = access.application.documents.get(pk=document_id)
    except Document.DoesNotExist as error:
        raise Http404("No such document.") from error
    document.application = access.application
    return document


@staff_required
@require_POST
def review_document(request, application_id: int, document_id: int):
    access = selectors.application_get_for_user(user=request.user, application_id=application_id)
    document = _document(access, document_id)
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
@require_GET
def download_document(request, application_id: int, document_id: int):
    access = selectors.application_get_for_user(
        user=request.user, application_id=application_id, purpose="procedure_document_downloaded"
    )
    document = _document(access, document_id)
    audit_log(
        actor=request.user,
        action="procedure_document_viewed",
        obj=access.application,
        document=document.pk,
        key=document.key,
        version=document.version,
    )
    response = FileResponse(
        default_storage.open(document.file.name, "rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["Cache-Control"] = "no-store"
    return response


# --- companies (Welcome Center) ------------------------------------------------------------------


def _require_recorder(user) -> None:
    """Only the Welcome Center verifies companies; for everyone else the page does not exist."""
    if user.institution_id != services.RECORDER:
        raise Http404("No such page.")


@staff_required
@require_GET
def companies(request):
    _require_recorder(request.user)
    waiting = (
        Company.objects.filter(verified_at__isnull=True)
        .annotate(user_count=Count("users"))
        .order_by("created_at", "id")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "procedures/office/companies.html", {"page": page})


@staff_required
@require_POST
def verify_company(request, company_id: int):
    _require_recorder(request.user)
    company = get_object_or_404(Company, pk=company_id)
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
