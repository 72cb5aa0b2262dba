import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from primaria.demo.second_factor import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Prints the current code of the demo officials' authenticator app (demo only)."

    def handle(self, *args, **options):
        totp = TOTP(DEMO_TOTP_KEY)
        self.stdout.write(f"{totp.token():06d}  (valabil încă {30 - int(time.time()) % 30} secunde)")
