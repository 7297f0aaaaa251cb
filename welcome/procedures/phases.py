"""The phases of a § 81a procedure — the procedure's vocabulary for the stretches between its
steps, shared by the forecast (`forecast.py`) and the statistics (`welcome.insights`).

A phase is named by the transition that ends it (``PHASE_OF_TRANSITION``), so the step log alone
says how long each phase took; ``path`` lists the phases one application passes, depending on
whether the recognition body and the BA take part.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache as memoize

from django.utils.translation import pgettext_lazy

from welcome.procedures import machine
from welcome.procedures.machine import State
from welcome.procedures.models import Application

S = State

# Phase keys in the order a procedure passes them, with their labels.
PHASES = {
    "preparation": pgettext_lazy("procedure phase", "Preparation of the application"),
    "pre_check": pgettext_lazy("procedure phase", "Pre-check"),
    "filing": pgettext_lazy("procedure phase", "Filing after the pre-check"),
    "agreement": pgettext_lazy("procedure phase", "Agreement with the authority"),
    "recognition_request": pgettext_lazy("procedure phase", "Request for recognition"),
    "recognition": pgettext_lazy("procedure phase", "Recognition of the qualification"),
    "ba_request": pgettext_lazy("procedure phase", "Request for the BA's approval"),
    "ba_approval": pgettext_lazy("procedure phase", "BA approval"),
    "pre_approval": pgettext_lazy("procedure phase", "Pre-approval"),
    "visa_appointment": pgettext_lazy("procedure phase", "Visa appointment"),
    "visa_decision": pgettext_lazy("procedure phase", "Visa decision"),
    "entry": pgettext_lazy("procedure phase", "Entry"),
    "residence_permit_request": pgettext_lazy(
        "procedure phase", "Request for the residence permit"
    ),
    "residence_permit": pgettext_lazy("procedure phase", "Residence permit"),
}

# The transition that completes a phase. Not here: a pause and its end, the receipt confirmation
# (the phase goes on), refusal and withdrawal (the procedure ends instead).
PHASE_OF_TRANSITION = {
    "request_pre_check": "preparation",
    "return_findings": "pre_check",
    "confirm_pre_check": "pre_check",
    "file": "filing",
    "conclude_agreement": "agreement",
    "request_recognition": "recognition_request",
    "decide_recognition": "recognition",
    "request_ba_approval": "ba_request",
    "record_ba_approval": "ba_approval",
    "deem_ba_approval": "ba_approval",
    "send_pre_approval": "pre_approval",
    "record_visa_appointment": "visa_appointment",
    "decide_visa": "visa_decision",
    "record_entry": "entry",
    "request_residence_permit": "residence_permit_request",
    "close": "residence_permit",
}


@dataclass(frozen=True)
class Phase:
    """One stretch of the path: the state it is spent in and what ends it."""

    key: str
    state: str
    ends_with: tuple[str, ...]
    deadline: str = ""  # the `law.deadlines` step running meanwhile
    period: str = ""  # the parameter with the statutory period or planning figure

    @property
    def label(self) -> str:
        return str(PHASES[self.key])

    @property
    def waiting_for(self) -> str:
        """Who is expected to act meanwhile (machine.WAITING_FOR)."""
        return machine.WAITING_FOR.get(self.state, "")


def _phase(key: str, state: str, deadline: str = "", period: str = "") -> Phase:
    ends = tuple(t for t, phase in PHASE_OF_TRANSITION.items() if phase == key)
    ends = tuple(t for t in ends if state in machine.TRANSITIONS[t].sources)
    return Phase(key, state, ends, deadline, period)


def path(application: Application) -> tuple[Phase, ...]:
    """The phases from the pre-check to the residence permit that this application passes."""
    recognition = application.needs_recognition or application.state in (
        S.RECOGNITION_REQUESTED,
        S.RECOGNITION_DECIDED,
    )
    ba = application.needs_ba_approval or application.state in (S.BA_REQUESTED, S.BA_APPROVED)
    return _path(bool(recognition), bool(ba))


@memoize
def _path(recognition: bool, ba: bool) -> tuple[Phase, ...]:
    phases = [
        _phase("pre_check", S.PRE_CHECK),
        _phase("filing", S.PRE_CHECKED),
        _phase("agreement", S.FILED, period="accelerated_agreement_estimate"),
    ]
    waiting = S.AGREEMENT_CONCLUDED
    if recognition:
        phases += [
            _phase("recognition_request", waiting),
            _phase(
                "recognition",
                S.RECOGNITION_REQUESTED,
                "recognition_decision",
                "recognition_decision_period_accelerated",
            ),
        ]
        waiting = S.RECOGNITION_DECIDED
    if ba:
        phases += [
            _phase("ba_request", waiting),
            _phase(
                "ba_approval",
                S.BA_REQUESTED,
                "ba_approval",
                "ba_deemed_approval_period_accelerated",
            ),
        ]
        waiting = S.BA_APPROVED
    return (
        *phases,
        _phase("pre_approval", waiting, period="pre_approval_estimate"),
        _phase(
            "visa_appointment",
            S.PRE_APPROVAL_SENT,
            "visa_appointment",
            "visa_appointment_period_accelerated",
        ),
        _phase(
            "visa_decision", S.VISA_APPOINTMENT, "visa_decision", "visa_decision_period_accelerated"
        ),
        _phase("entry", S.VISA_DECIDED),
        _phase("residence_permit_request", S.ENTERED),
        _phase("residence_permit", S.RESIDENCE_PERMIT, period="residence_permit_estimate"),
    )
