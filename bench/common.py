"""Shared benchmark machinery: start gunicorn on loopback, hammer a URL, report ratios.

Absolute numbers drift on shared machines, so every figure is reported beside the bare-Django
baseline (`/bench/baseline`) measured in the same run, with the same client and concurrency.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict | None = None, workers: int = 2):
    """Run gunicorn with bench.settings on a free loopback port; yields the port."""
    port = free_port()
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=full_env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(port: int, method: str, path: str, body: dict | None = None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if payload else {}
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if own:
        conn.close()
    return response.status, data


def load(port: int, method: str, path: str, body=None, *, seconds=8.0, concurrency=4) -> dict:
    """Closed-loop load with keep-alive connections; returns throughput and latency percentiles.

    `body` may be a function of the request's running number, for a fresh body per request.
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = itertools.count()
    stop_at = time.monotonic() + seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            payload = body(next(counter)) if callable(body) else body
            start = time.perf_counter()
            status, _ = request(port, method, path, payload, conn=conn)
            mine.append(time.perf_counter() - start)
            bad += status >= 400
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
    }


def report(title: str, rows: dict[str, dict], baseline_key: str = "baseline") -> str:
    base = rows[baseline_key]
    lines = [
        f"## {title}",
        "| target | requests | req/s | p50 ms | p95 ms | errors | throughput vs baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        ratio = r["rps"] / base["rps"] if base["rps"] else 0
        lines.append(
            f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['errors']} | {ratio:.2f}× |"
        )
    text = "\n".join(lines)
    print(text)
    return text


def verified_session(user) -> str:
    """A session cookie of ``user`` logged in with a confirmed second factor."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"
