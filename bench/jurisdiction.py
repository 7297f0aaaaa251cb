"""Benchmark: who is responsible for a place — the API and the page — in the production profile.

A fresh PostgreSQL database with the Region's data; every request asks for another postal code
of the Region on another date (2020–2029), so no answer is asked twice.
Run: `.venv/bin/python -m bench.jurisdiction` (bench/common.py: the profile, wrk, the rounds).
"""

import datetime as dt
from urllib.parse import urlencode

from bench.common import Target, bench_database, get_paths, measure, report, serve
from bench.inputs import jurisdiction_query


def main():
    with bench_database("jurisdiction") as env:
        from welcome.region.data import region

        first, last = dt.date(2020, 1, 1), dt.date(2029, 12, 31)  # the dates asked about
        codes = sorted(
            {
                p.code
                for m in region().municipalities
                for p in m.postal_codes
                if p.valid_on(first) and p.valid_on(last)
            }
        )
        query = jurisdiction_query(codes)
        targets = [
            Target(
                "jurisdiction API, a new place and date",
                get_paths(lambda i: f"/api/v1/jurisdiction?{urlencode(query(i))}"),
            ),
            Target(
                "who-is-responsible page, a new place and date",
                get_paths(lambda i: f"/en/who-is-responsible/?{urlencode(query(i))}"),
            ),
        ]
        with serve(env) as server:
            rows = measure(server, targets)
    report("Jurisdiction (production profile, PostgreSQL, gunicorn 2 workers)", rows)


if __name__ == "__main__":
    main()
