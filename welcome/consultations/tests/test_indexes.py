"""The lookups that run on every case page find their rows through an index, not a scan of every
request (at 750,000 requests a scan took 80 ms of each case page)."""

import pytest
from django.db import connection, transaction

from welcome.consultations.models import Booking

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_a_cases_appointments_are_found_through_the_request_reference_index():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would be scanned
        plan = (
            Booking.objects.select_related("slot", "request")
            .filter(request__case_reference="WC-2026-000001", request__erased_at__isnull=True)
            .explain()
        )
    assert "consultation_request_case" in plan
