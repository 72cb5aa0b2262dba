"""The photos of a report: checked by their content, their position read, and a public copy without metadata.

A photo is accepted only if it parses in full as JPEG, PNG or WebP (`core.files` for JPEG and PNG, with its
checks for active content and trailing data; Pillow for WebP). Its EXIF GPS position, if any, is read so the
form can suggest it as the report's place. What anyone other than the staff sees is a copy re-encoded from
the pixels alone: turned upright by the EXIF orientation, then saved without EXIF, XMP, ICC comments or any
other field, so neither the position nor the camera, the owner's name or the time travel with it.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from primaria.core.files import check_bytes, has_code, pixel_limit

MAX_PHOTOS = 3
MAX_PHOTO_MB = 10
PUBLIC_MAX_SIDE = 2000
GPS_IFD = 0x8825


@dataclass
class Photo:
    data: bytes
    mime: str
    extension: str
    public_copy: bytes
    public_extension: str
    gps: tuple[float, float] | None


def _webp(data: bytes, name: str) -> None:
    from PIL import Image

    bad = ValidationError(_("Fotografia „%(name)s” nu se poate deschide ca imagine WebP.") % {"name": name},
                          code="damaged")
    if has_code(data):
        raise bad
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "WEBP":
                raise bad
            width, height = image.size
            if width * height > pixel_limit():  # refused before any pixel is decoded, as core.files does
                raise ValidationError(
                    _("Fotografia „%(name)s” are %(width)s × %(height)s pixeli, mai mult decât se poate prelucra. "
                      "Salvați-o la o rezoluție mai mică și încărcați-o din nou.")
                    % {"name": name, "width": width, "height": height}, code="too_many_pixels")
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any failure of the parser means the file is not a whole WebP image
        raise bad from None


def _rational(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return float(numerator) / float(denominator)


def gps_of(image) -> tuple[float, float] | None:
    """(lat, lon) from the EXIF GPS fields, or None when the photo carries no usable position."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        if not gps or 2 not in gps or 4 not in gps:
            return None
        lat = sum(_rational(part) / 60 ** i for i, part in enumerate(gps[2]))
        lon = sum(_rational(part) / 60 ** i for i, part in enumerate(gps[4]))
        if str(gps.get(1, "N")).upper().startswith("S"):
            lat = -lat
        if str(gps.get(3, "E")).upper().startswith("W"):
            lon = -lon
    except Exception:  # noqa: BLE001 - a damaged GPS block only means no suggestion
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return round(lat, 6), round(lon, 6)


def public_copy(data: bytes) -> tuple[bytes, str]:
    """The copy anyone may see: upright pixels only, re-encoded (JPEG, or PNG for images with transparency)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info)
        pixels = upright.convert("RGBA" if has_alpha else "RGB")
    pixels.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))
    clean = Image.new(pixels.mode, pixels.size)  # a fresh image: no info, no EXIF, no ICC profile carried over
    clean.paste(pixels)
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), "image/jpeg"


def read_photo(uploaded) -> Photo:
    """Check one uploaded photo; raises ValidationError with a Romanian message."""
    from PIL import Image

    name = uploaded.name or _("fotografie")
    if uploaded.size > MAX_PHOTO_MB * 1024 * 1024:
        raise ValidationError(_("Fotografia „%(name)s” depășește %(size)s MB.") % {"name": name, "size": MAX_PHOTO_MB},
                              code="too_big")
    uploaded.seek(0)
    data = uploaded.read()
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        _webp(data, name)
        mime, extension = "image/webp", "webp"
    else:
        try:
            kind, mime = check_bytes(data, name=name, allowed_kinds=("jpeg", "png"), max_size_mb=MAX_PHOTO_MB)
        except ValidationError as error:
            if error.code == "bad_type":
                raise ValidationError(
                    _("Fișierul „%(name)s” nu este o fotografie JPEG, PNG sau WebP. Tipul este verificat după "
                      "conținut, nu după numele fișierului.") % {"name": name}, code="bad_type") from None
            raise
        extension = "jpg" if kind == "jpeg" else "png"
    with Image.open(io.BytesIO(data)) as image:
        gps = gps_of(image)
    copy, copy_mime = public_copy(data)
    return Photo(data=data, mime=mime, extension=extension, public_copy=copy,
                 public_extension="png" if copy_mime == "image/png" else "jpg", gps=gps)
