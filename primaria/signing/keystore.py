"""Private keys kept by the platform: one encrypted PKCS#8 PEM file per key.

Each file is encrypted (PKCS#8 with AES-256-CBC via ``BestAvailableEncryption``) under its own password
derived from SECRET_KEY with HKDF-SHA256, the store's purpose and the key's handle. Whoever copies the
directory without the SECRET_KEY has nothing; changing SECRET_KEY makes the keys unreadable, so rotate
SECRET_KEY only together with new keys (``manage.py create_demo_pki --renew``).
"""

import base64
import os
import re
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

KEY_REF = re.compile(r"^[a-z0-9][a-z0-9._-]{0,150}$")


class KeyStoreError(Exception):
    pass


def write_atomically(path: Path, data: bytes, mode: int = 0o600):
    """Write a file so that readers see either the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class KeyStore:
    def __init__(self, directory: Path, purpose: str):
        self.directory = Path(directory)
        self.purpose = purpose

    def _path(self, key_ref: str) -> Path:
        if not KEY_REF.match(key_ref or ""):
            raise KeyStoreError(_("Identificator de cheie nevalid: %(key)r") % {"key": key_ref})
        return self.directory / f"{key_ref}.key.pem"

    def _password(self, key_ref: str) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"primaria.signing.keystore",
                    info=f"{self.purpose}:{key_ref}".encode())
        return base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode()))

    def exists(self, key_ref: str) -> bool:
        return self._path(key_ref).exists()

    def save(self, key_ref: str, private_key) -> None:
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._password(key_ref)),
        )
        write_atomically(self._path(key_ref), pem)

    def generate(self, key_ref: str):
        """A new EC P-256 key: quick to make and to use, and accepted by every PAdES validator we know."""
        key = ec.generate_private_key(ec.SECP256R1())
        self.save(key_ref, key)
        return key

    def load(self, key_ref: str):
        path = self._path(key_ref)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise KeyStoreError(_("Cheia %(key_ref)s nu există în %(directory)s.") % {"key_ref": key_ref, "directory": self.directory})
        try:
            return serialization.load_pem_private_key(data, password=self._password(key_ref))
        except (ValueError, TypeError) as exc:
            raise KeyStoreError(_("Cheia %(key_ref)s nu poate fi decriptată (SECRET_KEY schimbată?): %(exc)s") % {"key_ref": key_ref, "exc": exc})

    def count(self) -> int:
        return len(list(self.directory.glob("*.key.pem"))) if self.directory.exists() else 0
