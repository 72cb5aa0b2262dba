"""Restore an archive written by `manage.py backup` on this machine, then rebuild the search index."""

from django.core.management.base import BaseCommand, CommandError

from primaria.backup import services


class Command(BaseCommand):
    requires_system_checks = []  # as `migrate`: an operation on the data, also when a page of the site is broken
    help = ("Restaurează o arhivă scrisă de `manage.py backup`: verifică toate sumele SHA-256, apoi pune la loc "
            "baza de date, fișierele, cheile și reconstruiește indexul de căutare.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arhiva scrisă de `manage.py backup`.")
        parser.add_argument("--force", action="store_true",
                            help="Înlocuiește o bază de date și fișiere care nu sunt goale.")
        parser.add_argument("--settings-out", metavar="FIȘIER",
                            help="Doar scrie setările din arhivă în FIȘIER (mod 0600), fără a restaura nimic.")

    def handle(self, *, archive, force, settings_out, **options):
        try:
            if settings_out:
                path = services.extract_settings(archive, settings_out)
                self.stdout.write(self.style.SUCCESS(f"Setările din arhivă au fost scrise în {path}."))
                self.stdout.write(self.style.WARNING(services.SECRETS_WARNING))
                return
            summary = services.restore(archive, force=force, log=self.stdout.write)
        except services.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(f"Atenție: {warning}"))
        self.stdout.write(self.style.SUCCESS(f"Restaurarea din {summary.path} s-a încheiat."))
        self.stdout.write(
            f"  baza de date {summary.vendor}: {summary.tables} tabele, {summary.rows} rânduri (verificate)\n"
            f"  fișiere stocate: {summary.files} ({services.size_text(summary.files_bytes)})\n"
            f"  PKI (chei și certificate): {summary.pki_files} fișiere; alte fișiere: {summary.other_files}\n"
            + (f"  migrări aplicate după restaurare: {', '.join(summary.migrated)}\n" if summary.migrated else "")
            + f"  index de căutare reconstruit: {summary.indexed_pages} pagini\n"
            f"  durata: {summary.seconds:.1f} s"
        )
