"""Helpers of the fault tests (test_faults.py): a mail server that can stall, a job consumer in
its own process, a database that such a process can share with the test.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


class StallingSMTPServer(socketserver.ThreadingTCPServer):
    """An SMTP server on 127.0.0.1 that takes messages as a real one does — a message counts as
    sent once the client has had our 250 after its data — except that with `stall_first` it
    never answers the first message: `stalled` is set, and that message is dropped when the
    client goes away (as when its process is killed). `accepted` holds the raw messages sent."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, stall_first: bool):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.stall_first = stall_first
        self.stalled = threading.Event()
        self.accepted: list[bytes] = []
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def should_stall(self) -> bool:
        with self._lock:
            if self.stall_first and not self.stalled.is_set():
                self.stalled.set()
                return True
            return False

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: StallingSMTPServer = self.server  # type: ignore[assignment]
        self.reply("220 stalling-smtp ready")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply("250 stalling-smtp")
            elif command == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                message = b"".join(iter(self._data_line, None))
                if server.should_stall():
                    while self.rfile.readline():  # hold the client until it goes away
                        pass
                    return
                server.accepted.append(message)
                self.reply("250 queued")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")

    def _data_line(self) -> bytes | None:
        line = self.rfile.readline()
        return None if line in (b".\r\n", b"") else line


def redis_db_url(worker_id: str) -> str:
    """A Redis database of its own per xdist worker (13 for a run without xdist, 12 for gw0, …
    down to 8), so parallel test processes never share a queue. (tests/e2e/test_scale_out.py
    has 14.)"""
    index = 0 if worker_id == "master" else int(worker_id.removeprefix("gw")) + 1
    if index > 5:
        raise RuntimeError("The fault tests use Redis databases 8 to 13: six workers at most.")
    return f"redis://127.0.0.1:6379/{13 - index}"


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


class SharedDatabase:
    """The test's database, reachable from another process: PostgreSQL's test database as it
    is (the test must commit: `django_db(transaction=True)`), SQLite's in-memory test database
    copied into a file (`publish()`, after the rows are written), which the other process and
    `value()` then use."""

    def __init__(self, folder: Path):
        self.sqlite_file = None
        if connection.vendor == "sqlite":
            self.sqlite_file = folder / "shared.sqlite3"
            self.url = f"sqlite:///{self.sqlite_file}"
        elif connection.vendor == "postgresql":
            db = connection.settings_dict
            password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
            host = db.get("HOST") or "127.0.0.1"
            self.url = (
                f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
            )
        else:
            raise RuntimeError(f"No shared database for {connection.vendor}.")

    def publish(self) -> None:
        if self.sqlite_file is not None:
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.sqlite_file)) as target:
                connection.connection.backup(target)

    def value(self, sql: str, params: list):
        """The first column of the first row ``sql`` selects (placeholders: %s)."""
        if self.sqlite_file is not None:
            with contextlib.closing(sqlite3.connect(self.sqlite_file)) as db:
                row = db.execute(sql.replace("%s", "?"), params).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone()
        return row[0] if row else None


class Consumer:
    """`manage.py run_huey` in a process group of its own with ``env`` on top of ours; its
    output goes to ``log``. `kill()` is SIGKILL to the group — the consumer and its worker
    processes, as when a container dies: no signal handler, no finally block runs."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "welcome.settings", **env}
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, str(MANAGE_PY), "run_huey", "--no-periodic", "--workers", "1"],
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=MANAGE_PY.parent,
                start_new_session=True,
            )

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def wait_for(condition, *, timeout: float, what: str, consumer: Consumer | None = None):
    """Poll ``condition`` until it is true; on timeout fail with the consumer's output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        if consumer is not None and consumer.process.poll() is not None:
            break
        time.sleep(0.05)
    log = consumer.output() if consumer is not None else ""
    raise AssertionError(f"Timed out waiting for {what}.\n{log}")
