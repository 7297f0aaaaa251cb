"""Benchmark: the public consultation pages, and a booking race (production profile).

1. Throughput and latency (wrk, bench/common.py) of a requester's page listing about 140 free
   slots (the same page again: it has no other input), against the bare Django JSON view
   `/bench/baseline` measured the same way in the run.
2. A race: 40 people (each from its own address, so the per-address limit does not interfere)
   POST a booking at the same moment for 5 slots of one seat each; exactly 5 must win and no
   slot may be overbooked.

A fresh PostgreSQL database is created and dropped. Run: `.venv/bin/python -m bench.consultations`.
"""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
from urllib.parse import urlencode

from bench.common import (
    PROXY_HEADERS,
    Target,
    bench_database,
    get_paths,
    measure,
    report,
    serve,
)

RACERS, SCARCE_SLOTS = 40, 5


def main():
    # The race clients name their address in X-Forwarded-For, as the proxy does.
    with bench_database("consult", {"PROXY_COUNT": "1"}) as env:
        run(env)


def make_request(services, n: int):
    return services.request_submit(
        requester_kind="worker",
        topic="general",
        name=f"Bench Person {n}",
        email=f"bench{n}@example.org",
        language="en",
        channel="in_person",
        consents=[("welcome-center", "advice")],
        ui_language="en",
    )


def book_once(port, token, slot_id, address, results, barrier):
    """GET the page (CSRF cookie and token), wait for everyone, then POST the booking."""
    from django.core import signing

    from welcome.consultations.tokens import FORM_TIME_SALT

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {**PROXY_HEADERS, "X-Forwarded-For": address}
    conn.request("GET", f"/en/consultation/r/{token}/", headers=headers)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "slot": slot_id,
            "website": "",
            "started": signing.dumps(time.time() - 30, salt=FORM_TIME_SALT),
        }
    )
    headers.update(
        {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1:{port}/",
        }
    )
    barrier.wait(timeout=60)
    start = time.perf_counter()
    conn.request("POST", f"/en/consultation/r/{token}/book/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    results.append((response.status, time.perf_counter() - start))
    conn.close()


def run(env):
    from django.core.management import call_command

    from welcome.consultations import services
    from welcome.consultations.models import Booking, Slot
    from welcome.consultations.tokens import request_token

    call_command("demo_consultations", stdout=open(os.devnull, "w"))  # noqa: SIM115
    viewer = make_request(services, 0)
    racers = [make_request(services, n) for n in range(1, RACERS + 1)]
    scarce = list(
        Slot.objects.filter(institution_id="welcome-center").order_by("start")[:SCARCE_SLOTS]
    )
    viewer_token = request_token(viewer)
    racer_tokens = [request_token(r) for r in racers]

    with serve(env) as server:
        port = server.port
        rows = measure(
            server,
            [
                Target(
                    "requester page (free slots)",
                    get_paths([f"/en/consultation/r/{viewer_token}/"]),
                    repeated=True,
                ),
            ],
        )
        report("Consultation pages (production profile, gunicorn 2 workers)", rows)

        results: list[tuple[int, float]] = []
        barrier = threading.Barrier(RACERS)
        threads = [
            threading.Thread(
                target=book_once,
                args=(
                    port,
                    token,
                    scarce[i % SCARCE_SLOTS].pk,
                    f"198.51.100.{i + 1}",
                    results,
                    barrier,
                ),
            )
            for i, token in enumerate(racer_tokens)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    won = sum(1 for status, _ in results if status == 302)
    refused = sum(1 for status, _ in results if status == 400)
    active = Booking.objects.filter(slot__in=scarce, cancelled_at__isnull=True).count()
    overbooked = Slot.objects.filter(pk__in=[s.pk for s in scarce], booked_count__gt=1).count()
    slowest = max(t for _, t in results) * 1000
    print(
        f"\n## Booking race: {RACERS} concurrent bookings for {SCARCE_SLOTS} one-seat slots\n"
        f"| won (302) | refused (400) | other | active bookings | overbooked slots | "
        f"slowest POST ms |\n|---|---|---|---|---|---|\n"
        f"| {won} | {refused} | {len(results) - won - refused} | {active} | {overbooked} | "
        f"{slowest:.0f} |"
    )
    assert won == active == SCARCE_SLOTS and overbooked == 0, "double booking!"


if __name__ == "__main__":
    main()
