"""Identity providers (``registry("identity")``): who a person is, as an electronic identity says.

A provider sends the person to its login page (`start_login`), and when they come back checks the
answer (`handle_return`) and returns an `Identity`; anything it cannot trust raises `IdentityRefused`
with a message for the person, in Romanian. The ROeID provider speaks OpenID Connect (authorization
code flow with PKCE and a nonce) through Authlib: the provider's endpoints and keys come from its
discovery document, and the ID token's signature, issuer, audience, nonce and lifetime are checked
before any of its claims is used.
"""

import threading
import time
from dataclasses import dataclass, field

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from joserfc import errors as jose_errors

from primaria.core.plugins import HealthReport, Plugin, registry

identity_providers = registry("identity")

METADATA_SECONDS = 3600
HTTP_TIMEOUT = 10

# eIDAS levels of assurance, as an `acr` claim names them, in the words of the Romanian regulation.
LEVELS_OF_ASSURANCE = {"low": "scăzut", "substantial": "substanțial", "high": "ridicat"}  # i18n: ro (stored)


@dataclass
class Identity:
    """Who the provider says the person is: its verified claims (ID token, then userinfo)."""

    provider: str
    issuer: str
    subject: str
    claims: dict = field(default_factory=dict)
    acr: str | None = None
    id_token: str = ""

    @property
    def level_of_assurance(self) -> str | None:
        """The `acr` claim as "scăzut"/"substanțial"/"ridicat", or the raw value when it is not eIDAS."""
        if not self.acr:
            return None
        value = self.acr.lower().rstrip("/")
        for key, label in LEVELS_OF_ASSURANCE.items():
            if value == key or value.endswith(("/" + key, ":" + key, "loa/" + key)):
                return label
        return self.acr

    def as_dict(self) -> dict:
        return {"provider": self.provider, "issuer": self.issuer, "subject": self.subject, "claims": self.claims,
                "acr": self.acr, "id_token": self.id_token}

    @classmethod
    def from_dict(cls, data: dict) -> "Identity":
        return cls(**{key: data.get(key) for key in ("provider", "issuer", "subject", "claims", "acr", "id_token")})


