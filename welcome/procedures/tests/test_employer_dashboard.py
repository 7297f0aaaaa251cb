"""The dashboard: only the own company's applications, filters, CSV export, and a query count
that does not grow with the number of applications."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from welcome.procedures.machine import State
from welcome.procedures.models import Application, Deadline
from welcome.procedures.tests.factories import ApplicationFactory, VerifiedCompanyFactory
from welcome.procedures.tests.test_employer_support import employer_client, en

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_company_sees_only_its_own_applications(client):
    own = ApplicationFactory(worker_name="Own Worker")
    other = ApplicationFactory(worker_name="Other Worker")
    employer_client(client, user=own.created_by)
    page = client.get(en("dashboard")).content.decode()
    assert own.reference in page and "Own Worker" in page
    assert other.reference not in page and "Other Worker" not in page


@pytest.mark.parametrize(
    "name",
    ["detail", "edit", "poa_pdf", "agreement_pdf"],
)
def test_another_companys_application_is_not_found(client, name):
    other = ApplicationFactory()
    employer_client(client)
    assert client.get(en(name, application_id=other.pk)).status_code == 404


@pytest.mark.parametrize("name", ["transition", "family_add", "upload", "poa_send", "notice"])
def test_another_companys_application_cannot_be_changed(client, name):
    other = ApplicationFactory(ready=True)
    employer_client(client)
    response = client.post(
        en(name, application_id=other.pk),
        {"transition": "withdraw", "confirm": "on", "name": "X", "relation": "spouse"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == State.DRAFT


def test_a_missing_application_is_not_found(client):
    employer_client(client)
    assert client.get(en("detail", application_id=999999)).status_code == 404


def test_the_filters_narrow_the_list(client):
    company = VerifiedCompanyFactory()
    draft = ApplicationFactory(company=company, worker_name="Dora Draft")
    employer = draft.created_by
    checking = ApplicationFactory(
        company=company, created_by=employer, worker_name="Paul Precheck", state=State.PRE_CHECK
    )
    employer_client(client, user=employer)

    page = client.get(en("dashboard"), {"state": State.PRE_CHECK}).content.decode()
    assert checking.reference in page and draft.reference not in page

    page = client.get(en("dashboard"), {"actor": "employer"}).content.decode()
    assert draft.reference in page and checking.reference not in page

    page = client.get(en("dashboard"), {"q": "dora"}).content.decode()
    assert draft.reference in page and checking.reference not in page

    page = client.get(en("dashboard"), {"q": checking.reference}).content.decode()
    assert checking.reference in page and draft.reference not in page


def test_the_who_acts_next_column_names_the_pre_checker(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    employer_client(client, user=application.created_by)
    page = client.get(en("dashboard")).content.decode()
    assert "Welcome Center" in page


def test_the_running_deadline_is_shown(client):
    application = ApplicationFactory(state=State.BA_REQUESTED)
    deadline = application.deadlines.get(step="ba_approval", met_on__isnull=True)
    employer_client(client, user=application.created_by)
    page = client.get(en("dashboard")).content.decode()
    assert f'datetime="{deadline.due_on.isoformat()}"' in page
    assert "BA approval" in page


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_export_has_a_header_and_the_filtered_rows(client):
    company = VerifiedCompanyFactory()
    draft = ApplicationFactory(company=company, worker_name="Dora Draft")
    ApplicationFactory(company=company, created_by=draft.created_by, state=State.PRE_CHECK)
    employer_client(client, user=draft.created_by)
    response = client.get(en("dashboard"), {"state": State.DRAFT, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["Reference", "Worker", "Step", "Who acts next"]
    assert rows[1:] == [
        [draft.reference, "Dora Draft", "Being prepared", "Your company"] + [""] * 4
    ]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_the_csv_export_neutralises_spreadsheet_formulas(client, name):
    application = ApplicationFactory(worker_name=name)
    employer_client(client, user=application.created_by)
    rows = _csv(client.get(en("dashboard"), {"format": "csv"}))
    assert rows[1][1] == f"'{name}"


RUNNING = [State.DRAFT, State.PRE_CHECK, State.FILED, State.BA_REQUESTED]


def _dashboard_queries(client, count: int) -> tuple[int, int]:
    """Queries of the dashboard and its CSV for ``count`` applications in several steps, with
    open deadlines and expected dates (states set directly: the services are tested elsewhere)."""
    company = VerifiedCompanyFactory()
    first = ApplicationFactory(company=company)
    employer = first.created_by
    today = timezone.localdate()
    for index in range(count - 1):
        application = ApplicationFactory(company=company, created_by=employer)
        state = RUNNING[index % len(RUNNING)]
        Application.objects.filter(pk=application.pk).update(
            state=state,
            pre_checker_id="welcome-center",
            authority_id="zentralstelle-nds"
            if state in (State.FILED, State.BA_REQUESTED)
            else None,
            mode=Application.Mode.RECORDED,
        )
        if state == State.BA_REQUESTED:
            Deadline.objects.create(
                application=application,
                step="ba_approval",
                started_on=today,
                due_on=today + dt.timedelta(days=7),
                citation="§ 36 Abs. 2 BeschV",
            )
    employer_client(client, user=employer)
    cache.clear()  # observed durations are cached: count the queries of a cold start
    with CaptureQueriesContext(connection) as queries:
        response = client.get(en("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<tr>") == count + 1
    # Expected dates are shown (the forecast runs for the whole list).
    assert page.count("<td>–</td>") < count * 2
    cache.clear()
    with CaptureQueriesContext(connection) as csv_queries:
        client.get(en("dashboard"), {"format": "csv"})
    client.logout()
    return len(queries), len(csv_queries)


def test_the_dashboard_needs_the_same_few_queries_for_5_and_50_applications(client):
    few = _dashboard_queries(client, 5)
    many = _dashboard_queries(client, 50)
    assert few == many
    # Login and OTP device, the list, its deadlines, the company; the forecast reads observed
    # durations once per phase and body (a handful), never once per row.
    assert few[0] <= 25


def test_a_long_list_comes_in_pages_with_the_filters_kept_and_the_csv_whole(client):
    first = ApplicationFactory(worker_name="Worker 0")
    company = first.company
    for n in range(1, 53):
        ApplicationFactory(company=company, created_by=first.created_by, worker_name=f"Worker {n}")
    employer_client(client, user=first.created_by)

    page = client.get(en("dashboard")).content.decode()
    assert "53 applications" in page
    assert page.count("<tr>") == 50 + 1
    assert "Page 1 of 2" in page

    second = client.get(en("dashboard"), {"q": "Worker", "page": "2"}).content.decode()
    assert second.count("<tr>") == 3 + 1
    assert "q=Worker&amp;page=1" in second  # the filter travels with the page links
    assert "Page 2 of 2" in client.get(en("dashboard"), {"page": "99"}).content.decode()
    assert "Page 1 of 2" in client.get(en("dashboard"), {"page": "x"}).content.decode()

    rows = list(
        csv.reader(io.StringIO(client.get(en("dashboard"), {"format": "csv"}).content.decode()))
    )
    assert len(rows) == 53 + 1
