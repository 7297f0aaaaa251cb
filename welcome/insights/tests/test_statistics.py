"""The figures: exact percentiles from one aggregate query, suppression below five, the time
split, counts by state, occupation group and nationality, and the whole procedure per month."""

import datetime as dt
import random

import pytest

from welcome.insights.period import Period, resolve
from welcome.insights.selectors import (
    application_statistics,
    processing_times,
    statistics_for_period,
    step_statistics,
)
from welcome.insights.tests.factories import applications, steps
from welcome.insights.tests.test_percentiles import brute_force
from welcome.procedures.machine import State

pytestmark = pytest.mark.django_db

JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def by_key(rows):
    return {(row.phase, row.institution): row.durations for row in rows}


def test_percentiles_match_a_brute_force_reference_on_random_data():
    rng = random.Random(81)
    apps = applications(3)
    expected = {}
    for transition, body in [
        ("conclude_agreement", "zentralstelle-nds"),
        ("conclude_agreement", "abh-region"),
        ("decide_recognition", "ihk-fosa"),
        ("record_ba_approval", "ba"),
        ("decide_visa", "mission"),
    ]:
        days = [
            rng.choice([rng.randint(0, 15), rng.randint(0, 150)]) for _ in range(rng.randint(5, 90))
        ]
        on = dt.date(2026, 6, rng.randint(1, 30))
        steps(apps, transition, days, acting_body=body, on=on)
        expected[body, transition] = days
    rows = by_key(step_statistics(JUNE)[0])
    for (body, transition), days in expected.items():
        phase = {
            "conclude_agreement": "agreement",
            "decide_recognition": "recognition",
            "record_ba_approval": "ba_approval",
            "decide_visa": "visa_decision",
        }[transition]
        got = rows[phase, body]
        assert got.count == len(days)
        assert (got.median, got.p80, got.p90) == (
            brute_force(days, 50),
            brute_force(days, 80),
            brute_force(days, 90),
        )


def test_the_steps_are_counted_in_one_aggregate_query(django_assert_num_queries):
    steps(applications(2), "conclude_agreement", list(range(40)))
    with django_assert_num_queries(1):
        step_statistics(JUNE)
    with django_assert_num_queries(2):
        application_statistics(JUNE)


def test_a_phase_merges_the_bodies_and_the_transitions_that_end_it():
    apps = applications(2)
    steps(apps, "record_ba_approval", [1, 2, 3], acting_body="ba")
    steps(apps, "deem_ba_approval", [8, 8, 8], acting_body="ba")
    _steps, phases, _split = step_statistics(JUNE)
    ba = {row.phase: row.durations for row in phases}["ba_approval"]
    assert (ba.count, ba.median, ba.p90) == (6, 3, 8)


def test_groups_below_five_are_suppressed_and_five_are_shown():
    apps = applications(2)
    steps(apps, "conclude_agreement", [10, 11, 12, 13], acting_body="abh-lhh")
    steps(apps, "conclude_agreement", [20, 21, 22, 23, 24], acting_body="abh-region")
    rows = by_key(step_statistics(JUNE)[0])
    small = rows["agreement", "abh-lhh"]
    assert small.suppressed
    assert (small.count, small.median, small.p80, small.p90) == (None, None, None, None)
    assert rows["agreement", "abh-region"].count == 5
    assert rows["agreement", "abh-region"].median == 22


def test_the_share_within_the_deadline_counts_only_the_measured_steps():
    apps = applications(2)
    within = [True] * 6 + [False] * 2 + [None] * 4
    steps(apps, "decide_visa", [10] * 12, acting_body="mission", within_deadline=within)
    steps(
        apps,
        "record_visa_appointment",
        [5] * 8,
        acting_body="mission",
        within_deadline=[True] * 3 + [None] * 5,
    )
    rows = by_key(step_statistics(JUNE)[0])
    assert rows["visa_decision", "mission"].within_share == 0.75
    assert rows["visa_decision", "mission"].count == 12
    # Three measured steps are too few to speak about.
    assert rows["visa_appointment", "mission"].within_share is None


def test_only_steps_completed_within_the_period_count():
    apps = applications(1)
    steps(apps, "conclude_agreement", [5] * 5, on=dt.date(2026, 5, 31))
    steps(apps, "conclude_agreement", [9] * 5, on=dt.date(2026, 6, 30))
    steps(apps, "conclude_agreement", [7] * 5, on=dt.date(2026, 7, 1))
    (row,) = step_statistics(JUNE)[0]
    assert (row.durations.count, row.durations.median) == (5, 9)


