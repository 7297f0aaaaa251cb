from django.core.management.base import BaseCommand

from welcome.region.data import region
from welcome.region.services import institutions_sync


class Command(BaseCommand):
    help = "Load the Region's institutions from welcome/region/data/region.yaml (idempotent)."

    def handle(self, *args, **options):
        data = region()
        created, updated = institutions_sync()
        self.stdout.write(
            f"Region data {data.version}: {created} institutions created, {updated} updated; "
            f"{len(data.municipalities)} municipalities, {len(data.competences)} competences."
        )
