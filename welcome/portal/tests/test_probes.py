"""The orchestrator's probes: /livez (alive) never asks the database, /healthz (ready) does."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper


def test_without_a_database_a_server_is_alive_but_not_ready(client, monkeypatch):
    def unreachable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    alive = client.get("/livez")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}
    assert "no-cache" in alive["Cache-Control"]
    ready = client.get("/healthz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "error", "database": "unavailable"}


def test_production_answers_both_probes_over_plain_http_and_redirects_the_rest():
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k2Fq9-vR7#tLm4Zx8!pWc3Yb6@nJ5sHd1&gUe0^aQo" * 2,
        "ALLOWED_HOSTS": "welcome.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    env.pop("SECURE_SSL_REDIRECT", None)
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='welcome.example.org')\n"
        "print(c.get('/livez').status_code, c.get('/healthz').status_code, c.get('/').status_code)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env | {"DJANGO_SETTINGS_MODULE": "welcome.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "200", "301"]
