"""Rebuild the search index of the archive from the database."""

import time

from django.core.management.base import BaseCommand

from primaria.archive import services


class Command(BaseCommand):
    help = "Reconstruiește indexul de căutare al arhivei din baza de date."

    def handle(self, **options):
        started = time.monotonic()
        count = services.rebuild_index()
        self.stdout.write(f"{count} pagini indexate în {time.monotonic() - started:.1f} s.")
