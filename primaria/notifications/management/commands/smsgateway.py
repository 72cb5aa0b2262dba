import time

from django.conf import settings
from django.core.management.base import BaseCommand

from primaria.notifications.smsgateway import start


class Command(BaseCommand):
    help = "Runs the local SMS gateway of the embedded default; messages are kept in var/sms and shown at its address."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.PRIMARIA_SMS_GATEWAY_PORT)

    def handle(self, *args, port, **options):
        directory = settings.VAR_DIR / "sms"
        server = start(directory, settings.PRIMARIA_SMS_KEY, port=port)
        self.stdout.write(f"Gateway-ul SMS local ascultă pe http://127.0.0.1:{port}/; mesajele ajung în {directory}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()
