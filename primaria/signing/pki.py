"""The demo PKI: a root CA, an issuing CA, a timestamping certificate and the certificates it issues.

Everything lives in ``settings.PRIMARIA_PKI_DIR`` (var/pki by default)::

    ca/root.pem  ca/issuing.pem  ca/tsa.pem        certificates
    ca/revoked-issuing.json                        serial numbers revoked by the issuing CA
    ca/keys/*.key.pem                              the CAs' and the TSA's private keys (see keystore.py)
    keys/*.key.pem                                 officials' and seals' private keys (provider "local", "seal")
    certs/<key_ref>.pem                            the last certificate issued for a key
    crl/root.crl  crl/issuing.crl                  CRLs, served at /pki/crl/<name>.crl

Certificates carry CRL distribution points and CA issuer URLs under ``settings.SITE_URL`` so any
validator can check them; the platform itself feeds the CRLs to pyHanko directly (no network). The CAs are the
installation's, shared by every city hall it hosts, so their addresses are the installation's too (not a city
hall's host name: a certificate outlives a commune's move to another name).
All keys are EC P-256: making the whole demo PKI takes milliseconds.
"""

import datetime as dt
import json
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from .keystore import KeyStore, write_atomically

ORGANIZATION = "Primăria Municipiului Demo"  # i18n: ro (certificate subject names)
ROOT_NAME = "Primăria Municipiului Demo – CA Rădăcină (demo)"  # i18n: ro (certificate subject names)
ISSUING_NAME = "Primăria Municipiului Demo – CA Emitent (demo)"  # i18n: ro (certificate subject names)
TSA_NAME = "Primăria Municipiului Demo – Marcare temporală (demo)"  # i18n: ro (certificate subject names)

VALIDITY_DAYS = {"root": 20 * 365, "issuing": 10 * 365, "tsa": 5 * 365, "person": 2 * 365, "seal": 2 * 365}
CRL_DAYS = 7
CRL_REFRESH_SECONDS = 24 * 3600
CA_KEY_REFS = {"root": "ca-root", "issuing": "ca-issuing", "tsa": "tsa"}

_cache: dict = {}


class PKIMissing(Exception):
    """The demo PKI has not been created yet (``manage.py create_demo_pki``)."""


def _now():
    return dt.datetime.now(dt.UTC)


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _key_usage(**enabled):
    flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                           "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False)
    flags.update(enabled)
    return x509.KeyUsage(**flags)


def name(common_name: str, *, organization: str = ORGANIZATION, extra=()) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "RO"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
        *extra,
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ])


