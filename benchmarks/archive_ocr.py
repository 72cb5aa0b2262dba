"""OCR throughput of the archive's digitisation against bare Tesseract, on the same pages, one core.

    .venv/bin/python benchmarks/archive_ocr.py --pages 12

Pages: A4 at 300 DPI (2480 × 3508), about 40 lines of Romanian administrative text in DejaVu Sans
(≈ 11 pt), speckle noise, blur and a rotation of 1-2 degrees, each saved as a single-page TIFF.
Every run is single-threaded (OMP_THREAD_LIMIT=1, OCRmyPDF jobs=1), so the figures are per core.

  bare tesseract   `tesseract page stdout -l ron` for each page, one after the other
  digitise         `primaria.archive.ocr.digitise`, the OCR step of a job: one Tesseract pass (searchable
                   PDF + text), OCRmyPDF makes and validates the PDF/A-2b
  digitise, OCRmyPDF OCR  the same with PRIMARIA_OCR_IMAGES="ocrmypdf": OCRmyPDF does the OCR itself
                   (image → PDF → rendered back to an image → Tesseract → text layer grafted → PDF/A)
  whole pipeline   a batch import through `services.import_batch` in a scratch SQLite deployment, the
                   jobs run by the (immediate) worker: scan stored, OCR, PDF/A stored, pages stored,
                   search index updated; timed from the import until the last page is searchable

Each path runs on the same pages saved as grayscale TIFF (LZW) and as JPEG (quality 85), the two
formats scanners give archives most often. Throughput per core is computed from CPU time (user + system,
of this process and of the Tesseract processes it starts), which other load on the machine does not
inflate; the first three paths are interleaved page by page. Wall time is reported too.

It also reports the share of the rendered words that each OCR found (after folding diacritics), to show
that the pipeline reads the pages as well as bare Tesseract does. Results: Markdown on stdout and JSON in
benchmarks/results/.
"""

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"  # one core for Tesseract, in every path

WORDS = (
    "autorizație construire certificat urbanism hotărâre consiliul local dispoziția primarului cererea "
    "solicitantului imobilul situat strada numărul teren intravilan proprietate contract impozit taxă "
    "declarație contribuabil buget reabilitare școală drum lucrări termen aviz documentație anexă registru "
    "ședință proces-verbal secretar general beneficiar locuință familie indemnizație sesizare petiție "
    "răspuns legii conform privind pentru care prin se din la și în de cu pe"
).split()


def sentences(rnd, lines):
    out = []
    for _ in range(lines):
        words, length = [], 0
        while length < 75:
            word = rnd.choice(WORDS)
            if rnd.random() < 0.15:
                word = word.capitalize()
            words.append(word)
            length += len(word) + 1
        out.append(" ".join(words))
    return out


def render_pages(count, folder: Path):
    from primaria.archive import demo

    rnd = random.Random(11)
    pages = {"TIFF": [], "JPEG": []}
    for n in range(count):
        lines = sentences(rnd, 40)
        image = demo.render_scan(lines, seed=n, width=2480, height=3508, font_size=42, noise=0.002, dpi=300)
        tiff, jpeg = folder / f"pagina-{n + 1:03d}.tif", folder / f"pagina-{n + 1:03d}.jpg"
        image.save(tiff, "TIFF", dpi=(300, 300), compression="tiff_lzw")
        image.save(jpeg, "JPEG", dpi=(300, 300), quality=85)
        pages["TIFF"].append((tiff, lines))
        pages["JPEG"].append((jpeg, lines))
    return pages


def folded_words(text):
    from primaria.search.text import fold

    return set(re.findall(r"\w+", fold(text).lower()))


def recall(found_text, lines):
    expected = folded_words(" ".join(lines))
    return len(expected & folded_words(found_text)) / len(expected)


def cpu_seconds():
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function, *args):
    cpu, wall = cpu_seconds(), time.perf_counter()
    value = function(*args)
    return time.perf_counter() - wall, cpu_seconds() - cpu, value


def bare_tesseract(path):
    return subprocess.run(["tesseract", str(path), "stdout", "-l", "ron"], capture_output=True, text=True, check=True).stdout


def mime(path: Path) -> str:
    return "image/tiff" if path.suffix == ".tif" else "image/jpeg"


