"""The signing engine's public API: sign in sequence, finalize (PAdES B-LTA), validate.

    pdf = sign_pdf(pdf, credential=credential_for(specialist), field_name="Semnatura1",
                   stamp=Stamp(signer_name="Vlad Neagu", function="Inspector de specialitate", capacity="Întocmit"),
                   reason="Întocmit")
    ...                                    # the next officials, each on the previous output
    pdf = finalize(pdf)                    # after the last signer
    report = validate(pdf)                 # report.ok, report.message_ro, report.signatures

Each call appends an incremental update; earlier signatures stay valid. See docs/signing.md.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from primaria.core.plugins import registry

from . import aio, engine, tsa
from .models import SigningCredential
from .pki import DemoPKI, der

logger = logging.getLogger(__name__)

__all__ = [
    "SignatureCheck", "SigningCredential", "SigningError", "Stamp", "ValidationReport", "credential_for",
    "finalize", "institution_seal", "sign_pdf", "validate",
]


@dataclass(frozen=True)
class Stamp:
    """The visible signature appearance."""

    signer_name: str  # "Mihai Constantinescu"
    function: str  # "Primar"
    capacity: str  # "p. Primar, Viceprimar" / "Întocmit" / "Secretar general al UAT"
    page: int = -1  # page index, -1 = last page
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # x1,y1,x2,y2 in PDF points; (0,0,0,0) = next free slot at the bottom


@dataclass
class SignatureCheck:
    field_name: str
    signer_name: str
    signing_time: datetime | None
    intact: bool
    trusted: bool
    covers_whole_file_or_allowed_updates: bool
    is_document_timestamp: bool
    summary_ro: str


@dataclass
class ValidationReport:
    signatures: list[SignatureCheck]
    all_intact: bool
    all_trusted: bool
    modified_after_last_signature: bool
    ok: bool
    message_ro: str


# --- credentials ------------------------------------------------------------------------------------


def credential_for(user) -> SigningCredential:
    """The official's personal signing credential (the configured provider first, then any other)."""
    credentials = list(SigningCredential.objects.filter(
        user=user, kind=SigningCredential.Kind.PERSON, active=True, not_after__gt=timezone.now(),
    ).order_by("-created_at"))
    if not credentials:
        raise SigningError(_("%(user)s nu are un certificat de semnătură electronică valabil.") % {"user": user})
    preferred = settings.PRIMARIA_SIGNING_PROVIDER
    credentials.sort(key=lambda c: c.provider != preferred)
    return credentials[0]


def institution_seal(institution) -> SigningCredential:
    """The institution's electronic seal, for documents issued automatically."""
    credential = SigningCredential.objects.filter(
        institution=institution, kind=SigningCredential.Kind.SEAL, active=True, not_after__gt=timezone.now(),
    ).order_by("-created_at").first()
    if credential is None:
        raise SigningError(_("%(institution)s nu are un sigiliu electronic valabil.") % {"institution": institution})
    return credential


# --- signing ----------------------------------------------------------------------------------------


def sign_pdf(pdf: bytes, *, credential: SigningCredential, field_name: str, stamp: Stamp, reason: str,
             location: str = "") -> bytes:
    """Add one visible PAdES B-T signature (signature timestamp included) as an incremental update."""
    if not credential.usable:
        raise SigningError(_("Certificatul „%(subject_name)s” nu mai este activ sau a expirat.") % {"subject_name": credential.subject_name})
    try:
        provider = registry("signing_providers")[credential.provider]
    except KeyError:
        raise SigningError(_("Furnizorul de semnare „%(provider)s” nu este instalat.") % {"provider": credential.provider})
    signed = provider.sign(pdf, credential, field_name, stamp, reason, location)
    logger.info("Semnat %s (%s, %s) în câmpul %s", credential.subject_name, credential.provider,
                credential.serial, field_name)
    return signed


def finalize(pdf: bytes) -> bytes:
    """After the last signer: validation data (certificates, CRLs) in the DSS and a document timestamp.

    The result is PAdES B-LTA. Calling it again on a finalized document adds a new archive timestamp
    (do so before the last one's certificate expires)."""
    context = _signing_validation_context()
    return aio.run(engine.async_finalize(pdf, validation_context=context, timestamper=tsa.timestamper()))


