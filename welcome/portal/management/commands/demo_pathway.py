"""Demo content: three saved pathway-check results with known private links (demo personas).

Idempotent: a result that exists already is left alone (an expired one is made again).
"""

import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone, translation

from welcome.portal.models import SavedResult
from welcome.portal.services import saved_result_create

# Demo personas (invented): id, language, answers.
DEMO_RESULTS = [
    (
        uuid.UUID("00000000-0000-4000-8000-000000000001"),
        "en",
        {
            "nationality": "IN",
            "age": 29,
            "municipality": "Garbsen",
            "qualification": {
                "level": "academic",
                "recognition": "full",
                "occupation_isco": "2512",
                "regulated_profession": False,
            },
            "job_offer": {
                "annual_gross_salary_eur": 58000,
                "matches_qualification": True,
                "contract_months": 0,
            },
            "german_level": "A1",
            "english_level": "C1",
        },
    ),
    (
        uuid.UUID("00000000-0000-4000-8000-000000000002"),
        "de",
        {
            "nationality": "PH",
            "age": 34,
            "municipality": "Hannover",
            "qualification": {
                "level": "academic",
                "recognition": "partial",
                "occupation_isco": "2221",
                "regulated_profession": True,
            },
            "german_level": "B1",
        },
    ),
    (
        uuid.UUID("00000000-0000-4000-8000-000000000003"),
        "en",
        {
            "nationality": "BR",
            "age": 31,
            "qualification": {"level": "vocational", "state_recognised_abroad": True},
            "experience_years_last_5": 5,
            "experience_years_last_7": 6,
            "german_level": "A2",
            "english_level": "B2",
            "financial_means_secured": True,
        },
    ),
]


class Command(BaseCommand):
    help = "Create demo saved pathway-check results with known links (idempotent)."

    def handle(self, *args, **options):
        created = 0
        for result_id, language, profile in DEMO_RESULTS:
            existing = SavedResult.objects.filter(pk=result_id).first()
            if existing and existing.expires_at > timezone.now():
                self.stdout.write(f"  kept    {self._link(result_id, language)}")
                continue
            if existing:
                existing.delete()
            saved_result_create(profile=profile, language=language, result_id=result_id)
            created += 1
            self.stdout.write(f"  created {self._link(result_id, language)}")
        self.stdout.write(self.style.SUCCESS(f"Pathway-check demo results: {created} created."))

    def _link(self, result_id, language):
        with translation.override(language):
            path = reverse("portal:pathway_saved", kwargs={"result_id": result_id})
        return settings.SITE_URL + path
