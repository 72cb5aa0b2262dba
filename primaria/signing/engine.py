"""The PDF side of signing, on top of pyHanko: visible stamps, PAdES signatures, DSS and document timestamps.

Every function here appends an incremental update and never rewrites what was signed before.
Providers (providers.py) only supply a pyHanko ``Signer``; services.py is the public API.
"""

import functools
import logging
from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper, TimestampDSSContentSettings
from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

logger = logging.getLogger(__name__)
# fontTools explains at WARNING level every table it leaves out of the embedded subset.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

MD_ALGORITHM = "sha256"

# Stamps placed by the engine: three per row along the bottom of the page, rows growing upwards.
SLOTS_PER_ROW = 3
SLOT_MARGIN_X = 36  # ½ inch, 12.7 mm
SLOT_BOTTOM = 28  # 10 mm
SLOT_GAP = 8
SLOT_HEIGHT = 58
A4 = (0, 0, 595, 842)


def signature_fields(writer) -> list[tuple[str, bool, bool]]:
    """(name, filled, is_document_timestamp) of every signature field in the document."""
    result = []
    for name, value, _ref in fields.enumerate_sig_fields(writer, filled_status=None):
        filled = value is not None
        is_ts = bool(filled and value.get_object().get("/Type") == "/DocTimeStamp")
        result.append((name, filled, is_ts))
    return result


def _page_box(writer, page: int) -> tuple[float, float, float, float]:
    try:
        page_ref, _resources = writer.find_page_for_modification(page)
        node = page_ref.get_object()
        while node is not None:
            if "/MediaBox" in node:
                return tuple(float(v) for v in node["/MediaBox"])
            node = node.get("/Parent")
            node = node.get_object() if node is not None else None
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    return A4


def slot_box(page_box, index: int) -> tuple[int, int, int, int]:
    """The index-th free slot at the bottom of a page: left to right, then the row above."""
    x0, y0, x1, _y1 = page_box
    width = (x1 - x0 - 2 * SLOT_MARGIN_X - (SLOTS_PER_ROW - 1) * SLOT_GAP) / SLOTS_PER_ROW
    row, col = divmod(index, SLOTS_PER_ROW)
    left = x0 + SLOT_MARGIN_X + col * (width + SLOT_GAP)
    bottom = y0 + SLOT_BOTTOM + row * (SLOT_HEIGHT + SLOT_GAP)
    return round(left), round(bottom), round(left + width), round(bottom + SLOT_HEIGHT)


def stamp_lines(stamp, when) -> str:
    lines = [stamp.capacity, stamp.signer_name]
    if stamp.function and stamp.function.strip().lower() != (stamp.capacity or "").strip().lower():
        lines.append(stamp.function)
    lines.append(f"Semnat electronic la {timezone.localtime(when):%d.%m.%Y, ora %H:%M}")  # i18n: ro (signature stamp)
    return "\n".join(line for line in lines if line)


