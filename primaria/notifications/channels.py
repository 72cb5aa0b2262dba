"""Notification channels are plugins; e-mail is the one every deployment has."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        if notification.context.get("unsubscribe_url"):
            # A message someone subscribed to (a newsletter, local alerts) can be left with one click in the mail
            # program (RFC 8058): a POST to the signed link, with no sign-in and no CSRF token.
            message.extra_headers["List-Unsubscribe"] = f"<{notification.context['unsubscribe_url']}>"
            message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
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
            return HealthReport(ok=False, message=_("Serverul SMTP nu răspunde: %(error)s") % {"error": exc})
        return HealthReport(ok=True, message=_("Serverul SMTP %(server)s răspunde.") % {
            "server": f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"})


@channels.register
class InAppChannel(Plugin):
    """Notices kept in the resident's account ("Notificările mele"): the stored notification is the notice, so
    sending it only marks it ready to be shown; `read_at` says whether the resident has seen it."""

    identifier = "inapp"
    verbose_name = gettext_lazy("În cont (Notificările mele)")

    def send(self, notification):
        if notification.recipient_id is None:
            raise ValueError("O notificare în cont are nevoie de contul destinatarului.")  # i18n: ro (worker error, in the outbox log)
