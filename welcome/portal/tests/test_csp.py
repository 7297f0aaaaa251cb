"""Content-Security-Policy on every page and the API docs: our own scripts and styles only, no
inline code, no framing — and the pages need nothing else (the browser journeys run under it)."""

import pytest

from welcome.cases.tests.test_triage import browser_of

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", ["/en/", "/en/pathway/", "/en/faq/", "/api/v1/docs"])
def test_public_pages_and_the_api_docs_carry_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_api_docs_load_swagger_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page
    assert "/static/ninja/swagger-ui-bundle" in page


def test_staff_pages_carry_it_too():
    response = browser_of("abh-lhh").get("/en/office/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
