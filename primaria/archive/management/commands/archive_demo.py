"""A demo nomenclator and a small batch of scanned pages, to see the archive at work."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from primaria.archive import demo
from primaria.institutions.selectors import main_institution


class Command(BaseCommand):
    help = "Încarcă un nomenclator demonstrativ și un lot mic de pagini scanate (OCR)."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="secretar@primaria-demo.ro")
        parser.add_argument("--no-scans", action="store_true")

    def handle(self, user, no_scans, **options):
        from primaria.accounts.models import User
        from primaria.archive import services

        institution = main_institution()
        actor = User.objects.filter(email=user).first()
        if institution is None or actor is None:
            raise CommandError("Încărcați mai întâi orașul demonstrativ (manage.py load_demo_city).")
        entries = demo.load_nomenclator(institution)
        self.stdout.write(f"Nomenclator: {len(entries)} poziții.")
        if no_scans:
            return
        folder = Path(tempfile.mkdtemp(prefix="primaria-scanari-"))
        demo.write_scanned_binder(folder)
        manifest, files = services.read_folder(folder)
        batch, _created = services.import_batch(actor=actor, institution=institution, title="Lot demonstrativ",
                                                manifest=manifest, files=files, source="demo")
        self.stdout.write(f"Lot: /birou/arhiva/loturi/{batch.public_id}/ (OCR în fundal, cu worker-ul huey).")
