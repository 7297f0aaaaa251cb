"""Demo content: appointment slots for the next three weeks at the Welcome Center, IHK and HWK.

Business days only, Lower Saxony public holidays excluded (holidays.Germany(subdiv="NI")).
Idempotent: slots that exist already are left alone, so running it again adds nothing.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from welcome.consultations.services import slot_series_create
from welcome.region.services import institutions_sync

# (institution, channel, from, until, minutes, capacity, location)
DEMO_SERIES = [
    ("welcome-center", "in_person", dt.time(9), dt.time(12), 30, 1, ""),
    ("welcome-center", "video", dt.time(14), dt.time(16), 30, 1, ""),
    ("welcome-center", "phone", dt.time(13), dt.time(14), 20, 1, ""),
    ("ihk-hannover", "in_person", dt.time(10), dt.time(12), 60, 1, ""),
    ("ihk-hannover", "phone", dt.time(14), dt.time(15), 30, 1, ""),
    ("hwk-hannover", "in_person", dt.time(9), dt.time(11), 45, 1, ""),
    ("hwk-hannover", "video", dt.time(13), dt.time(14), 30, 1, ""),
]
WEEKS = 3


class Command(BaseCommand):
    help = "Create demo appointment slots for the next three weeks (idempotent)."

    def handle(self, *args, **options):
        institutions_sync()
        first = timezone.localdate() + dt.timedelta(days=1)
        last = first + dt.timedelta(weeks=WEEKS) - dt.timedelta(days=1)
        self.stdout.write(f"Demo slots from {first} to {last} (business days, NI holidays off)")
        total = 0
        for institution_id, channel, start, end, minutes, capacity, location in DEMO_SERIES:
            result = slot_series_create(
                institution_id=institution_id,
                by=None,
                first_day=first,
                last_day=last,
                weekdays={0, 1, 2, 3, 4},
                day_start=start,
                day_end=end,
                duration_minutes=minutes,
                channel=channel,
                capacity=capacity,
                location=location,
                skip_holidays=True,
            )
            total += result.created
            self.stdout.write(
                f"  {institution_id:15} {channel:9} created {result.created:3}, "
                f"existing {result.skipped_existing:3}, holidays skipped {result.skipped_holidays}"
            )
        self.stdout.write(self.style.SUCCESS(f"Done: {total} new slots."))
