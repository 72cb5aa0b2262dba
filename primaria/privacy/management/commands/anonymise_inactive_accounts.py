from django.core.management.base import BaseCommand

from primaria.privacy import services


class Command(BaseCommand):
    help = ("Anonimizează conturile inactive fără înregistrări legale (PRIMARIA_INACTIVE_ACCOUNT_YEARS) "
            "și șterge exporturile de date expirate.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Doar numără, nu schimbă nimic.")

    def handle(self, *args, dry_run=False, **options):
        result = services.anonymise_inactive(dry_run=dry_run)
        prefix = "Ar fi anonimizate" if dry_run else "Anonimizate"
        self.stdout.write(f"{prefix}: {result['anonymised']} conturi; păstrate pentru înregistrări legale: "
                          f"{result['kept']}; exporturi expirate: {result['expired_exports']}.")
