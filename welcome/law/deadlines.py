"""Statutory deadlines of the accelerated skilled-worker procedure (§ 81a AufenthG).

Each deadline names the event that starts it, the body that must act, and the dated parameter
that holds its period; the end is counted as the law counts periods (`periods.period_end`).

| step                  | starts with                          | acts        | §                  |
|-----------------------|--------------------------------------|-------------|--------------------|
| recognition_receipt   | application at the recognition body  | recognition | § 14a BQFG         |
| recognition_decision  | complete documents there             | recognition | § 14a BQFG         |
| ba_approval           | the authority asks the BA            | BA          | § 36 Abs. 2 BeschV |
| visa_appointment      | pre-approval (Vorabzustimmung)       | mission     | § 31a AufenthV     |
| visa_decision         | complete visa application            | mission     | § 31a AufenthV     |

When the BA lets its period pass, its approval is deemed given (§ 36 Abs. 2 BeschV) on the day
after the period ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from welcome.law import parameters
from welcome.law.parameters import Figure
from welcome.law.periods import iso_duration, period_end

COUNTING = "§ 31 VwVfG i. V. m. §§ 187–193 BGB"


@dataclass(frozen=True)
class Rule:
    step: str
    parameter: str
    acting: str  # recognition_body | ba | mission


RULES = {
    rule.step: rule
    for rule in (
        Rule("recognition_receipt", "recognition_receipt_period_accelerated", "recognition_body"),
        Rule("recognition_decision", "recognition_decision_period_accelerated", "recognition_body"),
        Rule("ba_approval", "ba_deemed_approval_period_accelerated", "ba"),
        Rule("visa_appointment", "visa_appointment_period_accelerated", "mission"),
        Rule("visa_decision", "visa_decision_period_accelerated", "mission"),
    )
}
STEPS = tuple(RULES)


class DeadlineError(ValueError):
    """A deadline that cannot be computed; the message is a sentence for the caller."""


@dataclass(frozen=True)
class Deadline:
    step: str
    event_date: date
    due: date
    figure: Figure  # the period in force on the event date, with its §
    paused_days: int = 0

    @property
    def period(self) -> dict[str, int]:
        return self.figure.value

    @property
    def acting(self) -> str:
        return RULES[self.step].acting

    @property
    def citation(self) -> str:
        return f"{self.figure.reference}; {COUNTING}"

    @property
    def deemed_on(self) -> date:
        """The day a fiction takes effect when the body stays silent: the day after the end."""
        return self.due + timedelta(days=1)

    def as_dict(self) -> dict:
        """The public contract of `GET /api/v1/procedure-deadline`."""
        return {
            "step": self.step,
            "event_date": self.event_date.isoformat(),
            "period": iso_duration(self.period),
            "due": self.due.isoformat(),
            "citation": self.citation,
        }


def deadline(step: str, event_date: date, *, paused_days: int = 0) -> Deadline:
    """The statutory deadline of ``step`` for an event on ``event_date``."""
    try:
        rule = RULES[step]
    except KeyError:
        raise DeadlineError(
            f"Unknown step {step!r}; known steps are: {', '.join(STEPS)}."
        ) from None
    try:
        figure = parameters.value(rule.parameter, event_date)
    except parameters.NoFigureOnDate as error:
        raise DeadlineError(
            f"The accelerated procedure has no deadline for {step} before "
            f"{error.first.isoformat()}."
        ) from None
    try:
        due = period_end(event_date, figure.value, paused_days=paused_days)
    except OverflowError:
        raise DeadlineError("The date lies too far in the future to count a period.") from None
    return Deadline(step, event_date, due, figure, paused_days)
