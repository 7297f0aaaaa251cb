"""Load the FAQ entries and process guides from welcome/knowledge/content/ (idempotent)."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from welcome.knowledge.services import entry_import, guide_import

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


class Command(BaseCommand):
    help = (
        "Publish the FAQ entries (content/faq/*.yaml) and process guides (content/guides/*.yaml). "
        "Safe to run again: unchanged content is skipped, editors' later versions are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", default=str(CONTENT_DIR))

    def handle(self, *args, **options):
        content = Path(options["content_dir"])
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        faq_files = sorted((content / "faq").glob("*.yaml"))
        for path in faq_files:
            items = self._read(path)
            self.stdout.write(f"FAQ {path.name}: {len(items)} entries")
            for number, item in enumerate(items, 1):
                counts[entry_import(item=item)] += 1
                if number % 10 == 0 or number == len(items):
                    self.stdout.write(f"  {number}/{len(items)}")
        guide_counts = {"created": 0, "updated": 0, "unchanged": 0}
        for path in sorted((content / "guides").glob("*.yaml")):
            item = self._read(path)
            guide_counts[guide_import(item=item)] += 1
            self.stdout.write(f"Guide {path.name}")
        self.stdout.write(
            self.style.SUCCESS(
                "FAQ entries: {created} created, {updated} updated, {unchanged} unchanged. ".format(
                    **counts
                )
                + "Guides: {created} created, {updated} updated, {unchanged} unchanged.".format(
                    **guide_counts
                )
            )
        )

    def _read(self, path: Path):
        try:
            with open(path, encoding="utf-8") as handle:
                return yaml.safe_load(handle) or []
        except yaml.YAMLError as error:
            raise CommandError(f"{path}: {error}") from error
