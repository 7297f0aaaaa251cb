from django.core.management.base import BaseCommand

from welcome.youth import demo
from welcome.youth.services import municipality_names, organisation_ensure, programme_import


class Command(BaseCommand):
    help = "Publish the demo youth programmes through the editor workflow (idempotent)."

    def handle(self, *args, **options):
        organisations = {
            slug: organisation_ensure(slug=slug, name=name, kind=kind, demo=is_demo)
            for slug, (name, kind, is_demo) in demo.ORGANISATIONS.items()
        }
        counts: dict[str, int] = {}
        for item in demo.programme_items(municipality_names()):
            organisation = organisations[item.pop("organisation")]
            result = programme_import(item=item, organisation=organisation)
            counts[result] = counts.get(result, 0) + 1
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        self.stdout.write(f"Youth programmes (demo): {summary}.")
