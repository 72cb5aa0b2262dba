"""Signing providers (``registry("signing_providers")``) and the timestamp authority
(``registry("timestamp_authorities")``); the admin health page lists both.

A provider holds keys. It offers ``signer(credential)``, an async context manager yielding a pyHanko
``Signer`` for that credential, and ``sign(...)``, which runs the engine with it:

* ``local``: keys kept by the platform in var/pki/keys, encrypted under SECRET_KEY (embedded default, tests);
* ``csc``: a remote signing service over the CSC API v2; the key never leaves the service;
* ``seal``: the institution's electronic seal, for documents issued automatically (local key store).
"""

import base64
import time
from contextlib import asynccontextmanager

import aiohttp
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.csc_signer import (
    CSCAuthorizationManager,
    CSCServiceSessionInfo,
    CSCSigner,
    fetch_certs_in_csc_credential,
)
from pyhanko_certvalidator.registry import SimpleCertificateStore

from primaria.core.plugins import HealthReport, Plugin, registry

from . import aio, engine, tsa
from .keystore import KeyStoreError
from .pki import DemoPKI, PKIMissing, der

signing_providers = registry("signing_providers")
timestamp_authorities = registry("timestamp_authorities")


def count_ro(count: int, one: str, few: str, many: str) -> str:
    """The phrase for a count, each form with %(count)s: one ("1 certificat activ"), few ("3 certificate active")
    and many ("23 de certificate active"), as Romanian says them; the forms come translated."""
    if count == 1:
        return one % {"count": count}
    return (many if count % 100 >= 20 or (count and count % 100 == 0) else few) % {"count": count}


def asn1_cert(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(der(certificate))


class SigningProvider(Plugin):
    kind = "person"

    @asynccontextmanager
    async def signer(self, credential):  # pragma: no cover - every provider has its own
        raise NotImplementedError
        yield

    def sign(self, pdf: bytes, credential, field_name: str, stamp, reason: str, location: str) -> bytes:
        async def run():
            async with self.signer(credential) as pdf_signer:
                return await engine.async_sign(
                    pdf, pdf_signer, field_name=field_name, stamp=stamp, reason=reason, location=location,
                    timestamper=tsa.timestamper(),
                )

        return aio.run(run())

    def _credentials(self):
        from .models import SigningCredential

        return SigningCredential.objects.filter(provider=self.identifier, active=True)

    @staticmethod
    def _expiry(credentials) -> str:
        first = min((c.not_after for c in credentials), default=None)
        if first is None:
            return ""
        days = (first - timezone.now()).days
        return " " + _("Primul expiră la %(date)s (peste %(days)s zile).") % {
            "date": f"{timezone.localtime(first):%d.%m.%Y}", "days": days}


@signing_providers.register
class LocalProvider(SigningProvider):
    identifier = "local"
    verbose_name = gettext_lazy("Chei păstrate de platformă (local)")

    @asynccontextmanager
    async def signer(self, credential):
        yield self.simple_signer(credential)

    def simple_signer(self, credential) -> signers.SimpleSigner:
        pki = DemoPKI()
        key = pki.keys.load(credential.key_ref)
        key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        chain = [asn1_cert(c) for c in pki.chain()] if pki.exists() else []
        return signers.SimpleSigner(
            signing_cert=asn1_cert(credential.certificate), signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )

    @staticmethod
    def pki_problem() -> str:
        pki = DemoPKI()
        if not pki.exists():
            return _("Infrastructura de chei lipsește din %(directory)s: rulați „manage.py create_demo_pki”.") % {"directory": pki.directory}
        return ""

    def check_config(self):
        pki = DemoPKI()
        if problem := self.pki_problem():
            return HealthReport(ok=False, message=problem)
        try:
            credentials = list(self._credentials())
            missing = [c.subject_name for c in credentials if not pki.keys.exists(c.key_ref)]
            pki.key("issuing")
            crl_until = x509.load_der_x509_crl(pki.crl("issuing")).next_update_utc
        except (KeyStoreError, PKIMissing, OSError, ValueError) as exc:
            return HealthReport(ok=False, message=_("Cheile locale nu pot fi folosite: %(exc)s") % {"exc": exc})
        expired = [c.subject_name for c in credentials if not c.usable]
        active = count_ro(len(credentials), _("%(count)s certificat activ"), _("%(count)s certificate active"),
                          _("%(count)s de certificate active"))
        message = (_("%(active)s în %(directory)s.%(expiry)s Lista de revocare (CRL) este valabilă până la %(until)s.")
                   % {"active": active, "directory": pki.keys.directory, "expiry": self._expiry(credentials),
                      "until": f"{timezone.localtime(crl_until):%d.%m.%Y %H:%M}"})
        if missing:
            return HealthReport(ok=False, message=_("%(message)s Lipsesc cheile pentru: %(keys)s.") % {"message": message, "keys": ', '.join(missing[:5])})
        if expired:
            return HealthReport(ok=False, message=f"{message} Expirate: {', '.join(expired[:5])}.")
        return HealthReport(ok=True, message=message, details={"count": len(credentials)})


@signing_providers.register
class SealProvider(LocalProvider):
    identifier = "seal"
    verbose_name = gettext_lazy("Sigiliul electronic al instituției")
    kind = "seal"

    def check_config(self):
        from primaria.institutions.models import Institution

        if problem := self.pki_problem():
            return HealthReport(ok=False, message=problem)
        pki = DemoPKI()
        try:
            seals = {c.institution_id: c for c in self._credentials() if c.usable}
            missing = [c.subject_name for c in seals.values() if not pki.keys.exists(c.key_ref)]
            without = [i.code for i in Institution.objects.all() if i.pk not in seals]
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=_("Sigiliile nu pot fi citite: %(exc)s") % {"exc": exc})
        message = count_ro(len(seals), _("%(count)s sigiliu electronic valabil"),
                           _("%(count)s sigilii electronice valabile"),
                           _("%(count)s de sigilii electronice valabile")) + "." + self._expiry(seals.values())
        if missing:
            return HealthReport(ok=False, message=_("%(message)s Lipsesc cheile pentru: %(keys)s.") % {"message": message, "keys": ', '.join(missing)})
        if without:
            return HealthReport(ok=False, message=_("%(message)s Fără sigiliu: %(codes)s.") % {"message": message, "codes": ', '.join(without)})
        return HealthReport(ok=True, message=message, details={"count": len(seals)})


