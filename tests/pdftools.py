"""poppler's command-line tools as the independent readers of our PDFs."""

import re
import subprocess
from pathlib import Path


def pdfsig(pdf: bytes, nssdir: str, tmp_path: Path) -> list[dict]:
    """poppler's verdict on every signature: field name, signature and certificate validation lines."""
    path = tmp_path / "pdfsig.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdfsig", "-nssdir", nssdir, str(path)], capture_output=True, text=True).stdout
    signatures = []
    for block in re.split(r"^Signature #\d+:\n", output, flags=re.M)[1:]:
        fields = dict(re.findall(r"^[ \t]+- ([^:\n]+): (.*)$", block, flags=re.M))
        signatures.append(fields)
    return signatures


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdfinfo(pdf: bytes, tmp_path: Path, *options: str) -> str:
    """poppler's pdfinfo on the file: with "-struct-text", the structure tree (tags) as a reader sees it."""
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout
