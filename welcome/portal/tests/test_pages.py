"""Public pages in German and English; health check; production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/imprint/", "/privacy/", "/accessibility/", "/who-is-responsible/"]
)
@pytest.mark.parametrize(("prefix", "lang"), [("", "de"), ("/en", "en")])
def test_public_pages_answer_in_german_and_english(client, path, prefix, lang):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="ltr">' in response.content.decode()


def test_the_home_page_greets_in_german_by_default(client):
    body = client.get("/").content.decode()
    assert "Willkommen in der Region Hannover" in body
    assert 'href="/en/"' in body  # language switch is a plain link


def test_the_remembered_page_frame_follows_language_and_login(staff_client):
    """The frame's fixed parts are rendered once per process and language (and login state):
    each page still gets the frame of its own language and visitor."""
    visitor = Client()
    german, english = visitor.get("/").content.decode(), visitor.get("/en/").content.decode()
    assert "Zum Hauptinhalt springen" in german and ">Startseite<" in german
    assert "Skip to main content" in english and ">Home<" in english
    assert "Log in (staff and employers)" in english
    staff = staff_client.get("/en/").content.decode()
    assert "My workplace" in staff and "Log in (staff and employers)" not in staff
    assert 'name="csrfmiddlewaretoken"' in staff  # the log-out form is never remembered
    assert staff.count('class="brand"') == 1


def test_arabic_pages_are_right_to_left(client):
    assert 'dir="rtl"' in client.get("/ar/").content.decode()


def test_who_is_responsible_shows_the_authority(client):
    body = client.get(
        "/en/who-is-responsible/", {"municipality": "Seelze", "date": "2026-02-01"}
    ).content.decode()
    assert "Ausländerbehörde der Region Hannover" in body
    assert "Zentralstelle" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postal_code": "38272"}, "outside the Region Hannover"),
        ({"postal_code": "abc"}, "exactly five digits"),
        ({"postal_code": "30159", "date": "gestern"}, "Please enter a date"),
        ({"postal_code": ""}, "Please give a postal code"),
        ({"municipality": "Atlantis"}, "Select a valid choice"),
    ],
)
def test_who_is_responsible_explains_bad_input_and_keeps_it(client, params, message):
    response = client.get("/en/who-is-responsible/", params)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    if params.get("postal_code"):
        assert f'value="{params["postal_code"]}"' in body


def test_each_answer_page_shows_the_question_it_answers(client):
    """The form's fields are remembered per language and value ({% field_html %}): each page
    still shows its own postal code and municipality, and errors are never remembered."""
    first = client.get("/en/who-is-responsible/", {"postal_code": "30823"}).content.decode()
    second = client.get("/en/who-is-responsible/", {"postal_code": "30159"}).content.decode()
    assert 'value="30823"' in first and 'value="30823"' not in second
    assert 'value="30159"' in second
    chosen = client.get("/en/who-is-responsible/", {"municipality": "Laatzen"}).content.decode()
    assert '<option value="Laatzen" selected>' in chosen
    assert '<option value="Laatzen" selected>' not in first
    wrong = client.get(
        "/en/who-is-responsible/", {"postal_code": "30823", "date": "gestern"}
    ).content.decode()
    assert 'class="field field-error"' in wrong and 'value="gestern"' in wrong


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def _manage_check(env: dict, *options: str) -> subprocess.CompletedProcess:
    """`manage.py check` in a fresh process with `env` (settings are read at start)."""
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", *options],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_production_profile_passes_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k2Fq9-vR7#tLm4Zx8!pWc3Yb6@nJ5sHd1&gUe0^aQo" * 2,
        "ALLOWED_HOSTS": "welcome.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = _manage_check(env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_ENV": "production", "ALLOWED_HOSTS": "x.example.org"}
    env.pop("SECRET_KEY", None)
    result = _manage_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_in_debug_mode():
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "true",
        "SECRET_KEY": "k2Fq9-vR7#tLm4Zx8!pWc3Yb6@nJ5sHd1&gUe0^aQo" * 2,
        "ALLOWED_HOSTS": "welcome.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = _manage_check(env)
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


@pytest.mark.parametrize("url", ["/en/", "/en/pathway/", "/en/faq/", "/en/statistics/"])
def test_head_answers_like_get_without_a_body(client, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