class CSCv2AuthorizationManager(CSCAuthorizationManager):
    """credentials/authorize in the v2 form, binding the SAD to the hashes about to be signed (SCAL 2)."""

    def __init__(self, session_info, credential_info, session: aiohttp.ClientSession, pin: str = ""):
        super().__init__(session_info, credential_info)
        self.session = session
        self.pin = pin

    async def authorize_signature(self, hash_b64s):
        body = {"credentialID": self.csc_session_info.credential_id, "numSignatures": len(hash_b64s),
                "hashes": hash_b64s, "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1"}
        if self.pin:
            body["PIN"] = self.pin
        data = await _post(self.session, self.csc_session_info.endpoint_url("credentials/authorize"),
                           body, headers=self.auth_headers)
        return self.parse_csc_auth_response(data)


class CSCv2Signer(CSCSigner):
    """pyHanko's CSC signer speaks the v1 field names; v2 calls them ``hashes`` and ``hashAlgorithmOID``."""

    async def format_csc_signing_req(self, tbs_hashes, digest_algorithm):
        request = await super().format_csc_signing_req(tbs_hashes, digest_algorithm)
        request["hashes"] = request.pop("hash")
        request["hashAlgorithmOID"] = request.pop("hashAlgo")
        return request


async def _post(session, url, body, *, headers=None, timeout=15):
    try:
        async with session.post(url, json=body, headers=headers or {},
                                timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            data = await response.json(content_type=None)
            if response.status >= 400:
                raise SigningError(f"Serviciul CSC a refuzat {url}: {data.get('error_description') or data}")
            return data
    except aiohttp.ClientError as exc:
        raise SigningError(_("Serviciul CSC nu răspunde (%(url)s): %(exc)s") % {"url": url, "exc": exc}) from exc


_tokens: dict = {}


@signing_providers.register
class CSCProvider(SigningProvider):
    identifier = "csc"
    verbose_name = gettext_lazy("Semnare la distanță (Cloud Signature Consortium API v2)")

    @staticmethod
    def base_url() -> str:
        return settings.PRIMARIA_CSC_URL.rstrip("/")

    def session_info(self, credential_id: str, token: str | None) -> CSCServiceSessionInfo:
        return CSCServiceSessionInfo(service_url=self.base_url(), credential_id=credential_id, oauth_token=token,
                                     api_ver="v2")

    async def token(self, session) -> str:
        """An access token: OAuth2 client credentials if configured, else auth/login with HTTP Basic."""
        client_id = settings.PRIMARIA_CSC_CLIENT_ID
        key = (self.base_url(), client_id or settings.PRIMARIA_CSC_USERNAME)
        cached = _tokens.get(key)
        if cached and cached[1] > time.monotonic() + 30:
            return cached[0]
        base = f"{self.base_url()}/csc/v2"
        try:
            if client_id:
                form = {"grant_type": "client_credentials", "client_id": client_id,
                        "client_secret": settings.PRIMARIA_CSC_CLIENT_SECRET}
                async with session.post(f"{base}/oauth2/token", data=form,
                                        timeout=aiohttp.ClientTimeout(total=15)) as response:
                    data = await response.json(content_type=None)
                    if response.status >= 400:
                        raise SigningError(f"Serviciul CSC a refuzat autentificarea: {data}")
            else:
                auth = base64.b64encode(
                    f"{settings.PRIMARIA_CSC_USERNAME}:{settings.PRIMARIA_CSC_PASSWORD}".encode()).decode()
                data = await _post(session, f"{base}/auth/login", {}, headers={"Authorization": f"Basic {auth}"})
        except aiohttp.ClientError as exc:
            raise SigningError(_("Serviciul CSC nu răspunde (%(base)s): %(exc)s") % {"base": base, "exc": exc}) from exc
        token = data["access_token"]
        _tokens[key] = (token, time.monotonic() + int(data.get("expires_in", 3600)))
        return token

    @asynccontextmanager
    async def signer(self, credential):
        if not self.base_url():
            raise SigningError(_("Semnarea la distanță nu este configurată (PRIMARIA_CSC_URL)."))
        async with aiohttp.ClientSession() as session:
            info = self.session_info(credential.key_ref, await self.token(session))
            credential_info = await fetch_certs_in_csc_credential(session, info)
            if credential_info.signing_cert.dump() != der(credential.certificate):
                raise SigningError(_("Certificatul din serviciul CSC diferă de cel înregistrat în platformă."))
            manager = CSCv2AuthorizationManager(info, credential_info, session, pin=settings.PRIMARIA_CSC_PIN)
            yield CSCv2Signer(session, manager, sign_timeout=60)

    def import_credential(self, *, credential_id: str, institution, user=None, kind: str = "person"):
        """Register in the platform a credential that exists at the CSC service (credentials/info)."""
        from .models import SigningCredential

        async def fetch():
            async with aiohttp.ClientSession() as session:
                info = self.session_info(credential_id, await self.token(session))
                return await fetch_certs_in_csc_credential(session, info)

        credential_info = aio.run(fetch())
        certificate = x509.load_der_x509_certificate(credential_info.signing_cert.dump())
        credential = SigningCredential.objects.filter(provider=self.identifier, key_ref=credential_id).first()
        credential = credential or SigningCredential(provider=self.identifier, key_ref=credential_id)
        credential.user, credential.institution, credential.kind, credential.active = user, institution, kind, True
        credential.set_certificate(certificate)
        credential.save()
        return credential

    def check_config(self):
        base = self.base_url()
        if not base:
            return HealthReport(ok=True, message=_("Neconfigurat (opțional): PRIMARIA_CSC_URL este gol."))

        async def probe():
            async with aiohttp.ClientSession() as session:
                info = await _post(session, f"{base}/csc/v2/info", {}, timeout=5)
                await self.token(session)
                return info

        try:
            info = aio.run(probe())
            credentials = list(self._credentials())
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=_("Serviciul CSC %(base)s nu răspunde sau refuză autentificarea: %(exc)s") % {"base": base, "exc": exc})
        return HealthReport(
            ok=True, message=_("Serviciul CSC „%(name)s” răspunde (%(base)s); autentificarea merge; %(registered)s.%(expiry)s") % {
                "name": info.get('name', base), "base": base,
                "registered": count_ro(len(credentials), _("%(count)s certificat înregistrat"),
                                       _("%(count)s certificate înregistrate"),
                                       _("%(count)s de certificate înregistrate")),
                "expiry": self._expiry(credentials)},
        )


@timestamp_authorities.register
class TimestampAuthority(Plugin):
    identifier = "rfc3161"
    verbose_name = gettext_lazy("Marcare temporală (RFC 3161)")

    def check_config(self):
        ok, message = tsa.check()
        return HealthReport(ok=ok, message=message)
