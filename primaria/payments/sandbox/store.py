"""The sandbox gateway's own state, kept apart from the platform's database as a real gateway's would be:
its RSA key (generated on first use) and one JSON file per order, in ``PRIMARIA_NETOPIA_SANDBOX_DIR``."""

import hashlib
import json
import os
import secrets
import tempfile
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

API_KEY = "sandbox-cheie-api-primaria-digitala"
POS_SIGNATURE = "SAND-BOXP-RIMA-RIAD-EMO1"

_key_lock = threading.Lock()  # two first requests at once make one key, not two


def directory() -> Path:
    path = Path(settings.PRIMARIA_NETOPIA_SANDBOX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(path: Path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def private_key():
    path = directory() / "gateway-key.pem"
    with _key_lock:
        if not path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            _write(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
            os.chmod(path, 0o600)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def public_key_pem() -> str:
    """What a merchant downloads from the gateway's admin panel to check its IPNs."""
    return private_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


# --- orders ------------------------------------------------------------------------------------------------


def _order_path(ntp_id: str) -> Path:
    if not ntp_id.isdigit():
        raise KeyError(ntp_id)
    return directory() / "orders" / f"{ntp_id}.json"


def _index_path(pos_signature: str, order_id: str) -> Path:
    name = hashlib.sha256(f"{pos_signature}\n{order_id}".encode()).hexdigest()
    return directory() / "by-order" / name


def new_ntp_id() -> str:
    return str(secrets.randbelow(9 * 10**9) + 10**9)


def save(order: dict):
    _write(_order_path(order["ntpID"]), json.dumps(order, ensure_ascii=False, indent=1).encode())
    _write(_index_path(order["posSignature"], order["orderID"]), order["ntpID"].encode())


def load(ntp_id: str) -> dict | None:
    try:
        return json.loads(_order_path(str(ntp_id)).read_text())
    except (KeyError, FileNotFoundError, ValueError):
        return None


def find(pos_signature: str, order_id: str) -> dict | None:
    try:
        return load(_index_path(pos_signature, order_id).read_text().strip())
    except FileNotFoundError:
        return None
