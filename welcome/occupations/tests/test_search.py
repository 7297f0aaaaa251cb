"""The finder: every job name of job_names.yaml finds its unit group in the top three, with
and without the sentence encoder, and fast."""

import time
from pathlib import Path

import numpy as np
import pytest
import yaml

from welcome.knowledge import embeddings
from welcome.occupations import catalogue, search
from welcome.occupations.search import QueryError, suggest

CASES = yaml.safe_load((Path(__file__).parent / "job_names.yaml").read_text(encoding="utf-8"))
LANGUAGES = {"de", "en", "tr", "ar", "es", "fr", "uk", "ru"}


@pytest.fixture
def without_encoder(monkeypatch):
    monkeypatch.setattr(embeddings, "encode_query", lambda text: None)


def _recall(capsys, label: str) -> float:
    misses = []
    for case in CASES:
        top = [s.isco for s in suggest(case["q"], case["lang"])[:3]]
        if not set(top) & set(case["expected"]):
            misses.append(f"{case['q']!r} ({case['lang']}): expected {case['expected']}, got {top}")
    recall = 1 - len(misses) / len(CASES)
    with capsys.disabled():
        print(f"\noccupation finder {label}: recall@3 {recall:.3f} of {len(CASES)} names")  # noqa: T201 - the recall is the report
        for miss in misses:
            print("  missed", miss)  # noqa: T201
    return recall


def test_the_job_names_cover_eight_languages_and_at_least_sixty_names():
    assert len(CASES) >= 60
    assert {case["lang"] for case in CASES} == LANGUAGES
    assert sum(1 for case in CASES if case.get("note", "").startswith("typo")) >= 5


def test_every_job_name_finds_its_unit_group_in_the_top_three(capsys):
    if embeddings.model() is None:
        pytest.skip("The sentence encoder is unavailable here.")
    assert _recall(capsys, "with the encoder") == 1.0


def test_without_the_encoder_the_letters_still_find_almost_all(capsys, without_encoder):
    assert _recall(capsys, "letters only") >= 0.9


def test_a_suggestion_names_title_regulation_and_body():
    [first, *_] = suggest("Krankenschwester", "de")
    assert first.isco == "2221"
    assert first.regulated is True
    assert first.recognition_body_id == "ls-niedersachsen"
    assert first.title == catalogue.unit_groups()["2221"].titles["de"]
    assert 0 < first.score <= 1


def test_results_are_ranked_best_first_and_limited():
    results = suggest("engineer", "en", limit=5)
    assert 0 < len(results) <= 5
    scores = [s.score for s in results]
    assert scores == sorted(scores, reverse=True)


def test_a_title_comes_in_english_where_the_language_has_none():
    [first, *_] = suggest("hemşire", "tr")
    assert first.title == "Nursing professionals"


@pytest.mark.parametrize("query", ["", "   ", "x" * 101])
def test_it_refuses_an_empty_or_overlong_query(query):
    with pytest.raises(QueryError):
        suggest(query, "en")


@pytest.mark.parametrize(
    ("sentence", "isco"),
    [("I worked as a nurse in a hospital", "2221"), ("Ich war Elektriker in Syrien", "7411")],
)
def test_a_job_named_in_a_sentence_is_found_by_its_words(without_encoder, sentence, isco):
    assert suggest(sentence, "en")[0].isco == isco


def test_nonsense_finds_nothing_rather_than_anything(without_encoder):
    assert suggest("qqqqzzzz", "en") == []


def test_it_is_fast_enough_to_suggest_while_typing(without_encoder):
    search.index()
    queries = [case["q"] for case in CASES]
    times = []
    for query in queries:
        started = time.perf_counter()
        suggest(query, "de")
        times.append(time.perf_counter() - started)
    # Letters only (the encoder adds ~10–40 ms per query; measured apart, see the report).
    assert np.percentile(times, 95) < 0.05
