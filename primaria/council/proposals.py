"""Proposals from the public, one register per window: the proposals on a draft under consultation (Legea 52/2003,
art. 7; `council.Proposal`) and on a public debate that stands alone (`participation.DebateProposal`) are received,
checked and numbered the same way; only the window they belong to differs."""

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.validators import clean_text

TEXT_MIN_LENGTH = 10


class RegisteredProposal(models.Model):
    """A proposal with its number in the register of its window, who sent it and when it arrived."""

    number = models.PositiveIntegerField(gettext_lazy("numărul din registru"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField(gettext_lazy("numele"), max_length=200)
    email = models.EmailField(gettext_lazy("e-mail"))
    text = models.TextField(gettext_lazy("propunerea"))
    received_at = models.DateTimeField(gettext_lazy("primită la"))

    class Meta:
        abstract = True

    def __str__(self):
        return _("Propunerea nr. %(number)s – %(name)s") % {"number": self.number, "name": self.name}


def cleaned(value, *, multiline=False) -> str:
    return clean_text(value or "", multiline=multiline).strip()


def valid_email(value) -> bool:
    try:
        validate_email(value)
    except Exception:  # noqa: BLE001 - any refusal means the address is not usable
        return False
    return True


def sender(name, email, user) -> tuple:
    """(name, e-mail, account) of who writes: a signed-in resident's own, unless they wrote others."""
    if getattr(user, "is_authenticated", False):
        name = name or user.get_full_name() or user.email
        email = email or user.email
    else:
        user = None
    return cleaned(name), cleaned(email).lower(), user


def sender_errors(name, email) -> dict:
    errors = {}
    if len(name) < 3:
        errors["name"] = _("Scrieți numele dumneavoastră.")
    if not valid_email(email):
        errors["email"] = _("Scrieți o adresă de e-mail validă.")
    return errors


def proposal_errors(name, email, text) -> dict:
    errors = sender_errors(name, email)
    if len(text) < TEXT_MIN_LENGTH:
        errors["text"] = _("Scrieți propunerea (cel puțin %(count)s caractere).") % {"count": TEXT_MIN_LENGTH}
    return errors


def next_number(register) -> int:
    """The next number of a register (a queryset of its proposals), read while its window's row is locked."""
    return (register.aggregate(m=Max("number"))["m"] or 0) + 1
