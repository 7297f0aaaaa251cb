"""Background jobs of the back office: the nightly retention run. Idempotent by construction
(each case is claimed with a conditional UPDATE before it is erased)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

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
