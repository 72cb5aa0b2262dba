import time

from django.conf import settings
from django.core.management.base import BaseCommand

from primaria.notifications.mailbox import start


class Command(BaseCommand):
    help = "Runs the local SMTP server of the embedded default; messages are kept in var/mail as .eml files."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT)

    def handle(self, *args, port, **options):
        directory = settings.VAR_DIR / "mail"
        controller = start(directory, port=port)
        self.stdout.write(f"Serverul de e-mail local ascultă pe 127.0.0.1:{port}; mesajele ajung în {directory}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            controller.stop()
