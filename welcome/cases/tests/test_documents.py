"""Uploads: type by magic bytes, size cap, sanitised names, versions, nothing stored on refusal."""

import pytest

from welcome.cases.files import MAX_UPLOAD_BYTES, sanitise_file_name
from welcome.cases.models import Document
from welcome.cases.selectors import case_checklist, case_get_for_user
from welcome.cases.services import CaseActionError, document_upload
from welcome.cases.tests.factories import ELF_BYTES, PDF_BYTES, PNG_BYTES, FakeUpload, open_case

pytestmark = pytest.mark.django_db


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_it_refuses_an_executable_named_cv_pdf_and_stores_nothing(lhh_worker, _media):
    case = open_case()
    with pytest.raises(CaseActionError) as error:
        document_upload(case=case, kind="cv", upload=FakeUpload("cv.pdf", ELF_BYTES), by=lhh_worker)
    assert "not a PDF, JPEG or PNG" in str(error.value.message)
    assert Document.objects.count() == 0
    assert stored_files(_media) == []


def test_it_refuses_files_over_10_mb(lhh_worker, _media):
    big = FakeUpload("big.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(CaseActionError):
        document_upload(case=open_case(), kind="cv", upload=big, by=lhh_worker)
    assert stored_files(_media) == []


def test_it_accepts_a_real_png_named_pdf_and_names_it_by_its_content(lhh_worker, _media):
    document = document_upload(
        case=open_case(), kind="photo", upload=FakeUpload("photo.pdf", PNG_BYTES), by=lhh_worker
    )
    assert document.content_type == "image/png"
    assert document.original_name == "photo.png"
    assert document.file.name.endswith(".png")
    assert "photo" not in document.file.name  # random storage path
    assert len(stored_files(_media)) == 1


def test_a_new_upload_of_the_same_kind_is_a_new_version(lhh_worker):
    case = open_case()
    first = document_upload(
        case=case, kind="cv", upload=FakeUpload("cv.pdf", PDF_BYTES), by=lhh_worker
    )
    second = document_upload(
        case=case, kind="cv", upload=FakeUpload("cv-neu.pdf", PDF_BYTES), by=lhh_worker
    )
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name


def test_file_names_are_sanitised():
    assert sanitise_file_name("../../etc/passwd.pdf", "pdf") == "passwd.pdf"
    assert sanitise_file_name("C:\\Users\\x\\Lebenslauf März 2026.PDF", "pdf") == (
        "Lebenslauf_März_2026.pdf"
    )
    assert sanitise_file_name("<script>.jpg", "jpg") == "script.jpg"
    assert sanitise_file_name("", "png") == "document.png"


def test_uploads_need_consent_for_the_institution(lhh_worker, _media):
    case = open_case(consent_for=["welcome-center"])
    with pytest.raises(CaseActionError):
        document_upload(case=case, kind="cv", upload=FakeUpload("cv.pdf", PDF_BYTES), by=lhh_worker)
    assert stored_files(_media) == []


def test_the_checklist_comes_from_the_roadmap_when_the_person_brought_one(lhh_worker):
    case = open_case(
        data={"checklist": ["passport", {"kind": "cv", "label": "Tabular CV in German"}, "Fee"]}
    )
    document_upload(case=case, kind="cv", upload=FakeUpload("cv.pdf", PDF_BYTES), by=lhh_worker)
    items = case_checklist(access=case_get_for_user(user=lhh_worker, case_id=case.pk))
    assert [(i.label, i.done) for i in items] == [
        ("Passport", False),
        ("Tabular CV in German", True),
        ("Fee", False),
    ]


def test_without_a_roadmap_the_checklist_is_the_topic_default(lhh_worker):
    case = open_case(topic="recognition", occupation_isco="7512", consent_for=["hwk-hannover"])
    from welcome.accounts.tests.factories import StaffFactory

    hwk = StaffFactory(institution_id="hwk-hannover")
    items = case_checklist(access=case_get_for_user(user=hwk, case_id=case.pk))
    assert [i.kind for i in items][:2] == ["passport", "cv"]
