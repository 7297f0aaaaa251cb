"""The statutory deadlines of the accelerated skilled-worker procedure (§ 81a AufenthG).

Expected dates were read off a printed calendar with Lower Saxony's holidays (see test_periods).
"""

from __future__ import annotations

from datetime import date

import pytest

from welcome.law.deadlines import STEPS, DeadlineError, deadline

D = date
COUNTING = "§ 31 VwVfG i. V. m. §§ 187–193 BGB"


def test_the_five_steps_of_the_accelerated_procedure() -> None:
    assert STEPS == (
        "recognition_receipt",
        "recognition_decision",
        "ba_approval",
        "visa_appointment",
        "visa_decision",
    )


@pytest.mark.parametrize(
    ("step", "event", "period", "due", "reference", "acting"),
    [
        pytest.param(
            "recognition_receipt",
            D(2026, 3, 2),
            "P2W",
            D(2026, 3, 16),
            "§ 14a BQFG",
            "recognition_body",
            id="§ 14a BQFG: the recognition body confirms receipt within two weeks",
        ),
        pytest.param(
            "recognition_receipt",
            D(2026, 3, 20),
            "P2W",
            D(2026, 4, 7),
            "§ 14a BQFG",
            "recognition_body",
            id="§ 14a BQFG with § 193 BGB: two weeks ending on Good Friday run to Tuesday 7 April",
        ),
        pytest.param(
            "recognition_decision",
            D(2026, 3, 2),
            "P2M",
            D(2026, 5, 4),
            "§ 14a BQFG",
            "recognition_body",
            id="§ 14a BQFG with § 193 BGB: two months ending on Saturday 2 May run to Monday",
        ),
        pytest.param(
            "recognition_decision",
            D(2025, 12, 31),
            "P2M",
            D(2026, 3, 2),
            "§ 14a BQFG",
            "recognition_body",
            id="§ 14a BQFG with § 188 Abs. 3 BGB: from 31 Dec to 28 Feb, a Saturday, so 2 March",
        ),
        pytest.param(
            "recognition_decision",
            D(2027, 12, 31),
            "P2M",
            D(2028, 2, 29),
            "§ 14a BQFG",
            "recognition_body",
            id="§ 14a BQFG with § 188 Abs. 3 BGB: from 31 Dec 2027 to 29 Feb 2028 (leap year)",
        ),
        pytest.param(
            "ba_approval",
            D(2026, 3, 2),
            "P1W",
            D(2026, 3, 9),
            "§ 36 Abs. 2 BeschV",
            "ba",
            id="§ 36 Abs. 2 BeschV: the BA answers within one week in the accelerated procedure",
        ),
        pytest.param(
            "visa_appointment",
            D(2026, 3, 2),
            "P3W",
            D(2026, 3, 23),
            "§ 31a AufenthV",
            "mission",
            id="§ 31a AufenthV: the mission offers an appointment within three weeks",
        ),
        pytest.param(
            "visa_appointment",
            D(2026, 12, 11),
            "P3W",
            D(2027, 1, 4),
            "§ 31a AufenthV",
            "mission",
            id="§ 31a AufenthV with § 193 BGB: three weeks ending on New Year's Day run to 4 Jan",
        ),
        pytest.param(
            "visa_decision",
            D(2026, 3, 2),
            "P3W",
            D(2026, 3, 23),
            "§ 31a AufenthV",
            "mission",
            id="§ 31a AufenthV: the mission decides as a rule within three weeks",
        ),
        pytest.param(
            "visa_decision",
            D(2026, 12, 4),
            "P3W",
            D(2026, 12, 28),
            "§ 31a AufenthV",
            "mission",
            id="§ 31a AufenthV with § 193 BGB: three weeks ending on Christmas Day run to 28 Dec",
        ),
    ],
)
def test_the_deadline_of_each_step(
    step: str, event: date, period: str, due: date, reference: str, acting: str
) -> None:
    result = deadline(step, event)
    assert result.due == due
    assert result.acting == acting
    assert result.figure.valid_from == D(2020, 3, 1)
    assert result.as_dict() == {
        "step": step,
        "event_date": event.isoformat(),
        "period": period,
        "due": due.isoformat(),
        "citation": f"{reference}; {COUNTING}",
    }


