"""The due-date jobs: reminders N working days before a deadline ends, escalation to team leads
after it, each sent once even when a run is killed halfway; set-based reads; and the runner
command that starts every periodic job of the project when it is due."""

import datetime as dt
import smtplib
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from welcome.accounts.models import User
from welcome.accounts.tests.factories import StaffFactory
from welcome.procedures import jobs, notifications, services
from welcome.procedures.machine import State
from welcome.procedures.management.commands.run_due_jobs import minutes_to_check
from welcome.procedures.models import Application, Deadline
from welcome.procedures.tests.factories import ApplicationFactory, VerifiedCompanyFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN), tick=False
    )


def ba_requested_on(day: dt.date) -> Application:
    with at(day):
        application = ApplicationFactory(state=State.BA_REQUESTED)
    mail.outbox.clear()  # the step notices to the employer and the worker
    return application


def recognition_requested_on(day: dt.date) -> Application:
    with at(day):
        application = ApplicationFactory(state=State.RECOGNITION_REQUESTED)
    mail.outbox.clear()
    return application


def sweep_on(day: dt.date) -> dict:
    with at(day):
        return jobs.sweep()


def test_the_acting_institution_is_reminded_two_working_days_before_the_end():
    # Requested Fri 27 Mar 2026: the BA's week ends Tue 7 Apr (Good Friday, Easter Monday).
    application = ba_requested_on(dt.date(2026, 3, 27))
    assert application.deadlines.get().due_on == dt.date(2026, 4, 7)
    assert sweep_on(dt.date(2026, 3, 31))["reminded"] == 0
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 1  # Thu 2 Apr and Tue 7 Apr to go
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 0
    assert sweep_on(dt.date(2026, 4, 2))["reminded"] == 0
    [message] = mail.outbox
    welcome_center = User.objects.filter(institution_id="welcome-center").exclude(email="")
    assert sorted(message.to) == sorted(welcome_center.values_list("email", flat=True))
    assert application.reference in message.subject and "07.04.2026" in message.subject
    assert f"/office/procedures/{application.pk}/" in message.body
    assert "/en/" not in message.body  # staff read German: the unprefixed default language


def test_the_reminder_lead_is_a_setting_in_working_days(settings):
    application = ba_requested_on(dt.date(2026, 3, 27))
    settings.PROCEDURES_REMINDER_WORKING_DAYS = 1
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 0
    assert sweep_on(dt.date(2026, 4, 2))["reminded"] == 1
    assert application.deadlines.get().reminded_at is not None
    settings.PROCEDURES_REMINDER_WORKING_DAYS = "2"
    with pytest.raises(ImproperlyConfigured):
        jobs.reminder_working_days()


def test_a_passed_deadline_is_escalated_to_the_team_leads_once():
    # Requested Mon 2 Mar 2026: receipt due Mon 16 Mar (§ 14a BQFG, 2 weeks).
    application = recognition_requested_on(dt.date(2026, 3, 2))
    lead = StaffFactory(institution_id="welcome-center", role=User.Role.TEAM_LEAD)
    StaffFactory(institution_id="abh-region", role=User.Role.TEAM_LEAD)  # another institution
    assert sweep_on(dt.date(2026, 3, 16))["escalated"] == 0
    mail.outbox.clear()
    assert sweep_on(dt.date(2026, 3, 17))["escalated"] == 1
    assert sweep_on(dt.date(2026, 3, 18))["escalated"] == 0
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert application.reference in message.subject and "16.03.2026" in message.subject
    receipt = application.deadlines.get(step="recognition_receipt")
    assert receipt.escalated_at is not None
    assert application.deadlines.get(step="recognition_decision").escalated_at is None


def test_a_paused_deadline_is_neither_reminded_nor_escalated():
    application = recognition_requested_on(dt.date(2026, 3, 2))
    StaffFactory(institution_id="welcome-center", role=User.Role.TEAM_LEAD)
    with at(dt.date(2026, 3, 10)):
        services.application_transition(
            application=application,
            name="request_documents",
            by=StaffFactory(institution_id="welcome-center"),
        )
    mail.outbox.clear()
    assert sweep_on(dt.date(2026, 3, 20)) == {"deemed": 0, "escalated": 0, "reminded": 0}
    assert mail.outbox == []


def test_a_deadline_moved_by_a_pause_is_reminded_again_before_its_new_end():
    application = recognition_requested_on(dt.date(2026, 3, 2))  # receipt due Mon 16 Mar
    assert sweep_on(dt.date(2026, 3, 12))["reminded"] == 1
    by = StaffFactory(institution_id="welcome-center")
    with at(dt.date(2026, 3, 13)):
        services.application_transition(application=application, name="request_documents", by=by)
    with at(dt.date(2026, 3, 20)):
        services.application_transition(application=application, name="receive_documents", by=by)
    assert application.deadlines.get(step="recognition_receipt").due_on == dt.date(2026, 3, 23)
    assert sweep_on(dt.date(2026, 3, 20))["reminded"] == 1


class Killed(BaseException):
    """The process dies: no except clause of the job catches it, nothing is released."""


