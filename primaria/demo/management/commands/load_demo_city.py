from django.core.management.base import BaseCommand

from primaria.archive.demo import load_nomenclator
from primaria.demo.loader import DEMO_PASSWORD, RESIDENTS, load_demo_city, official_accounts
from primaria.demo.second_factor import demo_totp_secret


class Command(BaseCommand):
    help = "Loads (or refreshes) the demo city, Municipiul Demo, and prints its demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, quiet=False, **options):
        city = load_demo_city()
        # The filing plan (nomenclator arhivistic) says where each resolved request is archived; without it
        # the archiving of every resolved request waits, visible on the health page, until one is made.
        load_nomenclator(city)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"Orașul demonstrativ este pregătit: {city.name}"))
        self.stdout.write(f"Parola tuturor conturilor demonstrative: {DEMO_PASSWORD}\n")
        self.stdout.write("Locuitori (front office):")
        for email, first, last, _cnp, _address in RESIDENTS:
            extra = {"ion": " – reprezintă și firma Demo Construct SRL",
                     "maria": " – mandat pentru mama, Elena Ionescu (servicii fiscale); "
                              "mandat pentru Grădina Verde SRL în verificare"}.get(email.split(".")[0], "")
            self.stdout.write(f"  {email:42} {first} {last}{extra}")
        self.stdout.write("Funcționari (back office):")
        for email, role, department in official_accounts():
            self.stdout.write(f"  {email:42} {role}, {department}")
        self.stdout.write("  admin@primaria-demo.ro                     Administrator IT (/admin/)")
        self.stdout.write(f"Al doilea factor al funcționarilor: cheia {demo_totp_secret()} într-o aplicație de "
                          "autentificare, sau codul curent afișat de `manage.py demo_totp_code`.")
