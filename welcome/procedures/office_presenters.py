"""What the staff pages show: the inbox's rows and groups, and the application page with its
documents to review, its deadlines and steps (the rows the employer's page shows too, from
`presenters.py`) and the forms of the steps the user's institution may take now. Reads only.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from welcome.procedures import machine, selectors
from welcome.procedures.actors import recorded
from welcome.procedures.labels import (
    acting_label,
    deadline_label,
    document_name,
    institution_name,
    review_label,
    state_label,
)
from welcome.procedures.models import Application, Deadline, Document
from welcome.procedures.needs import checklist
from welcome.procedures.office_forms import INBOX_GROUPS, ReviewForm, TransitionForm
from welcome.procedures.presenters import deadline_rows, timeline

# --- inbox ---------------------------------------------------------------------------------------


def query_string(query: dict, **changes) -> str:
    """The page's query with ``changes``, empty values left out."""
    merged = {**query, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


def inbox_groups(counts: dict[str, int], query: dict, current: str) -> list[dict]:
    """The inbox's groups as links, each with its count."""
    return [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "query": query_string(query, show=key),
            "current": key == current,
        }
        for key, label in INBOX_GROUPS
    ]


def inbox_rows(applications: list[Application], today: dt.date) -> list[Application]:
    """The page's applications with their first running deadline (else the first open one),
    whether one is overdue, and their labels; the open deadlines in one query, not one per row."""
    open_deadlines: dict[int, list[Deadline]] = {}
    for deadline in Deadline.objects.filter(
        application_id__in=[a.pk for a in applications], met_on__isnull=True
    ).order_by("due_on", "id"):
        open_deadlines.setdefault(deadline.application_id, []).append(deadline)
    base = reverse("procedures_office:inbox")
    for application in applications:
        deadlines = open_deadlines.get(application.pk, [])
        running_now = [d for d in deadlines if d.paused_since is None]
        application.deadline = (running_now or deadlines or [None])[0]
        application.deadline_label = (
            deadline_label(application.deadline.step) if application.deadline else ""
        )
        application.overdue = any(d.due_on < today for d in running_now)
        application.state_label = state_label(application.state)
        application.acting = acting_label(application)
        application.url = f"{base}{application.pk}/"
    return applications


# --- application page ----------------------------------------------------------------------------


def _step_forms(
    access: selectors.ApplicationAccess, base: str, posted: TransitionForm | None
) -> list[dict]:
    """A form for each step the user's institution may take now; a refused one comes back with
    what was typed and why it was refused."""
    application = access.application
    forms = []
    for transition in machine.TRANSITIONS.values():
        available = application.state in transition.sources and transition.actor in access.actors
        if posted is not None and transition.name == posted.transition.name:
            form = posted
        elif available:
            form = TransitionForm(
                transition=transition,
                recorded=recorded(application, transition),
                initial={"version": application.version},
            )
        else:
            continue
        forms.append(
            {
                "name": transition.name,
                "label": transition.label,
                "url": f"{base}steps/{transition.name}/",
                "form": form,
                "recorded": recorded(application, transition),
                "ends": transition.target in machine.FINAL,
            }
        )
    return forms


def application_page(
    access: selectors.ApplicationAccess,
    *,
    error: str = "",
    transition_form: TransitionForm | None = None,
    review_form: tuple[int, ReviewForm] | None = None,
) -> dict:
    """The staff application page's context; a refused form comes back in its place."""
    application = access.application
    base = reverse("procedures_office:detail", kwargs={"application_id": application.pk})
    can_review = access.can_review

    def review_item(key, member, document):
        item = {
            "key": key,
            "label": document_name(key),
            "person": member.name if member else application.worker_name,
            "document": document,
        }
        if isinstance(document, Document):
            item["review_label"] = review_label(document.review)
            item["url"] = f"{base}documents/{document.pk}/"
            if review_form and review_form[0] == document.pk:
                item["form"] = review_form[1]  # the typed reason, with why it was refused
            elif can_review:
                item["form"] = ReviewForm(document_id=document.pk)
        return item

    required = checklist(application)
    items = [review_item(i["key"], i["family_member"], i["document"]) for i in required]
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
    steps = timeline(application)
    deadlines = deadline_rows(application.deadlines.all())
    return {
        "application": application,
        "state_label": state_label(application.state),
        "acting": acting_label(application),
        "pre_checker_name": institution_name(application.pre_checker_id, application.pre_checker_id)
        if application.pre_checker_id
        else "",
        "authority_name": institution_name(application.authority_id, application.authority_id)
        if application.authority_id
        else "",
        "family": list(application.family_members.all()),
        "checklist": items,
        "other_documents": others,
        "can_review": can_review,
        "review_column": can_review or review_form is not None,
        "steps": steps,
        "open_deadlines": [d for d in deadlines if d["deadline"].met_on is None],
        "met_deadlines": [d for d in deadlines if d["deadline"].met_on is not None],
        "step_forms": _step_forms(access, base, transition_form),
        "error": error,
    }