def test_an_institution_gets_one_digest_listing_all_its_deadlines():
    applications = [ba_requested_on(dt.date(2026, 3, 27)) for _ in range(3)]
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 3
    [message] = mail.outbox
    assert "3" in message.subject and "07.04.2026" in message.subject
    for application in applications:
        assert application.reference in message.body
        assert f"/office/procedures/{application.pk}/" in message.body


def test_a_run_killed_halfway_and_run_again_sends_nothing_twice(monkeypatch):
    applications = [ba_requested_on(dt.date(2026, 3, 27)) for _ in range(5)]
    monkeypatch.setattr(jobs, "BATCH", 2)
    real_claim = jobs._claim_batch
    batches = []

    def claim_then_die(*args):
        if len(batches) == 2:
            raise Killed  # two batches (four deadlines) claimed, nothing sent yet
        batches.append(real_claim(*args))
        return batches[-1]

    monkeypatch.setattr(jobs, "_claim_batch", claim_then_die)
    with pytest.raises(Killed), at(dt.date(2026, 4, 1)):
        jobs.send_reminders()
    assert mail.outbox == []
    monkeypatch.setattr(jobs, "_claim_batch", real_claim)
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 1  # only the one nobody claimed
    assert sweep_on(dt.date(2026, 4, 2))["reminded"] == 0
    [message] = mail.outbox
    claimed_ids = [pk for batch in batches for pk, _due_on, _institution in batch]
    claimed = set(
        Deadline.objects.filter(pk__in=claimed_ids).values_list("application__reference", flat=True)
    )
    [unclaimed] = {a.reference for a in applications} - claimed
    assert unclaimed in message.subject
    assert not any(reference in message.body for reference in claimed)  # never twice


