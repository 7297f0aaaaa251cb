"""An evaluation is a function of the answers, the rule code and the figures it read. So the
re-check of saved results may skip one whose reads answer the same under new parameter files
(``parameters.recording``, ``parameters.reads_digest``): checked here by evaluating varied
profiles under today's files and under files with the 2027 figures published and a 2026 figure
corrected — wherever the digest stayed, the whole evaluation (texts, citations, trace) did too."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from bench.inputs import pathway_profile
from welcome.law import ProfileError, evaluate, parameters

from .test_statuses import on

DATES = ("2026-03-01", "2026-09-30", "2027-02-01")
PUBLISHED = dt.date(2027, 1, 1)
CORRECTED = "age_45_salary"  # read by about two in five profiles


def _clear_caches() -> None:
    """What a new process would start with (a deploy brings new parameter files)."""
    parameters.forget()


@pytest.fixture
def new_files(monkeypatch):
    """Every yearly figure published for 2027 (3 % up) and one 2026 figure corrected."""
    changed = {}
    for name, parameter in parameters.load().items():
        figures = list(parameter.figures)
        if name == CORRECTED:
            last = figures[-1]
            figures[-1] = dataclasses.replace(last, value=last.value + Decimal("100"))
        if parameter.yearly:
            last = figures[-1]
            value = last.value
            if isinstance(value, Decimal):
                value = (value * Decimal("1.03")).quantize(Decimal("0.01"))
            figures.append(dataclasses.replace(last, value=value, valid_from=PUBLISHED))
        changed[name] = dataclasses.replace(parameter, figures=tuple(figures))
    assert changed[CORRECTED].figures[-2].valid_from.year == 2026  # the corrected one
    yield lambda: (monkeypatch.setattr(parameters, "load", lambda: changed), _clear_caches())
    monkeypatch.undo()
    _clear_caches()


def _evaluated(profile: dict) -> tuple[dict, set] | None:
    with parameters.recording() as reads:
        try:
            result = evaluate(profile).as_dict(trace=True)
        except (ProfileError, ValueError):
            return None
    return result, reads


def test_an_unchanged_digest_means_an_unchanged_evaluation(new_files):
    profiles = [on(pathway_profile(i), DATES[i % len(DATES)]) for i in range(600)]
    before = [_evaluated(profile) for profile in profiles]
    digests = [parameters.reads_digest(b[1]) if b else None for b in before]
    new_files()
    kept = redone = 0
    for profile, old, digest in zip(profiles, before, digests, strict=True):
        if old is None:
            continue
        result, reads = old
        if parameters.reads_digest(reads) == digest:
            assert _evaluated(profile)[0] == result, profile
            kept += 1
        else:
            redone += 1
    # 2026 dates mostly keep theirs; 2027 dates (and readers of the corrected figure) change.
    assert kept > 150 and redone > 200, (kept, redone)


def test_a_cached_check_still_tells_the_recording_what_it_read():
    _clear_caches()
    profile = on(pathway_profile(1), "2026-06-01")
    first = _evaluated(profile)[1]
    second = _evaluated(profile)[1]  # the in-force gates now come from the cache
    assert ("title_effective_dates", dt.date(2026, 6, 1)) in second
    assert first == second


def test_the_digest_ignores_figures_of_later_years_and_sees_the_figure_in_force(new_files):
    older = {(CORRECTED, dt.date(2025, 6, 1)), ("accelerated_procedure_fee", dt.date(2026, 6, 1))}
    corrected = {(CORRECTED, dt.date(2026, 6, 1))}
    unpublished = {(CORRECTED, dt.date(2027, 6, 1))}
    before = [parameters.reads_digest(reads) for reads in (older, corrected, unpublished)]
    new_files()
    after = [parameters.reads_digest(reads) for reads in (older, corrected, unpublished)]
    assert after[0] == before[0]  # 2025's figure and the fee: as they were
    assert after[1] != before[1]  # the 2026 figure was corrected
    assert after[2] != before[2]  # 2027: "not yet published" became a figure
