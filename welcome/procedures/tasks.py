"""Background jobs of the § 81a procedure (huey). Each takes ids and is safe to run twice."""

from huey.contrib.djhuey import db_task

from welcome.procedures import notifications


@db_task()
def notify_step(step_id: int) -> int:
    """E-mail the employer's users and the worker about a step, each in their language."""
    return notifications.send_step_notices(step_id)
