"""Background jobs of the portal: erase expired saved pathway-check results every night; re-check
saved results when the rules change, and tell those who asked when their outcome changed.

Both run in every profile: the huey consumer starts them in production, ``manage.py
run_due_jobs`` in the embedded default.
"""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from welcome.portal import notifications
from welcome.portal.services import (
    saved_results_purge_expired,
    saved_results_recheck,
    saved_results_stale_exist,
)

# A run re-checks for at most this long (tens of thousands of results), so the embedded runner,
# which runs due jobs one after the other, is held up for two minutes at most; the next run goes on.
RECHECK_SECONDS = 120


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_expired_saved_results():
    """Idempotent: a second run finds nothing left to delete."""
    return saved_results_purge_expired()


@db_periodic_task(crontab(minute="*/5"))
def recheck_saved_results() -> dict[str, int]:
    """Every five minutes: each result saved under other rules than the deployed ones is
    evaluated again (one query finds none on almost every run), then every change e-mail that
    is due is sent, once. Safe to run twice or to stop halfway: the rows say what is done.

    When there is work, one more run per further worker process starts beside this one
    (``recheck_saved_results_share``): the runs share the rows, each locked by one of them."""
    if saved_results_stale_exist():
        for _ in range(_parallel_runs() - 1):
            recheck_saved_results_share()
    return _recheck_and_mail()


@db_task()
def recheck_saved_results_share() -> dict[str, int]:
    """A run of the re-check beside the periodic one, in another worker process."""
    return _recheck_and_mail()


def _recheck_and_mail() -> dict[str, int]:
    counts = saved_results_recheck(seconds=RECHECK_SECONDS)
    counts["mailed"] = notifications.send_unsent_change_notices()
    return counts


def _parallel_runs() -> int:
    """How many runs of the re-check use the cores: one per worker process of the consumer;
    one where jobs run in this process (embedded default) or in threads (they share a core)."""
    consumer = settings.HUEY.get("consumer", {})
    if HUEY.immediate or consumer.get("worker_type") != "process":
        return 1
    return max(1, consumer.get("workers", 1))
