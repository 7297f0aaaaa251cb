"""Background jobs of the consultations app (huey). Each takes ids and is safe to run twice:
the senders in `notifications` claim their row before they write an e-mail."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from welcome.consultations import notifications, services


@db_task()
def send_request_confirmation(request_id: int) -> bool:
    return notifications.send_request_confirmation(request_id)


@db_task()
def send_booking_confirmation(booking_id: int) -> bool:
    return notifications.send_booking_confirmation(booking_id)


@db_task()
def send_slot_offer(offer_id: int) -> bool:
    return notifications.send_slot_offer(offer_id)


@db_task()
def offer_freed_slot(slot_id: int) -> int:
    """A seat became free: offer it to the next people on the institution's waiting list."""
    return len(services.slot_offers_create(slot_id=slot_id))


@db_periodic_task(crontab(minute="*/10"))
def send_due_reminders() -> int:
    """Every ten minutes: remind everyone whose appointment is within the next day (once)."""
    return sum(notifications.send_booking_reminder(pk) for pk in notifications.due_reminder_ids())


@db_periodic_task(crontab(minute="40", hour="3"))
def erase_requests_of_erased_cases() -> int:
    """Nightly, after the cases' retention run: a request keeps no data its case has lost."""
    return services.requests_erase_for_erased_cases()