class _GlyphsPerMille(GlyphAccumulator):
    """pyHanko (0.38) writes the /W glyph widths in font units, but PDF measures them in 1/1000 em: fonts
    with 2048 units per em (DejaVu, Liberation) come out spread over twice their width. HarfBuzz is made
    to work in 1000 units per em and widths are scaled to match, so layout, /W and TJ all agree."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._to_mille = 1000 / self.units_per_em
        self.units_per_em = 1000
        self.hb_font.scale = (1000, 1000)
        descriptor = self.cidfont_obj._font_descriptor
        for key in ("/Ascent", "/Descent", "/CapHeight"):
            descriptor[generic.NameObject(key)] = generic.NumberObject(round(int(descriptor[key]) * self._to_mille))
        descriptor[generic.NameObject("/FontBBox")] = generic.ArrayObject(
            generic.NumberObject(round(int(v) * self._to_mille)) for v in descriptor["/FontBBox"])

    def _get_cid_and_width(self, glyph_id):
        if glyph_id in self._glyphs:
            return self._glyphs[glyph_id]
        cid, width = super()._get_cid_and_width(glyph_id)
        self._glyphs[glyph_id] = result = cid, round(width * self._to_mille)
        return result


# What a stamp may contain: Latin (Romanian ă â î ș ț included, with the comma below), punctuation, €, №.
STAMP_UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x2028), *range(0x2030, 0x203B),
                  0x20AC, 0x2116]


@functools.lru_cache(maxsize=4)
def _stamp_font(path: str) -> bytes:
    """The font cut down once per process to the stamp's characters (~600 glyphs of DejaVu's 6,000):
    pyHanko parses and subsets the font anew for every signature, which costs ~0.2 s on the whole font."""
    font = ttLib.TTFont(path)
    options = subset.Options()
    options.layout_features = ["kern"]  # kerning only: stamps need no ligatures
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    output = BytesIO()
    font.save(output)
    return output.getvalue()


class _FontPerMille(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None):
        # as GlyphAccumulatorFactory.create_font_engine, with the engine above and the cut-down font
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _GlyphsPerMille(writer=writer, font_handle=BytesIO(_stamp_font(self.font_file)), font_size=self.font_size,
                               bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)


def stamp_style() -> TextStampStyle:
    font = _FontPerMille(settings.PRIMARIA_SIGNING_FONT, font_size=7, bcp47_lang_code="ro")
    return TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(font=font, font_size=7, leading=9),
        border_width=1,
        background=None,
    )


async def async_sign(pdf: bytes, signer, *, field_name: str, stamp, reason: str, location: str,
                     timestamper) -> bytes:
    """Append one visible PAdES B-T signature (with a signature timestamp) as an incremental update."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    existing = signature_fields(writer)
    for name, filled, _is_ts in existing:
        if name == field_name and filled:
            raise SigningError(_("Câmpul de semnătură „%(field_name)s” este deja semnat.") % {"field_name": field_name})
    page = stamp.page
    box = tuple(stamp.box)
    if box == (0, 0, 0, 0):
        index = sum(1 for name, _filled, is_ts in existing if not is_ts and name != field_name)
        box = slot_box(_page_box(writer, page), index)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm=MD_ALGORITHM, reason=reason or None, location=location or None,
        name=stamp.signer_name, subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer, timestamper=timestamper, stamp_style=stamp_style(),
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box),
    )
    output = await pdf_signer.async_sign_pdf(
        writer, appearance_text_params={"lines": stamp_lines(stamp, timezone.now())},
    )
    return output.getvalue()


async def async_finalize(pdf: bytes, *, validation_context, timestamper) -> bytes:
    """PAdES B-LTA: the validation data of every signature and timestamp in the DSS, then a document
    timestamp over all of it, in one incremental update. Calling it again renews the archive timestamp."""
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    embedded = reader.embedded_signatures
    if not embedded:
        raise SigningError(_("Documentul nu are nicio semnătură de finalizat."))
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    for signature in embedded:
        try:
            paths = await collect_validation_info(signature, validation_context)
        except (PathValidationError, PathBuildingError, ValidationError) as exc:
            raise SigningError(
                _("Semnătura din câmpul „%(field_name)s” nu poate fi arhivată: certificatul nu poate fi validat (%(name)s: %(exc)s).") % {"field_name": signature.field_name, "name": exc.__class__.__name__, "exc": exc}
            ) from exc
        DocumentSecurityStore.supply_dss_in_writer(writer, None, paths=paths, validation_context=validation_context)
    count = sum(1 for _name, _filled, is_ts in signature_fields(writer) if is_ts)
    stamper = PdfTimeStamper(timestamper, field_name=f"MarcaTemporalaArhivare{count + 1}")
    output = await stamper.async_timestamp_pdf(
        writer, MD_ALGORITHM, validation_context=validation_context,
        dss_settings=TimestampDSSContentSettings(include_vri=False),
    )
    return output.getvalue()


def dss_contents(reader: PdfFileReader) -> dict:
    """What the document's DSS holds: certificates, CRLs and OCSP responses (asn1crypto objects)."""
    from asn1crypto import crl, ocsp

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # noqa: BLE001 - no DSS, or an unreadable one: nothing to offer the validator
        return {"certs": [], "crls": [], "ocsps": []}

    def _streams(refs, loader):
        items = []
        for ref in refs:
            try:
                items.append(loader(ref.get_object().data))
            except (ValueError, TypeError, AttributeError):
                continue
        return items

    return {
        "certs": list(dss.load_certs()),
        "crls": _streams(dss.crls, crl.CertificateList.load),
        "ocsps": _streams(dss.ocsps, ocsp.OCSPResponse.load),
    }


def is_document_timestamp(signature) -> bool:
    return signature.sig_object_type == generic.NameObject("/DocTimeStamp")
