"""Background jobs of the portal: erase expired saved pathway-check results every night."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from welcome.portal.services import saved_results_purge_expired


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_expired_saved_results():
    """Idempotent: a second run finds nothing left to delete."""
    return saved_results_purge_expired()
