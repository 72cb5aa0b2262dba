import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

# Inside the demo city (Bd. Revoluției, Cartierul Est) and well outside its boundary.
INSIDE = ("45.754500", "21.238000")
OUTSIDE = ("45.754000", "21.100000")


def jpeg_with_exif(*, lat=(45, 45, 13.32), lon=(21, 14, 30), name="groapa.jpg", size=(64, 48)) -> SimpleUploadedFile:
    """A real JPEG carrying a GPS position, the camera's make and model, the owner's name and the time."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 5D Mark IV"  # Model
    exif[0x013B] = "Ion Popescu"  # Artist
    exif[0x0132] = "2026:12:01 10:11:12"  # DateTime
    exif[0x8825] = {1: "N", 2: tuple(IFDRational(round(v * 100), 100) for v in lat), 3: "E",
                    4: tuple(IFDRational(round(v * 100), 100) for v in lon)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def categories(city):
    from primaria.reports.models import Category

    return {c.slug: c for c in Category.objects.filter(city_hall=city).select_related("department__institution")}


def answers(slug) -> dict:
    return {
        "groapa": {"q_unde": "în carosabil", "q_marime": "mică (sub 30 cm)"},
        "iluminat": {"q_stalpi": "2"},
        "deseuri": {"q_fel": "menajere"},
        "parcare-ilegala": {"q_acces": "nu"},
        "spatii-verzi": {"q_ce": "iarbă netunsă"},
        "petitie": {},
    }[slug]


@pytest.fixture
def make_report(categories):
    from primaria.reports import services

    def make(slug="groapa", *, actor=None, at=INSIDE, email="vecin@example.ro", **extra):
        return services.submit(actor=actor, category_id=categories[slug].pk, latitude=at[0], longitude=at[1],
                               description=extra.pop("description", "Descrierea problemei din teste."),
                               data=extra.pop("data", answers(slug)), email=email if actor is None else "", **extra)

    return make


def user(email):
    from primaria.accounts.models import User

    return User.objects.get(email=email)
