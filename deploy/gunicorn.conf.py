"""gunicorn in the production profile: `gunicorn --config deploy/gunicorn.conf.py`.

Every value comes from the environment (README, "Production profile"). gunicorn reads this file
before it imports the app, which is why the BLAS thread counts are set here first.

The app is preloaded: the master imports Django, loads the sentence encoder and the FAQ index
once (welcome/preload.py), closes its database connections and only then forks the workers,
which share that memory copy-on-write.
"""

import gc
import os

# numpy's BLAS starts a thread per core when numpy is imported, in the master and in each
# worker: N workers on C cores would run N × C threads fighting over the same C cores. And a
# master with threads is not safe to fork. One thread each; the workers are the parallelism.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def _whole_number(name: str, default: int) -> int:
    """A whole number from the environment; a malformed value stops the start (no guessing)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from None


wsgi_app = "welcome.wsgi:application"
# In a container the port is published by the orchestrator, so every interface is meant.
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"]  # noqa: S104
workers = _whole_number("WEB_CONCURRENCY", 2)
worker_class = "sync"  # behind a buffering proxy (nginx), which absorbs slow clients
preload_app = True

# The slowest page (a roadmap PDF) takes about a second; a worker silent for 30 s is stuck.
timeout = _whole_number("GUNICORN_TIMEOUT", 30)
graceful_timeout = _whole_number("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Workers are replaced now and then (forked again from the warm master), so a slow leak never
# grows without bound; the jitter keeps them from restarting all at once. Rarely: a fresh
# worker starts with cold caches and connections, and at 2,000 requests the benchmark's p95 of
# the home page was 164 ms (3.4 ms without restarts) — at 20,000 a worker lives minutes, not
# seconds, under full load.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _whole_number("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# The proxy logs every request already; `GUNICORN_ACCESSLOG=-` writes them to stdout as well.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Which peers may set X-Forwarded-Proto for gunicorn itself (Django reads the header through
# SECURE_PROXY_SSL_HEADER either way). Behind the proxy of compose.yaml or an Ingress: "*".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The heartbeat file on a memory file system: a disk that stalls must not stall the workers,
# and the container's root file system may be read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No control socket (`gunicornc`): it would be one more thread in the master, and a file under
# $HOME, which the read-only container does not have.
control_socket_disable = True


def on_starting(server):
    """Runs in the master after the preloaded app is imported, before any worker is forked."""
    if server.cfg.preload_app:
        from welcome.preload import warm_up

        warm_up()


def pre_fork(server, worker):
    """Whatever opened a database connection in the master since, no worker inherits it.

    And the master's heap is frozen (gc.freeze, as the gc module advises before a fork without
    exec): the preloaded app lives as long as the server, so the workers' garbage collector
    need not walk it. Without this, every few hundred requests a worker's full collection
    walked the whole preloaded app for 110-130 ms (the pathway benchmark's p99: 80-90 ms,
    now 15-36), and wrote to its pages, which copy-on-write then copied into each worker
    (private memory per worker 96 MB, now 66)."""
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()
    gc.collect()  # garbage frozen would never be freed
    gc.freeze()
