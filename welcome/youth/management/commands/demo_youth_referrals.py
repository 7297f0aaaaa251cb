"""A year of demo referrals for the figures, and a demo account per programme organisation.

Referrals are spread over the twelve months before today across the demo programmes and the
municipalities they serve; each moves on as real ones do — most are contacted within days, some
start, of those most complete and some drop out; a few are never reached. Seeded, so every run
draws the same year. Referrals older than the retention period carry no personal data, as the
nightly run would leave them. Idempotent: nothing is added once demo referrals exist.
"""

from __future__ import annotations

import datetime as dt
import os
import random

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import Company, User
from welcome.cases.management.commands.demo_cases import DEMO_TOTP_KEY
from welcome.youth.models import (
    Organisation,
    Programme,
    Referral,
    ReferralPerson,
    ReferralStatusChange,
    TrainingOffer,
)
from welcome.youth.referrals import organisation_inbox_ensure

FIRST_NAMES = ("Aylin", "Jonas", "Mariam", "Luca", "Olena", "Noah", "Sara", "Emir", "Mia", "Ali")
LAST_NAMES = ("Demir", "Schulz", "Haddad", "Wagner", "Koval", "Becker", "Nowak", "Yilmaz")


class Command(BaseCommand):
    help = "Referral inboxes and demo accounts for the youth organisations; a year of referrals."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=900, help="Referrals in the year.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, count: int, seed: int, **options):
        password = os.environ.get("DEMO_PASSWORD", "welcome-demo-2026")
        for organisation in Organisation.objects.all():
            institution = organisation_inbox_ensure(organisation)
            self._user(f"demo-{institution.pk}", institution, password)
        self.stdout.write(
            "Programme staff: demo-youth-<organisation> (same password and TOTP secret as the "
            "other demo users)."
        )
        self._training_offers()
        if Referral.objects.filter(reference__startswith="JR-DEMO").exists():
            self.stdout.write("Demo referrals exist already; nothing added.")
            return
        self._year(count, random.Random(seed))  # noqa: S311 — demo data, not secrets

    def _user(self, username, institution, password):
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "kind": User.Kind.PROGRAMME,
                "institution": institution,
                "role": User.Role.CASE_WORKER,
                "first_name": "Demo",
                "last_name": institution.short_name,
                "email": f"{username}@example.org",
            },
        )
        user.set_password(password)
        user.save()
        TOTPDevice.objects.update_or_create(
            user=user, name="demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )

    def _training_offers(self) -> None:
        """Training places of the verified demo companies (once per company)."""
        occupations = (
            ("Anlagenmechaniker/in SHK", 3, "1. August 2027"),
            ("Kaufmann/-frau im Einzelhandel", 2, "1. August 2027"),
            ("Pflegefachmann/-frau", 4, "1. April 2027"),
        )
        companies = Company.objects.filter(verified_at__isnull=False, training_offers=None)
        for company, (occupation, places, starts) in zip(companies, occupations, strict=False):
            TrainingOffer.objects.create(
                company=company,
                occupation=occupation,
                places=places,
                starts=starts,
                municipality=company.municipality or "Hannover",
                contact="Demo: apply by e-mail to the company",
            )

    @transaction.atomic
    def _year(self, count: int, rng: random.Random) -> None:
        programmes = list(
            Programme.objects.filter(published_version__isnull=False)
            .select_related("published_version__organisation")
            .exclude(published_version__organisation__institution=None)
        )
        if not programmes:
            self.stdout.write("No published programmes with an inbox; load_youth_demo first.")
            return
        now = timezone.now()
        today = timezone.localdate()
        cutoff = now - dt.timedelta(days=settings.RETENTION_DAYS)
        for number in range(1, count + 1):
            programme = rng.choice(programmes)
            version = programme.published_version
            sent = now - dt.timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 10))
            sent_day = timezone.localtime(sent).date()
            steps = _steps(rng, sent_day, today)
            status = steps[-1][0] if steps else Referral.Status.RECEIVED
            days = dict(steps)
            last = max([sent, *(_moment(d) for _s, d in steps)])
            referral = Referral.objects.create(
                reference=f"JR-DEMO-{number:05d}",
                programme=programme,
                version=version,
                inbox=version.organisation.institution,
                municipality=rng.choice(version.municipalities),
                sent_by=rng.choice((Referral.Sender.YOUNG_PERSON, Referral.Sender.ADVISER)),
                language=rng.choice(("de", "de", "de", "tr", "ar", "uk", "en")),
                status=status,
                referred_at=sent,
                contacted_on=days.get("contacted") or days.get("started"),
                started_on=days.get("started"),
                ended_on=days.get("completed") or days.get("dropped_out"),
                last_activity_at=last,
                erased_at=now if last < cutoff else None,
            )
            changes = [(Referral.Status.RECEIVED, sent_day), *steps]
            ReferralStatusChange.objects.bulk_create(
                ReferralStatusChange(referral=referral, status=s, on=d, at=_moment(d))
                for s, d in changes
            )
            if referral.erased_at is None:
                ReferralPerson.objects.create(
                    referral=referral,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (Demo)",
                    phone=f"0511 {rng.randint(100000, 999999)}",
                    age=rng.randint(version.min_age, version.max_age),
                    school=rng.choice(version.school_statuses or ["left_with_certificate"]),
                    consent_text="Demo: consent given in the form.",
                    consent_given_at=sent,
                )
        self.stdout.write(f"Demo referrals: {count} over the last twelve months.")


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _steps(rng: random.Random, sent: dt.date, today: dt.date) -> list[tuple[str, dt.date]]:
    """The steps after "received", each a few days after the one before, none after today."""
    plan: list[tuple[str, int]] = []
    if rng.random() < 0.9:
        plan.append(("contacted", rng.choice((0, 1, 1, 2, 2, 3, 4, 5, 7, 10, 14))))
        if rng.random() < 0.6:
            plan.append(("started", rng.randint(7, 40)))
            plan.append(
                ("completed", rng.randint(60, 200))
                if rng.random() < 0.75
                else ("dropped_out", rng.randint(10, 90))
            )
        elif rng.random() < 0.3:
            plan.append(("dropped_out", rng.randint(3, 30)))
    steps, day = [], sent
    for status, after in plan:
        day = day + dt.timedelta(days=after)
        if day > today:
            break
        steps.append((status, day))
    return steps
