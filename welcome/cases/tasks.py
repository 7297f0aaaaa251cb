"""Background jobs of the back office: the nightly retention run, overdue notices and the staff's
e-mail digest. Idempotent by construction: each case is claimed with a conditional UPDATE before
it is erased, an overdue notice is unique per case and due date, a digest claims its notices."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from welcome.cases import notices
from welcome.cases.services import case_erase, expired_cases


@db_task()
def erase_case(case_id: int) -> bool:
    """Erase one expired case; does nothing if it was erased meanwhile or became active again."""
    return case_erase(case_id=case_id)


@db_periodic_task(crontab(hour="3", minute="15"))
def erase_expired_cases() -> int:
    """Every night: erase the personal data of cases inactive longer than RETENTION_DAYS."""
    erased = 0
    for case_id in expired_cases().values_list("id", flat=True).iterator():
        erased += case_erase(case_id=case_id)
    return erased


# Huey's crontab counts in UTC: 05:00 UTC is 06:00 or 07:00 in Hannover, before the day's work.
@db_periodic_task(crontab(hour="5", minute="0"))
def notify_overdue_cases() -> int:
    """Every morning: tell whoever holds a case (or the team leads) that it passed its due date."""
    created = notices.notify_overdue()
    notices.prune()
    return created


@db_periodic_task(crontab(hour="5", minute="30", day_of_week="1-5"))
def send_notification_digests() -> int:
    """Working-day mornings: the e-mail digest for staff who asked for one."""
    return notices.send_digests()