def test_a_run_killed_while_sending_sends_nothing_twice(monkeypatch):
    ba_requested_on(dt.date(2026, 3, 27))
    real_send = notifications.send_deadline_digest

    def send_then_die(*args, **kwargs):
        real_send(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(notifications, "send_deadline_digest", send_then_die)
    with pytest.raises(Killed), at(dt.date(2026, 4, 1)):
        jobs.sweep()
    monkeypatch.undo()
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 0
    assert len(mail.outbox) == 1


def test_a_refused_mail_releases_the_claim_so_the_next_run_sends_it(monkeypatch):
    application = ba_requested_on(dt.date(2026, 3, 27))

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 0
    assert application.deadlines.get().reminded_at is None
    monkeypatch.undo()
    assert sweep_on(dt.date(2026, 4, 1))["reminded"] == 1
    assert len(mail.outbox) == 1


def test_a_sweep_reads_only_the_due_rows_however_many_run():
    """No per-row work for deadlines that are not due: the same queries for 10 or 300."""
    company = VerifiedCompanyFactory()
    due = ba_requested_on(dt.date(2026, 3, 27))

    def running(count: int, start: int) -> None:
        applications = Application.objects.bulk_create(
            Application(
                reference=f"BF-BULK-{start + i:06d}",
                company=company,
                state=State.RECOGNITION_REQUESTED,
                state_since=dt.date(2026, 3, 20),
                mode=Application.Mode.RECORDED,
                authority_id="zentralstelle-nds",
                worker_name="Bulk",
            )
            for i in range(count)
        )
        Deadline.objects.bulk_create(
            Deadline(
                application=application,
                step="recognition_decision",
                started_on=dt.date(2026, 3, 20),
                due_on=dt.date(2026, 5, 20),
                citation="§ 14a BQFG",
            )
            for application in applications
        )

    def queries(day) -> int:
        with at(day), CaptureQueriesContext(connection) as captured:
            jobs.sweep()
        return len(captured)

    running(10, 0)
    quiet = queries(dt.date(2026, 3, 30))
    running(300, 10)
    assert queries(dt.date(2026, 3, 31)) == quiet
    assert quiet <= 7  # one read per job (the claims in a savepoint), nothing due
    assert due.deadlines.get().reminded_at is None


def test_huey_runs_the_sweep_as_a_periodic_task():
    from welcome.procedures.tasks import sweep_deadlines

    ba_requested_on(dt.date(2026, 3, 27))
    with at(dt.date(2026, 4, 8)):
        assert sweep_deadlines.call_local() == {"deemed": 1, "escalated": 0, "reminded": 0}


# --- the runner command ----------------------------------------------------------------------


def run(moment: dt.datetime, *args) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False), translation.override("de"):
        call_command("run_due_jobs", "--once", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_runner_starts_the_nightly_jobs_in_their_minute_only():
    utc = dt.UTC
    at_0315 = run(dt.datetime(2026, 6, 1, 3, 15, tzinfo=utc))
    assert "erase_expired_cases" in at_0315 and "sweep_deadlines" in at_0315
    assert "purge_expired_saved_results" not in at_0315
    at_0317 = run(dt.datetime(2026, 6, 1, 3, 17, tzinfo=utc))
    assert "purge_expired_saved_results" in at_0317 and "erase_expired_cases" not in at_0317
    assert "erase_requests_of_erased_cases" in run(dt.datetime(2026, 6, 1, 3, 40, tzinfo=utc))
    assert "send_due_reminders" in run(dt.datetime(2026, 6, 1, 12, 10, tzinfo=utc))
    assert run(dt.datetime(2026, 6, 1, 12, 11, tzinfo=utc)) == ""


def test_the_runner_deems_the_approval_and_reminds_once():
    application = ba_requested_on(dt.date(2026, 3, 27))
    output = run(dt.datetime(2026, 4, 1, 7, 0, tzinfo=BERLIN))
    assert "sweep_deadlines: {'deemed': 0, 'escalated': 0, 'reminded': 1}" in output
    run(dt.datetime(2026, 4, 1, 7, 15, tzinfo=BERLIN))
    assert len(mail.outbox) == 1
    run(dt.datetime(2026, 4, 8, 0, 15, tzinfo=BERLIN))
    application.refresh_from_db()
    assert application.state == State.BA_APPROVED
    assert application.steps.last().on == dt.date(2026, 4, 8)


def test_the_runner_refuses_a_malformed_interval():
    with pytest.raises(CommandError):
        call_command("run_due_jobs", "--once", "--interval", "0")


def naive_utc(*args) -> dt.datetime:
    """A minute as huey's scheduler sees it: naive, in UTC."""
    return dt.datetime(*args, tzinfo=dt.UTC).replace(tzinfo=None)


def test_the_runner_checks_every_minute_since_the_last_check_once():
    now = naive_utc(2026, 6, 1, 3, 17)
    assert minutes_to_check(None, now) == [now]
    assert minutes_to_check(now, now) == []
    assert minutes_to_check(naive_utc(2026, 6, 1, 3, 14), now) == [
        naive_utc(2026, 6, 1, 3, 15),
        naive_utc(2026, 6, 1, 3, 16),
        now,
    ]
    assert len(minutes_to_check(naive_utc(2026, 5, 1), now)) == 61  # at most an hour back


def test_the_set_based_deemed_approval_writes_what_the_transition_writes():
    """The sweep deems hundreds of approvals in a few statements; each must look exactly as if
    `application_transition` had taken the step: state, version, day, met deadline, Step, audit
    entry and the notices to employer and worker (§ 36 Abs. 2 BeschV: the day after the week)."""
    from welcome.audit.models import AuditEntry
    from welcome.procedures.models import Step

    one, many = ba_requested_on(dt.date(2026, 3, 27)), ba_requested_on(dt.date(2026, 3, 27))
    more = [ba_requested_on(dt.date(2026, 4, 1)) for _ in range(3)]  # ends Wed 8 Apr: next day
    due = one.deadlines.get().due_on
    with at(dt.date(2026, 4, 9)):
        services.application_transition(
            application=one, name="deem_ba_approval", by=None, on=due + dt.timedelta(days=1)
        )
        single_mails = len(mail.outbox)
        moved = services.applications_deem_approval(
            application_ids=[many.pk] + [a.pk for a in more]
        )
    assert sorted(moved) == sorted([many.pk] + [a.pk for a in more])
    assert len(mail.outbox) == single_mails * 5

    def written(application):
        application.refresh_from_db()
        step = Step.objects.get(application=application, transition="deem_ba_approval")
        entry = AuditEntry.objects.get(
            action="procedure_deem_ba_approval", object_id=str(application.pk)
        )
        fields = ("from_state", "to_state", "outcome", "on", "by", "institution", "source")
        return (
            (application.state, application.version, application.state_since),
            list(application.deadlines.values_list("step", "met_on")),
            {name: getattr(step, name) for name in fields}
            | {k: getattr(step, k) for k in ("waiting_for", "acting_body", "days")}
            | {"within_deadline": step.within_deadline, "note": step.note},
            (entry.actor_id, entry.object_type, entry.details),
        )

    assert written(one) == written(many)
    assert written(one)[0] == (State.BA_APPROVED, one.version, due + dt.timedelta(days=1))
    for application in more:  # a later event day: its own day, the rest alike
        assert written(application)[2]["on"] == written(application)[0][2]
        assert written(application)[2]["on"] > written(one)[2]["on"]


def test_the_sweep_deems_more_than_one_batch(monkeypatch):
    monkeypatch.setattr(jobs, "DEEM_BATCH", 2)
    applications = [ba_requested_on(dt.date(2026, 3, 27)) for _ in range(5)]
    assert sweep_on(dt.date(2026, 4, 9))["deemed"] == 5
    assert sweep_on(dt.date(2026, 4, 9))["deemed"] == 0
    assert {a.state for a in Application.objects.filter(pk__in=[a.pk for a in applications])} == {
        State.BA_APPROVED
    }


def test_a_deemed_approval_is_never_dated_in_the_future():
    application = ba_requested_on(dt.date(2026, 3, 27))  # the week ends Tue 7 Apr
    with at(dt.date(2026, 4, 7)):
        assert services.applications_deem_approval(on=dt.date(2026, 4, 20)) == []
    application.refresh_from_db()
    assert application.state == State.BA_REQUESTED
