"""Back up the database, the stored files, the PKI keys and the settings they depend on into one archive."""

from django.core.management.base import BaseCommand, CommandError

from primaria.backup import services


class Command(BaseCommand):
    requires_system_checks = []  # as `migrate`: an operation on the data, also when a page of the site is broken
    help = ("Salvează baza de date, fișierele stocate, cheile și certificatele PKI și setările de care depind "
            "într-o singură arhivă tar (docs/deployment.md, „Backup and restore”).")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True,
                            help="Fișierul arhivei, sau un dosar în care se scrie primaria-backup-DATA.tar.")

    def handle(self, *, output, **options):
        try:
            summary = services.backup(output)
        except services.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Arhiva a fost scrisă: {summary.path}"))
        self.stdout.write(
            f"  baza de date {summary.vendor}: {summary.tables} tabele, {summary.rows} rânduri\n"
            f"  fișiere stocate: {summary.files} ({services.size_text(summary.files_bytes)})\n"
            f"  PKI (chei și certificate): {summary.pki_files} fișiere; alte fișiere: {summary.other_files}\n"
            f"  setările de care depind datele: {services.SETTINGS_MEMBER}\n"
            f"  durata: {summary.seconds:.1f} s"
        )
        self.stdout.write(self.style.WARNING(services.SECRETS_WARNING))
