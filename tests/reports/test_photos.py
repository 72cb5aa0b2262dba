"""Photos: checked by content, their position read, and a public copy with no GPS, camera or other metadata."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from primaria.reports import photos
from primaria.reports.models import ReportPhoto

from .conftest import jpeg_with_exif, user

pytestmark = pytest.mark.django_db


def _exif_everywhere(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {"tags": dict(exif), "gps": dict(exif.get_ifd(0x8825)), "info": set(image.info)}


def test_the_original_keeps_its_metadata_and_the_public_copy_has_none(make_report, client, city):
    upload = jpeg_with_exif()
    original = _exif_everywhere(upload.read())
    upload.seek(0)
    assert original["gps"] and original["tags"][0x010F] == "Canon"  # the test photo really carries them

    report = make_report("groapa", uploads=[upload])
    photo = report.photos.get()
    assert (float(photo.gps_latitude), float(photo.gps_longitude)) == pytest.approx((45.7537, 21.241667), abs=1e-5)
    # The pin is about 300 m from where the photo says it was taken: the timeline tells the staff.
    note = report.events.get(action="photo_place").message
    assert note == "Poziția din fotografie este la 298 m de locul ales pe hartă."
    public = photo.public_copy.read()
    clean = _exif_everywhere(public)
    assert clean["tags"] == {} and clean["gps"] == {}
    assert not clean["info"] & {"exif", "xmp", "icc_profile", "comment", "photoshop"}
    for marker in (b"Canon", b"EOS", b"Ion Popescu", b"2026:12:01", b"Exif\x00\x00"):
        assert marker not in public
    # Only what staff marked public is served, and it is the clean copy.
    assert client.get(reverse("reports:photo", args=[photo.pk])).status_code == 404
    ReportPhoto.objects.filter(pk=photo.pk).update(is_public=True)
    served = b"".join(client.get(reverse("reports:photo", args=[photo.pk])).streaming_content)
    assert served == public and b"Canon" not in served


def test_orientation_is_applied_before_the_tag_goes(make_report):
    image = Image.new("RGB", (80, 40), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    copy, mime = photos.public_copy(out.getvalue())
    with Image.open(io.BytesIO(copy)) as clean:
        assert clean.size == (40, 80) and mime == "image/jpeg" and not clean.getexif()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(make_report, fmt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("RGB", (30, 30), "green").save(out, format=fmt)
    report = make_report("groapa", uploads=[SimpleUploadedFile(f"p.{fmt.lower()}", out.getvalue())])
    assert report.photos.get().mime == f"image/{fmt.lower()}"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_image_with_more_pixels_than_the_limit_is_refused_before_it_is_decoded(monkeypatch, fmt):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format=fmt)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 1,200 pixels: over the limit, under twice it
    with pytest.raises(ValidationError) as refused:
        photos.read_photo(SimpleUploadedFile(f"mare.{fmt.lower()}", out.getvalue()))
    assert "40 × 30 pixeli" in refused.value.messages[0]


def test_at_most_three_photos(make_report):
    from primaria.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        make_report("groapa", uploads=[jpeg_with_exif(name=f"{i}.jpg") for i in range(4)])
    assert refused.value.message_dict["photos"] == ["Adăugați cel mult 3 fotografii."]


def test_staff_of_the_department_choose_the_public_photos(make_report, client):
    report = make_report("groapa", uploads=[jpeg_with_exif()])
    photo = report.photos.get()
    url = reverse("reports_office:detail", args=[report.public_id])
    client.force_login(user("par.specialist@primaria-demo.ro"))  # another department
    assert client.get(url).status_code == 404
    assert client.post(url, {"photo": photo.pk, "public": "1"}).status_code == 404
    assert client.get(reverse("reports_office:photo", args=[report.public_id, photo.pk])).status_code == 404
    client.force_login(user("adp.specialist@primaria-demo.ro"))
    assert client.post(url, {"photo": photo.pk, "public": "1"}).status_code == 302
    photo.refresh_from_db()
    assert photo.is_public
    original = b"".join(client.get(reverse("reports_office:photo", args=[report.public_id, photo.pk])).streaming_content)
    assert b"Canon" in original  # staff see the original as sent
