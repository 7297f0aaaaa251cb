"""Scale-out: two app servers and two job workers share one PostgreSQL database and one Redis.
A browser journey uses both servers; one server is killed in the middle; the journey completes.

Everything runs as in the production profile (README): DJANGO_ENV=production, gunicorn with
deploy/gunicorn.conf.py (preloaded app), `manage.py run_huey` as the workers, SMTP for e-mail.
Only the TLS proxy is missing, so the servers answer plain HTTP on 127.0.0.1 with the existing
SECURE_SSL_REDIRECT=false. The session and CSRF cookies stay Secure: Chromium keeps Secure
cookies for http://127.0.0.1, a potentially trustworthy origin. Cookies do not depend on the
port, so the browser sends server A's session cookie to server B as well — which works only
because the session lives in the shared database.

It runs on PostgreSQL only (DATABASE_URL), in a database of its own created and dropped here,
with Redis database 14 (flushed before and after). The workers' e-mails arrive at an SMTP sink
in this process: that they arrive shows the jobs queued by the servers were done.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import re
import secrets
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL: DATABASE_URL=postgres://... (CI's second run)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, flushed before and after
STAFF = "wc-scale"
PASSWORD = "correct horse battery staple"
PERSON = "amina.scale@example.org"
PROCESS_START_SECONDS = 40
MAIL_SECONDS = 20

# Runs in a child process against the fresh database: the schema, the Region's institutions, a
# Welcome Center case worker with a known authenticator key, one free slot. Prints the slot id.
SETUP = """
import datetime as dt
import sys

import django

django.setup()
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import User
from welcome.consultations.models import Slot
from welcome.region.services import institutions_sync

username, password, key = sys.argv[1:4]
call_command("migrate", interactive=False, verbosity=0)
institutions_sync()
user = User.objects.create_user(
    username=username, password=password, email=username + "@example.org",
    kind=User.Kind.STAFF, institution_id="welcome-center", role=User.Role.CASE_WORKER,
)
TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True, key=key)
start = (timezone.now() + dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
slot = Slot.objects.create(
    institution_id="welcome-center", channel="in_person", start=start,
    end=start + dt.timedelta(minutes=30),
)
print(slot.pk)
"""

# The production storage's manifest (hashed names) without its gzip and Brotli copies, which
# take a minute on a busy machine; the servers then run the production storage unchanged.
COLLECTSTATIC = """
import django

django.setup()
from django.core.management import call_command
from django.test.utils import override_settings

storages = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
with override_settings(STORAGES=storages):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


# --- an SMTP server that keeps what it is sent -------------------------------------------------


class _SmtpSession(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 end with <CRLF>.<CRLF>\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b".") else data)
                self.server.keep(b"".join(lines))
                self.wfile.write(b"250 kept\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    def keep(self, raw: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))

    def wait_for(self, to: str, subject_contains: str, seconds: float = MAIL_SECONDS):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                for message in self.messages:
                    if message["To"] == to and subject_contains in message["Subject"]:
                        return message
            time.sleep(0.1)
        subjects = [(m["To"], m["Subject"]) for m in self.messages]
        raise AssertionError(f"no e-mail to {to} about {subject_contains!r}; got {subjects}")


# --- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A child in a process group of its own, so it is ended with all its children."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to every group at once (gunicorn and huey stop gracefully), SIGKILL after 10 s."""
    running = [p for p in processes if p.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def get(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + PROCESS_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} exited:\n{log.read_text()[-3000:]}")
        try:
            if get(url + "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer /healthz:\n{log.read_text()[-3000:]}")


def threads_and_database_sockets(pid: int, database_port: int) -> tuple[int, int]:
    """How many threads the process runs, and how many TCP connections to the database it holds."""
    threads = len(os.listdir(f"/proc/{pid}/task"))
    database = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == database_port:
                database.add(fields[9])  # the socket's inode
    held = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in database:
            held += 1
    return threads, held


def totp_code(key: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key)):06d}"


# --- the fixture: database, Redis, SMTP sink, two servers, two workers ------------------------


@pytest.fixture
def cluster(tmp_path):
    server = dj_database_url.parse(DATABASE_URL)
    import psycopg
    import redis

    name = f"welcome_scale_{os.getpid()}_{secrets.token_hex(4)}"
    admin = {
        "host": server["HOST"] or "127.0.0.1",
        "port": int(server["PORT"] or 5432),
        "user": server["USER"],
        "password": server["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    queue = redis.Redis.from_url(REDIS_URL)
    queue.flushdb()
    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    processes: list[subprocess.Popen] = []
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
        ports = [free_port(), free_port()]
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        env |= {
            "DJANGO_SETTINGS_MODULE": "welcome.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}",
            "REDIS_URL": REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.server_address[1]),
            "SITE_URL": f"http://127.0.0.1:{ports[0]}",
            "VAR_DIR": str(tmp_path / "var"),
            "WEB_CONCURRENCY": "2",
            "HUEY_WORKERS": "1",
        }
        key = secrets.token_hex(20)
        collect = start([sys.executable, "-c", COLLECTSTATIC], env, tmp_path / "static.log")
        processes.append(collect)
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, STAFF, PASSWORD, key],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert setup.returncode == 0, setup.stderr[-3000:]
        slot_id = int(setup.stdout.split()[-1])
        assert collect.wait(timeout=120) == 0, (tmp_path / "static.log").read_text()[-3000:]

        servers = []
        for index, port in enumerate(ports):
            log = tmp_path / f"app{index}.log"
            gunicorn = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
            process = start(gunicorn, env | {"GUNICORN_BIND": f"127.0.0.1:{port}"}, log)
            processes.append(process)
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in servers:
            wait_until_ready(url, process, log)
        # The workers start last: until a form is sent there is nothing for them to do.
        for index in range(2):
            worker = [sys.executable, "manage.py", "run_huey", "--graceful-signal", "TERM"]
            processes.append(start(worker, env, tmp_path / f"worker{index}.log"))

        yield {
            "servers": servers,
            "sink": sink,
            "key": key,
            "slot_id": slot_id,
            "env": env,
            "database_port": admin["port"],
        }
    finally:
        stop(processes)
        for log in sorted(tmp_path.glob("*.log")):  # shown by pytest when the test failed
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")  # noqa: T201
        sink.shutdown()
        sink.server_close()
        queue.flushdb()
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the journey -------------------------------------------------------------------------------


