"""The signing engine: officials sign in sequence (PAdES B-T), finalize makes it B-LTA, anyone can verify."""

from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from primaria.signing import services
from primaria.signing.services import Stamp, credential_for, finalize, institution_seal, sign_pdf, validate
from tests.pdftools import pdfsig, pdftotext

pytestmark = pytest.mark.django_db


def ades_lta(pdf: bytes) -> list:
    """pyHanko's AdES validation of a PAdES B-LTA signature (ETSI EN 319 102-1 § 5.6.3), with revocation
    data required for every certificate and no fetching: all of it has to be in the document."""
    import asyncio

    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )
    from pyhanko_certvalidator.registry import SimpleTrustManager

    required = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=services.trust_roots()),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(ee_certificate_rule=required,
                                                                   intermediate_ca_cert_rule=required)),
    )
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH),
    ))
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    return [asyncio.run(ades_lta_validation(signature, spec)) for signature in reader.embedded_regular_signatures]


def test_three_officials_sign_in_sequence_and_the_document_is_finalized_as_pades_b_lta(
        sign_in_sequence, letter, pki, nssdb, tmp_path):
    original = letter(pages=2)
    signed = sign_in_sequence(original)
    # Each signature is an incremental update: the original bytes are still the start of the file.
    assert signed.startswith(original)
    before = validate(signed)
    assert before.ok and [c.signer_name for c in before.signatures] == ["Vlad Neagu", "Radu Enache", "Mihai Constantinescu"]
    assert not any(c.is_document_timestamp for c in before.signatures)

    final = finalize(signed)
    assert final.startswith(signed)

    report = validate(final)
    assert report.ok, report
    assert report.all_intact and report.all_trusted and not report.modified_after_last_signature
    assert [c.field_name for c in report.signatures] == ["Semnatura1", "Semnatura2", "Semnatura3", "MarcaTemporalaArhivare1"]
    assert [c.is_document_timestamp for c in report.signatures] == [False, False, False, True]
    assert all(c.intact and c.trusted and c.covers_whole_file_or_allowed_updates for c in report.signatures)
    assert all(c.signing_time is not None for c in report.signatures)
    assert report.signatures[3].signer_name == "Primăria Municipiului Demo – Marcare temporală (demo)"
    assert "semnat electronic de 3 persoane și are marcă temporală de arhivare" in report.message_ro
    assert "Mihai Constantinescu" in report.signatures[2].summary_ro and "validă" in report.signatures[2].summary_ro

    # B-LTA structure: a DSS with the certificates and CRLs of every signature, then a document timestamp
    # covering the whole file; every signature carries its own signature timestamp (B-T).
    reader = PdfFileReader(BytesIO(final), strict=False)
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 6  # three officials, the issuing CA, the root, the TSA
    assert len(dss["/CRLs"]) == 2  # the root's and the issuing CA's
    *signatures, archive = reader.embedded_signatures
    assert archive.sig_object_type == "/DocTimeStamp"
    assert archive.sig_object["/SubFilter"] == "/ETSI.RFC3161"
    root = services.trust_roots()
    for signature in signatures:
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=root),
                                        ts_validation_context=ValidationContext(trust_roots=root))
        assert status.bottom_line and status.timestamp_validity is not None and status.timestamp_validity.trusted

    # pyHanko's AdES validator accepts them as B-LTA; before finalize() there was nothing to rest on.
    results = ades_lta(final)
    assert [str(r.ades_subindic) for r in results] == ["AdESPassed.OK"] * 3
    assert all(r.oldest_evidence_record_timestamp is not None for r in results)
    assert all(r.oldest_evidence_record_timestamp is None for r in ades_lta(signed))

    # poppler (NSS) agrees on every signature; it does not check document timestamps.
    verdicts = pdfsig(final, nssdb, tmp_path)
    assert [v["Signature Field Name"] for v in verdicts][:3] == ["Semnatura1", "Semnatura2", "Semnatura3"]
    for verdict in verdicts[:3]:
        assert verdict["Signature Validation"] == "Signature is Valid."
        assert verdict["Certificate Validation"] == "Certificate is Trusted."
        assert verdict["Signature Type"] == "ETSI.CAdES.detached"

    # The stamps are real text, with diacritics, on the last page.
    text = pdftotext(final, tmp_path)
    for expected in ["Întocmit", "Vlad Neagu", "Inspector de specialitate", "Arhitect-șef", "Radu Enache",
                     "Primar", "Mihai Constantinescu", "Semnat electronic la"]:
        assert expected in text
    last_page = text.split("\f")[1]
    assert "Mihai Constantinescu" in last_page


