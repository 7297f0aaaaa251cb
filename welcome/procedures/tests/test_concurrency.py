"""Two conflicting steps on the same application at the same moment: exactly one wins, the other
is told the application changed (PostgreSQL; the conditional UPDATE in application_transition)."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import translation
from django.utils.translation import gettext

from welcome.accounts.tests.factories import StaffFactory
from welcome.procedures import services
from welcome.procedures.machine import State, TransitionError
from welcome.procedures.models import Application, Step
from welcome.procedures.tests.factories import ApplicationFactory


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def race(monkeypatch, *attempts) -> dict[int, str]:
    """Run each attempt in its own thread and connection, released together."""
    barrier = threading.Barrier(len(attempts))
    results: dict[int, str] = {}
    real_audit_log = services.audit_log

    def slow_audit_log(**kwargs):
        # Hold the winner's transaction open a little, so the other UPDATE really waits.
        entry = real_audit_log(**kwargs)
        threading.Event().wait(0.3)
        return entry

    monkeypatch.setattr(services, "audit_log", slow_audit_log)

    def attempt(index: int):
        try:
            barrier.wait(timeout=5)
            attempts[index]()
            results[index] = "won"
        except TransitionError as error:
            results[index] = str(error.message)
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_conflicting_steps_wins(postgres_only, monkeypatch):
    application = ApplicationFactory(state=State.BA_REQUESTED)
    first, second = StaffFactory(), StaffFactory()  # both Welcome Center, recording
    # Each person decided on the page they saw: the same state and version.
    seen = [Application.objects.get(pk=application.pk) for _ in range(2)]
    results = race(
        monkeypatch,
        lambda: services.application_transition(
            application=seen[0], name="record_ba_approval", by=first
        ),
        lambda: services.application_transition(application=seen[1], name="refuse", by=second),
    )
    assert sorted(results) == [0, 1]
    assert list(results.values()).count("won") == 1
    [lost] = [message for message in results.values() if message != "won"]
    with translation.override(settings.LANGUAGE_CODE):  # the threads speak the default
        assert lost == gettext(
            "Someone else changed this application a moment ago. Please reload the page."
        )
    application.refresh_from_db()
    assert application.state in (State.BA_APPROVED, State.REFUSED)
    assert application.steps.filter(from_state=State.BA_REQUESTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_deemed_approval_and_a_recorded_answer_do_not_both_happen(postgres_only, monkeypatch):
    application = ApplicationFactory(state=State.BA_REQUESTED)
    deadline = application.deadlines.get(step="ba_approval")
    # The BA's week has passed: the job and a person recording the BA's late answer race.
    Application.objects.filter(pk=application.pk).update(
        state_since=deadline.started_on - dt.timedelta(days=10)
    )
    deadline.started_on -= dt.timedelta(days=10)
    deadline.due_on -= dt.timedelta(days=10)
    deadline.save()
    person = StaffFactory()
    seen = Application.objects.get(pk=application.pk)
    outcomes = {}

    def job():
        outcomes["job"] = services.application_deem_approval(application_id=application.pk)

    results = race(
        monkeypatch,
        job,
        lambda: services.application_transition(
            application=seen, name="record_ba_approval", by=person
        ),
    )
    assert sorted(results) == [0, 1]
    application.refresh_from_db()
    assert application.state == State.BA_APPROVED
    assert Step.objects.filter(application=application, to_state=State.BA_APPROVED).count() == 1
    if results[1] == "won":
        assert outcomes["job"] is False  # the job saw the answer and stood back
    else:
        with translation.override(settings.LANGUAGE_CODE):  # the threads speak the default
            refusal = gettext(
                "Someone else changed this application a moment ago. Please reload the page."
            )
        assert results[1] == refusal and outcomes["job"] is True
