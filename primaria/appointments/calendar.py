"""The calendar file (.ics, RFC 5545) attached to the e-mails of an appointment.

The e-mail's stored context carries what the invitation says (`ics`: uid, sequence, start and end in UTC,
summary, location, description, method); the file is made when the e-mail is sent, so a message sent
again carries the same invitation. Times are written in Europe/Bucharest with its VTIMEZONE, so every
calendar application shows the hour of the counter's clock.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from primaria.core.plugins import Plugin, registry

LOCAL = ZoneInfo(settings.TIME_ZONE)


def invitation(appointment, *, method: str = "REQUEST") -> dict:
    """What the .ics of `appointment` says, as stored in the e-mail's context."""
    location = appointment.location
    return {
        "uid": f"programare-{appointment.public_id}@{settings.PRIMARIA_MAIL_DOMAIN}",
        "sequence": appointment.sequence,
        "start": appointment.starts_at.astimezone(datetime.UTC).isoformat(),
        "end": appointment.ends_at.astimezone(datetime.UTC).isoformat(),
        "service": appointment.service.name,
        "counter": appointment.counter.name,
        "reference": appointment.reference,
        "details": appointment.service.description,
        "location": f"{location.name}, {location.address}",
        "method": method,
    }


def texts(data: dict) -> tuple[str, str]:
    """The invitation's title and description in the active language (older invitations kept their text)."""
    if "summary" in data:
        return data["summary"], data.get("description", "")
    summary = _("Programare: %(service)s") % {"service": data.get("service", "")}
    description = _("%(service)s, %(counter)s. Cod programare: %(reference)s.") % {
        "service": data.get("service", ""), "counter": data.get("counter", ""), "reference": data.get("reference", "")}
    if data.get("details"):
        description += f" {data['details']}"
    return summary, description


def build(data: dict) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Primăria Digitală//Programări//RO")  # i18n: ro (the product's identifier)
    calendar.add("version", "2.0")
    calendar.add("method", data.get("method", "REQUEST"))
    event = Event()
    event.add("uid", data["uid"])
    event.add("sequence", int(data.get("sequence", 0)))
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", datetime.datetime.fromisoformat(data["start"]).astimezone(LOCAL))
    event.add("dtend", datetime.datetime.fromisoformat(data["end"]).astimezone(LOCAL))
    summary, description = texts(data)
    event.add("summary", summary)
    event.add("location", data["location"])
    event.add("description", description)
    event.add("status", "CANCELLED" if data.get("method") == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


class AppointmentInvitation(Plugin):
    """Adds the invitation to an e-mail whose stored context carries one."""

    identifier = "appointment_ics"
    verbose_name = gettext_lazy("Invitație de calendar pentru programări")

    def attachments(self, notification):
        data = (notification.context or {}).get("ics")
        if not isinstance(data, dict):
            return []
        with translation.override(notification.language or settings.LANGUAGE_CODE):
            content = build(data)
        return [("programare.ics", content, f"text/calendar; charset=utf-8; method={data.get('method', 'REQUEST')}")]


registry("email_attachments").register(AppointmentInvitation)
