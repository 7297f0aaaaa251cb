"""The pathway check on an application's facts: the profile it reads, taken from the application
form; the law's messages, put back at the form fields that ask; and the result the application
page shows for the titles the accelerated procedure covers.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from welcome.law import ProfileError, parameters
from welcome.law.documents import DOCUMENTS
from welcome.pathway import check
from welcome.pathway.forms import field_labels
from welcome.pathway.labels import STATUS, title_name
from welcome.procedures.forms import FactsForm, WorkerForm
from welcome.procedures.labels import document_name
from welcome.procedures.models import Application
from welcome.procedures.needs import age

# Profile paths the application form asks with its own fields (not FactsForm's).
WORKER_PATHS = {
    "nationality": "worker_nationality",
    "age": "worker_birth_date",
    "qualification.occupation_isco": "occupation_isco",
}


def profile_of(worker: dict, facts: FactsForm) -> dict:
    """The pathway check's profile (its JSON shape) from the two forms' values."""
    profile = facts.merge_into({})
    profile["nationality"] = worker["worker_nationality"]
    if worker.get("worker_birth_date"):
        profile["age"] = age(worker["worker_birth_date"], timezone.localdate())
    if worker.get("occupation_isco"):
        profile.setdefault("qualification", {})["occupation_isco"] = worker["occupation_isco"]
    return profile


def law_errors(profile: dict) -> dict[str, str]:
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
    labels.update({key: document_name(key) for key in DOCUMENTS})
    labels.update({"job_offer": _("The job offer"), "qualification": _("The qualification")})
    return labels


def check_outcomes(application: Application) -> dict | None:
    """The pathway check on the application's facts (age as of today), for the titles the
    procedure covers; None when the facts cannot be checked."""
    profile = dict(application.profile or {})
    if application.worker_birth_date:
        profile["age"] = age(application.worker_birth_date, timezone.localdate())
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
