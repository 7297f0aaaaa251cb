"""Shared benchmark machinery: the production profile on loopback, measured with wrk.

Every benchmark runs the app as it runs in production (README, "Production profile"):
`DJANGO_ENV=production` with a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1 and DEBUG off; a fresh
PostgreSQL database (copied from a migrated template when `bench.run` made one), the Redis cache
(`BENCH_REDIS_URL`, database 7, emptied before each server starts), static files collected into a
temporary directory (whitenoise's compressed manifest), and gunicorn started with
`deploy/gunicorn.conf.py` (preloaded app, one BLAS thread per process). Every request carries
`X-Forwarded-Proto: https`, as the TLS proxy in front of it sends: the production redirect to
HTTPS, secure cookies and HSTS stay on.

The load comes from wrk (Debian's; `make system-deps` installs it) with bench/requests.lua, which
sends the lines of a file of pre-generated requests, each once. A row is measured in ROUNDS rounds
(default 3) interleaved with the bare Django JSON view `/bench/baseline` (bench/urls.py), which
takes the same path through the same Lua script (with a new query string each time) and the
same wrk settings; a row reports the minimum and median of its rounds' req/s, the median of
their p50/p95/p99 latency and its median throughput as a multiple of the bare view's. Absolute
numbers drift on shared machines; the ratios measured in the same run drift much less.

Environment: BENCH_ROUNDS (3), BENCH_SECONDS (per round, 3), BENCH_THREADS (wrk -t, 2),
BENCH_CONNECTIONS (wrk -c, 4), BENCH_WORKERS (gunicorn workers, 2), BENCH_PG, BENCH_REDIS_URL,
BENCH_TEMPLATE_DB and BENCH_STATIC_ROOT (set by bench.run: a migrated database to copy and the
static files collected once).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "requests.lua"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy adds (README, Production)
BLAS_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


# --- the production profile ----------------------------------------------------------------------


def _pg_host() -> str:
    return PG.split("@", 1)[1].split(":")[0].split("/")[0]


def createdb(name: str) -> None:
    """A new database: a copy of BENCH_TEMPLATE_DB (migrated once by bench.run) if there is one."""
    template = os.environ.get("BENCH_TEMPLATE_DB")
    args = ["-T", template] if template else []
    subprocess.run(["createdb", *args, "-h", _pg_host(), "-U", "postgres", name], check=True)


def dropdb(name: str) -> None:
    subprocess.run(
        ["dropdb", "--if-exists", "--force", "-h", _pg_host(), "-U", "postgres", name], check=True
    )


def production_env(database_url: str, var_dir: str, static_root: str) -> dict[str, str]:
    """The environment of the production profile for this run (also set in this process, so the
    sessions it creates are signed with the server's SECRET_KEY)."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "VAR_DIR": var_dir,
        "MEDIA_ROOT": str(Path(var_dir) / "media"),
        "BENCH_STATIC_ROOT": static_root,
        # Nothing listens on port 25 here; mails are kept in memory instead of failing.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **BLAS_ONE_THREAD,
    }


def collectstatic(static_root: str, env: dict | None = None, wait: bool = True):
    """`manage.py collectstatic` with the production storage (hashed names, compressed); with
    `wait=False` answers the running process."""
    full = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": REDIS_URL,  # the job queue's client connects lazily: nothing written here
        "BENCH_STATIC_ROOT": static_root,
        **(env or {}),
    }
    started = time.monotonic()
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    process = subprocess.Popen(command, cwd=ROOT, env=full)
    if not wait:
        return process
    if process.wait():
        raise RuntimeError("collectstatic failed")
    print(f"static files collected in {time.monotonic() - started:.0f} s", flush=True)
    return None