class IdentityRefused(Exception):
    """The provider's answer cannot be trusted or used; `message` says why, for the person."""

    def __init__(self, message: str, *, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.reason = reason


class IdentityProvider(Plugin):
    """The interface every identity provider implements."""

    def is_enabled(self) -> bool:
        return False

    def start_login(self, request, *, redirect_uri: str):
        """An HTTP response sending the person to the provider."""
        raise NotImplementedError

    def handle_return(self, request) -> Identity:
        """The person's identity, from the provider's answer on `request`; raises IdentityRefused."""
        raise NotImplementedError

    def logout_url(self, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
        """Where to end the person's session at the provider too, or None when it offers no such page."""
        return None


# The Romanian texts (tests and the audit compare them); a refusal carries the reader's translation.
REFUSALS = {
    "signature": gettext_noop("Răspunsul ROeID nu poate fi verificat: semnătura tokenului de identitate nu este validă. "
                              "Nu v-am autentificat. Încercați din nou; dacă problema persistă, anunțați primăria."),
    "iss": gettext_noop("Răspunsul nu provine de la ROeID (emitentul tokenului de identitate nu este cel așteptat). "
                        "Nu v-am autentificat."),
    "aud": gettext_noop("Tokenul de identitate primit a fost emis pentru alt serviciu, nu pentru Primăria Digitală. "
                        "Nu v-am autentificat."),
    "nonce": gettext_noop("Răspunsul ROeID nu corespunde acestei încercări de autentificare (nonce diferit); poate fi o "
                          "reluare a unei autentificări vechi. Nu v-am autentificat. Porniți din nou autentificarea."),
    "expired": gettext_noop("Tokenul de identitate primit de la ROeID a expirat. Porniți din nou autentificarea."),
    "state": gettext_noop("Autentificarea ROeID nu a pornit din această sesiune sau a expirat. Porniți din nou "
                          "autentificarea de pe pagina de intrare în cont."),
    "missing_state": gettext_noop("Răspunsul ROeID nu conține parametrul „state”, deci nu îl putem lega de o autentificare "
                                  "pornită de dumneavoastră. Porniți din nou autentificarea."),
    "denied": gettext_noop("Autentificarea în ROeID a fost anulată sau refuzată. Nu v-am autentificat."),
    "no_id_token": gettext_noop("ROeID nu a trimis tokenul de identitate. Nu v-am autentificat."),
    "invalid": gettext_noop("Răspunsul ROeID nu este valid. Nu v-am autentificat. Încercați din nou."),
    "unreachable": gettext_noop("ROeID nu răspunde în acest moment. Încercați din nou peste câteva minute sau intrați în "
                                "cont cu adresa de e-mail și parola."),
    "discovery": gettext_noop("Configurația ROeID nu este validă (emitentul din documentul de descoperire diferă de cel "
                              "configurat). Anunțați primăria."),
    "userinfo": gettext_noop("Datele primite de la ROeID nu privesc aceeași persoană ca tokenul de identitate. "
                             "Nu v-am autentificat."),
}


def refused(reason: str) -> IdentityRefused:
    return IdentityRefused(_(REFUSALS[reason]), reason=reason)


@identity_providers.register
class RoeidProvider(IdentityProvider):
    identifier = "roeid"
    verbose_name = gettext_lazy("ROeID (identitatea electronică națională)")

    _lock = threading.Lock()
    _cache: dict = {}

    # --- configuration ---------------------------------------------------------------------------------

    @staticmethod
    def config() -> dict:
        return {
            "issuer": (getattr(settings, "PRIMARIA_ROEID_ISSUER", "") or "").rstrip("/"),
            "client_id": getattr(settings, "PRIMARIA_ROEID_CLIENT_ID", ""),
            "client_secret": getattr(settings, "PRIMARIA_ROEID_CLIENT_SECRET", ""),
            "scope": getattr(settings, "PRIMARIA_ROEID_SCOPE", "") or "openid",
        }

    def is_enabled(self) -> bool:
        return bool(self.config()["issuer"])

    def client(self) -> DjangoOAuth2App:
        """The OpenID Connect client for the current settings; its discovery document is kept an hour."""
        config = self.config()
        key = tuple(config.values())
        with self._lock:
            cached = self._cache.get(key)
            if cached and time.monotonic() - cached[1] < METADATA_SECONDS:
                return cached[0]
            scope = config["scope"] if "openid" in config["scope"].split() else f"openid {config['scope']}"
            client = DjangoOAuth2App(
                DjangoIntegration(self.identifier), self.identifier,
                client_id=config["client_id"], client_secret=config["client_secret"],
                server_metadata_url=config["issuer"] + "/.well-known/openid-configuration",
                client_kwargs={"scope": scope, "code_challenge_method": "S256", "default_timeout": HTTP_TIMEOUT},
            )
            self._cache.clear()
            self._cache[key] = (client, time.monotonic())
            return client

    def forget(self):
        """Read the discovery document and the keys again on next use (after a change at the provider)."""
        with self._lock:
            self._cache.clear()

    def metadata(self, client=None) -> dict:
        client = client or self.client()
        try:
            metadata = client.load_server_metadata()
        except (requests.RequestException, ValueError):
            self.forget()
            raise refused("unreachable")
        if (metadata.get("issuer") or "").rstrip("/") != self.config()["issuer"]:
            self.forget()
            raise refused("discovery")
        return metadata

    def check_config(self) -> HealthReport:
        config = self.config()
        if not config["issuer"]:
            return HealthReport(ok=True, message=_("Neconfigurat: butonul ROeID nu apare (PRIMARIA_ROEID_ISSUER gol)."))
        if not config["client_id"]:
            return HealthReport(ok=False, message=_("Lipsește PRIMARIA_ROEID_CLIENT_ID."))
        try:
            metadata = self.metadata()
        except IdentityRefused as exc:
            return HealthReport(ok=False, message=exc.message, details={"issuer": config["issuer"]})
        return HealthReport(ok=True, message=_("ROeID răspunde; documentul de descoperire este valid."),
                            details={"issuer": config["issuer"], "authorization": metadata.get("authorization_endpoint")})

    # --- the login ---------------------------------------------------------------------------------------

    def start_login(self, request, *, redirect_uri: str):
        client = self.client()
        self.metadata(client)
        return client.authorize_redirect(request, redirect_uri)

    def handle_return(self, request) -> Identity:
        params = request.POST if request.method == "POST" else request.GET
        if params.get("error"):
            # The provider's own answer (the person cancelled, or it refused); the state still has to match.
            client = self.client()
            state = params.get("state")
            if state:
                client.framework.clear_state_data(request.session, state)
            raise refused("denied")
        if not params.get("state"):
            raise refused("missing_state")
        client = self.client()
        config = self.config()
        self.metadata(client)
        claims_options = {
            "iss": {"essential": True, "value": config["issuer"]},
            "aud": {"essential": True, "value": config["client_id"]},
            "sub": {"essential": True},
        }
        try:
            token = client.authorize_access_token(request, claims_options=claims_options, leeway=60)
        except MismatchingStateError:
            raise refused("state")
        except OAuthError:
            raise refused("denied")
        except jose_errors.BadSignatureError:
            raise refused("signature")
        except jose_errors.ExpiredTokenError:
            raise refused("expired")
        except jose_errors.ClaimError as exc:
            raise refused(exc.claim if exc.claim in ("iss", "aud", "nonce") else "invalid")
        except (jose_errors.JoseError, ValueError, KeyError):
            raise refused("invalid")
        except requests.RequestException:
            raise refused("unreachable")
        if not token.get("userinfo"):
            raise refused("no_id_token")
        claims = dict(token["userinfo"])
        claims.update({key: value for key, value in self._userinfo(client, token).items() if key not in claims})
        return Identity(provider=self.identifier, issuer=config["issuer"], subject=str(claims["sub"]), claims=claims,
                        acr=claims.get("acr"), id_token=token.get("id_token", ""))

    def _userinfo(self, client, token) -> dict:
        """The userinfo endpoint's claims, when offered: ROeID may send some attributes only there."""
        if not client.load_server_metadata().get("userinfo_endpoint"):
            return {}
        try:
            data = dict(client.userinfo(token=token))
        except (requests.RequestException, ValueError):
            raise refused("unreachable")
        if str(data.get("sub")) != str(token["userinfo"]["sub"]):
            raise refused("userinfo")
        return data

    def logout_url(self, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
        client = self.client()
        try:
            endpoint = self.metadata(client).get("end_session_endpoint")
        except IdentityRefused:
            return None
        if not endpoint:
            return None
        return client.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                        id_token_hint=id_token or None, client_id=self.config()["client_id"])["url"]


def provider(identifier: str = "roeid") -> IdentityProvider:
    return identity_providers[identifier]