def test_the_time_split_sums_the_days_by_who_was_waited_for():
    apps = applications(2)
    steps(apps, "conclude_agreement", [3] * 10, acting_body="zentralstelle-nds")  # authority
    steps(apps, "file", [4] * 5)  # waiting for the employer
    steps(apps, "receive_documents", [10] * 5, from_state=State.DOCUMENTS_MISSING)  # paused
    # A receipt confirmation does not end the phase; counting its days would count them twice.
    steps(apps, "confirm_recognition_receipt", [99] * 5, acting_body="ihk-fosa")
    _steps, phases, split = step_statistics(JUNE)
    assert [(row.key, row.days, row.share) for row in split] == [
        ("authority", 30, 0.3),
        ("employer", 20, 0.2),
        ("paused", 50, 0.5),
    ]
    # A pause is time, not a finished phase; neither is the receipt confirmation.
    assert {row.phase for row in phases} == {"agreement", "filing"}


def test_a_time_split_class_of_fewer_than_five_steps_is_suppressed():
    apps = applications(1)
    steps(apps, "conclude_agreement", [3] * 10)
    steps(apps, "receive_documents", [40] * 2, from_state=State.DOCUMENTS_MISSING)
    split = {row.key: row for row in step_statistics(JUNE)[2]}
    assert (split["paused"].days, split["paused"].share) == (None, None)
    assert split["employer"].days == 0


def test_applications_are_counted_by_state_occupation_group_and_nationality():
    june = dt.date(2026, 6, 10)
    applications(
        6, state=State.CLOSED, filed_on=june, occupation_isco="2221", worker_nationality="IN"
    )
    applications(
        5, state=State.BA_REQUESTED, filed_on=june, occupation_isco="7115", worker_nationality="TR"
    )
    applications(
        2, state=State.REFUSED, filed_on=june, occupation_isco="7", worker_nationality="FJ"
    )
    applications(9, state=State.CLOSED, filed_on=dt.date(2026, 7, 1))  # outside the period
    applications(4, state=State.DRAFT)  # never filed
    _months, states, occupations, countries = application_statistics(JUNE)
    assert [(r.key, r.count) for r in states] == [
        ("ba_requested", 5),
        ("closed", 6),
        ("refused", None),
    ]
    assert [(r.key, r.count) for r in occupations] == [("2", 6), ("7", 7)]
    assert [(r.key, r.count) for r in countries] == [("FJ", None), ("IN", 6), ("TR", 5)]


def test_the_whole_procedure_is_measured_from_filing_to_closing_per_month():
    period = Period(dt.date(2026, 4, 15), dt.date(2026, 6, 30))
    for took in (100, 110, 120, 130, 140, 150):
        closed = dt.date(2026, 5, 20)
        applications(1, filed_on=closed - dt.timedelta(days=took), closed_on=closed)
    applications(3, filed_on=dt.date(2026, 1, 1), closed_on=dt.date(2026, 6, 2))
    applications(
        5, state=State.REFUSED, filed_on=dt.date(2026, 1, 1), closed_on=dt.date(2026, 5, 2)
    )
    months = application_statistics(period)[0]
    assert [row.month for row in months] == [
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 1),
        dt.date(2026, 6, 1),
    ]
    april, may, june = (row.durations for row in months)
    assert april.count == 0 and april.median is None
    assert (may.count, may.median, may.p80, may.p90) == (6, 120, 140, 150)
    assert june.suppressed


def test_the_default_period_is_cached_and_a_chosen_one_is_not(django_assert_num_queries):
    steps(applications(1), "conclude_agreement", [3] * 5, on=dt.date(2026, 11, 2))
    default = resolve(None, None, today=dt.date(2026, 12, 3))
    assert default.default and default.start == dt.date(2025, 12, 4)
    statistics_for_period(period=default)
    with django_assert_num_queries(0):
        assert processing_times(period=default)[0].durations.count == 5
    chosen = resolve(dt.date(2026, 11, 1), None, today=dt.date(2026, 12, 3))
    with django_assert_num_queries(1):
        processing_times(period=chosen)


def test_months_read_from_the_cache_add_up_to_one_count_over_the_whole_period():
    """Any period — whole months from the cache, the edges live — counts what one query over
    the whole period counts, with a cold cache and with a warm one."""
    from django.core.cache import cache

    from welcome.insights.selectors import _application_counts, _by_month, _step_counts

    rng = random.Random(2026)
    apps = applications(4, filed_on=dt.date(2026, 3, 2), closed_on=dt.date(2026, 7, 9))
    for _ in range(40):
        on = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        steps(apps, "conclude_agreement", [rng.randint(0, 40) for _ in range(6)], on=on)
    cache.clear()
    for _ in range(15):
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
        period = Period(start, start + dt.timedelta(days=rng.randint(20, 160)))
        for kind, count in (("steps", _step_counts), ("applications", _application_counts)):
            whole = count(period.start, period.end)
            assert _by_month(period, kind, count) == whole  # cache filled by earlier periods
            assert _by_month(period, kind, count) == whole  # every whole month now cached
        assert _step_counts(period.start, period.end)  # not vacuous