def test_a_changed_byte_in_a_signed_range_is_detected(sign_in_sequence, letter, pki, nssdb, tmp_path):
    final = finalize(sign_in_sequence(letter()))
    first_range_end = int(PdfFileReader(BytesIO(final), strict=False).embedded_signatures[0]
                          .sig_object["/ByteRange"][1])
    position = final.index(b"stream\n") + 40  # inside the first page's content, signed by every signature
    assert position < first_range_end
    tampered = final[:position] + bytes([final[position] ^ 0x01]) + final[position + 1:]

    report = validate(tampered)
    assert not report.ok and not report.all_intact
    assert not any(c.intact for c in report.signatures)
    assert "modificat după ce a fost semnat" in report.message_ro
    assert "NU corespunde documentului" in report.signatures[0].summary_ro
    for verdict in pdfsig(tampered, nssdb, tmp_path)[:3]:
        assert verdict["Signature Validation"] != "Signature is Valid."


def test_changes_appended_after_the_last_signature_are_reported(sign_in_sequence, letter, pki):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    final = finalize(sign_in_sequence(letter(), signers=[("urb_specialist", "Întocmit")]))
    writer = IncrementalPdfFileWriter(BytesIO(final), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)

    report = validate(out.getvalue())
    assert report.all_intact  # the signed revisions are untouched...
    assert report.modified_after_last_signature and not report.ok  # ...but the document shown is not what was signed
    assert "modificat" in report.message_ro


def test_stamps_fill_slots_along_the_bottom_or_go_where_asked(pki, users, letter):
    pdf = letter(pages=2)
    specialist = users.urb_specialist
    stamp = Stamp(signer_name="Vlad Neagu", function="Inspector de specialitate", capacity="Întocmit")
    pdf = sign_pdf(pdf, credential=credential_for(specialist), field_name="S1", stamp=stamp, reason="Întocmit")
    pdf = sign_pdf(pdf, credential=credential_for(users.urb_head), field_name="S2",
                   stamp=Stamp(signer_name="Radu Enache", function="Arhitect-șef", capacity="Arhitect-șef"),
                   reason="Avizat")
    pdf = sign_pdf(pdf, credential=credential_for(users.secretary), field_name="S3",
                   stamp=Stamp(signer_name="Adrian Stoica", function="Secretar general al UAT",
                               capacity="Secretar general al UAT", page=0, box=(300, 700, 550, 760)),
                   reason="Contrasemnat")
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    fields = {f.get_object()["/T"]: f.get_object() for f in reader.root["/AcroForm"]["/Fields"]}
    last_page, first_page = reader.find_page_for_modification(-1)[0], reader.find_page_for_modification(0)[0]
    s1, s2, s3 = (fields[name] for name in ("S1", "S2", "S3"))
    assert s1.raw_get("/P").idnum == last_page.idnum == s2.raw_get("/P").idnum
    assert s3.raw_get("/P").idnum == first_page.idnum
    rect1, rect2 = [float(v) for v in s1["/Rect"]], [float(v) for v in s2["/Rect"]]
    assert rect1[1] < 100 and rect2[1] == rect1[1] and rect2[0] > rect1[2]  # side by side at the bottom
    assert [float(v) for v in s3["/Rect"]] == [300, 700, 550, 760]
    assert validate(pdf).ok