def common_name(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else certificate.subject.rfc4514_string()


def _load_cached(path: Path, loader):
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise PKIMissing(_("Lipsește %(path)s: rulați „manage.py create_demo_pki”.") % {"path": path})
    key = (str(path), stamp)
    if key not in _cache:
        _cache[key] = loader(path.read_bytes())
    return _cache[key]


class DemoPKI:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.PRIMARIA_PKI_DIR)
        self.keys = KeyStore(self.directory / "keys", "local")  # officials' and seals' keys
        self.ca_keys = KeyStore(self.directory / "ca" / "keys", "ca")  # the CAs' and the TSA's own keys

    # --- the CAs ------------------------------------------------------------------------------
    def _ca_path(self, which: str) -> Path:
        return self.directory / "ca" / f"{which}.pem"

    def exists(self) -> bool:
        return all(self._ca_path(which).exists() for which in CA_KEY_REFS)

    def cert(self, which: str) -> x509.Certificate:
        """One of the PKI's own certificates: "root", "issuing" or "tsa"."""
        return _load_cached(self._ca_path(which), x509.load_pem_x509_certificate)

    def key(self, which: str):
        return self.ca_keys.load(CA_KEY_REFS[which])

    def chain(self) -> list[x509.Certificate]:
        """The CA certificates above every certificate this PKI issues, nearest first."""
        return [self.cert("issuing"), self.cert("root")]

    def ensure(self) -> list[str]:
        """Create whatever is missing of the root CA, the issuing CA and the TSA certificate."""
        created = []
        if not self._ca_path("root").exists() or not self.ca_keys.exists(CA_KEY_REFS["root"]):
            key = self.ca_keys.generate(CA_KEY_REFS["root"])
            subject = name(ROOT_NAME)
            builder = self._builder(subject, subject, key.public_key(), "root", issuer_key=key)
            builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
            builder = builder.add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            self._write_ca("root", builder.sign(key, hashes.SHA256()))
            created.append("root")
        if "root" in created or not self._ca_path("issuing").exists() or not self.ca_keys.exists(CA_KEY_REFS["issuing"]):
            key = self.ca_keys.generate(CA_KEY_REFS["issuing"])
            builder = self._issued_builder(name(ISSUING_NAME), key.public_key(), "issuing", by="root")
            builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            builder = builder.add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            self._write_ca("issuing", builder.sign(self.key("root"), hashes.SHA256()))
            created.append("issuing")
        if "issuing" in created or not self._ca_path("tsa").exists() or not self.ca_keys.exists(CA_KEY_REFS["tsa"]):
            key = self.ca_keys.generate(CA_KEY_REFS["tsa"])
            builder = self._issued_builder(name(TSA_NAME), key.public_key(), "tsa", by="issuing")
            builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            builder = builder.add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
            builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            self._write_ca("tsa", builder.sign(self.key("issuing"), hashes.SHA256()))
            created.append("tsa")
        return created

    def _write_ca(self, which, certificate):
        write_atomically(self._ca_path(which), certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)

    def _builder(self, subject, issuer, public_key, kind, *, issuer_key):
        now = _now()
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=10))
            .not_valid_after(now + dt.timedelta(days=VALIDITY_DAYS[kind]))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        )

    def _issued_builder(self, subject, public_key, kind, *, by):
        issuer = self.cert(by)
        builder = self._builder(subject, issuer.subject, public_key, kind, issuer_key=self.key(by))
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(_site_url(f"/pki/crl/{by}.crl"))],
            relative_name=None, reasons=None, crl_issuer=None)]), critical=False)
        return builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
            x509.UniformResourceIdentifier(_site_url(f"/pki/ca/{by}.crt")))]), critical=False)

    # --- end-entity certificates ---------------------------------------------------------------
    def issue(self, public_key, subject: x509.Name, *, kind: str, email: str = "") -> x509.Certificate:
        """A signing certificate ("person" or "seal") from the issuing CA for any public key."""
        builder = self._issued_builder(subject, public_key, kind, by="issuing")
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        builder = builder.add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        if email:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
        return builder.sign(self.key("issuing"), hashes.SHA256())

    def person_subject(self, *, full_name, first_name, last_name, function, institution_name) -> x509.Name:
        extra = []
        if first_name:
            extra.append(x509.NameAttribute(NameOID.GIVEN_NAME, first_name[:64]))
        if last_name:
            extra.append(x509.NameAttribute(NameOID.SURNAME, last_name[:64]))
        if function:
            extra.append(x509.NameAttribute(NameOID.TITLE, function[:64]))
        return name(full_name, organization=institution_name, extra=extra)

    def seal_subject(self, *, institution_name, cui) -> x509.Name:
        extra = [x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATRO-{cui}")] if cui else []
        return name(institution_name, organization=institution_name, extra=extra)

    def local_certificate(self, key_ref: str, subject: x509.Name, *, kind: str, email: str = "",
                          renew: bool = False) -> tuple[x509.Certificate, bool]:
        """The certificate of a key kept in this store, issued (with a new key) only when needed.

        Reused while the key exists, the subject is the same, it comes from the current issuing CA and
        has more than 30 days left; returns (certificate, newly_issued).
        """
        path = self.directory / "certs" / f"{key_ref}.pem"
        if not renew and path.exists() and self.keys.exists(key_ref):
            certificate = x509.load_pem_x509_certificate(path.read_bytes())
            issuing = self.cert("issuing")
            fresh = certificate.not_valid_after_utc - _now() > dt.timedelta(days=30)
            same_ca = _authority_key_id(certificate) == _subject_key_id(issuing)
            if certificate.subject == subject and fresh and same_ca:
                return certificate, False
        key = self.keys.generate(key_ref)
        certificate = self.issue(key.public_key(), subject, kind=kind, email=email)
        write_atomically(path, certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)
        return certificate, True

    # --- revocation ------------------------------------------------------------------------------
    def _revoked_path(self, by: str) -> Path:
        return self.directory / "ca" / f"revoked-{by}.json"

    def revoked(self, by: str = "issuing") -> list[dict]:
        path = self._revoked_path(by)
        return json.loads(path.read_text()) if path.exists() else []

    def revoke(self, serial: int, by: str = "issuing") -> None:
        entries = [e for e in self.revoked(by) if e["serial"] != str(serial)]
        entries.append({"serial": str(serial), "date": _now().isoformat()})
        write_atomically(self._revoked_path(by), json.dumps(entries, indent=1).encode(), mode=0o644)

    def crl(self, by: str) -> bytes:
        """The CRL of one CA ("root" or "issuing"), DER; re-issued daily and after every revocation."""
        if by not in ("root", "issuing"):
            raise KeyError(by)
        path = self.directory / "crl" / f"{by}.crl"
        inputs = [self._ca_path(by), self._revoked_path(by)]
        newest_input = max((p.stat().st_mtime for p in inputs if p.exists()), default=0)
        if path.exists():
            mtime = path.stat().st_mtime
            if mtime >= newest_input and time.time() - mtime < CRL_REFRESH_SECONDS:
                return path.read_bytes()
        now = _now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert(by).subject)
            .last_update(now - dt.timedelta(minutes=5))
            .next_update(now + dt.timedelta(days=CRL_DAYS))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key(by).public_key()), critical=False)
            .add_extension(x509.CRLNumber(int(time.time() * 1000)), critical=False)
        )
        for entry in self.revoked(by):
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(int(entry["serial"]))
                .revocation_date(dt.datetime.fromisoformat(entry["date"])).build()
            )
        data = builder.sign(self.key(by), hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        write_atomically(path, data, mode=0o644)
        return data

    def crls(self) -> list[bytes]:
        return [self.crl("root"), self.crl("issuing")]


def _subject_key_id(certificate):
    return certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def _authority_key_id(certificate):
    try:
        return certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    except x509.ExtensionNotFound:
        return None


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)
