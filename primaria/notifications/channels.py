"""Notification channels are plugins; e-mail is the one every deployment has."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from primaria.core.plugins import HealthReport, Plugin, registry

channels = registry("notification_channels")
# Plugins that add files to an e-mail from its stored context (`attachments(notification)` -> [(name, bytes,
# mimetype)]), such as the calendar invitation of an appointment.
email_attachments = registry("email_attachments")


@channels.register
class EmailChannel(Plugin):
    identifier = "email"
    verbose_name = "E-mail (SMTP)"

    def send(self, notification):
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.address],
            # The same Message-ID on every attempt: a repeat after a worker died mid-way is the same message.
            headers={"X-Primaria-Notification": str(notification.pk),
                     "Message-ID": f"<notificare-{notification.pk}@{settings.PRIMARIA_MAIL_DOMAIN}>"},
        )
        for provider in email_attachments:
            for filename, content, mimetype in provider.attachments(notification):
                message.attach(filename, content, mimetype)
        message.send(fail_silently=False)

    def check_config(self):
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
            connection.close()
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=f"Serverul SMTP nu răspunde: {exc}")
        return HealthReport(ok=True, message=f"Serverul SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT} răspunde.")
