"""The checklist on the application page: uploads, refused files, rejected documents replaced in
place, the authority's notice in the "recorded" mode, downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from welcome.accounts.tests.factories import StaffFactory
from welcome.procedures import services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Document
from welcome.procedures.tests.factories import ApplicationFactory, authority_user, pdf
from welcome.procedures.tests.test_employer_support import employer_client, en

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_checklist_shows_every_document_as_missing_at_first(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Copy of the passport" in page
    assert "Tabular CV in German" in page
    assert page.count("case-status-missing") == len(services.required_documents(application))


def test_an_upload_fills_its_checklist_item(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    response = client.post(
        en("upload", application_id=application.pk),
        {"key": "cv_german", "file": pdf("lebenslauf.pdf")},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#doc-cv_german-w")
    document = application.documents.get()
    assert document.key == "cv_german" and document.review == Document.Review.UPLOADED
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "lebenslauf.pdf" in page


def test_a_file_of_the_wrong_type_is_refused_with_a_message_and_nothing_is_lost(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    services.document_upload(
        application=application, key="cv_german", upload=pdf(), by=application.created_by
    )
    fake = SimpleUploadedFile(
        "passport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        en("upload", application_id=application.pk), {"key": "passport_copy", "file": fake}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please check your entries." in page
    assert 'href="#id_doc_passport_copy_w_file"' in page  # the summary leads to the field
    assert 'id="id_doc_passport_copy_w_file"' in page
    assert list(application.documents.values_list("key", flat=True)) == ["cv_german"]


def test_a_key_outside_the_checklist_is_refused(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    response = client.post(
        en("upload", application_id=application.pk), {"key": "<script>", "file": pdf()}
    )
    assert response.status_code == 400
    assert "Please choose a document from the checklist." in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert not application.documents.exists()


def _rejected(application: Application) -> Document:
    """Pre-check at the Welcome Center, which rejects the passport copy and returns findings."""
    services.application_transition(
        application=application,
        name="request_pre_check",
        by=application.created_by,
        pre_checker="welcome-center",
    )
    staff = StaffFactory(institution_id="welcome-center")
    passport = application.documents.get(key="passport_copy")
    services.document_review(
        document=passport, approve=False, reason="Die Seite mit dem Foto fehlt.", by=staff
    )
    services.application_transition(application=application, name="return_findings", by=staff)
    return passport


def test_a_rejected_document_shows_the_reason_and_is_replaced_in_place(client):
    application = ApplicationFactory(ready=True)
    rejected = _rejected(application)
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Die Seite mit dem Foto fehlt." in page
    assert "case-status-rejected" in page

    response = client.post(
        en("upload", application_id=application.pk),
        {"key": "passport_copy", "file": pdf("passport-complete.pdf")},
    )
    assert response.status_code == 302
    newest = application.documents.filter(key="passport_copy").order_by("-version").first()
    assert newest.version == rejected.version + 1
    assert newest.review == Document.Review.UPLOADED
    item = next(i for i in services.checklist(application) if i["key"] == "passport_copy")
    assert item["document"] == newest
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "case-status-rejected" not in page


def test_no_upload_form_while_the_pre_check_runs(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert 'name="file"' not in page
    response = client.post(
        en("upload", application_id=application.pk), {"key": "cv_german", "file": pdf()}
    )
    assert response.status_code == 400
    assert "only be changed while it is being prepared" in response.content.decode()


def test_a_document_is_downloaded_by_its_company_only(client):
    application = ApplicationFactory(ready=True)
    document = application.documents.first()
    employer_client(client, user=application.created_by)
    response = client.get(en("document", application_id=application.pk, document_id=document.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    other = ApplicationFactory(ready=True)
    foreign = other.documents.first()
    assert (
        client.get(
            en("document", application_id=application.pk, document_id=foreign.pk)
        ).status_code
        == 404
    )


def _recorded_and_filed() -> Application:
    application = ApplicationFactory(state=State.FILED)
    application.refresh_from_db()
    assert application.mode == Application.Mode.RECORDED  # the Zentralstelle since 2026
    return application


def test_the_authority_notice_can_be_uploaded_in_the_recorded_mode(client):
    application = _recorded_and_filed()
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Notices from the authority" in page
    response = client.post(
        en("notice", application_id=application.pk), {"file": pdf("bescheid.pdf")}
    )
    assert response.status_code == 302
    notice = application.documents.get(key=services.AUTHORITY_NOTICE)
    assert notice.review == Document.Review.UPLOADED
    # The Welcome Center, which records the Zentralstelle's steps, reviews it.
    services.document_review(document=notice, approve=True, by=authority_user(application))
    notice.refresh_from_db()
    assert notice.review == Document.Review.ACCEPTED


def test_the_authority_notice_is_refused_before_filing(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    response = client.post(en("notice", application_id=application.pk), {"file": pdf()})
    assert response.status_code == 400
    assert "only while the filed procedure runs" in response.content.decode()
    assert not application.documents.exists()