@pytest.mark.parametrize(
    ("event", "due", "deemed_on"),
    [
        pytest.param(
            D(2026, 3, 2),
            D(2026, 3, 9),
            D(2026, 3, 10),
            id="§ 36 Abs. 2 BeschV: silent until Monday 9 March, approval deemed given on the 10th",
        ),
        pytest.param(
            D(2026, 5, 7),
            D(2026, 5, 15),
            D(2026, 5, 16),
            id="§ 36 Abs. 2 BeschV with § 193 BGB: the week ends on Ascension Day, so on Friday",
        ),
        pytest.param(
            D(2026, 3, 27),
            D(2026, 4, 7),
            D(2026, 4, 8),
            id="§ 36 Abs. 2 BeschV with § 193 BGB: the week ends on Good Friday, so on 7 April",
        ),
        pytest.param(
            D(2026, 12, 18),
            D(2026, 12, 28),
            D(2026, 12, 29),
            id="§ 36 Abs. 2 BeschV with § 193 BGB: the week ends on Christmas Day, so on Monday",
        ),
        pytest.param(
            D(2025, 10, 24),
            D(2025, 11, 3),
            D(2025, 11, 4),
            id="§ 36 Abs. 2 BeschV with § 193 BGB: the week ends on Reformation Day, so on Monday",
        ),
    ],
)
def test_a_silent_ba_approval_is_deemed_given_the_day_after_the_period(
    event: date, due: date, deemed_on: date
) -> None:
    result = deadline("ba_approval", event)
    assert result.due == due
    assert result.deemed_on == deemed_on


@pytest.mark.parametrize(
    ("paused_days", "due"),
    [
        pytest.param(0, D(2026, 3, 9), id="without a pause the week ends on Monday 9 March"),
        pytest.param(3, D(2026, 3, 12), id="three days without documents move it to Thursday"),
        pytest.param(
            5, D(2026, 3, 16), id="five paused days land on Saturday, § 193 BGB moves it to Monday"
        ),
    ],
)
def test_paused_days_extend_the_ba_period(paused_days: int, due: date) -> None:
    result = deadline("ba_approval", D(2026, 3, 2), paused_days=paused_days)
    assert result.due == due
    assert result.paused_days == paused_days
    assert result.as_dict()["due"] == due.isoformat()


@pytest.mark.parametrize(
    "step",
    [
        pytest.param("", id="an empty step is unknown"),
        pytest.param("recognition", id="a step is named in full"),
        pytest.param("BA_APPROVAL", id="steps are lower case"),
        pytest.param("ba-approval", id="steps use underscores"),
    ],
)
def test_an_unknown_step_is_refused_with_the_known_ones(step: str) -> None:
    with pytest.raises(DeadlineError, match="known steps are: recognition_receipt, "):
        deadline(step, D(2026, 3, 2))


@pytest.mark.parametrize("step", STEPS)
def test_no_deadline_before_the_first_figure(step: str) -> None:
    """The accelerated procedure exists since 1 March 2020 (Fachkräfteeinwanderungsgesetz)."""
    with pytest.raises(DeadlineError, match="before 2020-03-01"):
        deadline(step, D(2020, 2, 29))


def test_the_first_figure_applies_from_its_first_day() -> None:
    """1 March 2020 was a Sunday, so a week ends on Sunday 8 March and § 193 BGB moves it."""
    assert deadline("ba_approval", D(2020, 3, 1)).due == D(2020, 3, 9)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    "event", [D(9999, 12, 25), D(9999, 12, 31)], ids=["25 Dec 9999", "31 Dec 9999"]
)
def test_a_date_too_far_in_the_future_is_a_deadline_error_not_an_overflow(
    step: str, event: date
) -> None:
    with pytest.raises(DeadlineError, match="too far in the future"):
        deadline(step, event)


def test_a_deadline_error_is_a_value_error_for_callers_that_catch_those() -> None:
    assert issubclass(DeadlineError, ValueError)
