"""The statutory deadlines as the services and the jobs run them (§ 31 VwVfG, §§ 187–193 BGB):
scenarios with frozen dates a jurist can check on a calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.procedures import jobs, services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Step
from welcome.procedures.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
D = dt.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN), tick=False
    )


def recorder():
    return StaffFactory(institution_id="welcome-center")


def take(application: Application, name: str, day: dt.date, **kwargs) -> Application:
    with at(day):
        return services.application_transition(
            application=application, name=name, by=recorder(), **kwargs
        )


def test_a_ba_approval_requested_before_easter_is_deemed_given_on_the_wednesday_after():
    # Fri 27 Mar 2026 + 1 week = Fri 3 Apr, Good Friday; Sat, Easter Sunday, Easter Monday:
    # the week ends Tue 7 Apr (§ 193 BGB) and the approval is deemed given on Wed 8 Apr.
    with at(D(2026, 3, 27)):
        application = ApplicationFactory(state=State.BA_REQUESTED)
    deadline = application.deadlines.get(step="ba_approval")
    assert (deadline.started_on, deadline.due_on) == (D(2026, 3, 27), D(2026, 4, 7))
    assert "§ 36 Abs. 2 BeschV" in deadline.citation

    with at(D(2026, 4, 7), hour=23):
        assert jobs.sweep()["deemed"] == 0
    application.refresh_from_db()
    assert application.state == State.BA_REQUESTED

    with at(D(2026, 4, 8), hour=0):
        assert jobs.sweep()["deemed"] == 1
    application.refresh_from_db()
    assert application.state == State.BA_APPROVED
    step = application.steps.last()
    assert (step.transition, step.on, step.source) == (
        "deem_ba_approval",
        D(2026, 4, 8),
        Step.Source.SYSTEM,
    )
    assert step.by is None
    deadline.refresh_from_db()
    assert deadline.met_on == D(2026, 4, 8)
    with at(D(2026, 4, 9)):
        assert jobs.sweep()["deemed"] == 0  # safe to run twice


def test_a_late_sweep_still_dates_the_fiction_on_the_day_after_the_week():
    with at(D(2026, 3, 27)):
        application = ApplicationFactory(state=State.BA_REQUESTED)
    with at(D(2026, 4, 14)):
        jobs.sweep()
    assert application.steps.last().on == D(2026, 4, 8)


def test_an_answer_recorded_in_time_leaves_nothing_to_deem():
    with at(D(2026, 3, 27)):
        application = ApplicationFactory(state=State.BA_REQUESTED)
    take(application, "record_ba_approval", D(2026, 4, 2))
    with at(D(2026, 4, 8)):
        assert jobs.sweep()["deemed"] == 0
    assert application.deadlines.get().within is True


def test_a_pause_for_missing_documents_extends_the_deadlines_by_the_paused_days():
    # Recognition requested Mon 2 Mar 2026: receipt due Mon 16 Mar (2 weeks), decision due
    # Sat 2 May → Mon 4 May (2 months, § 193 BGB).
    with at(D(2026, 3, 2)):
        application = ApplicationFactory(state=State.RECOGNITION_REQUESTED)
    receipt, decision = (
        application.deadlines.get(step=step)
        for step in ("recognition_receipt", "recognition_decision")
    )
    assert (receipt.due_on, decision.due_on) == (D(2026, 3, 16), D(2026, 5, 4))

    take(application, "request_documents", D(2026, 3, 5))
    assert application.state == State.DOCUMENTS_MISSING
    receipt.refresh_from_db()
    assert receipt.paused_since == D(2026, 3, 5)

    take(application, "receive_documents", D(2026, 3, 10))  # 5 days paused
    assert application.state == State.RECOGNITION_REQUESTED
    receipt.refresh_from_db()
    decision.refresh_from_db()
    assert receipt.paused_since is None and receipt.paused_days == 5
    # 16 Mar + 5 days = Sat 21 Mar, then § 193 BGB: Mon 23 Mar.
    assert receipt.due_on == D(2026, 3, 23)
    # The pause is added to the period's own end (Sat 2 May + 5 = Thu 7 May), not to the day
    # § 193 BGB had moved it to (Mon 4 May + 5 would give Mon 11 May).
    assert decision.due_on == D(2026, 5, 7)


def test_a_recorded_notice_date_drives_the_clock(client):
    with at(D(2026, 4, 1)):
        application = ApplicationFactory(state=State.AGREEMENT_CONCLUDED)
    user = recorder()
    login_verified(client, user)
    url = reverse(
        "procedures_office:step",
        kwargs={"application_id": application.pk, "name": "request_ba_approval"},
    )
    with at(D(2026, 4, 20)), translation.override("en"):
        response = client.post(
            url,
            {
                "request_ba_approval-version": application.version,
                "request_ba_approval-on": "10.04.2026",
            },
        )
        assert response.status_code == 302
        step = application.steps.last()
        assert (step.on, step.source) == (D(2026, 4, 10), Step.Source.NOTICE)
        deadline = application.deadlines.get(step="ba_approval")
        # Fri 10 Apr + 1 week = Fri 17 Apr: counted from the notice, not from the 20th.
        assert (deadline.started_on, deadline.due_on) == (D(2026, 4, 10), D(2026, 4, 17))
        jobs.sweep()
    application.refresh_from_db()
    assert application.state == State.BA_APPROVED
    assert application.steps.last().on == D(2026, 4, 18)


def test_asking_for_recognition_starts_two_deadlines():
    with at(D(2026, 3, 2)):
        application = ApplicationFactory(state=State.AGREEMENT_CONCLUDED)
    take(application, "request_recognition", D(2026, 3, 2))
    deadlines = {d.step: d for d in application.deadlines.all()}
    assert set(deadlines) == {"recognition_receipt", "recognition_decision"}
    assert all("§ 14a BQFG" in d.citation for d in deadlines.values())
    take(application, "confirm_recognition_receipt", D(2026, 3, 9))
    deadlines["recognition_receipt"].refresh_from_db()
    assert deadlines["recognition_receipt"].met_on == D(2026, 3, 9)
    assert deadlines["recognition_receipt"].within is True
    assert application.steps.last().within_deadline is True


def test_a_refused_recognition_ends_the_procedure_and_closes_its_deadlines():
    with at(D(2026, 3, 2)):
        application = ApplicationFactory(state=State.RECOGNITION_REQUESTED)
    take(application, "decide_recognition", D(2026, 4, 1), outcome="refused")
    assert application.state == State.REFUSED
    assert application.closed_on == D(2026, 4, 1)
    assert not application.deadlines.filter(met_on__isnull=True).exists()
    assert application.steps.last().outcome == "refused"


def test_a_refusal_while_the_ba_decides_closes_the_running_deadline():
    with at(D(2026, 3, 27)):
        application = ApplicationFactory(state=State.BA_REQUESTED)
    take(application, "refuse", D(2026, 3, 30))
    assert application.state == State.REFUSED
    assert application.deadlines.get().met_on == D(2026, 3, 30)
    with at(D(2026, 4, 8)):
        assert jobs.sweep() == {"deemed": 0, "escalated": 0, "reminded": 0}
