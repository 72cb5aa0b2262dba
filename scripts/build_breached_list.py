"""Build primaria/security/data/breached-sha1.txt.gz: SHA-1 hashes (upper-case hex, one a line, as Have I
Been Pwned publishes them) of Django's list of 20 000 common leaked passwords and of passwords common in
Romania. Run again after extending ROMANIAN; a deployment can instead point PRIMARIA_BREACHED_LIST at a
larger file of the same format (e.g. the most frequent hashes of Pwned Passwords, "HASH:COUNT" lines).
"""

import gzip
import hashlib
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "primaria" / "security" / "data" / "breached-sha1.txt.gz"

ROMANIAN = """
parola parola1 parola12 parola123 parola1234 parolamea Parola123 Parola123! Parola1234! parolasecreta
romania romania1 romania123 Romania2024 Romania2025 Romania2026 bucuresti bucuresti1 Bucuresti2024
iubire iubirea iubitamea iubitul teiubesc teiubesc1 teiubescmult dragoste dragostea printesa printesa1
fotbal steaua steaua1 steaua86 dinamo dinamo48 rapid1923 craiova cfrcluj universitatea
andreea alexandra alexandru cristina mihaela ionut catalin gabriela florin adrian bogdan
primaria primaria1 primaria123 Primaria2024 Primaria2025 Primaria2026 Demo-2025! administrator
qwertyuiop1 1234567890a 123456789a a123456789 asdfghjkl1 zxcvbnm123 qwerty1234 password123 Password1!
""".split()


def main():
    common = Path(django.__file__).parent / "contrib" / "auth" / "common-passwords.txt.gz"
    words = {w.strip() for w in gzip.open(common, "rt", encoding="utf-8").read().splitlines() if w.strip()}
    words.update(ROMANIAN)
    hashes = sorted({hashlib.sha1(w.encode()).hexdigest().upper() for w in words})  # noqa: S324
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(TARGET, "wb", mtime=0) as handle:
        handle.write(("\n".join(hashes) + "\n").encode("ascii"))
    print(f"{len(hashes)} hashes -> {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
