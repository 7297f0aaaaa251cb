"""What the employer's and the worker's pages show, assembled from what the selectors granted:
the dashboard rows and their CSV, the application page with its checklist, and the two rows
both the employer's and the staff's application pages show — the steps taken and the deadlines.
Reads only; no permission decisions (the selectors made them), no audit entries, no messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from welcome.countries import country_name
from welcome.pathway.labels import title_name
from welcome.procedures import forecast as forecasting
from welcome.procedures import machine, pdf
from welcome.procedures.actors import notices_expected
from welcome.procedures.forms import (
    TRANSITION_FORMS,
    FamilyMemberForm,
    NoticeForm,
    UploadForm,
)
from welcome.procedures.labels import (
    acting_label,
    deadline_label,
    document_name,
    institution_name,
    outcome_label,
    review_label,
    source_label,
    state_label,
)
from welcome.procedures.models import Application, Deadline, Document
from welcome.procedures.needs import AUTHORITY_NOTICE, checklist
from welcome.procedures.pathway import check_outcomes

# --- shared by the employer's and the staff's pages ----------------------------------------------


def timeline(application: Application, *, employer: bool = False) -> list[dict]:
    """The steps taken, oldest first. ``by`` is who took a step as the reader may know it: staff
    read the person (with the institution beside it) and the staff's note; the employer reads
    its own colleagues by name and anyone else by the institution's name, and no notes."""
    entries = []
    for step in application.steps.select_related("by"):
        transition = machine.TRANSITIONS.get(step.transition)
        institution = (
            institution_name(step.institution_id, "" if employer else step.institution_id)
            if step.institution_id
            else ""
        )
        by = (step.by.get_full_name() or step.by.get_username()) if step.by else ""
        if employer and not (step.by and step.by.kind == "employer"):
            by = institution
        entries.append(
            {
                "on": step.on,
                "at": step.at,
                "label": str(transition.label) if transition else step.transition,
                "outcome": outcome_label(step.transition, step.outcome, employer=employer)
                if step.outcome
                else "",
                "source": source_label(step.source),
                "from_label": state_label(step.from_state),
                "to_label": state_label(step.to_state),
                "by": by,
                "institution": institution,
                "note": "" if employer else step.note,
            }
        )
    return entries


def deadline_rows(deadlines: Iterable[Deadline], *, employer: bool = False) -> list[dict]:
    """Each deadline with its name and whether it is overdue (open, running, past its day)."""
    today = timezone.localdate()
    return [
        {
            "deadline": deadline,
            "label": deadline_label(deadline.step, employer=employer),
            "overdue": deadline.met_on is None
            and deadline.paused_since is None
            and deadline.due_on < today,
        }
        for deadline in deadlines
    ]


# --- the dashboard -------------------------------------------------------------------------------


