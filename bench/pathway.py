"""Benchmark: the pathway check (API and result page) against the bare Django JSON view.

Run: `.venv/bin/python -m bench.pathway`. Goal: at least 0.5× the baseline's throughput.

Rows:
- the API and the result page asked the same question again (answered from the per-process
  memory of recent results, as a reload or a partner's retry is);
- the API with a different profile on every request (every answer computed: parse, evaluate
  eight titles, build the roadmap, render every message);
- the home page, for reference: the site's page frame (base.html, language links) costs the
  same on every server-rendered page.
The result page is reached by GET with the answers in a signed `?a=` token, as people open it.
"""

import copy
import os

import django

from bench.common import gunicorn, load, report

PROFILE = {
    "evaluation_date": "2026-03-01",
    "nationality": "IN",
    "age": 30,
    "municipality": "Garbsen",
    "qualification": {
        "level": "academic",
        "recognition": "full",
        "occupation_isco": "2512",
        "regulated_profession": False,
    },
    "job_offer": {
        "annual_gross_salary_eur": 52000,
        "matches_qualification": True,
        "contract_months": 0,
    },
}


def varied(index: int) -> dict:
    """A profile no cache has seen: another salary every time."""
    profile = copy.deepcopy(PROFILE)
    profile["job_offer"]["annual_gross_salary_eur"] = 40000 + index
    return profile


def result_path() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from welcome.portal.pathway.tokens import dump_answers

    return f"/en/pathway/result/?a={dump_answers(PROFILE)}"


def main():
    page = result_path()
    api = "/api/v1/pathway-check"
    with gunicorn() as port:
        for path, body in (("/bench/baseline", None), (api, PROFILE), (page, None), ("/en/", None)):
            load(port, "POST" if body else "GET", path, body, seconds=2)  # warm every worker
        rows = {
            "baseline": load(port, "GET", "/bench/baseline"),
            "POST pathway-check (same profile again)": load(port, "POST", api, PROFILE),
            "POST pathway-check?trace=1 (same profile again)": load(
                port, "POST", api + "?trace=1", PROFILE
            ),
            "POST pathway-check (new profile each time)": load(port, "POST", api, varied),
            "GET result page ?a= (same answers again)": load(port, "GET", page),
            "GET home page (reference: page frame only)": load(port, "GET", "/en/"),
        }
    report("Pathway check (gunicorn, 2 workers, 4 client threads)", rows)


if __name__ == "__main__":
    main()
