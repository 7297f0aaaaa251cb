"""No copy of personal data in a browser or proxy cache: `Cache-Control: no-store` on every
answer to a logged-in user and on every page reached by a private link; public pages stay
cacheable."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from welcome.cases.tests.factories import open_case
from welcome.cases.tests.test_triage import browser_of, submit
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tokens import request_token
from welcome.portal.tests.test_saved_results import save

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.fixture(autouse=True)
def _public_form(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()


def test_public_pages_stay_cacheable(client):
    for url in ("/en/", "/en/faq/", "/en/pathway/"):
        response = client.get(url)
        assert response.status_code == 200 and not no_store(response), url


def test_a_saved_result_and_a_persons_request_are_not_stored(client):
    saved = client.get(save(client)["Location"])
    assert saved.status_code == 200 and no_store(saved)
    submit(client, topic="general")
    request = ConsultationRequest.objects.get()
    page = client.get(reverse("consultations:request", kwargs={"token": request_token(request)}))
    assert page.status_code == 200 and no_store(page)


def test_every_page_for_a_logged_in_user_is_not_stored():
    browser = browser_of("abh-lhh")
    case = open_case()
    for url in (
        reverse("cases:inbox"),
        reverse("cases:detail", kwargs={"case_id": case.pk}),
        reverse("cases:notifications"),
        "/en/",  # even a public page, seen in a logged-in session
    ):
        response = browser.get(url)
        assert response.status_code == 200 and no_store(response), url
