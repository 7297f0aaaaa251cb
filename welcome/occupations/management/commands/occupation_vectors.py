"""Compute the sentence vectors of every occupation name and store them beside the names.

Run it after editing data/names.yaml, isco08.csv or chisco19.csv, and commit the file; a
test fails while a name has no stored vector.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from welcome.knowledge import embeddings
from welcome.occupations import catalogue


class Command(BaseCommand):
    help = "Compute the sentence vectors of the occupation names (data/name_vectors.npz)."

    def handle(self, *args, **options):
        keys = catalogue.vector_keys()
        started = time.monotonic()
        matrix = embeddings.encode(keys)
        if matrix is None:
            raise CommandError("The sentence encoder is unavailable; no vectors were written.")
        catalogue.vectors_write(matrix, keys)
        self.stdout.write(
            f"{len(keys)} names encoded in {time.monotonic() - started:.1f} s, "
            f"written to {catalogue.VECTORS_FILE}."
        )
