"""Background jobs of the § 81a procedure (huey). Each takes ids and is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from welcome.procedures import jobs, notifications


@db_task()
def notify_step(step_id: int) -> int:
    """E-mail the employer's users and the worker about a step, each in their language."""
    return notifications.send_step_notices(step_id)


@db_periodic_task(crontab(minute="*/15"))
def sweep_deadlines() -> dict[str, int]:
    """Every quarter of an hour: approvals deemed given, escalations, reminders (each once).

    Deadlines count in days; a quarter-hourly sweep reads only the rows due (jobs.py), so the
    deemed approval is recorded early on the day after the BA's week and a new deadline that
    ends soon is reminded the same morning.
    """
    return jobs.sweep()
