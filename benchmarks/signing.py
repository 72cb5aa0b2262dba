"""Signing benchmark: how many issued documents per minute can one process sign?

    .venv/bin/python benchmarks/signing.py --runs 30

In a scratch directory (its own SQLite database and demo PKI, nothing of var/ is touched) it loads the
demo city and runs create_demo_pki, then for every run: renders a two-page letter with WeasyPrint,
signs it three times in sequence (specialist "Întocmit", chief architect, mayor: PAdES B-T, each with a
signature timestamp from the in-process TSA), finalizes it (DSS + document timestamp: PAdES B-LTA) and
validates the result. The first run is a warm-up and is not counted. Prints a Markdown table and saves
the figures to benchmarks/results/signing-<time>.json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIGNERS = [("urb.specialist@primaria-demo.ro", "Întocmit"), ("urb.sef@primaria-demo.ro", "Arhitect-șef"),
           ("primar@primaria-demo.ro", "Primar")]
LETTER = """<html lang="ro"><head><meta charset="utf-8"><title>Certificat de urbanism nr. {n}</title>
<style>@page {{ size: A4; margin: 2cm 2cm 5cm 2cm }} body {{ font-family: DejaVu Sans; font-size: 11pt }}
section + section {{ page-break-before: always }}</style></head><body>{pages}</body></html>"""
PARAGRAPH = ("Se certifică regimul juridic, economic și tehnic al imobilului situat în Municipiul Demo, "
             "Șoseaua Ștefan cel Mare nr. {n}, înscris în cartea funciară nr. 12{n}, în vederea obținerii "
             "autorizației de construire pentru lucrări de extindere și mansardare. ")


def setup(directory: Path):
    os.environ["PRIMARIA_VAR_DIR"] = str(directory)
    os.environ["PRIMARIA_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["PRIMARIA_TSA_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("create_demo_pki", "--with-demo-city", stdout=open(os.devnull, "w"))  # noqa: SIM115


def render(n: int) -> bytes:
    from weasyprint import HTML

    text = "".join(f"<p>{PARAGRAPH.format(n=n) * 3}</p>" for _ in range(4))
    pages = "".join(f"<section><h1>Certificat de urbanism nr. {n}</h1>{text}<p>Pagina {page} din 2.</p></section>"
                    for page in (1, 2))
    return HTML(string=LETTER.format(n=n, pages=pages)).write_pdf()


def one_document(n: int, people) -> dict:
    from primaria.signing.services import Stamp, finalize, sign_pdf, validate

    timings = {"sign": []}
    start = time.perf_counter()
    pdf = render(n)
    timings["render"] = time.perf_counter() - start
    for index, (user, credential, function, capacity) in enumerate(people, start=1):
        t = time.perf_counter()
        pdf = sign_pdf(pdf, credential=credential, field_name=f"Semnatura{index}",
                       stamp=Stamp(signer_name=user.get_full_name(), function=function, capacity=capacity),
                       reason=capacity, location="Municipiul Demo")
        timings["sign"].append(time.perf_counter() - t)
    t = time.perf_counter()
    pdf = finalize(pdf)
    timings["finalize"] = time.perf_counter() - t
    timings["document"] = time.perf_counter() - start
    t = time.perf_counter()
    report = validate(pdf)
    timings["validate"] = time.perf_counter() - t
    if not report.ok:
        raise SystemExit(f"Document {n} does not validate: {report.message_ro}")
    timings["bytes"] = len(pdf)
    return timings


def timestamp_only(count: int) -> list[float]:
    """The raw cost of one RFC 3161 token from the configured TSA, without any PDF work."""
    import asyncio

    from primaria.signing.tsa import timestamper

    stamper, result = timestamper(), []
    for i in range(count):
        t = time.perf_counter()
        asyncio.run(stamper.async_timestamp(i.to_bytes(32, "big"), "sha256"))
        result.append(time.perf_counter() - t)
    return result


def ms(values) -> str:
    return f"{statistics.median(values) * 1000:.0f}"


def p95(values) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="primaria-bench-signing-") as scratch:
        t = time.perf_counter()
        setup(Path(scratch))
        prepared = time.perf_counter() - t
        from primaria.accounts.models import User
        from primaria.signing.services import credential_for

        people = []
        for email, capacity in SIGNERS:
            user = User.objects.get(email=email)
            people.append((user, credential_for(user), user.positions.first().function, capacity))
        one_document(0, people)  # warm-up: fonts, WeasyPrint, pyHanko imports
        runs = [one_document(n, people) for n in range(1, args.runs + 1)]
        tst = timestamp_only(args.runs)

    signs = [s for r in runs for s in r["sign"]]
    documents = [r["document"] for r in runs]
    rows = [
        ("WeasyPrint: scrisoare de 2 pagini", ms([r["render"] for r in runs]), p95([r["render"] for r in runs])),
        ("o semnătură PAdES B-T (cu marcă temporală)", ms(signs), p95(signs)),
        ("finalizare B-LTA (DSS + marcă temporală de document)", ms([r["finalize"] for r in runs]),
         p95([r["finalize"] for r in runs])),
        ("doar jetonul RFC 3161 de la TSA (în proces)", ms(tst), p95(tst)),
        ("document întreg: randare + 3 semnături + finalizare", ms(documents), p95(documents)),
        ("verificare (validate) a documentului final", ms([r["validate"] for r in runs]),
         p95([r["validate"] for r in runs])),
    ]
    per_minute = 60 / statistics.mean(documents)
    load = os.getloadavg()[0]
    lines = [
        f"Semnare, {args.runs} documente ({platform.processor() or platform.machine()}, {os.cpu_count()} nuclee, "
        f"un singur proces, încărcarea mașinii la final {load:.1f}; pregătire {prepared:.1f} s):",
        "",
        "| operație | mediană (ms) | p95 (ms) |",
        "|---|---:|---:|",
        *[f"| {name} | {median} | {high} |" for name, median, high in rows],
        "",
        f"**{per_minute:.0f} documente pe minut** (3 semnături + finalizare, cu randarea inclusă), "
        f"{statistics.median([r['bytes'] for r in runs]) / 1024:.0f} KiB pe document final.",
    ]
    print("\n".join(lines))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"signing-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({
        "runs": args.runs, "documents_per_minute": per_minute, "rows": rows, "load_average": load,
        "raw": runs, "timestamp_only": tst, "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }, indent=1, ensure_ascii=False))
    print(f"\n(salvat în {path.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
