"""The pages: thin views over selectors and services, forms keep input, errors are 4xx."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.cases.models import Case, Document
from welcome.cases.tests.factories import ELF_BYTES, PDF_BYTES, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def lhh_client(client, lhh_worker):
    login_verified(client, lhh_worker)
    client.user = lhh_worker
    return client


def detail(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def test_the_inbox_needs_a_verified_second_factor(client, lhh_worker):
    client.force_login(lhh_worker)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 302
    assert reverse("accounts:otp") in response["Location"]


def test_the_inbox_lists_the_cases_of_the_institution(lhh_client):
    mine = open_case(municipality="Hannover")
    other = open_case(municipality="Garbsen")
    response = lhh_client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert mine.reference in response.content.decode()
    assert other.reference not in response.content.decode()
    assert "Amina Haddad" in response.content.decode()


def test_the_inbox_filters_and_searches_notes(lhh_client):
    from welcome.cases.services import note_add

    turkish = open_case(language="tr")
    english = open_case(language="en")
    page = lhh_client.get(reverse("cases:inbox"), {"language": "en"}).content.decode()
    assert english.reference in page and turkish.reference not in page
    note_add(case=turkish, text="Sprachzertifikat B1 liegt vor", by=lhh_client.user)
    page = lhh_client.get(reverse("cases:inbox"), {"q": "Sprachzertifikat"}).content.decode()
    assert turkish.reference in page and english.reference not in page


def test_the_inbox_works_in_english(lhh_client):
    response = lhh_client.get("/en/office/")
    assert response.status_code == 200
    assert "Inbox" in response.content.decode()


def test_guessing_the_url_of_another_institutions_case_is_a_404_and_logged(lhh_client):
    region_case = open_case(municipality="Garbsen")
    assert lhh_client.get(detail(region_case)).status_code == 404
    assert (
        lhh_client.post(reverse("cases:take", kwargs={"case_id": region_case.pk})).status_code
        == 404
    )
    assert AuditEntry.objects.filter(action="access_denied").count() == 2


def test_the_case_page_shows_data_and_is_audited(lhh_client):
    case = open_case(municipality="Hannover")
    response = lhh_client.get(detail(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Amina Haddad" in page and "Timeline" in page
    assert AuditEntry.objects.filter(action="case_viewed", object_id=str(case.pk)).exists()


def test_the_case_page_hides_personal_data_without_consent(lhh_client):
    case = open_case(municipality="Hannover", consent_for=["welcome-center"])
    page = lhh_client.get(detail(case)).content.decode()
    assert "Amina Haddad" not in page
    assert "not consented" in page


def test_take_then_note_through_the_pages(lhh_client):
    case = open_case()
    response = lhh_client.post(reverse("cases:take", kwargs={"case_id": case.pk}))
    assert response.status_code == 302
    response = lhh_client.post(
        reverse("cases:note", kwargs={"case_id": case.pk}), {"text": "Called the person."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == lhh_client.user
    assert case.notes.get().text == "Called the person."


def test_an_empty_note_is_refused_with_a_message(lhh_client):
    case = open_case()
    response = lhh_client.post(reverse("cases:note", kwargs={"case_id": case.pk}), {"text": ""})
    assert response.status_code == 400
    assert "Please write a note." in response.content.decode()


def test_a_handover_without_reason_keeps_the_chosen_institution(lhh_client):
    case = open_case()
    response = lhh_client.post(
        reverse("cases:handover", kwargs={"case_id": case.pk}),
        {"to_institution": "abh-region", "reason": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please give a reason for the handover." in page
    assert '<option value="abh-region" selected>' in page


def test_handover_through_the_page_moves_the_case(lhh_client, region_worker, client):
    case = open_case()
    response = lhh_client.post(
        reverse("cases:handover", kwargs={"case_id": case.pk}),
        {"to_institution": "abh-region", "reason": "The person lives in Garbsen."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).inbox_id == "abh-region"


def test_uploading_an_executable_named_cv_pdf_is_refused_clearly(lhh_client, _media):
    case = open_case()
    upload = SimpleUploadedFile("cv.pdf", ELF_BYTES, content_type="application/pdf")
    response = lhh_client.post(
        reverse("cases:upload", kwargs={"case_id": case.pk}), {"kind": "cv", "file": upload}
    )
    assert response.status_code == 400
    assert "is not a PDF, JPEG or PNG file" in response.content.decode()
    assert Document.objects.count() == 0
    assert not _media.exists() or not any(p.is_file() for p in _media.rglob("*"))


def test_a_real_pdf_is_uploaded_and_downloadable(lhh_client):
    case = open_case()
    upload = SimpleUploadedFile("Lebenslauf.pdf", PDF_BYTES, content_type="application/pdf")
    response = lhh_client.post(
        reverse("cases:upload", kwargs={"case_id": case.pk}), {"kind": "cv", "file": upload}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    response = lhh_client.get(
        reverse("cases:document", kwargs={"case_id": case.pk, "document_id": document.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "Lebenslauf.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action="document_downloaded", object_id=str(document.pk)
    ).exists()


def test_a_refused_download_is_audited_as_a_refusal_not_as_a_download(lhh_client):
    case = open_case()
    response = lhh_client.get(
        reverse("cases:document", kwargs={"case_id": case.pk, "document_id": 999})
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="document_downloaded").exists()
    refusal = AuditEntry.objects.get(action="access_denied")
    assert refusal.details["requested_document"] == "999"


def test_the_export_is_a_json_download(lhh_client):
    case = open_case()
    response = lhh_client.post(reverse("cases:export", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["person"]["name"] == "Amina Haddad"


def test_withdrawing_our_own_consent_leads_back_to_the_inbox(lhh_client):
    case = open_case(consent_for=["abh-lhh"])
    for consent in case.consents.filter(purpose__in=["advice", "pre_check"]):
        lhh_client.post(
            reverse("cases:withdraw_consent", kwargs={"case_id": case.pk, "consent_id": consent.pk})
        )
    consent = case.consents.get(purpose="case_handling")
    response = lhh_client.post(
        reverse("cases:withdraw_consent", kwargs={"case_id": case.pk, "consent_id": consent.pk})
    )
    assert response.status_code == 302
    page = lhh_client.get(detail(case)).content.decode()
    assert "Amina Haddad" not in page


def test_team_leads_assign_through_the_page(client, lhh_worker):
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    login_verified(client, lead)
    case = open_case()
    response = client.post(
        reverse("cases:assign", kwargs={"case_id": case.pk}), {"assignee": lhh_worker.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assignee == lhh_worker


def test_find_by_reference_opens_the_case_or_404s(lhh_client):
    case = open_case()
    other = open_case(municipality="Garbsen")
    response = lhh_client.get(reverse("cases:find"), {"reference": case.reference.lower()})
    assert response.status_code == 302 and response["Location"].endswith(detail(case))
    response = lhh_client.get(reverse("cases:find"), {"reference": other.reference})
    assert response.status_code == 404


def test_the_case_page_survives_a_note_whose_author_was_removed(lhh_client):
    from welcome.cases.services import note_add

    case = open_case()
    author = StaffFactory(institution_id="abh-lhh")
    note_add(case=case, text="Written by a former colleague.", by=author)
    author.delete()
    response = lhh_client.get(detail(case))
    assert response.status_code == 200
    assert "former colleague" in response.content.decode()


def test_the_inbox_links_each_case_to_its_page(lhh_client):
    case = open_case()
    page = lhh_client.get(reverse("cases:inbox")).content.decode()
    assert f'href="{detail(case)}"' in page


def test_the_case_page_points_every_form_at_its_url(lhh_client):
    case = open_case()
    page = lhh_client.get(detail(case)).content.decode()
    for name in ("take", "status", "note", "handover", "consent", "upload", "export"):
        assert f'action="{reverse(f"cases:{name}", kwargs={"case_id": case.pk})}"' in page
    consent = case.consents.first()
    withdraw = reverse(
        "cases:withdraw_consent", kwargs={"case_id": case.pk, "consent_id": consent.pk}
    )
    assert f'action="{withdraw}"' in page


def test_a_long_timeline_shows_the_latest_entries_and_links_to_all(lhh_client):
    import datetime as dt
    import re

    from django.utils import timezone

    from welcome.cases.models import Event
    from welcome.cases.presenters import TIMELINE_LIMIT

    case = open_case()
    later = timezone.now() + dt.timedelta(hours=1)
    Event.objects.bulk_create(
        Event(case=case, kind="note", at=later + dt.timedelta(minutes=i))
        for i in range(TIMELINE_LIMIT + 5)
    )

    def moments(page):  # oldest first, in both views
        return re.findall(r'<li><time datetime="([^"]+)"', page)

    page = lhh_client.get(detail(case)).content.decode()
    assert page.count("<li><time") == TIMELINE_LIMIT
    assert 'href="?timeline=all#h-timeline"' in page
    assert moments(page) == sorted(moments(page))
    page = lhh_client.get(detail(case), {"timeline": "all"}).content.decode()
    assert page.count("<li><time") == case.events.count()
    assert 'href="?timeline=all#h-timeline"' not in page
    assert moments(page) == sorted(moments(page)) and len(set(moments(page))) > TIMELINE_LIMIT


def test_team_leads_filter_handed_over_cases_by_where_they_are_now(client):
    from welcome.cases.services import case_hand_over
    from welcome.region.models import Institution

    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    login_verified(client, lead)
    case = open_case()
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="abh-region"),
        by=lead,
        reason="Lives in Garbsen.",
    )
    page = client.get(reverse("cases:inbox"), {"institution": "abh-region"}).content.decode()
    assert case.reference in page
    assert '<option value="abh-region" selected>' in page
    page = client.get(reverse("cases:inbox"), {"institution": "ihk-hannover"}).content.decode()
    assert case.reference not in page


def test_a_case_workers_inbox_has_no_institution_filter(lhh_client):
    page = lhh_client.get(reverse("cases:inbox"), {"status": "new"}).content.decode()
    assert 'name="institution"' not in page
    assert '<option value="new" selected>' in page


def test_a_refused_step_is_audited_as_a_refusal(lhh_client):
    case = open_case()
    lhh_client.post(reverse("cases:take", kwargs={"case_id": case.pk}))
    response = lhh_client.post(reverse("cases:take", kwargs={"case_id": case.pk}))  # taken
    assert response.status_code == 302
    refusal = AuditEntry.objects.get(action="action_refused")
    assert refusal.details == {"step": "take", "case": case.pk}
    assert refusal.reason == "Dieser Vorgang wurde bereits übernommen oder abgeschlossen."


def test_the_case_page_s_fixed_parts_follow_the_language_and_a_refused_form_stays_its_own(
    lhh_client,
):
    """The letters section and the consents' table head are rendered once per language ({% memo
    %}); a form's fields once per language while unbound. A refused step shows its own entries and
    errors, and neither leaks into the next page."""
    case = open_case()
    texts = {}
    for language in ("en", "de", "ar"):
        with translation.override(language):
            texts[language] = (gettext("Show the preview"), gettext("Withdrawn"))
    assert len({fixed for fixed, _ in texts.values()}) == 3  # three languages, three texts
    for _round in range(2):
        for language, expected in texts.items():
            with translation.override(language):
                url = reverse("cases:detail", kwargs={"case_id": case.pk})
            html = lhh_client.get(url).content.decode()
            assert all(text in html for text in expected), language
            assert "form-errors" not in html

    with translation.override("en"):
        page, handover = (
            reverse(name, kwargs={"case_id": case.pk})
            for name in ("cases:detail", "cases:handover")
        )
    refused = lhh_client.post(handover, {"to_institution": "abh-region", "reason": ""})
    refused = refused.content.decode()
    assert "Please give a reason for the handover." in refused
    assert '<option value="abh-region" selected>' in refused
    assert 'name="text"' in refused and "Please write a note." not in refused
    again = lhh_client.get(page).content.decode()
    assert "form-errors" not in again
    assert '<option value="abh-region" selected>' not in again
