"""The statistics pages and exports: they render in every language, their charts are valid SVG
with plain numbers, groups below five read "fewer than 5", and no personal data leaves."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from welcome.insights import charts
from welcome.insights.export import TABLES
from welcome.insights.tests.factories import WORKER_EMAIL, WORKER_NAME, applications, steps
from welcome.procedures.machine import State

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TODAY = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NUMBER_LIKE = re.compile(r"[-+0-9.,\s]+")
NUMERIC = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "font-size"}
NUMERIC |= {"stroke-width", "viewBox", "stroke-dasharray"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def data():
    """Figures with decimals in the drawing (shares, half-steps of the scale) and one group of
    fewer than five, from a handful of procedures of a named worker."""
    june = dt.date(2026, 6, 15)
    apps = applications(7, filed_on=dt.date(2026, 2, 1), closed_on=june, worker_nationality="MA")
    applications(3, state=State.BA_REQUESTED, filed_on=june, worker_nationality="FJ")
    steps(apps, "conclude_agreement", [3, 7, 7, 12, 13, 21, 22], on=june, acting_body="abh-region")
    steps(apps, "record_ba_approval", [1, 2, 3], on=june, acting_body="ba")
    steps(
        apps,
        "decide_visa",
        [9, 10, 11, 12, 15],
        on=june,
        acting_body="mission",
        within_deadline=[True, True, True, False, True],
    )
    steps(apps, "file", [1, 2, 2, 4, 5], on=june)
    steps(apps, "receive_documents", [6, 6, 7, 9, 9], on=june, from_state=State.DOCUMENTS_MISSING)
    return apps


def svgs(html: str) -> list[ET.Element]:
    found = SVG.findall(html)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 — our own markup, not untrusted


def assert_plain_numbers(svg: ET.Element) -> int:
    """Every number in an attribute reads as a float (a decimal comma would not)."""
    checked = 0
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC or NUMBER_LIKE.fullmatch(value):
                for token in value.split():
                    float(token)  # raises on "12,5"
                    checked += 1
    return checked


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_is_valid_svg_with_plain_numbers_in_every_language(client, data, language):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    response = client.get(f"{prefix}/statistics/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    drawings = svgs(html)
    assert len(drawings) == 4
    for svg in drawings:
        assert svg.get("role") == "img"
        ident = svg.get("aria-labelledby").split()[0]
        title = svg.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.get("id") == ident and title.text.strip()
        assert assert_plain_numbers(svg) > 10
    assert 'direction="rtl"' in html if language == "ar" else 'direction="rtl"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_drawing_functions_never_localise_a_coordinate(language):
    rows = [charts.Row("Ä & <b>", (12.5, 33.25, None)), charts.Row("x", (), note="fewer than 5")]
    with translation.override(language):
        svg = charts.bar_chart(
            "t",
            title="T",
            description="D",
            rows=rows,
            series=("a", "b", "c"),
            number=lambda v: f"{v:,.1f}".replace(".", ","),
            rtl=language == "ar",
        )
        line = charts.line_chart(
            "l",
            title="T",
            description="D",
            series=("a", "b"),
            number=str,
            points=[
                charts.Row("m1", (1.5, 2.25)),
                charts.Row("m2", (None, 3.75)),
                charts.Row("m3", (2.5, 4.0)),
            ],
        )
        share = charts.share_bar(
            "s", title="T", description="D", parts=[charts.Row("a", (1 / 3,), ("⅓",))]
        )
    for drawing in (svg, line, share):
        assert assert_plain_numbers(ET.fromstring(drawing)) > 5  # noqa: S314 — our own markup
    assert "&lt;b&gt;" in svg


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_page_renders(client, data, language):
    prefix = "" if language == "de" else "/ar"
    response = client.get(f"{prefix}/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    # The agreement at the ABH Region: seven steps, median 12 days.
    assert "<td>12</td>" in html
    if language == "ar":
        assert 'dir="rtl"' in html


def test_groups_below_five_read_fewer_than_five(client, data):
    with translation.override("en"):
        html = client.get("/en/statistics/").content.decode()
    # The BA's three answers and the three applications from Fiji are not shown as numbers.
    assert html.count("fewer than 5") >= 3
    assert "<td>3</td><td>–</td>" not in html


def test_the_office_dashboard_is_for_staff_only(staff_client, data):
    response = Client().get("/statistics/office/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    response = staff_client.get("/statistics/office/")
    assert response.status_code == 200
    assert len(svgs(response.content.decode())) == 4


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-02-30",
        "from=tomorrow",
        "from=2026-06-01&to=2026-01-01",
        "from=1990-01-01&to=2026-01-01",
    ],
)
def test_a_bad_period_gets_a_message_and_the_default_figures(client, data, query):
    response = client.get(f"/en/statistics/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "the last twelve months instead" in html
    assert len(svgs(html)) == 4


def test_a_chosen_period_narrows_the_figures_and_the_export_links(client, data):
    html = client.get("/en/statistics/?from=2026-07-01&to=2026-09-30").content.decode()
    assert "No step was completed in this period." in html
    assert "/en/statistics/data.json?from=2026-07-01&amp;to=2026-09-30" in html


def test_csv_exports_every_table_with_plain_numbers(client, data):
    response = client.get("/statistics/data/steps.csv?from=2026-06-01&to=2026-06-30")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "statistics-steps-2026-06-01-2026-06-30.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_step = {(row["step"], row["institution"]): row for row in rows}
    assert by_step["agreement", "abh-region"]["median_days"] == "12"
    assert by_step["ba_approval", "ba"]["count"] == "<5"
    assert by_step["ba_approval", "ba"]["median_days"] == ""
    assert by_step["visa_decision", "mission"]["within_deadline_share"] == "0.8"


def test_an_unknown_table_is_a_404_and_a_bad_period_a_400(client, data):
    assert client.get("/statistics/data/workers.csv").status_code == 404
    response = client.get("/en/statistics/data/steps.csv?to=2026-13-01")
    assert response.status_code == 400
    assert "2026-03-01" in response.content.decode()
    response = client.get("/en/statistics/data.json?from=2026-06-01&to=2026-05-01")
    assert response.status_code == 400
    assert "after its end" in response.json()["detail"]


def test_json_exports_all_tables(client, data):
    document = client.get("/statistics/data.json?from=2026-01-01&to=2026-12-31").json()
    assert (document["from"], document["to"], document["suppressed_below"]) == (
        "2026-01-01",
        "2026-12-31",
        5,
    )
    assert set(document) >= {
        "steps",
        "phases",
        "months",
        "time_split",
        "states",
        "occupations",
        "countries",
    }
    ba = next(row for row in document["steps"] if row["step"] == "ba_approval")
    assert ba["count"] is None and ba["suppressed"] is True
    assert {row["key"]: row["count"] for row in document["countries"]} == {"MA": 7, "FJ": None}
    assert [row["month"] for row in document["months"]][:2] == ["2026-01", "2026-02"]


def test_no_personal_data_leaves_the_statistics(staff_client, data):
    client = Client()
    answers = [
        client.get("/statistics/").content,
        client.get("/ar/statistics/?from=2026-01-01&to=2026-12-31").content,
        staff_client.get("/statistics/office/").content,
        client.get("/statistics/data.json?from=2026-01-01&to=2026-12-31").content,
        client.get("/api/v1/statistics/processing-times?from=2026-01-01&to=2026-12-31").content,
    ]
    answers += [client.get(f"/statistics/data/{t}.csv?from=2026-01-01").content for t in TABLES]
    for content in answers:
        text = content.decode()
        assert WORKER_NAME not in text
        assert WORKER_EMAIL not in text
        assert "Geheimname" not in text


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_page_renders_before_any_procedure_finished(client, language):
    prefix = "" if language == "de" else "/ar"
    response = client.get(f"{prefix}/statistics/")
    assert response.status_code == 200
    for svg in svgs(response.content.decode()):
        assert_plain_numbers(svg)
