"""Background jobs of the youth app: the referrals' e-mails and their nightly retention run."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from welcome.youth import notifications
from welcome.youth.referrals import referrals_erase_expired


@db_periodic_task(crontab(hour="3", minute="25"))
def erase_expired_referrals() -> int:
    """Every night: erase the personal data of referrals inactive longer than RETENTION_DAYS."""
    return referrals_erase_expired()


@db_task()
def send_referral_confirmation(referral_id: int) -> bool:
    return notifications.send_confirmation(referral_id)


@db_task()
def notify_referral_inbox(referral_id: int) -> bool:
    return notifications.notify_inbox(referral_id)


@db_periodic_task(crontab(minute="*/5"))
def send_unsent_referral_mail() -> int:
    """Every five minutes: the referral e-mails a lost job left unsent (each once)."""
    return notifications.send_unsent()
