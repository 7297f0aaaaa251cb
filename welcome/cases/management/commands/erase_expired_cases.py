"""Erase the personal data of cases inactive longer than settings.RETENTION_DAYS.

`--dry-run` lists what would be erased and changes nothing. Safe to run twice, and alongside the
nightly huey task: each case is claimed with a conditional UPDATE before it is erased.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from welcome.cases.services import case_erase, expired_cases


class Command(BaseCommand):
    help = "Erase personal data of cases inactive longer than RETENTION_DAYS (keeps a stub)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be erased."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        candidates = list(expired_cases().values_list("id", "reference", "last_activity_at"))
        verb = "Would erase" if dry_run else "Erasing"
        self.stdout.write(
            f"{verb} {len(candidates)} case(s) inactive for more than "
            f"{settings.RETENTION_DAYS} days."
        )
        erased = 0
        for case_id, reference, last_activity in candidates:
            if dry_run:
                self.stdout.write(f"  {reference} (last activity {last_activity:%Y-%m-%d})")
                continue
            if case_erase(case_id=case_id):
                erased += 1
                self.stdout.write(f"  erased {reference}")
            else:
                self.stdout.write(f"  skipped {reference} (erased or active meanwhile)")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Erased {erased} case(s)."))