def ocr_step(path, images="tesseract"):
    from django.conf import settings

    from primaria.archive.ocr import digitise

    settings.PRIMARIA_OCR_IMAGES = images
    try:
        return digitise(path.read_bytes(), mime(path)).pages[0]
    finally:
        settings.PRIMARIA_OCR_IMAGES = "tesseract"


def whole_pipeline(pages):
    from primaria.accounts.models import User
    from primaria.archive import demo, services
    from primaria.archive.models import ArchivePage, ScanItem
    from primaria.institutions.selectors import main_institution

    city = main_institution()
    demo.load_nomenclator(city)
    manifest = "fisier,titlu,indicativ,an\n" + "".join(f"{p.name},Pagina {p.name},II/1,2019\n" for p, _l in pages)
    files = {p.name: p.read_bytes() for p, _l in pages}
    secretary = User.objects.get(email="secretar@primaria-demo.ro")
    wall, cpu, (batch, _) = timed(lambda: services.import_batch(
        actor=secretary, institution=city, title=f"Banc de probă {pages[0][0].suffix}", manifest=manifest.encode(), files=files))
    assert batch.items.exclude(status=ScanItem.Status.DONE).count() == 0, "not every page was digitised"
    texts = [ArchivePage.objects.get(document=item.document, number=1).text for item in batch.items.order_by("position")]
    return wall, cpu, texts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="primaria-ocr-bench-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "PRIMARIA_VAR_DIR": str(scratch), "PRIMARIA_TASKS_IMMEDIATE": "1",
        "PRIMARIA_LOG_LEVEL": "WARNING",
    })
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from primaria.demo.loader import load_demo_city

    call_command("migrate", verbosity=0)
    load_demo_city()
    rendered = render_pages(args.pages, scratch)
    print(f"{args.pages} pages rendered in {scratch}", flush=True)
    runs = {}
    paths = {"bare tesseract": bare_tesseract, "digitise": ocr_step,
             "digitise, OCRmyPDF OCR": lambda p: ocr_step(p, "ocrmypdf")}
    for fmt, pages in rendered.items():
        for function in paths.values():  # warm-up: file caches, OCRmyPDF's imports and plugin set-up
            function(pages[0][0])
        totals = {name: [0.0, 0.0, []] for name in paths}
        for path, _lines in pages:  # interleaved, so that any change of load hits every path alike
            for name, function in paths.items():
                wall, cpu, text = timed(function, path)
                totals[name][0] += wall
                totals[name][1] += cpu
                totals[name][2].append(text)
        totals["whole pipeline (import → searchable)"] = list(whole_pipeline(pages))
        for name, (wall, cpu, texts) in totals.items():
            key = f"{fmt}: {name}"
            runs[key] = {"format": fmt, "path": name, "wall_seconds": wall, "cpu_seconds": cpu,
                         "pages_per_minute_per_core": 60 * len(pages) / cpu, "pages_per_minute_wall": 60 * len(pages) / wall,
                         "word_recall": sum(recall(t, lines) for t, (_p, lines) in zip(texts, pages, strict=True)) / len(pages)}
            print(f"{key}: CPU {cpu:.1f} s, wall {wall:.1f} s, {runs[key]['pages_per_minute_per_core']:.1f} pages/min per core, "
                  f"words found {runs[key]['word_recall']:.1%}", flush=True)
        base = runs[f"{fmt}: bare tesseract"]["pages_per_minute_per_core"]
        for run in runs.values():
            if run["format"] == fmt:
                run["ratio_to_bare"] = run["pages_per_minute_per_core"] / base
    import ocrmypdf

    tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    result = {"pages": args.pages, "page": "A4, 300 DPI, 40 lines, noise, rotated 1-2°", "runs": runs,
              "tesseract": tesseract, "ocrmypdf": ocrmypdf.__version__, "cpus": os.cpu_count(),
              "python": platform.python_version(), "at": datetime.now().isoformat(timespec="seconds")}
    out = ROOT / "benchmarks" / "results" / f"archive-ocr-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print()
    print("| format | path | CPU s | wall s | pages/min per core | vs bare tesseract | words found |")
    print("|---|---|---|---|---|---|---|")
    for run in runs.values():
        print(f"| {run['format']} | {run['path']} | {run['cpu_seconds']:.1f} | {run['wall_seconds']:.1f} | "
              f"{run['pages_per_minute_per_core']:.1f} | {run['ratio_to_bare']:.1%} | {run['word_recall']:.1%} |")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
