"""The expected date of an open application: scenarios read off a calendar with Lower Saxony's
holidays (§ 193 BGB), on a company in Garbsen — so the Zentralstelle Niedersachsen acts (since
1 Jan 2026) and the Welcome Center records its notices."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.utils import translation

from welcome.accounts.tests.factories import CompanyFactory
from welcome.procedures import forecast, services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Step
from welcome.procedures.tests.factories import ApplicationFactory, authority_user

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2027, 9, 6, 9, tzinfo=dt.UTC)  # Mon 6 Sep 2027
ZENTRALSTELLE = "zentralstelle-nds"
D = dt.date
_seq = itertools.count(1)
LAST_WEEK = D(2027, 8, 31)


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def observed(state, transition, body, days, *, newest=LAST_WEEK):
    """Finished phases of other applications, one day apart, the newest first in ``days``."""
    others = Application.objects.bulk_create(
        [Application(reference=f"OBS-{next(_seq)}", company=CompanyFactory(), state_since=newest)]
    )
    Step.objects.bulk_create(
        Step(
            application=others[0],
            transition=transition,
            from_state=state,
            to_state=State.AGREEMENT_CONCLUDED,
            on=newest - dt.timedelta(days=index),
            at=MONDAY,
            source=Step.Source.NOTICE,
            acting_body=body,
            days=value,
        )
        for index, value in enumerate(days)
    )


def take(application, name, day, **kwargs):
    with time_machine.travel(dt.datetime.combine(day, dt.time(9), dt.UTC), tick=False):
        services.application_transition(
            application=application, name=name, by=authority_user(application), **kwargs
        )
    application.refresh_from_db()


def filed(day=MONDAY, **facts):
    with time_machine.travel(day, tick=False):
        return ApplicationFactory(state=State.FILED, **facts)


EASTER = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)  # Mon 1 Mar 2027; Easter Monday is 29 Mar
BA_PATH = ["agreement", "ba_request", "ba_approval", "pre_approval", "visa_appointment"]
SCENARIOS = [
    pytest.param(
        MONDAY,
        {"needs_recognition": False},
        None,
        (D(2027, 11, 15), D(2027, 11, 16)),
        [*BA_PATH, "visa_decision"],
        ["estimate", "without_delay", "statutory", "estimate", "statutory", "statutory"],
        id="Filed on Mon 6 Sep: planning figures and statutory periods to the visa decision",
    ),
    pytest.param(
        MONDAY,
        {"needs_recognition": False},
        [4, 6, 6, 9, 10, 30],
        (D(2027, 11, 8), D(2027, 11, 12)),
        [*BA_PATH, "visa_decision"],
        ["observed", "without_delay", "statutory", "estimate", "statutory", "statutory"],
        id="Six agreements took 6 days in the median (10 at the 80th percentile)",
    ),
    pytest.param(
        MONDAY,
        {"needs_recognition": False, "needs_ba_approval": False},
        None,
        (D(2027, 11, 8), D(2027, 11, 8)),
        ["agreement", "pre_approval", "visa_appointment", "visa_decision"],
        ["estimate", "estimate", "statutory", "statutory"],
        id="Without the BA the path is a week and a day shorter",
    ),
    pytest.param(
        MONDAY,
        {"needs_recognition": True, "needs_ba_approval": False},
        None,
        (D(2028, 1, 10), D(2028, 1, 10)),
        [
            "agreement",
            "recognition_request",
            "recognition",
            "pre_approval",
            "visa_appointment",
            "visa_decision",
        ],
        ["estimate", "without_delay", "statutory", "estimate", "statutory", "statutory"],
        id="Recognition takes two months (§ 14a BQFG): 20 Nov is a Saturday, so 22 Nov",
    ),
    pytest.param(
        EASTER,
        {"needs_recognition": False},
        None,
        (D(2027, 5, 11), D(2027, 5, 11)),
        [*BA_PATH, "visa_decision"],
        ["estimate", "without_delay", "statutory", "estimate", "statutory", "statutory"],
        id="Filed on 1 Mar: the pre-approval week ends on Easter Monday, so on Tuesday",
    ),
]


@pytest.mark.parametrize(("day", "facts", "agreements", "expected", "phases", "bases"), SCENARIOS)
def test_the_expected_range(day, facts, agreements, expected, phases, bases):
    application = filed(day, **facts)
    if agreements:
        observed(State.FILED, "conclude_agreement", ZENTRALSTELLE, agreements)
    result = forecast.expected(application, on=day.date())
    assert (result.earliest, result.latest) == expected
    assert [part.phase for part in result.parts] == phases
    assert [part.basis for part in result.parts] == bases


def test_the_range_moves_when_a_step_is_taken():
    application = filed(needs_recognition=False)
    before = forecast.expected(application, on=D(2027, 9, 6))
    assert (before.earliest, before.latest) == (D(2027, 11, 15), D(2027, 11, 16))

    take(application, "conclude_agreement", D(2027, 9, 10))  # Friday, four days early
    after = forecast.expected(application, on=D(2027, 9, 10))
    assert (after.earliest, after.latest) == (D(2027, 11, 5), D(2027, 11, 8))
    assert after.parts[0].phase == "ba_request"

    take(application, "request_ba_approval", D(2027, 9, 13))  # Monday: the BA's week runs
    running = forecast.expected(application, on=D(2027, 9, 13))
    assert (running.parts[0].basis, running.parts[0].earliest, running.parts[0].latest) == (
        "deadline",
        D(2027, 9, 20),
        D(2027, 9, 21),  # the approval is deemed given the day after the week ends
    )
    assert (running.earliest, running.latest) == (D(2027, 11, 8), D(2027, 11, 9))
    assert running.reason.startswith("The BA's deadline ends on 20 September 2027;")

    take(application, "record_ba_approval", D(2027, 9, 14))  # the BA answers the next day
    answered = forecast.expected(application, on=D(2027, 9, 14))
    assert (answered.earliest, answered.latest) == (D(2027, 11, 2), D(2027, 11, 2))


def test_a_late_ba_never_pushes_the_date_past_the_deemed_approval():
    application = filed(needs_recognition=False)
    take(application, "conclude_agreement", D(2027, 9, 6))
    take(application, "request_ba_approval", D(2027, 9, 6))
    # The BA usually takes a month — but after a week its approval is deemed given.
    observed(State.BA_REQUESTED, "record_ba_approval", "ba", [30] * 10)
    application.deadlines.update(met_on=D(2027, 9, 6))  # as if no deadline were recorded
    part = forecast.expected(application, on=D(2027, 9, 6)).parts[0]
    assert (part.basis, part.earliest, part.latest) == ("observed", D(2027, 9, 14), D(2027, 9, 14))


def test_an_overdue_deadline_ends_today_at_the_earliest():
    application = filed(needs_recognition=True, needs_ba_approval=False)
    take(application, "conclude_agreement", D(2027, 9, 6))
    take(application, "request_recognition", D(2027, 9, 6))
    result = forecast.expected(application, on=D(2027, 12, 1))  # due on 8 Nov
    assert (result.parts[0].earliest, result.parts[0].latest) == (D(2027, 12, 1), D(2027, 12, 1))
    assert "ended on 8 November 2027; it is overdue" in result.reason


def test_only_the_last_fifty_durations_count():
    application = filed(needs_recognition=False)
    observed(State.FILED, "conclude_agreement", ZENTRALSTELLE, [2] * 50 + [90] * 30)
    part = forecast.expected(application, on=D(2027, 9, 6)).parts[0]
    assert (part.earliest, part.latest) == (D(2027, 9, 8), D(2027, 9, 8))
    assert "2 days in the median of the last 50 procedures" in part.sentence


def test_fewer_than_five_durations_say_nothing():
    application = filed(needs_recognition=False)
    observed(State.FILED, "conclude_agreement", ZENTRALSTELLE, [1, 1, 1, 1])
    assert forecast.expected(application, on=D(2027, 9, 6)).parts[0].basis == "estimate"


def test_durations_at_another_authority_do_not_count():
    application = filed(needs_recognition=False)
    observed(State.FILED, "conclude_agreement", "abh-region", [1] * 10)
    assert forecast.expected(application, on=D(2027, 9, 6)).parts[0].basis == "estimate"


def test_a_pre_checked_application_is_counted_as_filed_today():
    with time_machine.travel(MONDAY, tick=False):
        application = ApplicationFactory(state=State.PRE_CHECKED, needs_recognition=False)
    result = forecast.expected(application, on=D(2027, 9, 6))
    assert result.parts[0].basis == "today"
    assert [p.phase for p in result.parts][:2] == ["filing", "agreement"]
    assert (result.earliest, result.latest) == (D(2027, 11, 15), D(2027, 11, 16))


def test_after_the_visa_the_residence_permit_is_forecast():
    application = filed(needs_recognition=False)
    Application.objects.filter(pk=application.pk).update(
        state=State.RESIDENCE_PERMIT, state_since=D(2027, 9, 6)
    )
    application.refresh_from_db()
    result = forecast.expected(application, on=D(2027, 9, 6))
    assert [p.phase for p in result.parts] == ["residence_permit"]
    assert (result.earliest, result.latest) == (D(2027, 10, 4), D(2027, 10, 4))


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        pytest.param(State.DRAFT, "once the pre-check has been requested", id="draft"),
        pytest.param(State.CLOSED, "The procedure has ended", id="closed"),
        pytest.param(State.WITHDRAWN, "The procedure has ended", id="withdrawn"),
        pytest.param(
            State.PRE_CHECK, "too few procedures have passed this step", id="no pre-checks"
        ),
        pytest.param(State.VISA_DECIDED, "Entry: too few procedures", id="entry unknown"),
    ],
)
def test_no_date_where_nothing_can_be_said(state, reason):
    application = filed(needs_recognition=False)
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    result = forecast.expected(application, on=D(2027, 9, 6))
    assert (result.earliest, result.latest) == (None, None)
    assert reason in result.reason


def test_while_documents_are_missing_the_clock_is_paused():
    application = filed(needs_recognition=False)
    take(application, "conclude_agreement", D(2027, 9, 7))
    take(application, "request_ba_approval", D(2027, 9, 7))
    take(application, "request_documents", D(2027, 9, 8))
    result = forecast.expected(application, on=D(2027, 9, 9))
    assert (result.earliest, result.latest, result.parts) == (None, None, ())
    assert "paused until the missing documents arrive" in result.reason

    take(application, "receive_documents", D(2027, 9, 20))  # the BA's week resumes
    resumed = forecast.expected(application, on=D(2027, 9, 20)).parts[0]
    # The week from 7 Sep ended on 14 Sep; 12 paused days move it to 26 Sep, a Sunday, so to
    # Monday (§ 193 BGB); the deemed approval follows on Tuesday.
    assert (resumed.basis, resumed.earliest, resumed.latest) == (
        "deadline",
        D(2027, 9, 27),
        D(2027, 9, 28),
    )


def test_the_reason_is_in_the_readers_language():
    application = filed(needs_recognition=False)
    with translation.override("de"):
        result = forecast.expected(application, on=D(2027, 9, 6))
    assert "§ 36 Abs. 2 BeschV" in result.reason
    assert result.reason == " ".join(part.sentence for part in result.parts)


def test_a_dashboard_reads_each_phase_once_whatever_the_number(django_assert_max_num_queries):
    company = CompanyFactory(municipality="Garbsen")
    observed(State.FILED, "conclude_agreement", ZENTRALSTELLE, [5] * 10)

    def many(count):
        return Application.objects.bulk_create(
            Application(
                reference=f"DASH-{count}-{n}-{state}"[:20],
                company=company,
                state=state,
                state_since=D(2027, 9, 1),
                authority_id=ZENTRALSTELLE if state != State.PRE_CHECKED else None,
                needs_recognition=n % 2 == 0,
                recognition_body="ihk-fosa",
            )
            for n in range(count)
            for state in (
                State.PRE_CHECKED,
                State.FILED,
                State.BA_REQUESTED,
                State.VISA_APPOINTMENT,
            )
        )

    few, lots = many(1), many(125)
    with django_assert_max_num_queries(20) as few_queries:
        forecast.expected_many(few, on=D(2027, 9, 6))
    with django_assert_max_num_queries(20) as lots_queries:
        result = forecast.expected_many(lots, on=D(2027, 9, 6))
    assert len(result) == 500
    # More kinds of path (with and without recognition) may add a phase or two; 500 do not.
    assert len(lots_queries.captured_queries) <= len(few_queries.captured_queries) + 4
    assert len(lots_queries.captured_queries) <= 15
    assert all(f.earliest is not None for f in result.values())
