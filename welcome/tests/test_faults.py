"""Faults the platform must survive, checked on every CI run (issue 12).

- The database goes away mid-request: a 503 page in the user's language with Retry-After and no
  trace (the API answers JSON: welcome/api/errors.py and its tests); a write cut off halfway
  leaves nothing, as every service writes in one transaction.
- A job worker is killed mid-job: huey has already taken the job off the queue, so the job is
  gone; the e-mail's claim rolls back with the worker's transaction, and the periodic sweep sends
  the e-mail once after the restart — and a second delivery of the job sends nothing.
- Redis is down: the public pages answer, the bot check and rate limits fail open (logged), and
  a job that cannot be queued is logged and done by the sweep from its row.
- The disk is full on upload: the form again with a sentence saying so, no part of the file
  left behind, no document row, an error in the log.

The worker test runs `manage.py run_huey` as a process of its own, on Redis (a database per
xdist worker, flushed) and on the test database: PostgreSQL's as it is, SQLite's in-memory one
copied into a file.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import types
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import filesystem
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.cases.models import Case, Document, Person
from welcome.cases.tests.factories import PDF_BYTES, open_case
from welcome.consultations import notifications, services, tasks
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tests.factories import ConsultationRequestFactory
from welcome.consultations.tests.test_requests import form_data
from welcome.procedures.models import Document as ProcedureDocument
from welcome.procedures.tests.factories import ApplicationFactory, pdf
from welcome.settings import redis_cache
from welcome.tests.faults import (
    Consumer,
    SharedDatabase,
    StallingSMTPServer,
    redis_db_url,
    redis_reachable,
    wait_for,
)

WORKER_FORM = "/en/consultation/worker/"
UNAVAILABLE = "The service is unavailable for a moment"


@pytest.fixture
def browser():
    """A client that gets the error page, as a browser would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def _forms(settings):
    """The public forms may be sent at once; fresh rate limits and form timers."""
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


# --- the database goes away mid-request ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("_forms")
def test_a_database_error_halfway_through_a_request_leaves_nothing_and_answers_503(browser):
    """The case is written, then the request row fails: the case goes too, and the person reads
    a page that says nothing was saved."""
    cases, people = Case.objects.count(), Person.objects.count()
    opened = mock.Mock(wraps=services.case_open)
    gone = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(services, "case_open", opened),
        mock.patch.object(ConsultationRequest, "save", side_effect=gone),
    ):
        response = browser.post(WORKER_FORM, form_data())
    assert opened.called  # the first write happened
    assert (Case.objects.count(), Person.objects.count()) == (cases, people)
    assert not ConsultationRequest.objects.exists()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert UNAVAILABLE in page
    assert "it has not been saved" in page
    assert "server closed" not in page and "Traceback" not in page and "Error" not in page


def _database_gone(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "staff", "html"),
    [
        ("/office/", True, '<html lang="de" dir="ltr">'),
        ("/ar/faq/?q=visa", False, '<html lang="ar" dir="rtl">'),
    ],
)
def test_with_no_database_at_all_pages_answer_503_in_the_users_language(browser, path, staff, html):
    """Not one query may succeed, so the error page must need none: not the user, the session
    or the messages of the page frame."""
    if staff:
        login_verified(browser, StaffFactory(institution_id="welcome-center"))
    with connection.execute_wrapper(_database_gone):
        response = browser.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert html in response.content.decode()


@pytest.mark.django_db
def test_a_programming_error_is_still_the_plain_500_page(browser):
    """Only an unreachable database is 'unavailable'; a bug says so in its own page."""

    def broken(execute, sql, params, many, context):
        raise ProgrammingError("column does not exist")

    with connection.execute_wrapper(broken):
        response = browser.get("/en/faq/?q=visa")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Sorry, something went wrong." in response.content.decode()


# --- a job worker killed mid-job ---------------------------------------------------------------