def trust_roots() -> list[asn1_x509.Certificate]:
    """The roots signatures are checked against: ``PRIMARIA_SIGNING_TRUST_ROOTS`` (PEM/DER files;
    "demo" = this platform's demo root CA)."""
    roots = []
    for entry in settings.PRIMARIA_SIGNING_TRUST_ROOTS:
        if entry == "demo":
            pki = DemoPKI()
            if pki.exists():
                roots.append(asn1_x509.Certificate.load(der(pki.cert("root"))))
        else:
            roots.extend(load_certs_from_pemder_data(Path(entry).read_bytes()))
    return roots


def _signing_validation_context() -> ValidationContext:
    """What finalize() validates with and embeds: trust roots, the demo CAs and their current CRLs
    (given directly, so no network is needed); other CAs' revocation data is fetched only if allowed."""
    pki = DemoPKI()
    other_certs, crls = [], []
    if pki.exists():
        other_certs = [asn1_x509.Certificate.load(der(c)) for c in pki.chain()]
        crls = [asn1_crl.CertificateList.load(data) for data in pki.crls()]
    return ValidationContext(
        trust_roots=trust_roots(), other_certs=other_certs, crls=crls,
        allow_fetching=settings.PRIMARIA_SIGNING_FETCH_REVOCATION, revocation_mode="require",
    )


# --- validation -------------------------------------------------------------------------------------

ALLOWED_AFTER_SIGNING = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


def _when(value: datetime | None) -> str:
    if not value:
        return _("la o dată necunoscută")
    local = timezone.localtime(value)
    return _("%(date)s, ora %(time)s") % {"date": f"{local:%d.%m.%Y}", "time": f"{local:%H:%M}"}


def _validation_context(dss) -> ValidationContext:
    return ValidationContext(
        trust_roots=trust_roots(), other_certs=dss["certs"], crls=dss["crls"], ocsps=dss["ocsps"],
        allow_fetching=settings.PRIMARIA_SIGNING_FETCH_REVOCATION, revocation_mode="soft-fail",
    )


def _check(signature, dss) -> tuple[SignatureCheck, ModificationLevel | None, SignatureCoverageLevel | None]:
    is_ts = engine.is_document_timestamp(signature)
    field_name = signature.field_name
    try:
        signer_name = signature.signer_cert.subject.native.get("common_name", "") or signature.signer_cert.subject.human_friendly
    except Exception:  # noqa: BLE001 - a broken signature has no reliable signer
        signer_name = ""
    try:
        if is_ts:
            status = validate_pdf_timestamp(signature, validation_context=_validation_context(dss))
            signing_time = status.timestamp
            trusted = bool(status.trusted)
        else:
            status = validate_pdf_signature(signature, signer_validation_context=_validation_context(dss),
                                            ts_validation_context=_validation_context(dss))
            ts_status = status.timestamp_validity
            signing_time = ts_status.timestamp if ts_status is not None else status.signer_reported_dt
            trusted = bool(status.trusted) and (ts_status is None or bool(ts_status.intact and ts_status.trusted))
        intact = bool(status.intact and status.valid)
        level, coverage = status.modification_level, status.coverage
        covers = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            coverage == SignatureCoverageLevel.ENTIRE_REVISION and level in ALLOWED_AFTER_SIGNING
            and getattr(status, "docmdp_ok", True) is not False
        )
    except Exception as exc:  # noqa: BLE001 - an unreadable signature is an invalid one
        logger.info("Semnătura %s nu poate fi verificată: %s", field_name, exc)
        signing_time, intact, trusted, covers, level, coverage = None, False, False, False, None, None
    who = signer_name or "semnatar necunoscut"
    if is_ts:
        what = _("Marca temporală de arhivare (%(who)s, %(when)s)") % {"who": who, "when": _when(signing_time)}
    else:
        what = _("Semnătura lui %(who)s (%(when)s)") % {"who": who, "when": _when(signing_time)}
    if not intact:
        summary = _("%(what)s NU corespunde documentului: fișierul a fost modificat după semnare.") % {"what": what}
    elif not trusted:
        summary = (_("%(what)s este corectă, dar certificatul nu provine de la o autoritate de certificare de încredere sau nu mai este valabil.") % {"what": what})
    elif not covers:
        summary = _("%(what)s este corectă, dar documentul a fost modificat după semnare.") % {"what": what}
    else:
        summary = _("%(what)s este validă; certificatul este de încredere.") % {"what": what}
    check = SignatureCheck(
        field_name=field_name, signer_name=signer_name, signing_time=signing_time, intact=intact, trusted=trusted,
        covers_whole_file_or_allowed_updates=covers, is_document_timestamp=is_ts, summary_ro=summary,
    )
    return check, level, coverage


