# i18n: ro (OCR errors are stored with the scanned file, for the IT admin)
"""Digitisation: a scan (PDF, TIFF, JPEG, PNG) → a searchable PDF/A and the text of each page.

OCR is Tesseract with the Romanian model (Debian's tesseract-ocr-ron); OCRmyPDF (called in this process,
no interpreter start-up per file) makes and validates the PDF/A. The PDF/A looks like the scan, with the
recognised text laid invisibly over each page, so it can be searched and copied from.

* Images (TIFF, also multi-page, JPEG, PNG): one Tesseract pass writes both the searchable PDF (the image
  with its text layer) and the text of each page; OCRmyPDF then only converts that PDF to PDF/A-2b
  (no OCR engine, pages with text kept). Going through OCRmyPDF's own OCR would wrap the image in a PDF,
  render it back to an image and OCR that: the same Tesseract work plus about 0.7 s of CPU per A4 page at
  300 DPI (image re-encoding and rendering), close to half of Tesseract's own time (docs/benchmarks.md). `settings.PRIMARIA_OCR_IMAGES =
  "ocrmypdf"` chooses that path anyway.
* PDFs: OCRmyPDF OCRs the pages without text (`--skip-text`); its `--sidecar` text gives each page's
  text. A PDF that already has text on every page is not OCR-ed again: its text is extracted and the
  original is kept as it is.
"""

import io
import logging
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from primaria.search.text import normalize

logger = logging.getLogger(__name__)

EXTENSIONS = {"application/pdf": "pdf", "image/tiff": "tif", "image/jpeg": "jpg", "image/png": "png"}
MIN_TEXT_CHARS = 20  # a PDF page with less text than this is treated as a scan


@dataclass
class Digitised:
    pages: list  # the text of each page, normalised
    pdf: bytes | None  # the searchable PDF/A; None when the original already was one
    ocr: bool
    seconds: float


def pdf_page_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return [normalize(page.extract_text() or "") for page in reader.pages]
    except Exception:  # noqa: BLE001 - a damaged PDF is OCR-ed like a scan
        logger.warning("Textul PDF nu a putut fi extras", exc_info=True)
        return []


def ocr_options() -> dict:
    """OCRmyPDF options (settings.PRIMARIA_OCR can override any of them)."""
    options = {
        "language": ["ron"],
        "output_type": "pdfa",
        # OCRmyPDF writes the PDF/A itself and checks it with pikepdf: no Ghostscript pass over every page
        # (faster), and Debian 12's Ghostscript 10.0.0 is refused by OCRmyPDF for PDFs that have text.
        "pdfa_backend": "internal",
        "jobs": 1,
        "progress_bar": False,
        "optimize": 0,
        "image_dpi": 300,  # used only for images that do not say their resolution
        "tesseract_timeout": 600,
    }
    options.update(getattr(settings, "PRIMARIA_OCR", {}))
    return options


def run_tesseract(source: Path, base: Path, *, pages: int, dpi: int | None) -> None:
    """One Tesseract pass: `base`.pdf (the image with its invisible text) and `base`.txt (pages split by \\f)."""
    options = ocr_options()
    command = ["tesseract", str(source), str(base), "-l", "+".join(options["language"])]
    if dpi is None:  # the image does not say its resolution
        command += ["--dpi", str(options["image_dpi"])]
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}  # one core per job
    done = subprocess.run(command + ["pdf", "txt"], capture_output=True, env=env,
                          timeout=options["tesseract_timeout"] * max(1, pages))
    if done.returncode != 0:
        raise RuntimeError(f"Tesseract a terminat cu codul {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")


def make_pdfa(source: Path, target: Path) -> None:
    """OCRmyPDF as PDF/A converter: no OCR (every page already has its text), then validation."""
    import ocrmypdf

    options = {k: v for k, v in ocr_options().items() if k not in ("language", "image_dpi", "tesseract_timeout")}
    code = ocrmypdf.ocr(source, target, ocr_engine="none", skip_text=True, **options)
    if int(code) != 0:
        raise RuntimeError(f"OCRmyPDF a terminat cu codul {int(code)}")


def _image_info(data: bytes) -> tuple[int, int | None]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        dpi = image.info.get("dpi")
        return getattr(image, "n_frames", 1), (round(dpi[0]) if dpi and dpi[0] and dpi[0] > 1 else None)


def run_ocr(source: Path, target: Path, sidecar: Path, **extra) -> None:
    import ocrmypdf

    options = {**ocr_options(), **extra}
    code = ocrmypdf.ocr(source, target, sidecar=sidecar, **options)
    if int(code) != 0:
        raise RuntimeError(f"OCRmyPDF a terminat cu codul {int(code)}")


def digitise(data: bytes, mime: str) -> Digitised:
    started = time.monotonic()
    if mime == "application/pdf":
        texts = pdf_page_texts(data)
        if texts and all(len(t.strip()) >= MIN_TEXT_CHARS for t in texts):
            return Digitised(pages=texts, pdf=None, ocr=False, seconds=time.monotonic() - started)
    extension = EXTENSIONS.get(mime)
    if extension is None:
        raise ValueError(f"Tip de fișier necunoscut pentru digitizare: {mime}")
    with tempfile.TemporaryDirectory(prefix="primaria-ocr-") as tmp:
        tmp = Path(tmp)
        source, target, sidecar = tmp / f"scan.{extension}", tmp / "ocr.pdf", tmp / "text.txt"
        source.write_bytes(data)
        if mime != "application/pdf" and getattr(settings, "PRIMARIA_OCR_IMAGES", "tesseract") == "tesseract":
            count, dpi = _image_info(data)
            run_tesseract(source, tmp / "tesseract", pages=count, dpi=dpi)
            make_pdfa(tmp / "tesseract.pdf", target)
            sidecar = tmp / "tesseract.txt"
        else:
            run_ocr(source, target, sidecar, **({"skip_text": True} if mime == "application/pdf" else {}))
        pdf = target.read_bytes()
        pages = sidecar.read_text(encoding="utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    # Pages that already had text are marked "[OCR skipped on page(s) …]" in the sidecar: their text is
    # read from the PDF. The PDF also has the last word on the number of pages.
    skipped = any(p.strip().startswith("[OCR skipped") for p in pages)
    texts = pdf_page_texts(pdf) if skipped else None
    count = len(texts) if texts is not None else _page_count(pdf)
    if len(pages) != count:
        texts = texts if texts is not None else pdf_page_texts(pdf)
        pages = texts
    merged = [
        texts[n] if texts is not None and text.strip().startswith("[OCR skipped") else normalize(text)
        for n, text in enumerate(pages)
    ]
    return Digitised(pages=merged, pdf=pdf, ocr=True, seconds=time.monotonic() - started)


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