@pytest.fixture
def redis_url(worker_id):
    url = redis_db_url(worker_id)
    if not redis_reachable(url):
        pytest.skip("Redis is not running on 127.0.0.1:6379.")
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def _enqueue(url: str, task) -> None:
    """Put ``task`` on the queue that a consumer with REDIS_URL=url reads."""
    from huey import RedisHuey

    RedisHuey("welcome", url=url).storage.enqueue(HUEY.serialize_task(task), task.priority)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_the_mail_to_the_sweep_after_restart_and_it_goes_once(
    tmp_path, redis_url
):
    from huey import RedisHuey
    from huey.api import Result

    request = ConsultationRequestFactory()
    # Saved a few minutes ago: the sweep leaves younger rows to the job their service queued.
    ConsultationRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - notifications.SWEEP_AFTER - dt.timedelta(minutes=1)
    )
    database = SharedDatabase(tmp_path)
    database.publish()
    sent_at = "SELECT confirmation_sent_at FROM consultations_consultationrequest WHERE id=%s"
    queue = RedisHuey("welcome", url=redis_url)

    with StallingSMTPServer(stall_first=True) as smtp:
        env = {
            "DATABASE_URL": database.url,
            "REDIS_URL": redis_url,
            "VAR_DIR": str(tmp_path),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "DEBUG": "false",
        }
        _enqueue(redis_url, tasks.send_request_confirmation.s(request.pk))
        first = Consumer(env, tmp_path / "consumer-1.log")
        try:
            wait_for(smtp.stalled.is_set, timeout=30, what="the e-mail to be sent", consumer=first)
            assert database.value(sent_at, [request.pk]) is None  # claimed, not committed
        finally:
            first.kill()
        # Huey took the job off the queue before it ran: it is gone, and nothing was sent. The
        # claim died with the worker's transaction.
        assert len(queue) == 0
        assert smtp.accepted == []
        wait_for(
            lambda: database.value(sent_at, [request.pk]) is None,
            timeout=10,
            what="the killed worker's claim to roll back",
        )

        second = Consumer(env, tmp_path / "consumer-2.log")
        try:
            # The five-minute sweep (queued by hand: the scheduler is off for the test), then
            # the same job delivered a second time.
            _enqueue(redis_url, tasks.send_unsent_mail.s())
            again = tasks.send_request_confirmation.s(request.pk)
            _enqueue(redis_url, again)
            outcome = Result(queue, again)
            wait_for(
                lambda: outcome.get(preserve=True) is not None,
                timeout=30,
                what="the second delivery of the job",
                consumer=second,
            )
            assert outcome.get() is False, second.output()  # it found the e-mail sent
        finally:
            second.kill()

    assert len(smtp.accepted) == 1, second.output()
    assert (tmp_path / "consumer-2.log").read_text().count("consumer started") == 1  # not twice
    assert f"To: {request.email}".encode() in smtp.accepted[0]
    assert database.value(sent_at, [request.pk]) is not None


# --- Redis is down ------------------------------------------------------------------------------

# Nothing listens on this port (below the ephemeral range): every connection is refused at once.
REDIS_DOWN = {"default": redis_cache("redis://127.0.0.1:6390/0")}