@contextlib.contextmanager
def static_files() -> Iterator[str]:
    """BENCH_STATIC_ROOT if it was collected already (bench.run does it once), else a
    temporary directory collected now."""
    given = os.environ.get("BENCH_STATIC_ROOT")
    if given and (Path(given) / "staticfiles.json").exists():
        yield given
        return
    directory = tempfile.mkdtemp(prefix="bench-static-")
    try:
        collectstatic(directory)
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def bench_database(prefix: str, extra_env: dict | None = None) -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database, migrated, with the Region's institutions, and the production
    profile's environment in this process (Django set up for it); all removed afterwards.

    Yields the environment for gunicorn.
    """
    name = f"welcome_bench_{prefix}_{os.getpid()}"
    var_dir = tempfile.mkdtemp(prefix=f"bench-{prefix}-")
    createdb(name)
    try:
        with static_files() as static_root:
            env = {**production_env(f"{PG}/{name}", var_dir, static_root), **(extra_env or {})}
            os.environ.update(env)
            import django

            django.setup()
            from django.core.management import call_command

            from welcome.region.services import institutions_sync

            started = time.monotonic()
            if not os.environ.get("BENCH_TEMPLATE_DB"):  # a copy of the template is migrated
                call_command("migrate", verbosity=0)
            institutions_sync()
            print(f"database {name} ready in {time.monotonic() - started:.0f} s", flush=True)
            try:
                yield env
            finally:
                from django.db import connections

                connections.close_all()
    finally:
        dropdb(name)
        shutil.rmtree(var_dir, ignore_errors=True)


def flush_redis() -> None:
    """Empty the benchmark's Redis database: no cache entry or queued job of an earlier run."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass
class Server:
    port: int
    process: subprocess.Popen

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]


def gunicorn_command(port: int, workers: int, extra: Sequence[str] = ()) -> list[str]:
    """gunicorn with the production config (deploy/gunicorn.conf.py) serving bench.wsgi (the app
    plus the bare view); without that file, the same essentials as flags."""
    command = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONFIG.exists():
        command += ["--config", str(GUNICORN_CONFIG)]
    else:
        command += ["--preload"]
    return [
        *command,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *extra,
        "bench.wsgi:application",
    ]


@contextlib.contextmanager
def serve(env: dict, workers: int = WORKERS, extra: Sequence[str] = ()) -> Iterator[Server]:
    """gunicorn in the production profile on a free loopback port, until the block ends."""
    flush_redis()
    port = free_port()
    full_env = {**os.environ, **env, **BLAS_ONE_THREAD, "GUNICORN_LOGLEVEL": "warning"}
    process = subprocess.Popen(gunicorn_command(port, workers, extra), cwd=ROOT, env=full_env)
    server = Server(port, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            try:
                if get(port, "/healthz")[0] == 200 and len(server.workers()) == workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)


