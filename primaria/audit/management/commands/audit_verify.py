from django.core.management.base import BaseCommand, CommandError

from primaria.audit import chain


class Command(BaseCommand):
    help = ("Verifies the audit log's hash chains and their timestamped heads: reports an entry edited, deleted or "
            "added behind the platform's back. Exits with an error if anything does not hold.")

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true", help="Seal what is waiting before verifying.")

    def handle(self, *args, seal=False, **options):
        if seal:
            chain.seal()
        found = chain.verify()
        bad = {key: problems for key, problems in found.items() if problems}
        for key, problems in found.items():
            name = "instalația" if key == chain.INSTALLATION else f"instituția {key}"
            self.stdout.write(f"Lanțul {name}: {'în regulă' if not problems else f'{len(problems)} probleme'}")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        if bad:
            raise CommandError("Jurnalul de audit a fost modificat în afara platformei (vezi mai sus).")
        self.stdout.write(self.style.SUCCESS("Jurnalul de audit este întreg."))
