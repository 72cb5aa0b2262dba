"""The CSC server's own store: credentials (key handle, certificate chain, owner) and encrypted keys."""

import json
import secrets
from pathlib import Path

from cryptography import x509
from django.conf import settings

from ..keystore import KeyStore, write_atomically
from ..pki import DemoPKI, pem


class CSCStore:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or Path(settings.PRIMARIA_PKI_DIR) / "csc-server")
        self.keys = KeyStore(self.directory / "keys", "csc-server")
        self._index = self.directory / "credentials.json"

    def _load(self) -> dict:
        return json.loads(self._index.read_text()) if self._index.exists() else {}

    def _save(self, data: dict):
        write_atomically(self._index, json.dumps(data, indent=1, ensure_ascii=False).encode())

    def credentials(self, owner: str | None = None, user_id: str | None = None) -> dict:
        return {cid: c for cid, c in self._load().items()
                if (owner is None or c["owner"] == owner) and (user_id is None or c["user_id"] == user_id)}

    def get(self, credential_id: str) -> dict | None:
        return self._load().get(credential_id)

    def provision(self, *, owner: str, user_id: str, subject: x509.Name, email: str = "", description: str = "",
                  kind: str = "person") -> str:
        """Enrol a new key: generated here, certified by the demo PKI's issuing CA, never exported."""
        credential_id = f"cred-{secrets.token_hex(8)}"
        key = self.keys.generate(credential_id)
        pki = DemoPKI()
        certificate = pki.issue(key.public_key(), subject, kind=kind, email=email)
        data = self._load()
        data[credential_id] = {
            "owner": owner, "user_id": user_id, "description": description,
            "certificates": [pem(certificate)] + [pem(c) for c in pki.chain()],
        }
        self._save(data)
        return credential_id

    def private_key(self, credential_id: str):
        return self.keys.load(credential_id)


def accounts() -> dict[str, str]:
    """The accounts allowed in (auth/login with HTTP Basic, or oauth2/token client credentials)."""
    value = settings.PRIMARIA_CSC_SERVER_ACCOUNTS
    if isinstance(value, dict):
        return dict(value)
    pairs = [item.split(":", 1) for item in str(value or "").split(",") if ":" in item]
    return {user.strip(): password.strip() for user, password in pairs}
