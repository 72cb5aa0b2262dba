"""SMS: Romanian mobile numbers, the GSM-7 alphabet, and the channel plugin that sends through an HTTP gateway.

Encoding (docs/alerts.md): GSM 03.38 has no ă, â, î, ș, ț. A message is transliterated to GSM-7 (ă, â → a,
î → i, ș, ş → s, ț, ţ → t, upper case alike), as Romanian operators and city halls commonly do: one part holds
160 characters instead of 70 in UCS-2. Only text that still has a character outside GSM-7 (and its extension
table) after that goes as UCS-2. Parts: GSM-7 160 characters, 153 each when split (the extension characters
^ { } [ ] ~ | € \\ count twice); UCS-2 70 UTF-16 units, 67 each when split.

The gateway protocol (the local one is `primaria.notifications.smsgateway`; common Romanian gateways speak
the same shape):

    POST <PRIMARIA_SMS_URL>            Authorization: Bearer <PRIMARIA_SMS_KEY>, Content-Type: application/json
    {"to": "+40722123456", "from": "<PRIMARIA_SMS_SENDER>", "text": "...", "encoding": "GSM-7"|"UCS-2",
     "reference": "<our id, the same on every attempt>"}
    200 {"id": "...", "parts": 2, "status": "accepted", "duplicate": false}
    4xx {"error": "..."}               401 wrong key, 400 bad request (not retried by the gateway)
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.plugins import HealthReport, Plugin

from .channels import channels

GSM7_BASIC = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
              "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = "^{}\\[~]|€\f"
TRANSLITERATION = str.maketrans({  # i18n: ro (the Romanian letters GSM-7 lacks)
    "ă": "a", "â": "a", "î": "i", "ș": "s", "ş": "s", "ț": "t", "ţ": "t",
    "Ă": "A", "Â": "A", "Î": "I", "Ș": "S", "Ş": "S", "Ț": "T", "Ţ": "T",
    "„": '"', "”": '"', "“": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " ",
})

MOBILE = re.compile(r"^(?:\+40|0040|0)(7\d{8})$")
PHONE_ERROR = gettext_lazy(
    "Numărul de telefon nu este un număr de mobil din România, de exemplu 0722 123 456 sau +40 722 123 456.")


def normalise_mobile(text: str) -> str:
    """+407xxxxxxxx from 07xx xxx xxx, +40 7xx..., 0040 7xx... (spaces, dots, dashes allowed); ValidationError
    with a Romanian message otherwise."""
    compact = re.sub(r"[\s.\-()/]", "", str(text or ""))
    match = MOBILE.match(compact)
    if not match:
        raise ValidationError(PHONE_ERROR)
    return "+40" + match.group(1)


@dataclass(frozen=True)
class Encoded:
    text: str
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2
    parts: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def encode(text: str) -> Encoded:
    """The text as it goes on the air, its encoding and the number of parts it takes."""
    plain = (text or "").translate(TRANSLITERATION)
    if is_gsm7(plain):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in plain)
        single, multi = 160, 153
        encoding, out = "GSM-7", plain
    else:
        out = text or ""
        units = len(out.encode("utf-16-le")) // 2
        single, multi = 70, 67
        encoding = "UCS-2"
    parts = 1 if units <= single else -(-units // multi)
    return Encoded(out, encoding, units, parts)


@channels.register
class SmsChannel(Plugin):
    identifier = "sms"
    verbose_name = "SMS (gateway HTTP)"

    def send(self, notification):
        encoded = encode(notification.body.strip())
        payload = {"to": normalise_mobile(notification.address), "from": settings.PRIMARIA_SMS_SENDER,
                   "text": encoded.text, "encoding": encoded.encoding, "reference": f"notificare-{notification.pk}"}
        request = urllib.request.Request(
            settings.PRIMARIA_SMS_URL, data=json.dumps(payload).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.PRIMARIA_SMS_KEY}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the configured gateway
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = error.read()[:500].decode("utf-8", "replace")
            raise RuntimeError(f"Gateway-ul SMS a refuzat mesajul ({error.code}): {detail}") from None  # i18n: ro (outbox error)
        if answer.get("status") not in ("accepted", "delivered"):
            raise RuntimeError(f"Gateway-ul SMS nu a acceptat mesajul: {answer}")  # i18n: ro (outbox error)
        return answer

    def check_config(self):
        if not settings.PRIMARIA_SMS_URL or not settings.PRIMARIA_SMS_KEY:
            return HealthReport(ok=False, message=_("PRIMARIA_SMS_URL și PRIMARIA_SMS_KEY nu sunt configurate."))
        try:
            with urllib.request.urlopen(settings.PRIMARIA_SMS_URL.rsplit("/api/", 1)[0] + "/", timeout=3):  # noqa: S310
                pass
        except urllib.error.HTTPError:
            pass  # it answers, if not at its root
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=_("Gateway-ul SMS nu răspunde: %(error)s") % {"error": exc})
        return HealthReport(ok=True, message=_("Gateway-ul SMS %(url)s răspunde.") % {"url": settings.PRIMARIA_SMS_URL})
