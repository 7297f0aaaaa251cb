"""Test data straight into the tables (bulk_create): finished phases as the statistics read them.

`applications(n)` makes n applications of one company; `steps(...)` records one finished phase
per application with the given days. Far quicker than walking the services, and exact: the tests
decide every number.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from welcome.accounts.tests.factories import CompanyFactory
from welcome.procedures import machine
from welcome.procedures.models import Application, Step

WORKER_NAME = "Zeynep Geheimname"
WORKER_EMAIL = "zeynep.geheim@example.net"
_numbers = itertools.count(1)


def applications(count: int, *, company=None, **fields) -> list[Application]:
    company = company or CompanyFactory()
    defaults = {
        "state": machine.State.CLOSED,
        "state_since": dt.date(2026, 6, 1),
        "worker_name": WORKER_NAME,
        "worker_email": WORKER_EMAIL,
        "worker_nationality": "IN",
        "occupation_isco": "2512",
        "authority_id": "zentralstelle-nds",
        **fields,
    }
    return Application.objects.bulk_create(
        Application(reference=f"ST-{next(_numbers):08d}", company=company, **defaults)
        for _ in range(count)
    )


def steps(
    apps: list[Application],
    transition: str,
    days: list[int],
    *,
    on: dt.date = dt.date(2026, 6, 1),
    from_state: str | None = None,
    acting_body: str | None = None,
    within_deadline: list[bool | None] | None = None,
) -> list[Step]:
    """One step ``transition`` per value of ``days`` (applications reused round-robin)."""
    spec = machine.TRANSITIONS[transition]
    source = from_state or spec.sources[0]
    waiting_for = machine.WAITING_FOR.get(source, "")
    body = acting_body if acting_body is not None else waiting_for
    target = spec.target or "filed"
    within = within_deadline or [None] * len(days)
    at = timezone.now()
    return Step.objects.bulk_create(
        Step(
            application=apps[index % len(apps)],
            transition=transition,
            from_state=source,
            to_state=target,
            on=on,
            at=at,
            source=Step.Source.PLATFORM,
            waiting_for=waiting_for,
            acting_body=body,
            days=value,
            within_deadline=within[index],
        )
        for index, value in enumerate(days)
    )
