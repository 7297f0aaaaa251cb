"""GET /api/v1/procedure-deadline — a statutory deadline of the accelerated procedure (§ 81a).

The answer is exactly ``Deadline.as_dict()`` of the law package: the period in force on the
event date, the day it ends counted as § 31 VwVfG with §§ 187–193 BGB count it on Lower Saxony's
holidays, and the citation. Input is read here, not by ninja's validation, so every refusal is a
400 with one clear sentence in the language of the Accept-Language header.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from welcome.api.errors import responses
from welcome.law import parameters
from welcome.law.deadlines import RULES, STEPS, DeadlineError, deadline

router = Router(tags=["accelerated procedure"])

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DeadlineOut(Schema):
    step: str = Field(description="The step asked for.", examples=["ba_approval"])
    event_date: dt.date = Field(description="The day of the event that starts the period.")
    period: str = Field(
        description="The statutory period as an ISO 8601 duration.", examples=["P1W"]
    )
    due: dt.date = Field(
        description="The last day of the period, moved off Saturdays, Sundays and Lower "
        "Saxony's public holidays (§ 193 BGB)."
    )
    citation: str = Field(
        description="The provisions that set the period and how it is counted.",
        examples=["§ 36 Abs. 2 BeschV; § 31 VwVfG i. V. m. §§ 187–193 BGB"],
    )


class DeadlineQuery(Schema):
    # Plain strings, checked in the view: a wrong value gets our sentence, not pydantic's.
    step: str | None = Field(
        None,
        description="The step whose deadline is asked for.",
        json_schema_extra={"enum": list(STEPS)},
        examples=["ba_approval"],
    )
    event_date: str | None = Field(
        None,
        description="The day of the event that starts the period, as YYYY-MM-DD.",
        json_schema_extra={"format": "date"},
        examples=["2026-03-02"],
    )


def _event_date(text: str | None) -> dt.date | None:
    """The date of ``text`` if it is a real calendar day written YYYY-MM-DD, else None."""
    if not text or not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _deadline_refused(step: str, on: dt.date) -> str:
    """Why the law counts no deadline for a known step on ``on``, as a translated sentence."""
    first = parameters.parameter(RULES[step].parameter).figures[0].valid_from
    if on < first:
        return _("The accelerated procedure has no deadline for %(step)s before %(date)s.") % {
            "step": step,
            "date": first.isoformat(),
        }
    return _("The date lies too far in the future to count a period.")


@router.get(
    "/procedure-deadline",
    response=responses({200: DeadlineOut}),
    summary="The statutory deadline of a step of the accelerated skilled-worker procedure",
    url_name="procedure_deadline",
    openapi_extra={
        "responses": {
            200: {"description": "The deadline, exactly as the law package counts it."},
            400: {
                "description": "An unknown or missing step, a missing or impossible date, or a "
                "date the law counts no deadline for; `detail` says which."
            },
        }
    },
)
def procedure_deadline(request, query: Query[DeadlineQuery]):
    """The day a statutory period of the accelerated skilled-worker procedure (§ 81a AufenthG)
    ends, for the event that starts it:

    - `recognition_receipt`: application at the recognition body → receipt confirmed (§ 14a BQFG)
    - `recognition_decision`: complete documents → recognition decided (§ 14a BQFG)
    - `ba_approval`: the authority asks the BA → approval deemed given the day after
      (§ 36 Abs. 2 BeschV)
    - `visa_appointment`: pre-approval → visa appointment offered (§ 31a AufenthV)
    - `visa_decision`: complete visa application → visa decided (§ 31a AufenthV)

    The period in force on the event date applies; it is counted by § 31 VwVfG with §§ 187–193
    BGB (the event day is not counted; an end on a Saturday, Sunday or public holiday in Lower
    Saxony moves to the next working day). Bad input — an unknown or missing step, a missing or
    impossible date, a date the law has no deadline for — is a 400 with a `detail` message in the
    language of the Accept-Language header (German default, English).
    """
    step, event_date = query.step, query.event_date
    if step not in STEPS:
        return Status(
            400, {"detail": _("The step must be one of: %(steps)s.") % {"steps": ", ".join(STEPS)}}
        )
    on = _event_date(event_date)
    if on is None:
        return Status(400, {"detail": _("The date must be given as YYYY-MM-DD, e.g. 2026-03-01.")})
    try:
        result = deadline(step, on)
    except DeadlineError:
        return Status(400, {"detail": _deadline_refused(step, on)})
    return Status(200, result.as_dict())