def new_page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_a_journey_survives_losing_one_of_two_app_servers(browser, cluster):
    (a, server_a, log_a), (b, _server_b, log_b) = cluster["servers"]
    sink = cluster["sink"]

    # Preloaded: each master loaded the encoder before it forked, and kept no database
    # connection and no second thread (numpy's BLAS pinned to one) that a worker could inherit.
    for log in (log_a, log_b):
        assert "Preloaded before fork: sentence encoder loaded, FAQ index loaded" in log.read_text()
    assert threads_and_database_sockets(server_a.pid, cluster["database_port"]) == (1, 0)

    # On server A, a skilled worker asks for a consultation.
    person = new_page(browser)
    person.goto(f"{a}/en/consultation/worker/")
    shown = time.monotonic()
    person.select_option("#id_topic", "residence")
    person.fill("#id_nationality", "Marokko")
    person.fill("#id_qualification", "Pflegefachkraft")
    person.select_option("#id_municipality", "Garbsen")
    person.select_option("#id_language", "en")
    person.select_option("#id_channel", "in_person")
    person.fill("#id_name", "Amina Beispiel")
    person.fill("#id_email", PERSON)
    person.fill("#id_summary", "Which residence permit do I need?")
    person.check("#id_consent__welcome-center__advice")
    person.check("#id_consent__abh-region__case_handling")
    # The production bot check refuses a form sent within 3 seconds of being shown.
    time.sleep(max(0.0, 3.2 - (time.monotonic() - shown)))
    person.click("form.consult-form button[type=submit]")
    person.wait_for_url("**/consultation/r/**")
    reference = re.search(r"[A-Z]+-\d{4}-\d+", person.locator("h1").inner_text()).group()

    # A worker (either) sent the confirmation with the person's link.
    confirmation = sink.wait_for(PERSON, reference)
    body = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/\S*/consultation/r/\S+)", body).group(1)

    # On server A, a Welcome Center case worker logs in (password and TOTP) and sees it.
    staff = new_page(browser)
    staff.goto(f"{a}/en/accounts/login/?next=/en/office/")
    staff.fill("#id_username", STAFF)
    staff.fill("#id_password", PASSWORD)
    staff.click("main form button[type=submit]")
    staff.wait_for_url("**/login/code/**")
    staff.fill("#id_token", totp_code(cluster["key"]))
    staff.click("main form button[type=submit]")
    staff.wait_for_url("**/en/office/")
    assert staff.locator("tr", has_text=reference).count() == 1

    # Server A dies, master and workers at once.
    os.killpg(server_a.pid, signal.SIGKILL)
    server_a.wait(timeout=10)
    with pytest.raises(OSError):
        get(f"{a}/livez")

    # On server B the case worker is still logged in (the session is in the database, the
    # second factor with it) and takes the case: a POST whose CSRF cookie came from server A.
    staff.goto(f"{b}/en/office/")
    assert staff.url == f"{b}/en/office/"
    row = staff.locator("tr", has_text=reference)
    row.get_by_role("link", name=reference).click()
    staff.wait_for_url(f"{b}/en/office/**")
    staff.get_by_role("button", name="Take this case").click()
    staff.locator(".message-success").wait_for()  # the POST redirects to the page it came from
    assert staff.locator(".message-success").is_visible()

    # On server B the person follows the e-mailed link and books the slot.
    person.goto(b + link)
    assert reference in person.locator("h1").inner_text()
    person.check(f"#slot-{cluster['slot_id']}")
    person.click("form.consult-slots button[type=submit]")
    person.wait_for_url(f"{b}/**/consultation/r/**")
    assert person.locator("#booked-appointment").is_visible()

    # A worker confirms the booking by e-mail.
    sink.wait_for(PERSON, "Your appointment on")

    # The image's HEALTHCHECK script finds server B healthy.
    env = cluster["env"] | {"PORT": b.rsplit(":", 1)[1]}
    check = subprocess.run(
        [sys.executable, "deploy/healthcheck.py"], cwd=ROOT, env=env, capture_output=True
    )
    assert check.returncode == 0, check.stderr
    person.context.close()
    staff.context.close()
