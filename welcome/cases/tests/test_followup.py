"""Follow-up after a handover: the sender lands on a page that exists, "Cases we handed over"
lists the case with where it is now, and the sender keeps a read-only view as far as the
person's consent allows."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from welcome.cases.models import Case, Consent
from welcome.cases.services import consent_withdraw
from welcome.cases.tests.test_triage import browser_of, detail, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_form(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def hand_over(browser, case, to="ihk-hannover", reason="The IHK checks the documents."):
    return browser.post(
        reverse("cases:handover", kwargs={"case_id": case.pk}),
        {"to_institution": to, "reason": reason},
    )


def test_cases_we_handed_over_lists_a_public_request_with_where_it_is_now(client):
    """The regression: "Cases we handed over" stayed empty for every public request.

    The list (and the read-only view) keep a handed-over case only while the person's
    "case_handling" consent for the sender stands, but the public form recorded "advice" alone for
    the Welcome Center. So each handover from triage dropped the case from the sender's view (and
    the redirect to its page was a 404). The required consent now covers advice and case handling
    for the Welcome Center and the proposed partner.
    """
    case = submit(client, topic="recognition", qualification="Kauffrau für Büromanagement")
    wc = browser_of("welcome-center")
    hand_over(wc, case)

    page = wc.get(reverse("cases:inbox"), {"scope": "sent"}).content.decode()
    assert case.reference in page
    row = page[page.index(f">{case.reference}</a>") :]
    row = row[: row.index("</tr>")]
    assert "IHK Hannover" in row  # where it is now
    assert "Handed over" in row  # its status there
    assert "Priya Sharma" in row  # and whose case it is, as the consent allows


def test_after_a_handover_the_sender_lands_on_its_inbox_not_on_a_404(client):
    case = submit(client, topic="general")
    wc = browser_of("welcome-center")
    response = hand_over(wc, case)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:inbox") + "?scope=sent"

    page = wc.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Case {case.reference} has been handed over to IHK Hannover." in html
    assert f'<a href="{detail(case)}">Open the read-only view</a>' in html

    read_only = wc.get(detail(case))
    assert read_only.status_code == 200
    text = read_only.content.decode()
    assert "This case is now with another institution." in text
    assert reverse("cases:handover", kwargs={"case_id": case.pk}) not in text


def test_one_click_accept_also_lands_on_the_inbox_with_the_link(client):
    case = submit(client, topic="residence", municipality="Hannover")
    wc = browser_of("welcome-center")
    response = wc.post(reverse("cases:accept_proposal", kwargs={"case_id": case.pk}), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Case {case.reference} has been handed over to ABH Landeshauptstadt Hannover." in html
    assert case.reference in html  # listed under "Cases we handed over"


def test_without_case_handling_consent_the_sender_is_told_instead_of_sent_to_a_404(client):
    case = submit(client, topic="general")
    wc = browser_of("welcome-center")
    consent = case.consents.get(institution_id="welcome-center", purpose="case_handling")
    consent_withdraw(consent=consent, by=wc.user)

    response = hand_over(wc, case)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:inbox")
    html = wc.get(response["Location"]).content.decode()
    assert "you can no longer open it" in html
    assert wc.get(detail(case)).status_code == 404
    sent = wc.get(reverse("cases:inbox"), {"scope": "sent"}).content.decode()
    assert case.reference not in sent


def test_the_sender_reads_but_cannot_change_the_case_and_loses_it_with_the_consent(client):
    case = submit(client, topic="general")
    wc = browser_of("welcome-center")
    hand_over(wc, case)

    note = wc.post(reverse("cases:note", kwargs={"case_id": case.pk}), {"text": "Still mine?"})
    assert note.status_code == 400
    assert not case.notes.exists()

    # The person withdraws the Welcome Center's consent at the IHK: the next request sees nothing.
    ihk = browser_of("ihk-hannover")
    consent = Consent.objects.get(
        case=case, institution_id="welcome-center", purpose="case_handling"
    )
    consent_withdraw(consent=consent, by=ihk.user)
    assert wc.get(detail(case)).status_code == 404
    assert Case.objects.get(pk=case.pk).inbox_id == "ihk-hannover"
