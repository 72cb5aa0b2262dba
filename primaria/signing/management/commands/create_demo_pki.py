from django.core.management.base import BaseCommand, CommandError

from primaria.signing.demo_pki import create_demo_pki, provision_csc
from primaria.signing.pki import DemoPKI


class Command(BaseCommand):
    help = ("Creates (or refreshes) the demo PKI: root CA, issuing CA, TSA certificate, a seal for every institution "
            "and a personal signing certificate for every official. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--with-demo-city", action="store_true",
                            help="Load the demo city first (so its officials get certificates on the first start).")
        parser.add_argument("--renew", action="store_true", help="Issue new keys and certificates for everybody.")
        parser.add_argument("--csc", action="append", default=[], metavar="EMAIL",
                            help="Also enrol this official at the local CSC server (repeatable).")

    def handle(self, *args, with_demo_city=False, renew=False, csc=(), **options):
        if with_demo_city:
            from primaria.demo.loader import load_demo_city

            load_demo_city()
        counts = create_demo_pki(renew=renew)
        from primaria.accounts.models import User

        for email in csc:
            user = User.objects.filter(email=email).first()
            if user is None:
                raise CommandError(f"Nu există utilizatorul {email}.")
            try:
                credential = provision_csc(user)
            except ValueError as exc:
                raise CommandError(str(exc))
            self.stdout.write(f"CSC: {credential.subject_name} → {credential.key_ref}")
        pki = DemoPKI()
        created = ", ".join(counts["ca"]) or "nimic nou"
        self.stdout.write(self.style.SUCCESS(
            f"PKI demonstrativ în {pki.directory} (creat: {created}); {counts['seals']} sigilii, "
            f"{counts['persons']} certificate personale ({counts['issued']} emise acum, "
            f"{counts['deactivated']} dezactivate)."))
