"""Background jobs of the portal: erase expired saved pathway-check results every night; re-check
saved results when the rules change, and tell those who asked when their outcome changed.

Both run in every profile: the huey consumer starts them in production, ``manage.py
run_due_jobs`` in the embedded default.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from welcome.portal import notifications
from welcome.portal.services import saved_results_purge_expired, saved_results_recheck

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
    is due is sent, once. Safe to run twice or to stop halfway: the rows say what is done."""
    counts = saved_results_recheck(seconds=RECHECK_SECONDS)
    counts["mailed"] = notifications.send_unsent_change_notices()
    return counts
