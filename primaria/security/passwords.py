"""Passwords: the Argon2id hasher's cost, and the checks a new password must pass.

A new password must not look like the account's own data (e-mail, names, CNP) and must not be among
the passwords published after breaches. The breach check asks a plugin of kind "breached_passwords"
(PRIMARIA_BREACHED_PASSWORDS): "local" reads a bundled list of SHA-1 hashes (Django's list of 20 000
common leaked passwords and the ones most used in Romania, `data/breached-sha1.txt.gz`, or the file
named by PRIMARIA_BREACHED_LIST); "hibp" asks Have I Been Pwned's range API, which receives only the
first 5 hex digits of the hash (k-anonymity), and falls back to the local list when it cannot be reached.
"""

import gzip
import hashlib
import logging
import urllib.error
import urllib.request
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import hashers
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from primaria.core.plugins import HealthReport, Plugin, registry

logger = logging.getLogger(__name__)

BUNDLED_LIST = Path(__file__).parent / "data" / "breached-sha1.txt.gz"
breached_passwords = registry("breached_passwords")


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id with RFC 9106's second recommended setting (64 MiB, 3 passes, 4 lanes): about 0.2 s per
    login on one core of a small server (docs/benchmarks.md)."""

    time_cost = 3
    memory_cost = 65536
    parallelism = 4


def sha1_hex(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8")).hexdigest().upper()  # noqa: S324 (the breach lists' format)


@lru_cache(maxsize=4)
def _load(path: str) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="ascii") as handle:
        return frozenset(line.split(":", 1)[0].strip().upper() for line in handle if line.strip())


@breached_passwords.register
class LocalBreachedList(Plugin):
    identifier = "local"
    verbose_name = gettext_lazy("Lista locală de parole compromise")

    def path(self) -> str:
        return str(getattr(settings, "PRIMARIA_BREACHED_LIST", "") or BUNDLED_LIST)

    def is_breached(self, password: str) -> bool:
        hashes = _load(self.path())
        return sha1_hex(password) in hashes or sha1_hex(password.lower()) in hashes

    def check_config(self) -> HealthReport:
        try:
            count = len(_load(self.path()))
        except OSError as exc:
            return HealthReport(ok=False, message=_("Lista de parole compromise nu poate fi citită: %(error)s") % {"error": exc})
        return HealthReport(ok=True, message=ngettext("%(count)s parolă compromisă cunoscută.",
                                                     "%(count)s parole compromise cunoscute.", count) % {"count": count})


@breached_passwords.register
class HaveIBeenPwned(Plugin):
    identifier = "hibp"
    verbose_name = "Have I Been Pwned (k-anonimitate)"

    def range(self, prefix: str) -> dict[str, int]:
        request = urllib.request.Request(settings.PRIMARIA_HIBP_URL + prefix, headers={
            "Add-Padding": "true", "User-Agent": "primaria-digitala"})
        with urllib.request.urlopen(request, timeout=settings.PRIMARIA_HIBP_TIMEOUT) as response:
            body = response.read().decode("ascii", "replace")
        counts = {}
        for line in body.splitlines():
            suffix, _, count = line.strip().partition(":")
            if suffix and count.strip().isdigit():
                counts[suffix.upper()] = int(count)
        return counts

    def is_breached(self, password: str) -> bool:
        digest = sha1_hex(password)
        try:
            counts = self.range(digest[:5])
        except (OSError, urllib.error.URLError) as exc:
            logger.warning("Have I Been Pwned cannot be reached (%s); the local list answers", exc)
            return breached_passwords["local"].is_breached(password)
        return counts.get(digest[5:], 0) > 0  # padding lines carry a count of 0

    def check_config(self) -> HealthReport:
        if settings.PRIMARIA_BREACHED_PASSWORDS != self.identifier:
            return HealthReport(ok=True, message=_("Nefolosit (PRIMARIA_BREACHED_PASSWORDS alege lista locală)."))
        try:
            self.range("00000")
        except (OSError, urllib.error.URLError) as exc:
            return HealthReport(ok=False, message=_("Serviciul nu răspunde (%(error)s); se folosește lista locală.") % {"error": exc})
        return HealthReport(ok=True, message=_("Serviciul răspunde."))


def breach_checker():
    return breached_passwords[settings.PRIMARIA_BREACHED_PASSWORDS]


class BreachedPasswordValidator:
    def validate(self, password, user=None):
        if breach_checker().is_breached(password):
            raise ValidationError(_(
                "Această parolă apare în listele de parole aflate după atacuri informatice, deci poate fi "
                "ghicită ușor. Alegeți alta."), code="password_breached")

    def get_help_text(self):
        return _("Parola nu poate fi una dintre cele aflate după atacuri informatice.")


class AccountSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check over the account's e-mail, first and last name, and the person's CNP."""

    DEFAULT_USER_ATTRIBUTES = ("email", "first_name", "last_name", "cnp")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password, user=None):
        if user is not None and not getattr(user, "cnp", None):
            from primaria.accounts.selectors import person_of

            person = person_of(user) if user.pk else None
            if person is not None and person.cnp:
                user.cnp = person.cnp
        try:
            super().validate(password, user)
        except ValidationError as exc:
            if (getattr(exc, "params", None) or {}).get("verbose_name") == "cnp":  # not a field of the account
                raise ValidationError(_("Parola este prea asemănătoare cu CNP-ul."), code="password_too_similar")
            raise
