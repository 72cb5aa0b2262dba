"""Import a folder of scanned files with its manifest.csv into the archive (as a digitisation batch)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from primaria.accounts.models import User
from primaria.archive import services
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.models import Institution


class Command(BaseCommand):
    help = "Importă un dosar cu fișiere scanate și manifest.csv (OCR în fundal)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--institution", default=None, help="codul instituției (implicit instituția principală)")
        parser.add_argument("--user", required=True, help="e-mailul funcționarului care face importul")
        parser.add_argument("--title", default="")

    def handle(self, folder, institution, user, title, **options):
        from primaria.institutions.selectors import main_institution

        target = Institution.objects.filter(code=institution).first() if institution else main_institution()
        actor = User.objects.filter(email=user).first()
        if target is None or actor is None:
            raise CommandError("Instituția sau utilizatorul nu există.")
        try:
            manifest, files = services.read_folder(Path(folder))
            batch, created = services.import_batch(actor=actor, institution=target, title=title or Path(folder).name,
                                                   manifest=manifest, files=files, source=f"dosar: {folder}")
        except DomainError as exc:
            raise CommandError("; ".join(field_errors(exc).values()))
        self.stdout.write(f"{'Lot nou' if created else 'Lot existent, reluat'}: {batch.title} ({batch.items.count()} fișiere) – "
                          f"/birou/arhiva/loturi/{batch.public_id}/")
