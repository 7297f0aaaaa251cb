"""manage.py pathway_check FILE.json [--trace] [--language de|en] — the API's answer offline.

Prints exactly (byte for byte) what POST /api/v1/pathway-check answers for the same body and
language; invalid input prints the same 400 body to stderr and exits with status 2. ``-`` reads
standard input; ``--pretty`` indents the JSON for a person.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from welcome.law import ProfileError
from welcome.pathway import check


class Command(BaseCommand):
    help = "Evaluate a pathway-check profile (JSON file) and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file with the profile, or - for standard input")
        parser.add_argument("--trace", action="store_true", help="include the trace")
        parser.add_argument(
            "--pretty", action="store_true", help="indent the JSON (default: as the API sends it)"
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of texts and number formats (default: %(default)s)",
        )

    def handle(self, *args, **options):
        name = options["file"]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from error
        with translation.override(options["language"]):
            try:
                text = check.run_json(check.parse_json(raw), trace=options["trace"])
            except ProfileError as error:
                self.stderr.write(check.dumps(check.error_json(error), pretty=options["pretty"]))
                sys.exit(2)
        if options["pretty"]:
            text = check.dumps(json.loads(text), pretty=True)
        self.stdout.write(text)
