"""Writes of the region app: keep the database copy of institutions in step with the data file."""

from django.db import transaction

from welcome.region.data import region
from welcome.region.models import Institution


@transaction.atomic
def institutions_sync() -> tuple[int, int]:
    """Create or update every institution of data/region.yaml; returns (created, updated)."""
    created = updated = 0
    for item in region().institutions.values():
        _, was_created = Institution.objects.update_or_create(
            id=item.id,
            defaults={
                "name": item.name,
                "short_name": item.short_name,
                "kind": item.kind,
                "external": item.external,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated
