"""RFC 3161 timestamps: the local timestamp authority (in-process or over HTTP) and the client we use.

``PRIMARIA_TSA_URL`` empty: signatures and document timestamps are stamped in-process by the local
TSA (the demo PKI's TSA certificate). Set it to an RFC 3161 URL (a qualified TSA in production, or this
platform's own ``/pki/tsa/``) to ask that server over HTTP instead.
"""

import asyncio
import logging
import secrets
import urllib.request

from asn1crypto import algos, cms, core, tsp
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign import general
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from . import aio
from .pki import DemoPKI, der

logger = logging.getLogger(__name__)

# The ITU-T/ISO "example" arc: this demo TSA claims no real timestamping policy.
DEMO_TSA_POLICY = "2.999.3161.1"
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class LocalTimeStamper(DummyTimeStamper):
    """pyHanko's in-process TSA, made to sign with EC keys as well as RSA and to state our own policy."""

    def __init__(self, pki: DemoPKI):
        self._private_key = pki.key("tsa")
        tsa_cert = asn1_x509.Certificate.load(der(pki.cert("tsa")))
        tsa_key = asn1_keys.PrivateKeyInfo.load(self._private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        chain = [asn1_x509.Certificate.load(der(c)) for c in pki.chain()]
        super().__init__(tsa_cert, tsa_key, certs_to_embed=chain)

    def _build_tst_info(self, message_imprint, dt, req):
        info = super()._build_tst_info(message_imprint, dt, req)
        info["policy"] = tsp.ObjectIdentifier(DEMO_TSA_POLICY)
        info["serial_number"] = secrets.randbits(63)
        info["accuracy"] = tsp.Accuracy({"seconds": 1})
        return info

    def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
        digest = hashes.Hash(_HASHES[md_algorithm]())
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            # SHA-512, not the DEFAULT SHA-256: DER omits a DEFAULT value, and when pyHanko later parses and
            # copies the token asn1crypto re-creates it and re-encodes the whole token ~100,000 times (+0.3 s).
            simple_cms_attribute("signing_certificate_v2", general.as_signing_certificate_v2(self.tsa_cert, "sha512")),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])
        if isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            signature = self._private_key.sign(signed_attrs.dump(), ec.ECDSA(_HASHES[md_algorithm]()))
        elif isinstance(self._private_key, rsa.RSAPrivateKey):
            signature = self._private_key.sign(signed_attrs.dump(), padding.PKCS1v15(), _HASHES[md_algorithm]())
        else:  # pragma: no cover - the demo PKI makes only EC keys
            raise NotImplementedError(type(self._private_key).__name__)
        return signature, signed_attrs

    def _build_signed_data(self, tst_info_data, md_algorithm, signature, signed_attrs):
        signed_data = super()._build_signed_data(tst_info_data, md_algorithm, signature, signed_attrs)
        if isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            signed_data["signer_infos"][0]["signature_algorithm"] = algos.SignedDigestAlgorithm(
                {"algorithm": f"{md_algorithm}_ecdsa"})
        return signed_data


class HttpTimeStamper(TimeStamper):
    """An RFC 3161 client over HTTP(S) using only the standard library."""

    def __init__(self, url: str, timeout: float = 10):
        self.url = url
        self.timeout = timeout
        super().__init__()

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(self.url, data=body, headers=set_tsp_headers({}), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                content_type = response.headers.get("Content-Type", "")
                data = response.read()
        except OSError as exc:
            raise TimestampRequestError(_("Serverul de marcare temporală %(url)s nu răspunde: %(exc)s") % {"url": self.url, "exc": exc}) from exc
        if content_type.split(";")[0].strip() != "application/timestamp-reply":
            raise TimestampRequestError(_("Răspuns neașteptat de la %(url)s: %(content_type)s") % {"url": self.url, "content_type": content_type})
        return data

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        data = await asyncio.to_thread(self._post, req.dump())
        return tsp.TimeStampResp.load(data)


_timestampers: dict = {}


def local_timestamper() -> LocalTimeStamper:
    pki = DemoPKI()
    key = ("local", str(pki.directory), pki.directory.joinpath("ca", "tsa.pem").stat().st_mtime_ns
           if pki.exists() else 0)
    if key not in _timestampers:
        _timestampers[key] = LocalTimeStamper(pki)
    return _timestampers[key]


def timestamper() -> TimeStamper:
    """The timestamp authority configured for signature timestamps and document timestamps."""
    url = settings.PRIMARIA_TSA_URL
    if not url:
        return local_timestamper()
    if ("http", url) not in _timestampers:
        _timestampers[("http", url)] = HttpTimeStamper(url)
    return _timestampers[("http", url)]


def respond(request_der: bytes) -> bytes:
    """Answer one RFC 3161 request with the local TSA (the /pki/tsa/ endpoint)."""
    try:
        req = tsp.TimeStampReq.load(request_der)
        req.native  # noqa: B018 - parse everything now, to reject malformed requests
        return local_timestamper().request_tsa_response(req).dump()
    except (ValueError, TypeError, KeyError) as exc:
        logger.info("Cerere de marcare temporală respinsă: %s", exc)
        status = tsp.PKIStatusInfo({
            "status": tsp.PKIStatus("rejection"), "fail_info": tsp.PKIFailureInfo({"bad_request"}),
        }).dump()
        # TimeStampResp ::= SEQUENCE { status, timeStampToken OPTIONAL }; asn1crypto insists on the token.
        return core.Sequence.load(b"\x30" + bytes([len(status)]) + status).dump()


def check() -> tuple[bool, str]:
    """Ask the configured TSA for one timestamp and check the answer."""
    try:
        stamper = timestamper()
        token = aio.run(stamper.async_timestamp(b"\0" * 32, "sha256"))
        info = token["content"]["encap_content_info"]["content"].parsed
        when = info["gen_time"].native
    except Exception as exc:  # noqa: BLE001 - reported to the admin as is
        return False, _("Autoritatea de marcare temporală nu răspunde: %(exc)s") % {"exc": exc}
    where = settings.PRIMARIA_TSA_URL or _("locală, în proces")
    return True, _("Autoritatea de marcare temporală (%(where)s) a răspuns: %(when)s UTC.") % {
        "where": where, "when": f"{when:%d.%m.%Y %H:%M:%S}"}
