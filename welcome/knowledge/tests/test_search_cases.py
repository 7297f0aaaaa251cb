"""The search quality table: every question of search_cases_*.yaml must find its entry.

The questions were written by the content writers the way people type them (typos, colloquial
terms, other languages). We print recall@1 and recall@3 and demand recall@3 >= 0.9.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from welcome.knowledge.search import search

CASES_DIR = Path(__file__).resolve().parent
MIN_CASES = 60
MIN_CASES_PER_LANGUAGE = 10
# Per language, a floor below the overall goal: the colloquial and transliterated questions of
# the smaller languages miss more (measured 2026-12-03: tr 1.0, fr 0.92, es 0.83, ru 0.83,
# ar 0.75, uk 0.75 at recall@3); a drop below it is a regression, not noise.
MIN_RECALL_PER_LANGUAGE = 0.7


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("search_cases_*.yaml")):
        with open(path, encoding="utf-8") as handle:
            cases += [dict(case, file=path.name) for case in yaml.safe_load(handle) or []]
    return cases


@pytest.mark.django_db
def test_the_expected_entry_is_in_the_top_three_for_the_search_cases(capsys):
    call_command("load_knowledge", stdout=open("/dev/null", "w"))  # noqa: SIM115
    cases = load_cases()
    assert len(cases) >= MIN_CASES, f"only {len(cases)} search cases; expected >= {MIN_CASES}"
    hits_at_1, hits_at_3, misses = 0, 0, []
    by_language: dict[str, list[bool]] = {}
    for case in cases:
        found = [r.slug for r in search(query=case["q"], language=case["lang"], limit=3).results]
        hits_at_1 += found[:1] == [case["expect"]]
        hit = case["expect"] in found
        by_language.setdefault(case["lang"], []).append(hit)
        if hit:
            hits_at_3 += 1
        else:
            misses.append(f"{case['lang']}: {case['q']!r} → {found} (expected {case['expect']})")
    recall_1, recall_3 = hits_at_1 / len(cases), hits_at_3 / len(cases)
    per_language = {lang: sum(hits) / len(hits) for lang, hits in sorted(by_language.items())}
    with capsys.disabled():
        print(  # noqa: T201
            f"\nFAQ search over {len(cases)} cases: "
            f"recall@1 {recall_1:.3f}, recall@3 {recall_3:.3f}; recall@3 per language: "
            + ", ".join(f"{lang} {value:.2f}" for lang, value in per_language.items())
        )
    assert recall_3 >= 0.9, f"recall@3 {recall_3:.3f} < 0.9; misses:\n" + "\n".join(misses)
    for code, _name in settings.LANGUAGES:
        assert len(by_language.get(code, [])) >= MIN_CASES_PER_LANGUAGE, code
        assert per_language[code] >= MIN_RECALL_PER_LANGUAGE, (code, misses)
