from django.core.management.base import BaseCommand

from primaria.archive.demo import load_nomenclator
from primaria.audiences.demo import load_demo_audience_requests
from primaria.demo.history import load_history
from primaria.demo.loader import DEMO_PASSWORD, RESIDENTS, load_demo_city, official_accounts
from primaria.demo.second_factor import demo_totp_secret


class Command(BaseCommand):
    help = "Loads (or refreshes) the demo city, Municipiul Demo, and prints its demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo accounts.")
        parser.add_argument("--history", type=int, default=20_000,
                            help="Requests of the past year loaded into a fresh demo (0: none).")

    def handle(self, *args, quiet=False, history=20_000, **options):
        city = load_demo_city()
        # A year of the city's past (primaria.demo.history), once, while the register is still empty.
        if history:
            past = load_history(requests=history)
            if not past.get("skipped") and not quiet:
                self.stdout.write(f"Istoricul ultimului an: {past['requests']} cereri ({past['counter']} la ghișeu, "
                                  f"{past['late']} soluționate cu întârziere, {past['open']} încă deschise).")
        # Answers to the satisfaction survey for part of that history, for the dashboard (docs/satisfaction.md).
        from primaria.satisfaction.demo import load_demo_answers
        load_demo_answers()
        # The filing plan (nomenclator arhivistic) says where each resolved request is archived; without it
        # the archiving of every resolved request waits, visible on the health page, until one is made.
        load_nomenclator(city)
        # Two audience requests waiting for the mayor's office (/birou/audiente/); they take register numbers.
        load_demo_audience_requests()
        # The Monitorul Oficial Local: acts in its six sections, sealed with the city hall's seal (docs/monitor.md).
        from primaria.monitor.demo import load_demo_monitor
        load_demo_monitor()
        # The local council: councillors, committees and a draft under public consultation (docs/council.md).
        from primaria.council.demo import load_demo_council
        load_demo_council()
        # Public participation: a debate on that draft, the newsletter topics' demo subscriber (docs/participation.md).
        from primaria.participation.demo import load_demo_participation
        load_demo_participation()
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
        self.stdout.write("Audiențe (/birou/audiente/): Cabinetul Primarului decide cu cab.specialist@primaria-demo.ro "
                          "sau cab.sef@primaria-demo.ro; primarul și viceprimarul își văd lista zilei.")
        self.stdout.write(f"Al doilea factor al funcționarilor: cheia {demo_totp_secret()} într-o aplicație de "
                          "autentificare, sau codul curent afișat de `manage.py demo_totp_code`.")
