"""Background jobs of the youth app: the nightly retention run of referrals."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from welcome.youth.referrals import referrals_erase_expired


@db_periodic_task(crontab(hour="3", minute="25"))
def erase_expired_referrals() -> int:
    """Every night: erase the personal data of referrals inactive longer than RETENTION_DAYS."""
    return referrals_erase_expired()
