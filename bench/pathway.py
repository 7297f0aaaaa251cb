"""Benchmark: the pathway check (API and result page) and the home page, production profile.

Run: `.venv/bin/python -m bench.pathway` (bench/common.py: the profile, wrk, the rounds).
Goals (2 cores, never-repeated requests, against the bare Django view of the same run): the API
at ≥ 0.5× the bare view's throughput with p95 < 10 ms; public pages p95 < 15 ms.

Rows:
- the API with a profile never sent before on every request (bench.inputs.pathway_profile:
  salary, nationality, age and date differ between any two; qualification, recognition,
  occupation, languages, contract and place vary with them): every answer computed — parse,
  evaluate every title, build the roadmap, render every message;
- the API asked the same profile again (answered from the per-process memory of recent results,
  as a reload or a partner's retry is);
- the result page as people open it, by GET with the answers sealed in `?a=`, new answers on
  every request;
- the check's first step as "change your answers" opens it (`/pathway/?a=`: the step's form
  filled with the answers, the 250 countries among them), new answers on every request, the
  six languages in turn;
- the home page in the six languages in turn (it takes no input; nothing caches whole pages).
"""

import json

from bench.common import Target, bench_database, get_paths, measure, report, serve
from bench.inputs import pathway_profile, prefix

API = "/api/v1/pathway-check"
LANGUAGES = ("de", "en", "tr", "ar", "es", "fr")


def main():
    with bench_database("pathway") as env:
        from welcome.portal.pathway.tokens import dump_answers
        from welcome.portal.tests.factories import BLUE_CARD

        same = json.dumps(BLUE_CARD)
        targets = [
            Target(
                "pathway API, a new profile",
                lambda i: ("POST", API, json.dumps(pathway_profile(i))),
                goal_p95_ms=10,
                goal_ratio=0.5,
            ),
            Target("pathway API, the same profile", lambda i: ("POST", API, same), repeated=True),
            Target(
                "result page ?a=, new answers",
                get_paths(lambda i: f"/en/pathway/result/?a={dump_answers(pathway_profile(i))}"),
                goal_p95_ms=15,
            ),
            Target(
                "first step ?a=, new answers, six languages",
                get_paths(
                    lambda i: (
                        f"{prefix(LANGUAGES[i % len(LANGUAGES)])}pathway/"
                        f"?a={dump_answers(pathway_profile(i))}"
                    )
                ),
                goal_p95_ms=15,
            ),
            Target(
                "home page, six languages in turn",
                get_paths([prefix(language) for language in LANGUAGES]),
                repeated=True,
                goal_p95_ms=15,
            ),
        ]
        with serve(env) as server:
            rows = measure(server, targets)
    report("Pathway check and home page (production profile, gunicorn 2 workers)", rows)


if __name__ == "__main__":
    main()