def dashboard_rows(applications) -> list[dict]:
    """One row per application with its open deadlines prefetched and the expected dates
    computed for the whole list: a fixed number of queries, whatever the number of rows."""
    open_deadlines = Deadline.objects.filter(met_on__isnull=True).order_by("due_on", "id")
    applications = applications.prefetch_related(
        Prefetch("deadlines", queryset=open_deadlines, to_attr="open_deadlines")
    )
    applications = list(applications)
    expected = forecasting.expected_many(applications)
    detail_prefix = reverse("procedures:dashboard") + "applications/"  # see urls.py
    rows = []
    for application in applications:
        deadline = application.open_deadlines[0] if application.open_deadlines else None
        rows.append(
            {
                "application": application,
                "url": f"{detail_prefix}{application.pk}/",
                "state_label": state_label(application.state),
                "actor_label": acting_label(application, employer=True),
                "deadline": deadline,
                "deadline_label": deadline_label(deadline.step, employer=True) if deadline else "",
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


def dashboard_table(rows: list[dict]) -> list[list[str]]:
    """The dashboard's rows as the CSV export's table, its header first."""
    table = [
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
    ]
    for row in rows:
        application, deadline, expected = row["application"], row["deadline"], row["forecast"]
        table.append(
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
    return table


# --- the application page ------------------------------------------------------------------------


def item_slug(key: str, member_id) -> str:
    """A checklist item's name in HTML ids and anchors ("doc-cv_german-w", "doc-passport_copy-7");
    anything odd in posted values falls back to a fixed name."""
    key = key if re.fullmatch(r"[a-z_]{1,50}", key or "") else "x"
    member = str(member_id) if re.fullmatch(r"\d{1,12}", str(member_id or "")) else "w"
    return f"doc-{key}-{member}"


def upload_form(item_key: str, member_id, data=None, files=None) -> UploadForm:
    """The upload form of one checklist item, its field ids unique on the page."""
    slug = item_slug(item_key, member_id)
    return UploadForm(
        data,
        files,
        initial={"key": item_key, "member": member_id},
        auto_id=f"id_{slug.replace('-', '_')}_%s",
    )


def _checklist(application: Application, editable: bool, posted_form: UploadForm | None):
    """The checklist items with their upload forms; a posted form goes back to its item."""
    items = []
    base = reverse("procedures:detail", kwargs={"application_id": application.pk})
    posted = (
        item_slug(posted_form.data.get("key", ""), posted_form.data.get("member"))
        if posted_form is not None
        else None
    )
    for item in checklist(application):
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
            form = posted_form if posted == slug else upload_form(item["key"], member_id)
        items.append(
            {
                "key": item["key"],
                "label": document_name(item["key"]),
                "person": member.name if member else "",
                "document": document if isinstance(document, Document) else None,
                "state": state,
                "state_label": review_label(state),
                "form": form,
                "anchor": slug,
                "download": f"{base}documents/{document.pk}/"
                if isinstance(document, Document)
                else "",
            }
        )
    return items


def _german_agreement(application: Application) -> str:
    """The German agreement's link, for a reader of another language (German is binding)."""
    if translation.get_language() == "de":
        return ""
    with translation.override("de"):
        return reverse("procedures:agreement_pdf", kwargs={"application_id": application.pk})


def application_page(application: Application, forms: dict) -> tuple[dict, list[str]]:
    """The application page's context, and the errors of posted ``forms`` the page no longer
    shows (the application moved on meanwhile) — the view says those at the top."""
    editable = application.state in machine.EDITABLE
    allowed = [t.name for t in machine.allowed(application.state, machine.EMPLOYER)]
    transition_forms = {
        name: forms.get(f"{name}_form") or TRANSITION_FORMS[name]()
        for name in allowed
        if name in TRANSITION_FORMS
    }
    recorded_running = notices_expected(application)
    items = _checklist(application, editable, forms.get("upload_form"))
    shown = {
        "upload_form": any(item["form"] is forms.get("upload_form") for item in items),
        "family_form": editable,
        "notice_form": recorded_running,
        **{f"{name}_form": True for name in transition_forms},
    }
    hidden_errors = [
        error
        for name, form in forms.items()
        if not shown.get(name)
        for errors in form.errors.values()
        for error in errors
    ]
    context = {
        "application": application,
        "company": application.company,
        "state_label": state_label(application.state),
        "actor_label": acting_label(application, employer=True),
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
        "checklist": items,
        "editable": editable,
        "can_edit": application.state == machine.State.DRAFT,
        "transition_forms": transition_forms,
        "fee": pdf.fee(application.filed_on or timezone.localdate()),
        "timeline": timeline(application, employer=True),
        "deadlines": deadline_rows(
            application.deadlines.filter(met_on__isnull=True), employer=True
        ),
        "forecast": forecasting.expected(application),
        "recorded_running": recorded_running,
        "notices": application.documents.filter(key=AUTHORITY_NOTICE).order_by("-version")
        if recorded_running
        else [],
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "german_agreement": _german_agreement(application),
        "poa_confirmed": application.power_of_attorney_confirmed_at,
    }
    return context, hidden_errors


# --- the worker's pages --------------------------------------------------------------------------


def worker_status_page(application: Application) -> dict:
    """The worker follows the application: reference, company, step, expected date."""
    return {
        "application": application,
        "state_label": state_label(application.state),
        "forecast": forecasting.expected(application),
    }


def power_of_attorney_page(application: Application) -> dict:
    return {
        "application": application,
        "title_name": title_name(application.title) if application.title else "",
        "family": list(application.family_members.all()),
    }
