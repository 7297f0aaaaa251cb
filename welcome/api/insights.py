"""GET /api/v1/statistics/processing-times — how long the steps of the § 81a procedure take.

Open data, no authentication: the figures are counts and percentiles of finished steps, never
anything about a person. Groups of fewer than five are left out (the row is omitted). Input is
read here, not by ninja's validation, so every refusal is a 400 with one clear sentence in the
language of the Accept-Language header.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from welcome.api.errors import responses
from welcome.insights.period import PeriodError, from_query
from welcome.insights.selectors import SUPPRESS_BELOW, processing_times
from welcome.procedures.phases import PHASES

router = Router(tags=["statistics"])


class ProcessingTimeOut(Schema):
    step: str = Field(
        description="The step (phase) of the procedure, named by a stable key.",
        json_schema_extra={"enum": list(PHASES)},
        examples=["ba_approval"],
    )
    institution: str = Field(
        description="Who acted during the step: an institution id of the Region (e.g. "
        "`zentralstelle-nds`, `welcome-center`), a recognition body (`ihk-fosa`, `zab`, "
        "`state-body`, `hwk-hannover`), or `ba`, `mission`, `residence_abh`, `employer`.",
        examples=["ba"],
    )
    count: int = Field(description=f"Steps completed in the period (at least {SUPPRESS_BELOW}).")
    median_days: int = Field(description="Median of the calendar days the step took.")
    p80_days: int = Field(description="80th percentile (nearest rank) in days.")
    p90_days: int = Field(description="90th percentile (nearest rank) in days.")
    within_deadline_share: float | None = Field(
        description="Share (0–1) of the steps measured against a statutory deadline that met "
        f"it; null when no deadline applies or fewer than {SUPPRESS_BELOW} were measured.",
        examples=[0.93],
    )


class ProcessingTimesOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date = Field(alias="from", description="First day of the period (included).")
    to: dt.date = Field(description="Last day of the period (included).")
    steps: list[ProcessingTimeOut]


class PeriodQuery(Schema):
    # Plain strings, checked in the view: a wrong value gets our sentence, not pydantic's.
    model_config = ConfigDict(populate_by_name=True)

    from_: str | None = Field(
        None,
        alias="from",
        description="First day, YYYY-MM-DD (default: one year before `to`, plus a day).",
        json_schema_extra={"format": "date"},
        examples=["2026-01-01"],
    )
    to: str | None = Field(
        None,
        description="Last day, YYYY-MM-DD (default: today).",
        json_schema_extra={"format": "date"},
        examples=["2026-06-30"],
    )


@router.get(
    "/statistics/processing-times",
    response=responses({200: ProcessingTimesOut}),
    by_alias=True,
    summary="Processing times per step and acting institution of the accelerated procedure",
    url_name="statistics_processing_times",
    openapi_extra={
        "responses": {
            200: {"description": "The processing times; groups of fewer than five are omitted."},
            400: {
                "description": "A date that is empty or not a real day written YYYY-MM-DD, "
                "`from` after `to`, or a period over ten years; `detail` says which."
            },
        }
    },
)
def statistics_processing_times(request, query: Query[PeriodQuery]):
    """For each step of the accelerated skilled-worker procedure (§ 81a AufenthG) and the
    institution that acted meanwhile: how many steps were completed between `from` and `to`
    (both included, by the day the step was completed), and how many calendar days they took —
    median, 80th and 90th percentile, exact whole days by the nearest-rank method — and which
    share met its statutory deadline (§ 14a BQFG, § 36 Abs. 2 BeschV, § 31a AufenthV).

    Both bounds are optional; without them the last twelve months up to today. **Groups of
    fewer than five completed steps are omitted from `steps`** (privacy: no figure ever speaks
    about fewer than five procedures), so a missing combination means "none or fewer than five".
    Steps are named by stable keys: `preparation`, `pre_check`, `filing`, `agreement`,
    `recognition_request`, `recognition`, `ba_request`, `ba_approval`, `pre_approval`,
    `visa_appointment`, `visa_decision`, `entry`, `residence_permit_request`,
    `residence_permit`. Bad dates are a 400 with a `detail` message in the language of the
    Accept-Language header.
    """
    try:
        period = from_query(query.from_, query.to, today=timezone.localdate())
    except PeriodError as error:
        return Status(400, {"detail": error.message})
    steps = [
        {
            "step": row.phase,
            "institution": row.institution,
            "count": row.durations.count,
            "median_days": row.durations.median,
            "p80_days": row.durations.p80,
            "p90_days": row.durations.p90,
            "within_deadline_share": (
                None if row.durations.within_share is None else round(row.durations.within_share, 4)
            ),
        }
        for row in processing_times(period=period)
        if not row.durations.suppressed
    ]
    return Status(200, {"from": period.start, "to": period.end, "steps": steps})