def test_a_field_cannot_be_signed_twice_and_an_inactive_credential_cannot_sign(pki, users, letter):
    credential = credential_for(users.mayor)
    stamp = Stamp(signer_name="Mihai Constantinescu", function="Primar", capacity="Primar")
    pdf = sign_pdf(letter(), credential=credential, field_name="Primar", stamp=stamp, reason="Aprobat")
    with pytest.raises(SigningError, match="deja semnat"):
        sign_pdf(pdf, credential=credential, field_name="Primar", stamp=stamp, reason="Aprobat")
    credential.active = False
    credential.save()
    with pytest.raises(SigningError, match="nu mai este activ"):
        sign_pdf(pdf, credential=credential, field_name="Primar2", stamp=stamp, reason="Aprobat")
    with pytest.raises(SigningError, match="certificat de semnătură"):
        credential_for(users.mayor)


def test_the_institution_seal_signs_automatically_issued_documents(pki, city, nssdb, tmp_path, letter):
    seal = institution_seal(city)
    assert seal.kind == "seal" and seal.provider == "seal" and seal.user is None
    stamp = Stamp(signer_name=city.name, function="Sigiliu electronic", capacity="Emis automat")
    final = finalize(sign_pdf(letter(), credential=seal, field_name="Sigiliu", stamp=stamp,
                              reason="Document emis automat"))
    report = validate(final)
    assert report.ok and report.signatures[0].signer_name == "Primăria Municipiului Demo"
    organization_id = [a.value for a in seal.certificate.subject if a.oid.dotted_string == "2.5.4.97"]
    assert organization_id == ["VATRO-4305857"]
    assert pdfsig(final, nssdb, tmp_path)[0]["Signature Validation"] == "Signature is Valid."
    assert "Emis automat" in pdftotext(final, tmp_path)


def test_a_revoked_certificate_is_refused_when_finalizing(sign_in_sequence, letter, pki, users):
    signed = sign_in_sequence(letter(), signers=[("urb_specialist", "Întocmit")])
    pki.revoke(credential_for(users.urb_specialist).certificate.serial_number)
    try:
        with pytest.raises(SigningError, match="nu poate fi arhivată"):
            finalize(signed)
    finally:
        (pki.directory / "ca" / "revoked-issuing.json").write_text("[]")
        assert b"" != pki.crl("issuing")  # a new, empty CRL for the other tests


def test_a_document_without_signatures_or_not_a_pdf(pki, letter):
    assert not validate(letter()).ok
    assert validate(letter()).message_ro == "Documentul nu conține nicio semnătură electronică."
    assert not validate(b"nu este un PDF").ok
    with pytest.raises(SigningError):
        finalize(letter())


def test_signatures_from_a_root_that_is_not_trusted_are_not_trusted(sign_in_sequence, letter, pki, settings, tmp_path):
    from cryptography.hazmat.primitives import serialization

    from primaria.signing.pki import DemoPKI

    other = DemoPKI(tmp_path / "other-pki")
    other.ensure()
    path = tmp_path / "other-root.pem"
    path.write_bytes(other.cert("root").public_bytes(serialization.Encoding.PEM))
    signed = sign_in_sequence(letter(), signers=[("mayor", "Primar")])
    settings.PRIMARIA_SIGNING_TRUST_ROOTS = [str(path)]
    report = validate(signed)
    assert report.all_intact and not report.all_trusted and not report.ok
    assert "certificat de încredere" in report.message_ro


def test_an_empty_signature_field_of_the_template_is_signed_where_it_is(pki, users, letter):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(BytesIO(letter()), strict=False)
    append_signature_field(writer, SigFieldSpec("Primar", on_page=0, box=(350, 100, 550, 160)))
    template = BytesIO()
    writer.write(template)
    pdf = sign_pdf(template.getvalue(), credential=credential_for(users.mayor), field_name="Primar",
                   stamp=Stamp(signer_name="Mihai Constantinescu", function="Primar", capacity="Primar"),
                   reason="Aprobat")
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    (field,) = [f.get_object() for f in reader.root["/AcroForm"]["/Fields"]]
    assert [float(v) for v in field["/Rect"]] == [350, 100, 550, 160] and "/V" in field
    assert validate(pdf).ok
