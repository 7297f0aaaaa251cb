"""The generated PDFs: the power of attorney (German and the worker's language) and the
agreement per § 81a Abs. 2 AufenthG, in German and Arabic."""

import datetime as dt

import pytest
from django.utils import translation

from welcome.procedures import pdf, services
from welcome.procedures.tests.factories import ApplicationFactory
from welcome.procedures.tests.test_employer_support import employer_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _path(language: str, application, name: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse(f"procedures:{name}", kwargs={"application_id": application.pk})


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", ["poa_pdf", "agreement_pdf"])
def test_the_pdfs_render(client, language, name):
    application = ApplicationFactory(worker_language="ar")
    services.family_member_add(
        application=application,
        by=application.created_by,
        name="Karim Haddad",
        relation="spouse",
        birth_date=dt.date(1990, 1, 1),
    )
    employer_client(client, user=application.created_by)
    response = client.get(_path(language, application, name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


@pytest.fixture
def html_instead_of_pdf(monkeypatch):
    """The HTML the PDF is made from, to read what it says."""
    monkeypatch.setattr(pdf, "pdf_bytes", lambda html: html.encode())


def test_the_agreement_names_the_parties_the_deadlines_the_duty_and_the_fee(html_instead_of_pdf):
    application = ApplicationFactory(needs_recognition=True, needs_ba_approval=True)
    with translation.override("en"):
        html = pdf.agreement_pdf(application).decode()
    assert '<html lang="en" dir="ltr">' in html
    assert application.company.name in html
    assert application.worker_name in html
    assert "Pflegefachkraft (Nursing professionals, ISCO-08 2221)" in html
    assert "Zentralstelle" in html  # competent for Garbsen since 2026
    assert "within 1 week" in html  # BA, § 36 Abs. 2 BeschV
    assert "§ 36 Abs. 2 BeschV" in html
    assert "within 2 weeks and decides within 2 months" in html  # § 14a BQFG
    assert "within 3 weeks of the pre-approval" in html  # § 31a AufenthV
    assert "§ 4a Abs. 5 AufenthG" in html
    assert "411 €" in html
    assert "Consequences of breaches" in html
    assert "The agreement is concluded in German." in html


def test_the_agreement_leaves_out_the_steps_the_application_does_not_need(html_instead_of_pdf):
    application = ApplicationFactory(needs_recognition=False, needs_ba_approval=False)
    with translation.override("en"):
        html = pdf.agreement_pdf(application).decode()
    assert "§ 36 Abs. 2 BeschV" not in html
    assert "§ 14a BQFG" not in html


def test_the_power_of_attorney_is_in_german_and_in_the_workers_language(html_instead_of_pdf):
    application = ApplicationFactory(worker_language="ar")
    with translation.override("en"):
        html = pdf.power_of_attorney_pdf(application).decode()
    assert html.count("<section") == 2
    assert '<section lang="de" dir="ltr">' in html
    assert '<section lang="ar" dir="rtl">' in html
    assert html.count(application.worker_name) == 2


def test_a_german_speaking_worker_gets_one_section(html_instead_of_pdf):
    application = ApplicationFactory(worker_language="de")
    html = pdf.power_of_attorney_pdf(application).decode()
    assert html.count("<section") == 1