def start_consumer(log, *options: str, env: dict | None = None) -> subprocess.Popen:
    """`manage.py run_huey` with ``options``, as the worker container runs it, writing to the
    open file ``log``; ``env`` on top of this process's environment. Stop it with `stop`."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", *options],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM (gunicorn and huey end gracefully), then SIGKILL if it is still there."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(
    port: int, path: str, cookie: str = "", method: str = "GET", body: str = ""
) -> tuple[int, bytes]:
    """One request as the proxy forwards it (X-Forwarded-Proto: https)."""
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body.encode() if body else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def memory(server: Server) -> list[dict]:
    """RSS (VmRSS), PSS and private memory (smaps_rollup) in MB of the master and each worker.

    RSS counts every page a process maps in full, also those it shares with the master after
    the fork (preloaded code, the encoder's weights, the FAQ index); PSS splits shared pages
    among their sharers (the PSS of all processes adds up to the memory they use); private
    (Private_Clean + Private_Dirty) is what each process alone holds — what another worker adds.
    """
    rows = []
    for role, pid in [("master", server.process.pid)] + [("worker", p) for p in server.workers()]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        fields = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:]}
        rows.append(
            {
                "role": role,
                "pid": pid,
                "rss_mb": rss / 1024,
                "pss_mb": fields["Pss"] / 1024,
                "private_mb": (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024,
            }
        )
    return rows


def memory_report(title: str, rows: list[dict], goal_rss_mb: float | None = None) -> str:
    lines = [
        f"### {title}",
        "| process | RSS MB | PSS MB | private MB | goal |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        goal = ""
        if goal_rss_mb and row["role"] == "worker":
            met = row["rss_mb"] < goal_rss_mb
            goal = f"RSS < {goal_rss_mb:.0f} MB: {'met' if met else 'NOT met'}"
        lines.append(
            f"| {row['role']} {row['pid']} | {row['rss_mb']:.0f} | {row['pss_mb']:.0f} "
            f"| {row['private_mb']:.0f} | {goal} |"
        )
    total = sum(row["pss_mb"] for row in rows)
    lines.append(f"| all together (sum of PSS) | – | {total:.0f} | – | |")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


# --- wrk -----------------------------------------------------------------------------------------

# method, path (with query), body ("" for none), and optionally a cookie for this request alone
Request = tuple[str, str, str] | tuple[str, str, str, str]


@dataclasses.dataclass
class Target:
    """One row: `requests(i)` is the i-th request (i = 0, 1, …). Unless `repeated`, no two
    indices may give the same request (checked while the files are written)."""

    name: str
    requests: Callable[[int], Request]
    cookie: str = ""
    repeated: bool = False
    goal_p95_ms: float | None = None
    goal_ratio: float | None = None
    status: int = 200  # what the first requests must answer (checked before measuring)
    next_index: int = 0
    exhausted: bool = False  # `requests` raised IndexError: no more distinct requests
    rounds: list[dict] = dataclasses.field(default_factory=list)
    _seen: set = dataclasses.field(default_factory=set, repr=False)
    _checked: int = 0  # requests below this index were checked (a file may offer them again)

    def lines(self, count: int) -> list[str]:
        out = []
        for i in range(self.next_index, self.next_index + count):
            try:
                method, path, body, *cookie = self.requests(i)
            except IndexError:
                self.exhausted = True
                break
            line = "\t".join([method, path, body, *cookie])
            if line.count("\t") != 2 + len(cookie) or "\n" in line:
                raise ValueError(f"{self.name}: request {i} has a tab or a line break")
            if not self.repeated and i >= self._checked:
                digest = hashlib.blake2b(line.encode(), digest_size=12).digest()
                if digest in self._seen:
                    raise ValueError(f"{self.name}: request {i} repeats an earlier one: {path}")
                self._seen.add(digest)
            out.append(line)
        self._checked = max(self._checked, self.next_index + len(out))
        return out


def get_paths(paths: Sequence[str] | Callable[[int], str]) -> Callable[[int], Request]:
    """GET requests from a list of paths (cycled: a repeated row) or a function of the index."""
    if callable(paths):
        return lambda i: ("GET", paths(i), "")
    return lambda i: ("GET", paths[i % len(paths)], "")


def baseline_target() -> Target:
    """The bare Django JSON view, a new query string on every request (the same client work)."""
    return Target("bare Django view (baseline)", get_paths(lambda i: f"/bench/baseline?n={i}"))


def _wrk(port: int, target: Target, lines: list[str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="bench-wrk-") as handle:
        handle.write("\n".join(lines) + "\n")
        handle.flush()
        headers = [f"{k}: {v}" for k, v in PROXY_HEADERS.items()]
        if target.cookie:
            headers.append(f"Cookie: {target.cookie}")
        command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        for header in headers:
            command += ["-H", header]
        command += ["-s", str(LUA), f"http://127.0.0.1:{port}/", "--", handle.name, str(THREADS)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout}\n{done.stderr}")
    result = json.loads(line[len("BENCH ") :])
    duration = result["duration_us"] / 1e6
    return {
        "requests": result["requests"],
        "rps": result["requests"] / duration if duration else 0.0,
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "errors": result["socket_errors"] + result["status_errors"] + result["timeouts"],
        "ran_out": result["ran_out"],
        "used": result["most_lines_per_thread"] * THREADS,
    }


def run_round(
    port: int,
    target: Target,
    seconds: int,
    expected_rps: float,
    connections: int = CONNECTIONS,
) -> dict:
    """One wrk run over new requests of `target`; a run that ran out of lines is repeated with
    three times as many (the partial one is not reported).

    Thread k of wrk's T threads sends lines k, k+T, k+2T, …; no thread sent a line at or past
    T × (the most lines a thread sent), so the next run starts there: nothing is sent twice.
    """
    count = math.ceil(expected_rps * seconds * 1.5) + 100
    for _attempt in range(4):
        result = _wrk(port, target, target.lines(count), seconds, connections)
        target.next_index += min(result["used"], count)
        if not result["ran_out"]:
            return result
        if target.exhausted:
            raise RuntimeError(
                f"{target.name}: its {target.next_index:,} distinct requests are used up; "
                "measure shorter (BENCH_SECONDS) or with more data"
            )
        count *= 3
    raise RuntimeError(f"{target.name}: wrk kept running out of requests")


def check(port: int, target: Target, samples: int = 3) -> None:
    """The first requests answer what the row expects (200: not a redirect, not a login page)."""
    for i in range(samples):
        method, path, body, *cookie = target.requests(target.next_index + i)
        status, content = get(port, path, cookie[0] if cookie else target.cookie, method, body)
        if status != target.status:
            raise RuntimeError(
                f"{target.name}: {method} {path} answered {status}, not {target.status}: "
                f"{content[:300]!r}"
            )
    target.next_index += samples


def measure(
    server: Server, targets: Sequence[Target], *, rounds: int = ROUNDS, seconds: int = SECONDS
) -> list[Target]:
    """The bare view and `targets`, round after round (interleaved: a slow minute of the
    machine hits every row alike); answers them all, the bare view first.

    No warm-up run: the preloaded app starts warm, each row's first requests are checked, and
    the workers are replaced every ~20,000 requests anyway (as in production); a first round that
    still pays for something cold shows as the row's minimum, not its median."""
    rows = [baseline_target(), *targets]
    for target in rows:
        check(server.port, target)
    for number in range(rounds):
        for target in rows:
            seen = [r["rps"] for t in rows for r in t.rounds] or [3000.0]
            mine = [r["rps"] for r in target.rounds]
            expected = max(mine) if mine else max(seen)
            target.rounds.append(run_round(server.port, target, seconds, expected))
        print(
            f"  round {number + 1}/{rounds}: "
            + ", ".join(f"{t.rounds[-1]['rps']:.0f}" for t in rows)
            + f" req/s ({load_average()})",
            flush=True,
        )
    return rows


def summary(target: Target) -> dict:
    rounds = target.rounds
    return {
        "requests": sum(r["requests"] for r in rounds),
        "rps_min": min(r["rps"] for r in rounds),
        "rps": statistics.median(r["rps"] for r in rounds),
        "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
        "p95_ms": statistics.median(r["p95_ms"] for r in rounds),
        "p95_worst_ms": max(r["p95_ms"] for r in rounds),
        "p99_ms": statistics.median(r["p99_ms"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
    }


def report(title: str, rows: Sequence[Target]) -> str:
    """A Markdown table: the first row is the bare view the ratios refer to."""
    base = summary(rows[0])
    rounds = len(rows[0].rounds)
    lines = [
        f"## {title}",
        f"wrk -t{THREADS} -c{CONNECTIONS}, {rounds} rounds of {SECONDS:g} s interleaved; req/s "
        f"min and median of the rounds, latency the median of the rounds' percentiles; "
        f"{load_average()} at the end",
        "",
        "| target | requests | req/s min | req/s median | p50 ms | p95 ms | p99 ms | errors "
        "| × bare view | goal |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for target in rows:
        s = summary(target)
        ratio = s["rps"] / base["rps"] if base["rps"] else 0.0
        lines.append(
            f"| {target.name}{' (repeated)' if target.repeated else ''} | {s['requests']} "
            f"| {s['rps_min']:.0f} | {s['rps']:.0f} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} "
            f"| {s['p99_ms']:.1f} | {s['errors']} | {ratio:.2f}× | {_goal(target, s, ratio)} |"
        )
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def _goal(target: Target, s: dict, ratio: float) -> str:
    parts, met = [], True
    if target.goal_p95_ms is not None:
        parts.append(f"p95 < {target.goal_p95_ms:g} ms (worst round {s['p95_worst_ms']:.1f})")
        met &= s["p95_ms"] < target.goal_p95_ms
    if target.goal_ratio is not None:
        parts.append(f"≥ {target.goal_ratio:g}×")
        met &= ratio >= target.goal_ratio
    if not parts:
        return ""
    return f"{', '.join(parts)}: {'met' if met else 'NOT met'}"


def verified_session(user) -> str:
    """A session cookie of ``user`` logged in with a confirmed second factor."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from welcome.accounts.session import BACKEND

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"