@aio.outside_event_loop
def validate(pdf: bytes) -> ValidationReport:
    """Verify every signature and document timestamp independently, against the configured trust roots
    and the validation data in the document (DSS)."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - anything unreadable is simply "not a valid signed PDF"
        logger.info("PDF ilizibil la verificare: %s", exc)
        return ValidationReport(signatures=[], all_intact=False, all_trusted=False, modified_after_last_signature=False,
                                ok=False, message_ro=_("Fișierul nu este un document PDF care poate fi verificat."))
    dss = engine.dss_contents(reader)
    results = [_check(signature, dss) for signature in embedded]
    checks = [check for check, _level, _coverage in results]
    if not checks:
        return ValidationReport(signatures=[], all_intact=False, all_trusted=False, modified_after_last_signature=False,
                                ok=False, message_ro=_("Documentul nu conține nicio semnătură electronică."))
    all_intact = all(c.intact for c in checks)
    all_trusted = all(c.trusted for c in checks)
    last_check, _level, last_coverage = results[-1]
    regular = [level for c, level, _coverage in results if not c.is_document_timestamp]
    # After the last signature only validation data and timestamps may be added (PAdES LTV updates).
    after_last = regular[-1] if regular else results[-1][1]
    modified_after = not last_check.intact or not (
        last_coverage == SignatureCoverageLevel.ENTIRE_FILE
        or after_last in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    )
    covers = all(c.covers_whole_file_or_allowed_updates for c in checks)
    ok = all_intact and all_trusted and covers and not modified_after
    people = [c for c in checks if not c.is_document_timestamp]
    archived = any(c.is_document_timestamp for c in checks)
    if ok:
        count = len(people)
        if count == 1:
            signers = _("o persoană")
        elif count % 100 >= 20 or count % 100 == 0:
            signers = _("%(count)s de persoane") % {"count": count}
        else:
            signers = _("%(count)s persoane") % {"count": count}
        if archived:
            message = _("Documentul este semnat electronic de %(signers)s și are marcă temporală de arhivare. "
                        "Semnăturile sunt valabile, emise cu certificate de încredere, iar documentul nu a fost "
                        "modificat după semnare.") % {"signers": signers}
        else:
            message = _("Documentul este semnat electronic de %(signers)s. Semnăturile sunt valabile, emise cu "
                        "certificate de încredere, iar documentul nu a fost modificat după semnare.") % {"signers": signers}
    elif not all_intact:
        message = (_("Atenție: documentul a fost modificat după ce a fost semnat, deci nu mai este cel emis de "
                   "instituție. Cereți instituției un exemplar original."))
    elif not all_trusted:
        message = (_("Atenție: cel puțin o semnătură nu poate fi confirmată ca fiind emisă cu un certificat de "
                   "încredere. Documentul nu poate fi considerat autentic."))
    else:
        message = (_("Atenție: după semnare, documentul a fost modificat în alt mod decât prin adăugarea altor "
                   "semnături sau a mărcilor temporale. Documentul nu poate fi considerat autentic."))
    return ValidationReport(signatures=checks, all_intact=all_intact, all_trusted=all_trusted,
                            modified_after_last_signature=modified_after, ok=ok, message_ro=message)
