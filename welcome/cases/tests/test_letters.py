"""Letters from the case: an invitation, missing documents, a confirmation — previewed, made as
a PDF or sent by e-mail in the person's language, filed on the timeline without their text."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from welcome.accounts.tests.factories import login_verified
from welcome.audit.models import AuditEntry
from welcome.cases import letters, services
from welcome.cases.models import Event
from welcome.cases.tests.factories import PDF_BYTES, FakeUpload, open_case
from welcome.consultations.tests.factories import BookingFactory, ConsultationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def url(case, action=""):
    return f"/en/office/{case.pk}/letters/{action}"


def as_staff(client, user):
    login_verified(client, user)
    return client


def letter_events(case):
    return list(Event.objects.filter(case=case, kind=Event.Kind.LETTER))


def test_the_preview_shows_the_letter_in_the_persons_language_and_records_nothing(
    client, lhh_worker
):
    case = open_case(language="es")
    response = as_staff(client, lhh_worker).get(url(case), {"kind": "invitation"})
    assert response.status_code == 200
    letter = response.context["letter"]
    assert (letter.language, letter.fallback) == ("es", False)
    html = response.content.decode()
    assert '<article class="letter" lang="es" dir="ltr">' in html
    assert "Amina Haddad" in html and case.reference in html
    assert "The letter is written in the person's language: Spanish." in html
    assert letter_events(case) == []
    assert AuditEntry.objects.filter(action="letter_previewed", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_letter_is_a_pdf_in_german_and_in_arabic(client, lhh_worker, language):
    case = open_case(language=language)
    response = as_staff(client, lhh_worker).post(url(case, "pdf/"), {"kind": "invitation"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert f"{case.reference}-invitation-{language}.pdf" in response["Content-Disposition"]
    (event,) = letter_events(case)
    assert event.details == {"kind": "invitation", "language": language, "channel": "pdf"}
    assert AuditEntry.objects.filter(action="letter_made", object_id=str(case.pk)).exists()


def test_an_arabic_letter_runs_right_to_left_with_names_and_citations_isolated(lhh_worker):
    case = open_case(language="ar")
    services.document_upload(
        case=case, kind="passport", upload=FakeUpload("p.pdf", PDF_BYTES), by=lhh_worker
    )
    letter = services.letter_preview(case=case, kind="missing_documents", by=lhh_worker)
    assert letter.direction == "rtl"
    assert '<html lang="ar" dir="rtl">' in letter.document
    assert '<article class="letter" lang="ar" dir="rtl">' in letter.content
    assert "<bdi>Amina Haddad</bdi>" in letter.content
    assert f"<bdi>{case.reference}</bdi>" in letter.content
    assert "<bdi>§ 82 Abs. 1 AufenthG</bdi>" in letter.content  # ABH LHH cites the duty
    with translation.override("ar"):
        missing = gettext("Employment contract or job offer")
        present = gettext("Passport")
    assert missing in letter.content
    assert f"<li>{present}</li>" not in letter.content  # uploaded: not asked for again


def test_a_letter_by_e_mail_goes_in_spanish_with_the_pdf_attached(client, lhh_worker, mailbox):
    case = open_case(language="es")
    slot_start = timezone.now() + dt.timedelta(days=3)
    BookingFactory(
        slot__institution_id="abh-lhh",
        slot__start=slot_start,
        slot__end=slot_start + dt.timedelta(minutes=30),
        request=ConsultationRequestFactory(case_reference=case.reference, language="es"),
    )
    response = as_staff(client, lhh_worker).post(url(case, "send/"), {"kind": "invitation"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert case.reference in message.subject
    with translation.override("es"):
        assert gettext("Hello %(name)s,") % {"name": "Amina Haddad"} in message.body
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == (f"{case.reference}-invitation-es.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    (event,) = letter_events(case)
    assert event.details == {"kind": "invitation", "language": "es", "channel": "email"}
    assert AuditEntry.objects.filter(action="letter_sent", object_id=str(case.pk)).exists()


def test_the_timeline_shows_the_letter_and_the_event_keeps_none_of_its_text(
    client, lhh_worker, mailbox
):
    case = open_case(language="es")
    client = as_staff(client, lhh_worker)
    client.post(url(case, "send/"), {"kind": "confirmation"})
    html = client.get(f"/en/office/{case.pk}/").content.decode()
    assert "Letter “Confirmation of the request” in Spanish, sent by e-mail." in html
    (event,) = letter_events(case)
    assert set(event.details) == {"kind", "language", "channel"}
    stored = str(event.details)
    for text in ("Amina", case.reference, "amina@example.org", "Hannover", "Hola"):
        assert text not in stored


def test_a_language_without_a_translation_gets_a_german_letter_and_the_page_says_so(
    client, lhh_worker
):
    case = open_case(language="fa")  # Persian: a language the letters are not written in
    response = as_staff(client, lhh_worker).get(url(case), {"kind": "confirmation"})
    letter = response.context["letter"]
    assert (letter.language, letter.fallback) == ("de", True)
    assert "no translation into the person's language (Persian)" in response.content.decode()
    with translation.override("de"):
        assert gettext("Hello %(name)s,") % {"name": "<bdi>Amina Haddad</bdi>"} in letter.content


def test_another_institution_cannot_send_a_letter(client, ihk_worker, mailbox):
    case = open_case()  # in the inbox of ABH LHH
    client = as_staff(client, ihk_worker)
    assert client.get(url(case), {"kind": "invitation"}).status_code == 404
    assert client.post(url(case, "send/"), {"kind": "invitation"}).status_code == 404
    assert mail.outbox == []
    assert letter_events(case) == []
    assert AuditEntry.objects.filter(action="access_denied", actor=ihk_worker).exists()


def test_the_institution_that_handed_the_case_over_may_read_it_but_not_write_to_the_person(
    client, lhh_worker, mailbox
):
    from welcome.region.models import Institution

    case = open_case()
    services.case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="abh-region"),
        by=lhh_worker,
        reason="Lives in Garbsen.",
    )
    client = as_staff(client, lhh_worker)
    assert client.get(f"/en/office/{case.pk}/").status_code == 200  # read-only, with consent
    response = client.post(url(case, "send/"), {"kind": "invitation"})
    assert response.status_code == 403
    assert mail.outbox == []
    assert letter_events(case) == []
    assert AuditEntry.objects.filter(action="letter_refused", actor=lhh_worker).exists()


def test_no_letter_without_the_persons_consent_for_the_institution(client, lhh_worker, mailbox):
    case = open_case(consent_for=("welcome-center",))  # in ABH LHH's inbox, no consent for it
    response = as_staff(client, lhh_worker).post(url(case, "pdf/"), {"kind": "invitation"})
    assert response.status_code == 403
    assert letter_events(case) == []
    assert AuditEntry.objects.filter(action="letter_refused").exists()


def test_the_missing_documents_letter_is_refused_when_nothing_is_missing(client):
    from welcome.accounts.tests.factories import StaffFactory

    case = open_case(topic="general")  # the checklist asks for the passport only
    staff = StaffFactory(institution_id=case.inbox_id)
    services.document_upload(
        case=case, kind="passport", upload=FakeUpload("p.pdf", PDF_BYTES), by=staff
    )
    client = as_staff(client, staff)
    preview = client.get(url(case), {"kind": "missing_documents"})
    assert "nothing to ask for" in preview.content.decode()
    response = client.post(url(case, "pdf/"), {"kind": "missing_documents"})
    assert response.status_code == 302
    assert letter_events(case) == []


def test_an_unknown_kind_of_letter_is_refused(lhh_worker):
    case = open_case()
    with pytest.raises(services.CaseActionError):
        services.letter_make(case=case, kind="threat", by=lhh_worker)
    assert letter_events(case) == []


def test_the_case_page_offers_the_letters_and_an_institutions_own_template_wins(
    client, lhh_worker, settings, tmp_path
):
    case = open_case()
    html = as_staff(client, lhh_worker).get(f"/en/office/{case.pk}/").content.decode()
    assert f'action="/en/office/{case.pk}/letters/"' in html
    own = tmp_path / "cases" / "letters" / "abh-lhh"
    own.mkdir(parents=True)
    (own / "confirmation.html").write_text("<article>Our own wording for {{ reference }}</article>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    letter = letters.letter_render(case=case, kind="confirmation", by=lhh_worker)
    assert f"Our own wording for <bdi>{case.reference}</bdi>" in letter.content
