"""The § 81a procedure as a transition table — the only place that says which step may follow which.

Why a table and not a library (django-fsm-2, viewflow): the steps are the law's, a jurist reads
them here in one screen; the table is plain data the tests walk exhaustively; and the one thing a
library would add — a guarded state change — is a single conditional UPDATE in
`services.application_transition` (`WHERE state = <from> AND version = <seen>`), which also makes
concurrent transitions safe on PostgreSQL: one wins, the other is told the application changed.

Who acts:
- ``employer``: the company's HR users (prepare, ask for the pre-check, file, withdraw);
- ``pre_checker``: the institution doing the pre-check (Welcome Center, IHK or HWK);
- ``authority``: the competent foreigners' authority — inside the platform its own staff, or,
  when it works elsewhere (the Zentralstelle), Welcome Center staff recording its notices;
- ``system``: the background jobs (approval deemed given, § 36 Abs. 2 BeschV).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("procedure state", "Being prepared")
    PRE_CHECK = "pre_check", pgettext_lazy("procedure state", "Pre-check requested")
    PRE_CHECKED = "pre_checked", pgettext_lazy("procedure state", "Pre-checked, ready to file")
    FILED = "filed", pgettext_lazy("procedure state", "Filed with the authority")
    AGREEMENT_CONCLUDED = (
        "agreement_concluded",
        pgettext_lazy("procedure state", "Agreement concluded"),
    )
    RECOGNITION_REQUESTED = (
        "recognition_requested",
        pgettext_lazy("procedure state", "Recognition requested"),
    )
    RECOGNITION_DECIDED = (
        "recognition_decided",
        pgettext_lazy("procedure state", "Recognition decided"),
    )
    BA_REQUESTED = "ba_requested", pgettext_lazy("procedure state", "BA approval requested")
    BA_APPROVED = "ba_approved", pgettext_lazy("procedure state", "BA approval given")
    PRE_APPROVAL_SENT = (
        "pre_approval_sent",
        pgettext_lazy("procedure state", "Pre-approval sent to the mission"),
    )
    VISA_APPOINTMENT = (
        "visa_appointment",
        pgettext_lazy("procedure state", "Visa application lodged"),
    )
    VISA_DECIDED = "visa_decided", pgettext_lazy("procedure state", "Visa decided")
    ENTERED = "entered", pgettext_lazy("procedure state", "Entered Germany")
    RESIDENCE_PERMIT = (
        "residence_permit",
        pgettext_lazy("procedure state", "Residence permit requested"),
    )
    DOCUMENTS_MISSING = (
        "documents_missing",
        pgettext_lazy("procedure state", "Documents missing (clock paused)"),
    )
    CLOSED = "closed", pgettext_lazy("procedure state", "Closed")
    REFUSED = "refused", pgettext_lazy("procedure state", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("procedure state", "Withdrawn")


S = State
FINAL = frozenset({S.CLOSED, S.REFUSED, S.WITHDRAWN})
BEFORE_FILING = frozenset({S.DRAFT, S.PRE_CHECK, S.PRE_CHECKED})
# States in which the employer may change the application's documents and family members.
EDITABLE = (S.DRAFT, S.DOCUMENTS_MISSING)
# States in which the authority's procedure runs and documents may be asked for.
RUNNING = (
    S.FILED,
    S.AGREEMENT_CONCLUDED,
    S.RECOGNITION_REQUESTED,
    S.RECOGNITION_DECIDED,
    S.BA_REQUESTED,
    S.BA_APPROVED,
    S.PRE_APPROVAL_SENT,
    S.VISA_APPOINTMENT,
)

EMPLOYER, PRE_CHECKER, AUTHORITY, SYSTEM = "employer", "pre_checker", "authority", "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str | None  # None: back to the state before the pause
    actor: str
    label: object
    starts: tuple[str, ...] = ()  # statutory deadlines (law.deadlines steps) that start
    meets: tuple[str, ...] = ()  # deadlines that the event meets
    outcomes: tuple[str, ...] = ()  # a decision this step records (one is required)


T = Transition
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        T("request_pre_check", (S.DRAFT,), S.PRE_CHECK, EMPLOYER, _("Ask for the pre-check")),
        T("return_findings", (S.PRE_CHECK,), S.DRAFT, PRE_CHECKER, _("Return with findings")),
        T("confirm_pre_check", (S.PRE_CHECK,), S.PRE_CHECKED, PRE_CHECKER, _("Confirm complete")),
        T("file", (S.PRE_CHECKED,), S.FILED, EMPLOYER, _("File the application")),
        T(
            "conclude_agreement",
            (S.FILED,),
            S.AGREEMENT_CONCLUDED,
            AUTHORITY,
            _("Agreement concluded (§ 81a Abs. 2 AufenthG)"),
        ),
        T(
            "request_recognition",
            (S.AGREEMENT_CONCLUDED,),
            S.RECOGNITION_REQUESTED,
            AUTHORITY,
            _("Recognition requested at the competent body"),
            starts=("recognition_receipt", "recognition_decision"),
        ),
        T(
            "confirm_recognition_receipt",
            (S.RECOGNITION_REQUESTED,),
            S.RECOGNITION_REQUESTED,
            AUTHORITY,
            _("Recognition body confirmed receipt (§ 14a BQFG)"),
            meets=("recognition_receipt",),
        ),
        T(
            "decide_recognition",
            (S.RECOGNITION_REQUESTED,),
            S.RECOGNITION_DECIDED,
            AUTHORITY,
            _("Recognition decided"),
            meets=("recognition_receipt", "recognition_decision"),
            outcomes=("full", "partial", "refused"),
        ),
        T(
            "request_ba_approval",
            (S.AGREEMENT_CONCLUDED, S.RECOGNITION_DECIDED),
            S.BA_REQUESTED,
            AUTHORITY,
            _("BA approval requested (§ 39 AufenthG)"),
            starts=("ba_approval",),
        ),
        T(
            "record_ba_approval",
            (S.BA_REQUESTED,),
            S.BA_APPROVED,
            AUTHORITY,
            _("BA approval given"),
            meets=("ba_approval",),
        ),
        T(
            "deem_ba_approval",
            (S.BA_REQUESTED,),
            S.BA_APPROVED,
            SYSTEM,
            _("BA approval deemed given (§ 36 Abs. 2 BeschV)"),
            meets=("ba_approval",),
        ),
        T(
            "send_pre_approval",
            (S.AGREEMENT_CONCLUDED, S.RECOGNITION_DECIDED, S.BA_APPROVED),
            S.PRE_APPROVAL_SENT,
            AUTHORITY,
            _("Pre-approval sent to the mission (§ 81a Abs. 3 AufenthG)"),
            starts=("visa_appointment",),
        ),
        T(
            "record_visa_appointment",
            (S.PRE_APPROVAL_SENT,),
            S.VISA_APPOINTMENT,
            AUTHORITY,
            _("Visa application lodged at the mission"),
            starts=("visa_decision",),
            meets=("visa_appointment",),
        ),
        T(
            "decide_visa",
            (S.VISA_APPOINTMENT,),
            S.VISA_DECIDED,
            AUTHORITY,
            _("Visa decided"),
            meets=("visa_decision",),
            outcomes=("granted", "refused"),
        ),
        T("record_entry", (S.VISA_DECIDED,), S.ENTERED, AUTHORITY, _("Worker entered Germany")),
        T(
            "request_residence_permit",
            (S.ENTERED,),
            S.RESIDENCE_PERMIT,
            AUTHORITY,
            _("Residence permit requested at the ABH of residence"),
        ),
        T("close", (S.RESIDENCE_PERMIT,), S.CLOSED, AUTHORITY, _("Close the procedure")),
        T(
            "request_documents",
            RUNNING,
            S.DOCUMENTS_MISSING,
            AUTHORITY,
            _("Ask for missing documents (pauses the clock)"),
        ),
        T(
            "receive_documents",
            (S.DOCUMENTS_MISSING,),
            None,
            AUTHORITY,
            _("Missing documents received (the clock runs again)"),
        ),
        T(
            "refuse",
            (*RUNNING, S.DOCUMENTS_MISSING, S.VISA_DECIDED),
            S.REFUSED,
            AUTHORITY,
            _("Refuse"),
        ),
        T(
            "withdraw",
            tuple(state for state in State.values if state not in FINAL),
            S.WITHDRAWN,
            EMPLOYER,
            _("Withdraw the application"),
        ),
    )
}

# Decisions that end the procedure instead of moving it on.
ENDING_OUTCOMES = {("decide_recognition", "refused"), ("decide_visa", "refused")}


class TransitionError(Exception):
    """A step that is not possible now or not for this user; `message` is a sentence for them."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def allowed(state: str, actor: str) -> list[Transition]:
    """The transitions an actor may take from ``state``, in the table's order."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actor == actor]


def target_of(transition: Transition, *, paused_from: str = "", outcome: str = "") -> str:
    """The state after ``transition``: a pause resumes where it stopped; a refusal ends."""
    if (transition.name, outcome) in ENDING_OUTCOMES:
        return S.REFUSED
    if transition.target is None:
        return paused_from
    return transition.target


# Who must act while an application is in a state (the dashboard's "who acts next"), and which
# body's time a phase counts as (the statistics' "institution" and time split).
WAITING_FOR = {
    S.DRAFT: EMPLOYER,
    S.PRE_CHECK: PRE_CHECKER,
    S.PRE_CHECKED: EMPLOYER,
    S.FILED: AUTHORITY,
    S.AGREEMENT_CONCLUDED: AUTHORITY,
    S.RECOGNITION_REQUESTED: "recognition_body",
    S.RECOGNITION_DECIDED: AUTHORITY,
    S.BA_REQUESTED: "ba",
    S.BA_APPROVED: AUTHORITY,
    S.PRE_APPROVAL_SENT: "mission",
    S.VISA_APPOINTMENT: "mission",
    S.VISA_DECIDED: EMPLOYER,
    S.ENTERED: "residence_abh",
    S.RESIDENCE_PERMIT: "residence_abh",
    S.DOCUMENTS_MISSING: EMPLOYER,
}
