"""The procedure's codes in the reader's language — states, statutory deadlines, who acts,
decisions, documents, institutions — one function each, for the employer's pages, the staff's
pages and the e-mails alike.

Where the employer reads other words than the staff (``employer=True``), that is on purpose:
the employer reads its own company as "Your company" and no more than an institution's name;
staff also read who records an authority's steps and the decision as the law names it. The maps
are lazy, so a label is rendered in the language active when it is asked for.
"""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from welcome.law.documents import DOCUMENTS
from welcome.pathway import check
from welcome.procedures import machine
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Document, Step
from welcome.procedures.needs import AUTHORITY_NOTICE
from welcome.region.data import region

STATES = dict(State.choices)
SOURCES = dict(Step.Source.choices)
REVIEWS = {
    "missing": _("Missing"),
    "confirmed": _("Confirmed by the worker"),
    **dict(Document.Review.choices),
}

# Statutory deadlines (`welcome.law.deadlines` steps), as staff read them (pages and e-mails).
DEADLINES = {
    "recognition_receipt": _("Recognition body confirms receipt"),
    "recognition_decision": _("Recognition body decides"),
    "ba_approval": _("BA approval (deemed given when the BA stays silent)"),
    "visa_appointment": _("Mission offers a visa appointment"),
    "visa_decision": _("Mission decides on the visa"),
}
# The employer's pages word the BA's deadline in their own way (both wordings are translated).
EMPLOYER_DEADLINES = {
    **DEADLINES,
    "ba_approval": _("BA approval (deemed given when the BA is silent)"),
}

# Who acts while an application waits (machine.WAITING_FOR), where no institution is named.
ACTORS = {
    "employer": _("The employer"),
    "pre_checker": _("The pre-checking institution"),
    "authority": _("The competent authority"),
    "recognition_body": _("The recognition body"),
    "ba": _("The Federal Employment Agency (BA)"),
    "mission": _("The German mission abroad"),
    "residence_abh": _("The foreigners' authority at the place of residence"),
}
# The same for the employer, who is "your company" (also the dashboard filter's choices).
EMPLOYER_ACTORS = {
    "employer": _("Your company"),
    "pre_checker": _("The institution doing the pre-check"),
    "authority": _("The competent authority"),
    "recognition_body": _("The recognition body"),
    "ba": _("The Federal Employment Agency (BA)"),
    "mission": _("The German mission abroad"),
    "residence_abh": _("The foreigners' authority at the place of residence"),
}

# The decisions a step records (machine.Transition.outcomes), per step, as staff choose them.
OUTCOMES = {
    "decide_recognition": {
        "full": _("Full recognition (equivalent)"),
        "partial": _("Partial recognition (deficits stated)"),
        "refused": _("Recognition refused (ends the procedure)"),
    },
    "decide_visa": {
        "granted": pgettext_lazy("visa decision", "Visa granted"),
        "refused": pgettext_lazy("visa decision", "Visa refused (ends the procedure)"),
    },
}
# The same decisions in the employer's words.
EMPLOYER_OUTCOMES = {
    "full": _("fully recognised"),
    "partial": _("partly recognised"),
    "refused": _("refused"),
    "granted": _("granted"),
}


def state_label(state: str) -> str:
    return str(STATES.get(state, state))


def source_label(source: str) -> str:
    """How a step was recorded (in the platform, from a notice, by the system)."""
    return str(SOURCES.get(source, source))


def review_label(review: str) -> str:
    """A checklist document's state: missing, confirmed by the worker, or its review."""
    return str(REVIEWS.get(review, review))


def institution_name(institution_id: str | None, default: str = "") -> str:
    """The short name of one of the Region's institutions; ``default`` for an unknown id."""
    institution = region().institutions.get(institution_id or "")
    return institution.short_name if institution else default


def deadline_label(step: str, *, employer: bool = False) -> str:
    """The name of a statutory deadline, in the active language."""
    return str((EMPLOYER_DEADLINES if employer else DEADLINES).get(step, step))


def outcome_label(transition: str, outcome: str, *, employer: bool = False) -> str:
    """The decision ``outcome`` of step ``transition``."""
    if employer:
        return str(EMPLOYER_OUTCOMES.get(outcome, outcome))
    return str(OUTCOMES.get(transition, {}).get(outcome, outcome))


def acting_label(application: Application, *, employer: bool = False) -> str:
    """Who acts next on ``application``, naming the institution where the application knows
    it; staff also read that an authority working elsewhere is recorded by the Welcome Center,
    and which recognition body decides."""
    waiting = machine.WAITING_FOR.get(application.state, "")
    if waiting == machine.PRE_CHECKER and application.pre_checker_id:
        institution = application.pre_checker_id
        return institution_name(institution, "" if employer else institution)
    if waiting == machine.AUTHORITY and application.authority_id:
        institution = application.authority_id
        name = institution_name(institution, "" if employer else institution)
        if not employer and application.mode == Application.Mode.RECORDED:
            return gettext("%(authority)s (recorded by the Welcome Center)") % {"authority": name}
        return name
    if employer:
        return str(EMPLOYER_ACTORS.get(waiting, "–"))
    if waiting == "recognition_body" and application.recognition_body:
        return str(application.get_recognition_body_display())
    return str(ACTORS.get(waiting, waiting or "–"))


def document_name(key: str) -> str:
    """A document's name (`welcome.law.documents`); the notice an employer uploaded is named as
    the staff who check it read it."""
    if key == AUTHORITY_NOTICE:
        return gettext("Notice of the authority (uploaded by the employer)")
    document = DOCUMENTS.get(key)
    return check.render(document.name) if document else key
