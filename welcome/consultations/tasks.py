"""Background jobs of the consultations app (huey). Each takes ids and is safe to run twice:
the senders in `notifications` claim their row before they write an e-mail.

`link_base` is the address of the site that served the staff member who acted (scheme and
host, from `request.build_absolute_uri`); it travels in the job's arguments, so a job run later
by the consumer still links to that site. Empty: `settings.SITE_URL`."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from welcome.consultations import notifications, services


@db_task()
def send_request_confirmation(request_id: int, link_base: str = "") -> bool:
    return notifications.send_request_confirmation(request_id, link_base)


@db_task()
def send_booking_confirmation(booking_id: int, link_base: str = "") -> bool:
    return notifications.send_booking_confirmation(booking_id, link_base)


@db_task()
def send_booking_change(booking_id: int, previous_id: int, link_base: str = "") -> bool:
    return notifications.send_booking_change(booking_id, previous_id, link_base)


@db_task()
def send_booking_cancellation(booking_id: int, link_base: str = "") -> bool:
    return notifications.send_booking_cancellation(booking_id, link_base)


@db_task()
def send_slot_offer(offer_id: int) -> bool:
    return notifications.send_slot_offer(offer_id)


@db_task()
def offer_freed_slot(slot_id: int) -> int:
    """A seat became free: offer it to the next people on the institution's waiting list."""
    return len(services.slot_offers_create(slot_id=slot_id))


@db_periodic_task(crontab(minute="*/5"))
def send_unsent_mail() -> int:
    """Every five minutes: the confirmations and offers a lost job left unsent (each once).

    Huey takes a job off the queue before it runs it: a worker killed mid-job loses the job, and
    a queue that could not be reached never had it. The rows remember what is unsent."""
    return notifications.send_unsent()


@db_periodic_task(crontab(minute="*/10"))
def send_due_reminders() -> int:
    """Every ten minutes: remind everyone whose appointment is within the next day (once)."""
    return sum(notifications.send_booking_reminder(pk) for pk in notifications.due_reminder_ids())


@db_periodic_task(crontab(minute="40", hour="3"))
def erase_requests_of_erased_cases() -> int:
    """Nightly, after the cases' retention run: a request keeps no data its case has lost."""
    return services.requests_erase_for_erased_cases()