@pytest.mark.django_db
@pytest.mark.usefixtures("_forms")
@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/faq/?q=Blue+Card",
        "/en/faq/",  # its topic lists are kept in the cache
        "/en/pathway/",
        "/en/consultation/worker/",
        "/en/statistics/",
    ],
)
def test_the_public_pages_answer_while_redis_is_down(browser, path):
    with override_settings(CACHES=REDIS_DOWN):
        response = browser.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_stay_signed_in_while_redis_is_down(browser):
    """Production keeps sessions in Redis and the database (cached_db): while Redis is down,
    a signed-in case worker's session is read from the database and the inbox answers."""
    with override_settings(
        CACHES=REDIS_DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        login_verified(browser, StaffFactory(institution_id="abh-region"))
        response = browser.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert b'name="q"' in response.content  # the inbox, not the login page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_forms")
def test_a_request_sent_while_redis_is_down_is_saved_and_confirmed_by_the_sweep(
    browser, monkeypatch, caplog
):
    """The cache is down (the form timer's single use and the rate limit are not checked), and
    so is the queue (the confirmation job cannot be queued): the request is saved all the same,
    the errors are logged, and the sweep sends the confirmation from the row."""
    from huey.storage import RedisStorage

    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(
        HUEY, "storage", RedisStorage("welcome", url=REDIS_DOWN["default"]["LOCATION"])
    )
    caplog.set_level(logging.WARNING)
    with override_settings(CACHES=REDIS_DOWN):
        response = browser.post(WORKER_FORM, form_data())
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.confirmation_sent_at is None
    assert mail.outbox == []
    logged = {(r.name, r.levelname) for r in caplog.records}
    assert ("welcome.jobs", "ERROR") in logged  # the job that could not be queued
    assert ("welcome.cache", "ERROR") in logged  # each cache call that failed
    assert ("welcome.consultations", "WARNING") in logged  # the bot check failed open

    later = timezone.now() + notifications.SWEEP_AFTER
    assert notifications.send_unsent(later) == 1
    assert notifications.send_unsent(later) == 0
    assert [m.to for m in mail.outbox] == [[request.email]]


# --- a full disk on upload ----------------------------------------------------------------------


class _DiskFull(types.SimpleNamespace):
    """Django's file storage sees this as `os`: a file it writes takes half of the data, then
    the disk is full."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def fdopen(fd, mode="r", *args, **kwargs):
        file = os.fdopen(fd, mode, *args, **kwargs)
        real_write = file.write

        class _Full:
            def __getattr__(self, name):
                return getattr(file, name)

            def write(self, data):
                real_write(data[: len(data) // 2])
                file.flush()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        return _Full()


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(filesystem, "os", _DiskFull())
    return settings.MEDIA_ROOT


def _files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


NO_ROOM = "the server has no room for it at the moment. Nothing was saved."


@pytest.mark.django_db
def test_a_full_disk_refuses_a_case_document_and_leaves_nothing(browser, full_disk, caplog):
    case = open_case()
    staff = StaffFactory(institution_id=case.inbox_id)
    login_verified(browser, staff)
    with translation.override("en"):
        url = reverse("cases:upload", kwargs={"case_id": case.pk})
    upload = pdf("Lebenslauf.pdf")
    response = browser.post(url, {"kind": "cv", "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert NO_ROOM in page
    assert '<option value="cv" selected>' in page  # what was chosen is still chosen
    assert _files(full_disk) == []
    assert not Document.objects.exists()
    assert any(r.name == "welcome.files" and r.levelname == "ERROR" for r in caplog.records)


@pytest.mark.django_db
def test_a_full_disk_refuses_an_employer_document_and_leaves_nothing(browser, full_disk, caplog):
    application = ApplicationFactory()
    login_verified(browser, application.created_by)
    with translation.override("en"):
        url = reverse("procedures:upload", kwargs={"application_id": application.pk})
    response = browser.post(url, {"key": "cv_german", "file": pdf("lebenslauf.pdf")})
    assert response.status_code == 400
    assert NO_ROOM in response.content.decode()
    assert _files(full_disk) == []
    assert not ProcedureDocument.objects.exists()
    assert any(r.name == "welcome.files" and r.levelname == "ERROR" for r in caplog.records)


def test_the_simulated_full_disk_does_leave_half_a_file_behind(tmp_path, monkeypatch):
    """The simulation is true to Django's storage, which keeps what it wrote before the error:
    the clean-up above is ours."""
    from django.core.files.base import ContentFile

    storage = filesystem.FileSystemStorage(location=tmp_path)
    monkeypatch.setattr(filesystem, "os", _DiskFull())
    with pytest.raises(OSError, match="No space left"):
        storage.save("a/b.pdf", ContentFile(PDF_BYTES))
    assert (tmp_path / "a" / "b.pdf").read_bytes() == PDF_BYTES[: len(PDF_BYTES) // 2]
