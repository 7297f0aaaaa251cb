"""Benchmark: the jurisdiction API against the bare Django JSON view, under gunicorn.

Run: `make bench` (or `.venv/bin/python -m bench.jurisdiction`).
"""

from bench.common import gunicorn, load, report


def main():
    with gunicorn() as port:
        rows = {
            "baseline": load(port, "GET", "/bench/baseline"),
            "jurisdiction API": load(
                port, "GET", "/api/v1/jurisdiction?postal_code=30669&date=2026-03-01"
            ),
            "who-is-responsible page": load(
                port, "GET", "/en/who-is-responsible/?postal_code=30823"
            ),
        }
    report("Jurisdiction (gunicorn, 2 workers, 4 client threads)", rows)


if __name__ == "__main__":
    main()
