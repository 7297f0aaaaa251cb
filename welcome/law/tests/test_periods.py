"""How the law counts a period (§ 31 VwVfG, §§ 187–193 BGB) on Lower Saxony's holidays.

Every expected date was read off a printed calendar, not computed by the code under test.
Lower Saxony's holidays 2025–2028 (Niedersächsisches Feiertagsgesetz § 2): 1 Jan, Good Friday,
Easter Monday, 1 May, Ascension, Whit Monday, 3 Oct, 31 Oct (since 2018), 25 and 26 Dec.
Easter Sunday: 20 Apr 2025, 5 Apr 2026, 28 Mar 2027, 16 Apr 2028.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from welcome.law.periods import (
    add_working_days,
    is_holiday,
    is_working_day,
    iso_duration,
    local_date,
    next_working_day,
    nominal_end,
    period_end,
    working_days_between,
)

D = date
DAY, WEEK, TWO_WEEKS = {"days": 1}, {"weeks": 1}, {"weeks": 2}

# Lower Saxony's public holidays in 2026, from the statute, for the checks below.
NI_HOLIDAYS_2026 = {
    D(2026, 1, 1),  # Neujahr
    D(2026, 4, 3),  # Karfreitag
    D(2026, 4, 6),  # Ostermontag
    D(2026, 5, 1),  # Tag der Arbeit
    D(2026, 5, 14),  # Christi Himmelfahrt
    D(2026, 5, 25),  # Pfingstmontag
    D(2026, 10, 3),  # Tag der Deutschen Einheit
    D(2026, 10, 31),  # Reformationstag
    D(2026, 12, 25),  # 1. Weihnachtstag
    D(2026, 12, 26),  # 2. Weihnachtstag
}


# --- the calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "subdivision", "holiday"),
    [
        pytest.param(D(2026, 4, 3), "NI", True, id="Good Friday is a holiday in Lower Saxony"),
        pytest.param(D(2026, 4, 5), "NI", False, id="Easter Sunday is a Sunday, not a holiday"),
        pytest.param(D(2026, 4, 6), "NI", True, id="Easter Monday is a holiday"),
        pytest.param(D(2026, 5, 14), "NI", True, id="Ascension Day is a holiday"),
        pytest.param(D(2026, 5, 25), "NI", True, id="Whit Monday is a holiday"),
        pytest.param(D(2026, 6, 4), "NI", False, id="Corpus Christi is no holiday in Lower Saxony"),
        pytest.param(D(2026, 6, 4), "BY", True, id="Corpus Christi is a holiday in Bavaria"),
        pytest.param(D(2026, 1, 6), "NI", False, id="Epiphany is no holiday in Lower Saxony"),
        pytest.param(D(2026, 1, 6), "BY", True, id="Epiphany is a holiday in Bavaria"),
        pytest.param(D(2026, 10, 31), "NI", True, id="Reformation Day is a holiday in NI"),
        pytest.param(D(2026, 10, 31), "BY", False, id="Reformation Day is no holiday in Bavaria"),
        pytest.param(D(2028, 11, 1), "NI", False, id="All Saints is no holiday in Lower Saxony"),
        pytest.param(D(2028, 11, 1), "BY", True, id="All Saints is a holiday in Bavaria"),
        pytest.param(
            D(2016, 10, 31), "NI", False, id="Reformation Day 2016 was no holiday in Lower Saxony"
        ),
        pytest.param(D(2017, 10, 31), "NI", True, id="Reformation Day 2017 was a one-off holiday"),
        pytest.param(D(2018, 10, 31), "NI", True, id="Reformation Day is a holiday since 2018"),
        pytest.param(D(2026, 5, 1), "NI", True, id="1 May is a holiday"),
        pytest.param(D(2025, 10, 3), "NI", True, id="3 October is a holiday"),
        pytest.param(D(2026, 12, 24), "NI", False, id="Christmas Eve is a working day by law"),
        pytest.param(D(2026, 12, 25), "NI", True, id="Christmas Day is a holiday"),
        pytest.param(D(2026, 12, 26), "NI", True, id="Boxing Day is a holiday"),
        pytest.param(D(2026, 12, 31), "NI", False, id="New Year's Eve is a working day by law"),
        pytest.param(D(2027, 1, 1), "NI", True, id="New Year's Day is a holiday"),
    ],
)
def test_which_days_are_public_holidays(day: date, subdivision: str, holiday: bool) -> None:
    assert is_holiday(day, subdivision) is holiday


def test_lower_saxony_has_exactly_its_statutory_holidays_in_2026() -> None:
    every_day = (D(2026, 1, 1) + timedelta(days=n) for n in range(365))
    assert {day for day in every_day if is_holiday(day)} == NI_HOLIDAYS_2026


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 3, 6), True, id="a Friday without a holiday is a working day"),
        pytest.param(D(2026, 3, 7), False, id="a Saturday is no working day (§ 193 BGB)"),
        pytest.param(D(2026, 3, 8), False, id="a Sunday is no working day (§ 193 BGB)"),
        pytest.param(D(2026, 4, 3), False, id="Good Friday is no working day (§ 193 BGB)"),
        pytest.param(D(2026, 12, 24), True, id="Christmas Eve on a Thursday is a working day"),
    ],
)
def test_which_days_are_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 3, 6), D(2026, 3, 6), id="a working day stays where it is"),
        pytest.param(D(2026, 3, 7), D(2026, 3, 9), id="a Saturday moves to Monday"),
        pytest.param(D(2026, 4, 3), D(2026, 4, 7), id="Good Friday moves past Easter Monday"),
        pytest.param(D(2026, 12, 25), D(2026, 12, 28), id="Christmas on a Friday moves to Monday"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


# --- §§ 187, 188 BGB: the nominal end ----------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "period", "expected"),
    [
        pytest.param(
            D(2026, 3, 2),
            DAY,
            D(2026, 3, 3),
            id="§ 187 Abs. 1 BGB: the day of the event is not counted, one day ends the next day",
        ),
        pytest.param(
            D(2026, 3, 2),
            {"days": 14},
            D(2026, 3, 16),
            id="§ 188 Abs. 1 BGB: fourteen days from a Monday end on the Monday two weeks on",
        ),
        pytest.param(
            D(2026, 3, 4),
            TWO_WEEKS,
            D(2026, 3, 18),
            id="§ 188 Abs. 2 BGB: two weeks from a Wednesday end on a Wednesday",
        ),
        pytest.param(
            D(2026, 3, 7),
            WEEK,
            D(2026, 3, 14),
            id="§ 188 Abs. 2 BGB: a week from a Saturday ends on a Saturday before § 193 BGB",
        ),
        pytest.param(
            D(2026, 1, 15),
            {"months": 1},
            D(2026, 2, 15),
            id="§ 188 Abs. 2 BGB: a month ends on the day with the same number",
        ),
        pytest.param(
            D(2025, 12, 31),
            {"months": 2},
            D(2026, 2, 28),
            id="§ 188 Abs. 3 BGB: 31 December plus two months ends on 28 February",
        ),
        pytest.param(
            D(2027, 12, 31),
            {"months": 2},
            D(2028, 2, 29),
            id="§ 188 Abs. 3 BGB: 31 December 2027 plus two months ends on 29 February 2028",
        ),
        pytest.param(
            D(2026, 1, 31),
            {"months": 1},
            D(2026, 2, 28),
            id="§ 188 Abs. 3 BGB: 31 January plus one month ends on 28 February",
        ),
        pytest.param(
            D(2028, 1, 31),
            {"months": 1},
            D(2028, 2, 29),
            id="§ 188 Abs. 3 BGB: 31 January 2028 plus one month ends on 29 February (leap year)",
        ),
        pytest.param(
            D(2026, 11, 30),
            {"months": 3},
            D(2027, 2, 28),
            id="§ 188 Abs. 3 BGB: 30 November plus three months ends on 28 February",
        ),
        pytest.param(
            D(2026, 3, 31),
            {"months": 1},
            D(2026, 4, 30),
            id="§ 188 Abs. 3 BGB: 31 March plus one month ends on 30 April",
        ),
        pytest.param(
            D(2026, 11, 15),
            {"months": 2},
            D(2027, 1, 15),
            id="§ 188 Abs. 2 BGB: months are counted across the turn of the year",
        ),
    ],
)
def test_nominal_end_by_187_and_188_bgb(event: date, period: dict, expected: date) -> None:
    assert nominal_end(event, period) == expected


@pytest.mark.parametrize(
    "event",
    [D(2026, 6, 1) + timedelta(days=n) for n in range(5)],
    ids=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
)
def test_a_period_of_weeks_ends_on_the_weekday_of_the_event_188_2_bgb(event: date) -> None:
    """June 2026 has no holiday in Lower Saxony, so § 193 BGB does not move any of these."""
    end = period_end(event, {"weeks": 3})
    assert end.weekday() == event.weekday()
    assert end == event + timedelta(days=21)


@pytest.mark.parametrize(
    "period",
    [
        pytest.param({}, id="a period needs a unit"),
        pytest.param({"years": 1}, id="years are not a unit of the parameter files"),
        pytest.param({"hours": 24}, id="hours are not counted by §§ 187-193 BGB here"),
    ],
)
def test_a_period_in_an_unknown_unit_is_refused(period: dict) -> None:
    with pytest.raises(ValueError, match="days, weeks or months"):
        nominal_end(D(2026, 3, 2), period)


def test_months_beyond_the_last_representable_year_overflow_like_date_arithmetic() -> None:
    with pytest.raises(OverflowError):
        nominal_end(D(9999, 12, 25), {"months": 2})


# --- § 193 BGB: the end moves off Saturdays, Sundays and holidays --------------------------------


@pytest.mark.parametrize(
    ("event", "period", "expected"),
    [
        # Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr.
        pytest.param(
            D(2026, 3, 27),
            WEEK,
            D(2026, 4, 7),
            id="§ 193 BGB: a week ending on Good Friday runs past Easter Monday to Tuesday",
        ),
        pytest.param(
            D(2026, 3, 28),
            WEEK,
            D(2026, 4, 7),
            id="§ 193 BGB: a week ending on the Saturday before Easter Monday ends on Tuesday",
        ),
        pytest.param(
            D(2026, 3, 30),
            WEEK,
            D(2026, 4, 7),
            id="§ 193 BGB: a week ending on Easter Monday ends on Tuesday",
        ),
        pytest.param(
            D(2026, 3, 26),
            WEEK,
            D(2026, 4, 2),
            id="§ 193 BGB: Maundy Thursday is a working day, the period ends on it",
        ),
        # Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar.
        pytest.param(
            D(2027, 3, 19),
            WEEK,
            D(2027, 3, 30),
            id="§ 193 BGB: Good Friday 2027 is found as well, the end is Tuesday 30 March",
        ),
        # Ascension 2026: Thursday 14 May.
        pytest.param(
            D(2026, 5, 7),
            WEEK,
            D(2026, 5, 15),
            id="§ 193 BGB: a week ending on Ascension Day ends on the Friday after",
        ),
        # Whitsun 2026: Whit Sunday 24 May, Whit Monday 25 May.
        pytest.param(
            D(2026, 5, 18),
            WEEK,
            D(2026, 5, 26),
            id="§ 193 BGB: a week ending on Whit Monday ends on Tuesday",
        ),
        pytest.param(
            D(2026, 5, 16),
            WEEK,
            D(2026, 5, 26),
            id="§ 193 BGB: Saturday, Whit Sunday and Whit Monday chain to Tuesday",
        ),
        # Christmas.
        pytest.param(
            D(2026, 12, 18),
            WEEK,
            D(2026, 12, 28),
            id="§ 193 BGB: Christmas Day on a Friday, Boxing Day on Saturday, then Sunday: Monday",
        ),
        pytest.param(
            D(2025, 12, 18),
            WEEK,
            D(2025, 12, 29),
            id="§ 193 BGB: Christmas 2025 on Thursday and Friday plus the weekend: Monday 29th",
        ),
        pytest.param(
            D(2026, 12, 17),
            WEEK,
            D(2026, 12, 24),
            id="§ 193 BGB: Christmas Eve is a working day, the period ends on it",
        ),
        # New Year.
        pytest.param(
            D(2025, 12, 18),
            TWO_WEEKS,
            D(2026, 1, 2),
            id="§ 193 BGB: New Year's Day 2026 on a Thursday moves the end to Friday 2 January",
        ),
        pytest.param(
            D(2026, 12, 25),
            WEEK,
            D(2027, 1, 4),
            id="§ 193 BGB: New Year's Day 2027 on a Friday plus the weekend: Monday 4 January",
        ),
        # Reformation Day, a holiday in Lower Saxony (not in Bavaria).
        pytest.param(
            D(2025, 10, 24),
            WEEK,
            D(2025, 11, 3),
            id="§ 193 BGB: Reformation Day 2025 on a Friday plus the weekend: Monday 3 November",
        ),
        pytest.param(
            D(2028, 10, 24),
            WEEK,
            D(2028, 11, 1),
            id="§ 193 BGB: Reformation Day 2028 on a Tuesday moves the end to Wednesday",
        ),
        # 1 May and 3 October.
        pytest.param(
            D(2026, 4, 24),
            WEEK,
            D(2026, 5, 4),
            id="§ 193 BGB: 1 May 2026 on a Friday plus the weekend: Monday 4 May",
        ),
        pytest.param(
            D(2025, 9, 26),
            WEEK,
            D(2025, 10, 6),
            id="§ 193 BGB: 3 October 2025 on a Friday plus the weekend: Monday 6 October",
        ),
        # Month ends that fall on a weekend.
        pytest.param(
            D(2025, 12, 31),
            {"months": 2},
            D(2026, 3, 2),
            id="§§ 188 Abs. 3, 193 BGB: 28 February 2026 is a Saturday, the end is Monday 2 March",
        ),
        pytest.param(
            D(2026, 11, 30),
            {"months": 3},
            D(2027, 3, 1),
            id="§§ 188 Abs. 3, 193 BGB: 28 February 2027 is a Sunday, the end is Monday 1 March",
        ),
        pytest.param(
            D(2027, 11, 30),
            {"months": 3},
            D(2028, 2, 29),
            id="§ 188 Abs. 3 BGB: 30 November 2027 plus three months ends on Tuesday 29 February",
        ),
        pytest.param(
            D(2026, 3, 31),
            {"months": 2},
            D(2026, 6, 1),
            id="§ 193 BGB: 31 May 2026 is a Sunday, the end is Monday 1 June",
        ),
        pytest.param(
            D(2026, 3, 4),
            TWO_WEEKS,
            D(2026, 3, 18),
            id="§ 193 BGB does not move an end on an ordinary Wednesday",
        ),
    ],
)
def test_period_end_in_lower_saxony(event: date, period: dict, expected: date) -> None:
    assert period_end(event, period) == expected


@pytest.mark.parametrize(
    ("event", "lower_saxony", "bavaria"),
    [
        pytest.param(
            D(2028, 10, 24),
            D(2028, 11, 1),
            D(2028, 10, 31),
            id="§ 193 BGB at the place of the act: Reformation Day moves the end in NI, not in BY",
        ),
        pytest.param(
            D(2028, 10, 25),
            D(2028, 11, 1),
            D(2028, 11, 2),
            id="§ 193 BGB at the place of the act: All Saints moves the end in BY, not in NI",
        ),
    ],
)
def test_the_holidays_of_the_place_of_the_act_decide(
    event: date, lower_saxony: date, bavaria: date
) -> None:
    assert period_end(event, WEEK) == lower_saxony
    assert period_end(event, WEEK, subdivision="NI") == lower_saxony
    assert period_end(event, WEEK, subdivision="BY") == bavaria


# --- a pause extends the period before § 193 BGB applies --------------------------------------


@pytest.mark.parametrize(
    ("event", "paused_days", "expected"),
    [
        pytest.param(
            D(2026, 3, 2),
            0,
            D(2026, 3, 9),
            id="without a pause a week from Monday 2 March ends on Monday 9 March",
        ),
        pytest.param(
            D(2026, 3, 2),
            3,
            D(2026, 3, 12),
            id="a pause of three days moves the end to Thursday 12 March",
        ),
        pytest.param(
            D(2026, 3, 2),
            5,
            D(2026, 3, 16),
            id="a pause that lands the end on a Saturday is then moved by § 193 BGB to Monday",
        ),
        pytest.param(
            D(2026, 3, 7),
            2,
            D(2026, 3, 16),
            id="two paused days from a nominal Saturday end on Monday 16 March, not Wednesday 18",
        ),
        pytest.param(
            D(2026, 3, 27),
            1,
            D(2026, 4, 7),
            id="a pause from Good Friday to the Saturday still runs past Easter Monday",
        ),
        pytest.param(
            D(2026, 3, 27),
            5,
            D(2026, 4, 8),
            id="Good Friday plus five paused days is Wednesday 8 April, a working day",
        ),
    ],
)
def test_paused_days_extend_the_period_before_193_bgb(
    event: date, paused_days: int, expected: date
) -> None:
    assert period_end(event, WEEK, paused_days=paused_days) == expected


def test_a_negative_pause_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        period_end(D(2026, 3, 2), WEEK, paused_days=-1)


# --- working days (internal service targets) ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        pytest.param(D(2026, 3, 6), 0, D(2026, 3, 6), id="count 0 on a working day is that day"),
        pytest.param(D(2026, 3, 7), 0, D(2026, 3, 9), id="count 0 on a Saturday is the Monday"),
        pytest.param(D(2026, 4, 3), 0, D(2026, 4, 7), id="count 0 on Good Friday is the Tuesday"),
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="one working day after a Friday: Monday"),
        pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="one working day after Saturday: Monday"),
        pytest.param(D(2026, 3, 6), 5, D(2026, 3, 13), id="five working days are a week"),
        pytest.param(
            D(2026, 4, 2),
            1,
            D(2026, 4, 7),
            id="after Maundy Thursday the next working day is the Tuesday after Easter",
        ),
        pytest.param(
            D(2026, 4, 2),
            10,
            D(2026, 4, 20),
            id="ten working days from Maundy Thursday skip Easter and two weekends",
        ),
        pytest.param(
            D(2026, 5, 13), 1, D(2026, 5, 15), id="the working day after Ascension Eve is Friday"
        ),
        pytest.param(
            D(2026, 12, 23), 1, D(2026, 12, 24), id="Christmas Eve counts as a working day"
        ),
        pytest.param(
            D(2026, 12, 23), 2, D(2026, 12, 28), id="Christmas and the weekend are skipped"
        ),
        pytest.param(
            D(2026, 12, 30), 2, D(2027, 1, 4), id="New Year's Day and the weekend are skipped"
        ),
        pytest.param(
            D(2026, 10, 29), 2, D(2026, 11, 2), id="Reformation Day on a Saturday changes nothing"
        ),
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


def test_add_working_days_never_lands_on_a_weekend_or_a_holiday() -> None:
    for offset in range(365):
        start = D(2026, 1, 1) + timedelta(days=offset)
        for count in range(0, 12):
            day = add_working_days(start, count)
            assert day.weekday() < 5, (start, count, day)
            assert day not in NI_HOLIDAYS_2026, (start, count, day)


def test_add_working_days_refuses_to_count_backwards() -> None:
    with pytest.raises(ValueError, match="forward"):
        add_working_days(D(2026, 3, 6), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2026, 3, 6), D(2026, 3, 6), 0, id="no working days from a day to itself"),
        pytest.param(D(2026, 3, 9), D(2026, 3, 6), 0, id="an end before the start gives 0"),
        pytest.param(D(2026, 3, 6), D(2026, 3, 8), 0, id="Friday to Sunday has no working day"),
        pytest.param(D(2026, 3, 6), D(2026, 3, 9), 1, id="Friday to Monday is one working day"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 9), 5, id="Monday to Monday is five working days"),
        pytest.param(D(2026, 4, 2), D(2026, 4, 7), 1, id="Easter leaves one working day"),
        pytest.param(D(2026, 4, 2), D(2026, 4, 20), 10, id="Maundy Thursday to 20 April: ten"),
        pytest.param(
            D(2026, 12, 23), D(2027, 1, 4), 6, id="23 Dec to 4 Jan: 24, 28 to 31 Dec and 4 Jan"
        ),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("count", [1, 2, 5, 10, 20])
def test_counting_working_days_forward_and_back_agree(count: int) -> None:
    start = D(2026, 3, 26)  # a Thursday: the counts cross Easter 2026
    assert working_days_between(start, add_working_days(start, count)) == count


# --- the calendar day of a moment (daylight-saving changes) ------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Summer time starts on Sunday 29 March 2026 at 01:00 UTC (CET +1 → CEST +2).
        pytest.param(
            datetime(2026, 3, 28, 22, 59, tzinfo=UTC),
            D(2026, 3, 28),
            id="22:59 UTC on 28 March is 23:59 CET, still 28 March in Berlin",
        ),
        pytest.param(
            datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
            D(2026, 3, 29),
            id="23:30 UTC on 28 March is 00:30 CET on 29 March in Berlin, not the UTC day",
        ),
        pytest.param(
            datetime(2026, 3, 29, 21, 59, tzinfo=UTC),
            D(2026, 3, 29),
            id="21:59 UTC after summer time began is 23:59 CEST on 29 March",
        ),
        pytest.param(
            datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
            D(2026, 3, 30),
            id="22:30 UTC after summer time began is 00:30 CEST on 30 March",
        ),
        # Summer time ends on Sunday 25 October 2026 at 01:00 UTC (CEST +2 → CET +1).
        pytest.param(
            datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
            D(2026, 10, 25),
            id="22:30 UTC on 24 October is 00:30 CEST on 25 October in Berlin",
        ),
        pytest.param(
            datetime(2026, 10, 25, 22, 30, tzinfo=UTC),
            D(2026, 10, 25),
            id="22:30 UTC after summer time ended is 23:30 CET, still 25 October",
        ),
        pytest.param(
            datetime(2026, 10, 25, 23, 30, tzinfo=UTC),
            D(2026, 10, 26),
            id="23:30 UTC after summer time ended is 00:30 CET on 26 October",
        ),
        pytest.param(
            datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN),
            D(2026, 3, 29),
            id="a moment already in Berlin time keeps its day",
        ),
    ],
)
def test_local_date_is_the_berlin_calendar_day(moment: datetime, expected: date) -> None:
    assert local_date(moment) == expected


def test_local_date_refuses_a_moment_without_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_date(datetime(2026, 3, 29, 0, 30))  # noqa: DTZ001 - naive on purpose


# --- ISO 8601 durations for partner systems -----------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        pytest.param({"weeks": 1}, "P1W", id="one week is P1W"),
        pytest.param({"weeks": 3}, "P3W", id="three weeks are P3W"),
        pytest.param({"months": 2}, "P2M", id="two months are P2M"),
        pytest.param({"days": 14}, "P14D", id="fourteen days are P14D"),
    ],
)
def test_iso_duration(period: dict, expected: str) -> None:
    assert iso_duration(period) == expected


def test_iso_duration_refuses_a_period_with_two_units() -> None:
    with pytest.raises(ValueError, match="one unit"):
        iso_duration({"weeks": 1, "days": 2})
