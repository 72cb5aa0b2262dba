"""Backup and restore: `manage.py backup` on this machine, `manage.py restore` on a clean one.

A request is filed, answered, signed by every signer and archived, so there are rows in many tables, stored
files (uploads, the signed answer, the archive's copies), the PKI's keys and certificates and the card
gateway's key. The backup is restored into another database (another SQLite file, or another PostgreSQL
database) with other directories, by a separate process set up as a new machine would be. Every table of every
app then has the same rows, every file the same SHA-256, the keys still open under the SECRET_KEY the archive
carries, and the rebuilt search index finds the archived documents. A damaged or foreign archive, and a target
that already holds data, are refused without any change.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from primaria.archive import demo as archive_demo
from primaria.archive.models import ArchiveDocument
from primaria.archive.selectors import search
from primaria.requests import services as requests
from tests.factories import propose_and_sign, submitted_request

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


# --- the two machines -----------------------------------------------------------------------------------


def _pg_params(name: str) -> dict:
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
            "password": db.get("PASSWORD") or "", "dbname": name}


def _raw_connection(name: str):
    if connection.vendor == "sqlite":
        return sqlite3.connect(str(name))
    import psycopg

    return psycopg.connect(**_pg_params(name))


class CleanMachine:
    """Another database and other directories, reached by a process of their own."""

    def __init__(self, root: Path):
        self.var = root / "var"
        self.var.mkdir(parents=True)
        if connection.vendor == "sqlite":
            self.database = self.var / "primaria.sqlite3"
            url = f"sqlite:///{self.database}"
        else:
            import psycopg

            self.database = f"{connection.settings_dict['NAME']}_restaurata_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.database}"')
            params = _pg_params(self.database)
            url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{self.database}"
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"PRIMARIA_MEDIA_ROOT", "PRIMARIA_PKI_DIR", "PRIMARIA_SEARCH_DIR",
                                   "PRIMARIA_NETOPIA_SANDBOX_DIR", "PROMETHEUS_MULTIPROC_DIR"}}
        from django.conf import settings

        self.env.update(DJANGO_SETTINGS_MODULE="config.settings", PRIMARIA_VAR_DIR=str(self.var), DATABASE_URL=url,
                        PRIMARIA_SECRET_KEY=settings.SECRET_KEY, PRIMARIA_SEARCH_ENGINE="tantivy")

    def manage(self, *args, **env):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **env},
                              capture_output=True, text=True, timeout=600)

    def tables(self) -> list[str]:
        with _raw_connection(self.database) as raw:
            if connection.vendor == "sqlite":
                return [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return [r[0] for r in raw.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")]

    def drop(self):
        if connection.vendor != "sqlite":
            import psycopg

            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def clean_machine(tmp_path):
    machines = []

    def make(name="masina-noua"):
        machines.append(CleanMachine(tmp_path / name))
        return machines[-1]

    yield make
    for machine in machines:
        machine.drop()


@pytest.fixture
def places(settings, tmp_path, pki_dir):
    """This machine's directories: the storage, the PKI, the card gateway's and the search index's."""
    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "search")
    settings.PRIMARIA_SEARCH_ENGINE = "tantivy"
    settings.PRIMARIA_NETOPIA_SANDBOX_DIR = tmp_path / "netopia-sandbox"
    return {"files": Path(settings.MEDIA_ROOT), "pki": Path(pki_dir), "netopia-sandbox": tmp_path / "netopia-sandbox"}


@pytest.fixture
def resolved(city, users, pki, places):
    """A request filed, assigned, answered, signed by every signer and archived (the index is updated too)."""
    from primaria.payments.sandbox import store

    archive_demo.load_nomenclator(city)
    store.private_key()  # the local card gateway makes its key on first use
    request = submitted_request(users.ion)
    requests.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    return propose_and_sign(request, users.urb_specialist, resolution="Adresa imobilului este strada Florilor nr. 3.")


# --- what is compared ------------------------------------------------------------------------------------


def table_digests(database) -> dict:
    """Every table of every installed model: its row count and a SHA-256 of its rows in primary-key order."""
    result = {}
    with _raw_connection(database) as raw:
        cursor = raw.cursor()
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or meta.db_table in result:
                continue
            columns = ", ".join(connection.ops.quote_name(f.column) for f in meta.concrete_fields)
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} "
                           f"ORDER BY {connection.ops.quote_name(meta.pk.column)}")
            digest, count = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
                count += 1
            result[meta.db_table] = (count, digest.hexdigest())
    return result


def file_digests(root: Path) -> dict:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _source_database():
    return connection.settings_dict["NAME"]


def _backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "salvari") + "/", stdout=out)
    assert "ATENȚIE: arhiva conține secrete" in out.getvalue() and "WARNING: the archive contains secrets" in out.getvalue()
    (archive,) = (tmp_path / "salvari").glob("primaria-backup-*.tar")
    assert archive.stat().st_mode & 0o777 == 0o600
    return archive


# --- the round trip -----------------------------------------------------------------------------------


