"""Queueing a background job after the transaction that asked for it has committed.

The queue (huey on Redis in production) is a doorbell, not the record: a job acts on a row that
says whether its work is done (an e-mail's `…_sent_at`), and where a lost job would cost a
person an e-mail they wait for, a periodic sweep finds the rows left undone (the consultations'
confirmations: `consultations.notifications.send_unsent`). So a queue that cannot be reached
must not turn a saved request into an error page: the failure is logged as an error, the sweep
does the work once the queue is back, and what the request saved stays saved.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger("welcome.jobs")


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one); a job
    that cannot be queued is logged with its arguments, never raised to the request."""

    def enqueue() -> None:
        try:
            task(*args)
        except Exception:
            name = getattr(task, "name", None) or getattr(task, "__name__", repr(task))
            logger.exception("Job %s%r could not be queued.", name, args)

    transaction.on_commit(enqueue)
