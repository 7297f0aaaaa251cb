"""Run the project's periodic jobs when they are due, without a separate huey consumer.

The embedded default runs huey `immediate` (jobs in-process, no consumer), so nothing would ever
start a periodic task — the nightly retention run, the consultation reminders, the procedures'
deadline sweep. This command asks each periodic task registered with huey whether it is due in
a minute (`task.validate_datetime`, huey's own schedule check against its own clock, UTC unless
HUEY sets utc=False) and runs it in this process. Each minute is checked once: the loop sleeps
to the next check and then checks every minute since the last one, so a sweep that takes longer
than the interval skips nothing and runs nothing twice. A daily task (03:15) thus runs at most
once per day per runner; a restart within the very same minute could repeat it, which the jobs
allow — every one of them claims its rows before it acts.

    manage.py run_due_jobs              # loop, checking every 60 s (make demo starts it)
    manage.py run_due_jobs --once       # check the current minute once and exit (cron, tests)
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger("welcome.jobs")

# Catching up after a stall (suspend, a slow sweep) looks back at most this far.
MAX_CATCH_UP = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def close_old_connections() -> None:
    """Drop broken or expired database connections between jobs, as a request would — but never
    one inside a transaction (a caller's, or a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def huey_minute() -> dt.datetime:
    """Now, as huey's scheduler sees it (naive UTC by default), cut to the minute."""
    from huey.contrib.djhuey import HUEY

    now = timezone.now()
    now = now.astimezone(dt.UTC) if HUEY.utc else timezone.localtime(now)
    return now.replace(tzinfo=None, second=0, microsecond=0)


def periodic_tasks() -> list:
    """Every periodic task registered with the project's huey (the apps' tasks.py modules)."""
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    return sorted(HUEY._registry.periodic_tasks, key=lambda task: task.name)


def due_tasks(minutes: list[dt.datetime]) -> list:
    """The periodic tasks due in any of ``minutes``, each once."""
    return [task for task in periodic_tasks() if any(task.validate_datetime(m) for m in minutes)]


def minutes_to_check(last: dt.datetime | None, now: dt.datetime) -> list[dt.datetime]:
    """The minutes after ``last`` up to ``now`` (only ``now`` on the first round)."""
    if last is None or last >= now:
        return [now] if last is None else []
    start = max(last + MINUTE, now - MAX_CATCH_UP)
    return [start + i * MINUTE for i in range(int((now - start) / MINUTE) + 1)]


class Command(BaseCommand):
    help = "Run every periodic job of the project when it is due (embedded default: no consumer)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Check the current minute once, then exit."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="Seconds between checks (default 60); every minute in between is checked.",
        )

    def handle(self, *args, once: bool = False, interval: int = 60, **options):
        if interval < 1:
            raise CommandError("The interval is a whole number of seconds, at least 1.")
        from huey.contrib.djhuey import HUEY

        if not HUEY.immediate:
            self.stderr.write(
                "huey runs with a consumer here (not immediate): the consumer starts the "
                "periodic jobs itself. This runner would start them a second time; the jobs "
                "allow that, but it is not needed."
            )
        if not once:
            self.stdout.write(f"Checking the periodic jobs every {interval} s (Ctrl+C to stop).")
        last = None
        try:
            while True:
                now = huey_minute()
                self.run_due(minutes_to_check(last, now))
                last = now
                if once:
                    return
                # Sleep to the next check; a check inside the same minute would find nothing.
                pause = interval - (timezone.now().timestamp() % min(interval, 60))
                time.sleep(max(pause, 1))
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def run_due(self, minutes: list[dt.datetime]) -> None:
        if not minutes:
            return
        for task in due_tasks(minutes):
            started = time.monotonic()
            try:
                result = task.execute()
            except Exception as error:  # one failing job must not stop the others
                logger.exception("Periodic task %s failed.", task.name)
                self.stderr.write(f"{minutes[-1]:%Y-%m-%d %H:%M} {task.name} failed: {error!r}")
            else:
                self.stdout.write(
                    f"{minutes[-1]:%Y-%m-%d %H:%M} {task.name}: {result!r} "
                    f"({time.monotonic() - started:.1f} s)"
                )
            finally:
                close_old_connections()
