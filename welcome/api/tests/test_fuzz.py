"""Schemathesis over the whole OpenAPI schema: every operation, anonymous and with a token.

The schema is read from the app itself (`/api/v1/openapi.json` through the WSGI handler, in this
process), and every generated request — valid and invalid input, other methods — goes through
the same handler into the test's database, so the token and the cases made below are seen. Each
answer must be no server error, have a documented status code and content type, and match the
documented schema (body and headers).

Bounded and repeatable for CI: few examples per operation, derandomized (the same requests on
every run and on every xdist worker), no example database. `WELCOME_FUZZ_EXAMPLES=200` explores
further on a developer's machine.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from welcome.api.clients import api_client_create
from welcome.cases.tests.factories import open_case
from welcome.knowledge.tests.factories import published_entry
from welcome.region.models import Institution
from welcome.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

FUZZ = settings(
    max_examples=int(os.environ.get("WELCOME_FUZZ_EXAMPLES", "15")),
    deadline=None,
    derandomize=True,
    database=None,
    # The fixture's rows are shared by the examples of a test on purpose; a request through the
    # whole stack takes longer than Hypothesis expects of a pure function.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(db):
    """A token of the ABH Landeshauptstadt, two of its cases, one of the Region's, an FAQ entry."""
    # Django's handler closes the connection after each request, which would end the test's
    # transaction; Django's test client disconnects the same two receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _client, secret = api_client_create(
            institution=Institution.objects.get(pk="abh-lhh"),
            name="Fuzzer",
            scopes=["cases:read", "cases:write"],
        )
        published_entry()
        cases = [open_case(municipality="Hannover") for _ in range(2)]
        cases.append(open_case(municipality="Garbsen"))
        yield {"token": secret, "case_ids": [case.pk for case in cases]}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _towards_real_rows(case, world):
    """Point most generated ids at rows that exist, so reads and writes reach real data; the
    rest stay as generated (almost always no such row)."""

    def pick(generated, known):
        if isinstance(generated, int) and not isinstance(generated, bool):
            index = generated % (len(known) + 1)
        elif isinstance(generated, str):
            index = len(generated) % (len(known) + 1)
        else:
            return generated
        return known[index] if index < len(known) else generated

    if "case_id" in (case.path_parameters or {}):
        case.path_parameters["case_id"] = pick(case.path_parameters["case_id"], world["case_ids"])
    if isinstance(case.body, dict) and "to_institution" in case.body:
        institutions = ["abh-region", "welcome-center"]
        case.body["to_institution"] = pick(case.body["to_institution"], institutions)


@schema.parametrize()
@FUZZ
def test_anonymous(case, world):
    _towards_real_rows(case, world)
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_with_a_token(case, world):
    _towards_real_rows(case, world)
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)
