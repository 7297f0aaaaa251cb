"""The demo year of § 81a procedures reads like the services wrote it, and is made once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import User
from welcome.law.periods import is_working_day
from welcome.procedures import machine
from welcome.procedures.models import Application, Deadline, Document, Step
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    competent_institution,
    find_municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_fast_hashing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo_procedures", "--applications", "40", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        Step.objects.count(),
        Deadline.objects.count(),
        Document.objects.count(),
    )


def test_every_demo_application_walked_the_transition_table_step_by_step():
    demo()
    applications = Application.objects.select_related("company").prefetch_related("steps")
    assert applications.count() == 40
    for application in applications:
        steps = list(application.steps.all())  # in the order they were recorded
        state, since = machine.State.DRAFT, timezone.localtime(application.created_at).date()
        for step in steps:
            transition = machine.TRANSITIONS[step.transition]
            assert step.from_state == state, (application.reference, step.transition)
            assert state in transition.sources
            assert step.on >= since
            assert step.days == (step.on - since).days
            assert step.waiting_for == machine.WAITING_FOR.get(state, "")
            if step.to_state != state:
                since = step.on
            state = step.to_state
        assert application.state == state
        assert application.state_since == since
        assert application.version == len(steps)
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        assert all(s.at <= timezone.now() for s in steps)
        assert (application.closed_on is not None) == (state in machine.FINAL)
        filing = next((s for s in steps if s.transition == "file"), None)
        assert application.filed_on == (filing.on if filing else None)
        if filing:
            municipality = find_municipality(application.company.municipality)
            competent = competent_institution(municipality, ACCELERATED_PROCEDURE, filing.on)
            assert application.authority_id == competent.id
            assert application.mode == ("recorded" if competent.external else "platform")


def test_the_running_deadlines_of_open_demo_applications_end_on_working_days():
    demo("--applications", "120")  # enough open ones that some wait on a running deadline
    running = Deadline.objects.filter(met_on__isnull=True)
    assert running.exists()
    # A ZAB statement of comparability is no BQFG procedure: no § 14a BQFG period runs for it.
    assert not running.filter(
        step__startswith="recognition_", application__recognition_body="zab"
    ).exists()
    for deadline in running:
        assert deadline.application.state not in machine.FINAL
        assert deadline.paused_since is None or deadline.application.state == "documents_missing"
        assert is_working_day(deadline.due_on), deadline
    open_ones = Application.objects.exclude(state__in=machine.FINAL)
    assert open_ones.exists()
    assert Application.objects.filter(state__in=machine.FINAL).count() > open_ones.count()
    # Open ones reference today: nothing lies after it, and the newest steps are recent.
    today = timezone.localdate()
    assert not Step.objects.filter(on__gt=today).exists()
    assert all((today - a.state_since).days < 120 for a in open_ones)


def test_running_the_demo_twice_adds_nothing_and_reset_rebuilds_only_the_demo():
    out = demo()
    assert "hr.garbsen" in out and "TOTP" in out
    first = counts()
    assert "exist already" in demo()
    assert counts() == first
    demo("--reset")
    assert counts()[:3] == first[:3]  # the same seed draws the same year again


def test_demo_hr_users_log_in_like_the_other_demo_users(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-2026")
    demo()
    hr = User.objects.get(username="hr.garbsen")
    assert hr.kind == "employer" and hr.company.verified_at is not None
    assert hr.check_password("a-demo-password-2026")
    assert TOTPDevice.objects.get(user=hr).confirmed
    assert User.objects.filter(company=hr.company).count() == 2