def test_a_backup_restored_on_a_clean_machine_has_every_row_file_key_and_search_hit(
        resolved, users, places, settings, tmp_path, clean_machine):
    documents = set(ArchiveDocument.objects.filter(disposed_at__isnull=True).values_list("pk", flat=True))
    assert len(documents) >= 3
    # A file a setting names outside the data directories: the card gateway's public key.
    from primaria.payments.sandbox import store

    gateway_key = tmp_path / "configurare" / "netopia-public.pem"
    gateway_key.parent.mkdir()
    gateway_key.write_text(store.public_key_pem())
    settings.PRIMARIA_NETOPIA_PUBLIC_KEY = str(gateway_key)
    gateway_key_digest = hashlib.sha256(gateway_key.read_bytes()).hexdigest()
    archive = _backup(tmp_path)
    gateway_key.rename(tmp_path / "mutat.pem")  # the clean machine has not got it

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        archived_settings = tar.extractfile("settings/primaria.env").read().decode()
    assert manifest["database"]["vendor"] == connection.vendor and manifest["created_at"]
    assert "requests.0001_initial" in manifest["migrations"]
    assert any(name.startswith("pki/keys/") for name in manifest["members"])
    assert f"PRIMARIA_SECRET_KEY={settings.SECRET_KEY}" in archived_settings

    machine = clean_machine()
    done = machine.manage("restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Restaurarea din" in done.stdout and "index de căutare reconstruit" in done.stdout

    # Every table of every app: the same rows.
    source, restored = table_digests(_source_database()), table_digests(machine.database)
    assert source == restored
    assert source["requests_request"][0] >= 1 and source["archive_archivedocument"][0] == len(documents)
    assert len(source) >= 100 and sum(count for count, _digest in source.values()) > 500

    # Every file: the same bytes, the PKI's private keys included.
    for group, root in places.items():
        before, after = file_digests(root), file_digests(machine.var / ("media" if group == "files" else group))
        assert before and before == after, group
    assert any(name.startswith("keys/") for name in file_digests(machine.var / "pki"))
    assert hashlib.sha256(gateway_key.read_bytes()).hexdigest() == gateway_key_digest

    # The restored keys open under the SECRET_KEY the archive carries.
    from primaria.signing.keystore import KeyStore

    restored_keys = KeyStore(machine.var / "pki" / "keys", "local")
    key_ref = next(Path(name).name.split(".")[0] for name in file_digests(machine.var / "pki" / "keys"))
    assert restored_keys.load(key_ref) is not None

    # The index was rebuilt on the new machine (none was copied) and finds the archived documents.
    assert "search/" not in " ".join(manifest["members"])
    settings.PRIMARIA_SEARCH_DIR = str(machine.var / "search")
    from primaria.search.engines import search_engine

    assert search_engine().document_ids() == documents
    answer = ArchiveDocument.objects.filter(doc_type="Răspuns").get()
    found = {r.document.pk for r in search(user=users.urb_head, text='"strada Florilor"').results}
    assert answer.pk in found

    # Restoring again over the restored machine: refused, then done with --force (old directories kept aside).
    done = machine.manage("restore", str(archive))
    assert done.returncode != 0 and "nu este goală" in done.stderr
    done = machine.manage("restore", "--force", str(archive))
    assert done.returncode == 0, done.stderr
    assert table_digests(machine.database) == source
    assert file_digests(machine.var / "media") == file_digests(places["files"])
    assert list(machine.var.glob("media.inainte-de-restaurare-*"))


def _tampered_copy(archive: Path, out: Path) -> str:
    """The archive with one byte of a stored file changed and its manifest untouched."""
    with tarfile.open(archive) as source, tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as target:
        victim = next(m.name for m in source.getmembers() if m.name.startswith("files/"))
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == victim:
                data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
            target.addfile(member, io.BytesIO(data))
    return victim


def test_a_damaged_or_foreign_archive_and_a_full_target_are_refused_without_change(
        city, users, pki, places, settings, tmp_path, clean_machine):
    submitted_request(users.ion)
    archive = _backup(tmp_path)
    machine = clean_machine()

    damaged = tmp_path / "deteriorata.tar"
    victim = _tampered_copy(archive, damaged)
    done = machine.manage("restore", str(damaged))
    assert done.returncode != 0
    assert "Arhiva este deteriorată" in done.stderr and victim in done.stderr and "Nu s-a restaurat nimic" in done.stderr

    truncated = tmp_path / "trunchiata.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    done = machine.manage("restore", str(truncated))
    assert done.returncode != 0 and "Traceback" not in done.stderr

    foreign = tmp_path / "altceva.tar"
    foreign.write_text("nu este o arhivă")
    done = machine.manage("restore", str(foreign))
    assert done.returncode != 0 and "nu este o arhivă de salvare Primăria Digitală" in done.stderr

    # Another SECRET_KEY could not open the keys: refused; the settings can be taken out of the archive first.
    done = machine.manage("restore", str(archive), PRIMARIA_SECRET_KEY="alta-cheie-" + "x" * 40)
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr and "--settings-out" in done.stderr
    settings_file = tmp_path / "setari.env"
    done = machine.manage("restore", str(archive), "--settings-out", str(settings_file),
                          PRIMARIA_SECRET_KEY="alta-cheie-" + "x" * 40)
    assert done.returncode == 0, done.stderr
    assert settings_file.stat().st_mode & 0o777 == 0o600
    assert f"PRIMARIA_SECRET_KEY={settings.SECRET_KEY}" in settings_file.read_text()

    # Nothing of the clean machine was touched by the refusals.
    assert machine.tables() == []
    left = {name for name in file_digests(machine.var) if name.split("/")[0] in {"media", "pki", "netopia-sandbox", "search"}}
    assert left == set(), left

    # A database that holds data is not overwritten without --force.
    before = table_digests(_source_database())
    with pytest.raises(CommandError, match="nu este goală"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert table_digests(_source_database()) == before
