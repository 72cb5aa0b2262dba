# i18n: ro (demo data: Romanian documents and nomenclator)
"""Demo data for the archive: a nomenclator for the demo city and scanned pages rendered on the spot.

`render_scan` draws Romanian text (with ă â î ș ț, some in the cedilla spelling) in DejaVu Sans on a page,
adds speckle noise and blur and turns it by a degree or two, like a page that went crooked through a
scanner. The tests and the OCR benchmark use it too.
"""

import csv
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .models import NomenclatorEntry, Retention

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# (department code, index, title, retention, services, default for the department)
DEMO_NOMENCLATOR = {
    "PMD": [
        ("cab", "I/1", "Dispoziții ale primarului și corespondența cabinetului", Retention.PERMANENT, [], True),
        ("urb", "II/1", "Autorizații de construire și desființare, cu documentațiile lor", Retention.PERMANENT,
         ["autorizatie-de-construire"], False),
        ("urb", "II/2", "Certificate de urbanism", Retention.YEARS_10, ["certificat-de-urbanism"], False),
        ("urb", "II/3", "Adeverințe și corespondență de urbanism", Retention.YEARS_5, [], True),
        ("itl", "III/1", "Dosare fiscale, scutiri și restituiri", Retention.YEARS_10, [], True),
        ("epsc", "IV/1", "Dosare de stare civilă și evidența persoanelor", Retention.PERMANENT, [], True),
        ("das", "V/1", "Dosare de asistență socială", Retention.YEARS_10, [], True),
        ("reg", "VI/1", "Petiții, sesizări și corespondență cu cetățenii", Retention.YEARS_5, [], True),
        ("reg", "VI/2", "Solicitări de informații de interes public", Retention.YEARS_3, ["informatii-de-interes-public"], False),
        ("sg", "VII/1", "Hotărâri ale consiliului local și procese-verbale ale ședințelor", Retention.PERMANENT, [], True),
        ("jur", "VIII/1", "Dosare de instanță", Retention.YEARS_10, [], True),
    ],
    "ADP": [
        ("sv", "ADP-1", "Solicitări privind spațiile verzi", Retention.YEARS_5, [], True),
    ],
}


def load_nomenclator(institution) -> list[NomenclatorEntry]:
    """Create the demo nomenclator of the institution (and of its subordinates); idempotent."""
    from primaria.catalog.models import Service
    from primaria.institutions.models import Institution

    created = []
    for inst in [institution, *Institution.objects.filter(parent=institution)]:
        for code, index, title, retention, services, default in DEMO_NOMENCLATOR.get(inst.code, []):
            department = inst.departments.filter(code=code).first()
            if department is None:
                continue
            entry, _ = NomenclatorEntry.objects.get_or_create(
                institution=inst, index=index,
                defaults={"department": department, "title": title, "retention_years": retention,
                          "default_for_department": default, "approval": "Nomenclator demonstrativ"},
            )
            entry.services.set(Service.objects.filter(institution=inst, slug__in=services))
            created.append(entry)
    return created


def render_scan(lines, *, seed=0, angle=None, width=1240, height=None, font_size=30, noise=0.006, dpi=200) -> Image.Image:
    """A page of text as a noisy, slightly rotated greyscale scan."""
    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, font_size)
    line_height = int(font_size * 1.9)
    height = height or 120 + line_height * len(lines)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = 60
    for line in lines:
        draw.text((70, y), line, font=font, fill=rng.randint(0, 40))
        y += line_height
    pixels = page.load()
    for _ in range(int(width * height * noise)):
        x, yy = rng.randrange(width), rng.randrange(height)
        pixels[x, yy] = rng.choice((0, 60, 120, 190))
    angle = angle if angle is not None else rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
    page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=245)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    page.info["dpi"] = (dpi, dpi)
    return page


def save_scan(pages, fmt: str, dpi=200) -> bytes:
    """Pages (PIL images) as one TIFF (multi-page), JPEG (first page) or PDF file."""
    buffer = io.BytesIO()
    if fmt == "TIFF":
        pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    elif fmt == "JPEG":
        pages[0].convert("RGB").save(buffer, "JPEG", quality=85, dpi=(dpi, dpi))
    elif fmt == "PDF":
        pages[0].convert("RGB").save(buffer, "PDF", save_all=True, append_images=[p.convert("RGB") for p in pages[1:]],
                                     resolution=dpi)
    else:
        raise ValueError(fmt)
    return buffer.getvalue()


PERMIT_PAGES = [
    ["PRIMĂRIA MUNICIPIULUI DEMO", "AUTORIZAȚIE DE CONSTRUIRE nr. 125 din 12.03.2019",
     "Se autorizează executarea lucrărilor de construire", "pentru locuința din strada Florilor nr. 3,",
     "conform documentației tehnice anexate."],
    ["Titularul autorizaţiei răspunde de respectarea", "prevederilor legale privind siguranţa şantierului.",
     "Durata de execuție a lucrărilor este de 24 de luni.", "Secretar general, Ioana Știrbu"],
]
DECISION_PAGES = [
    ["CONSILIUL LOCAL AL MUNICIPIULUI DEMO", "HOTĂRÂREA nr. 42 din 28.05.2019",
     "privind aprobarea bugetului pentru reabilitarea școlii", "din cartierul Grădinilor."],
]


def write_scanned_binder(folder: Path) -> Path:
    """Two scanned documents and their manifest: a building permit (TIFF, 2 pages) and a decision (JPEG)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "autorizatie-125-2019.tif").write_bytes(
        save_scan([render_scan(lines, seed=n) for n, lines in enumerate(PERMIT_PAGES)], "TIFF"))
    (folder / "hotarare-42-2019.jpg").write_bytes(save_scan([render_scan(DECISION_PAGES[0], seed=7)], "JPEG"))
    rows = [
        {"fisier": "autorizatie-125-2019.tif", "titlu": "Autorizație de construire nr. 125/2019 – str. Florilor nr. 3",
         "tip": "Autorizație de construire", "emitent": "Primăria Municipiului Demo", "data": "12.03.2019",
         "cuvinte_cheie": "locuință, strada Florilor", "indicativ": "II/1", "an": "2019", "volum": "1", "public": "nu",
         "nr_inregistrare": "125/12.03.2019"},
        {"fisier": "hotarare-42-2019.jpg", "titlu": "Hotărârea nr. 42/2019 privind reabilitarea școlii",
         "tip": "Hotărâre a consiliului local", "emitent": "Consiliul Local al Municipiului Demo", "data": "28.05.2019",
         "cuvinte_cheie": "buget, școală", "indicativ": "VII/1", "an": "2019", "volum": "1", "public": "da",
         "nr_inregistrare": "42/28.05.2019"},
    ]
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder
