"""API tokens: made and revoked by their owner on /cont/securitate/, stored only as a hash (django-rest-knox).

A client sends `Authorization: Token <token>`. A token expires after REST_KNOX["TOKEN_TTL"] (90 days by
default). Signing through the API needs a fresh second factor: a session checked less than
PRIMARIA_SIGNING_REAUTH_MINUTES ago, or, for a token client, a current code from the official's
authenticator app (or a recovery code) in the `X-OTP-Code` header of that very call.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions

from primaria.audit import services as audit
from primaria.core import rules

from . import mfa

OTP_HEADER = "X-OTP-Code"


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token check, answering in the reader's language."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(_(
                "Tokenul de acces nu este valid, a expirat sau a fost revocat. Creați altul în pagina "
                "„Securitatea contului”."))


def create_token(*, user, ip=None) -> tuple[AuthToken, str]:
    """A new token for `user`; the token itself is shown once, only its hash is kept."""
    with transaction.atomic():
        instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
        audit.record(actor=user, action="security.api_token_created", target=user, ip_address=ip,
                     token=instance.token_key, expiry=instance.expiry.isoformat() if instance.expiry else None)
    return instance, token


def revoke_token(*, user, token_key: str, ip=None) -> bool:
    with transaction.atomic():
        tokens = list(AuthToken.objects.select_for_update().filter(user=user, token_key=token_key))
        if not tokens:
            return False
        AuthToken.objects.filter(digest__in=[t.digest for t in tokens]).delete()
        audit.record(actor=user, action="security.api_token_revoked", target=user, ip_address=ip, token=token_key)
    return True


def tokens_of(user):
    return AuthToken.objects.filter(user=user).order_by("-created")


def require_fresh_second_factor(request) -> None:
    """Signing through the API: a session needs a recent check, a token client a current code in the call."""
    if isinstance(request.auth, AuthToken):
        code = request.headers.get(OTP_HEADER, "")
        if not code:
            raise exceptions.PermissionDenied(
                _("Pentru semnare trimiteți în antetul %(header)s codul curent din aplicația de autentificare.")
                % {"header": OTP_HEADER})
        if mfa.verify(request.user, code) is None:
            raise exceptions.PermissionDenied(
                _("Codul din antetul %(header)s nu este corect sau a expirat.") % {"header": OTP_HEADER})
        return
    if not rules.second_factor_fresh(request):
        raise exceptions.PermissionDenied(
            _("Pentru semnare confirmați din nou al doilea factor de autentificare în pagina /cont/securitate/."))
