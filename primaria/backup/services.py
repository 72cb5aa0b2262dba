# i18n: ro (backup and restore speak to the IT admin at a console)
"""Backup and restore of everything a deployment keeps (docs/deployment.md, "Backup and restore").

One tar archive holds:

    database/primaria.sqlite3   SQLite: a copy made with SQLite's online backup API
    database/primaria.dump      PostgreSQL: `pg_dump -Fc` (read back by `pg_restore`)
    files/<name>                every file of the default storage: uploads, answers, receipts, scans
    pki/<path>                  PRIMARIA_PKI_DIR: CAs, certificates, CRLs and private keys (encrypted under
                                SECRET_KEY, so the key travels in the settings below)
    netopia-sandbox/<path>      the local card gateway's key and orders, when the deployment has them
    referinte/<n>-<name>        files the settings name outside those directories (the card gateway's public
                                key, trust roots), put back at the same path when it is free
    settings/primaria.env       the settings the data depend on, as environment variables
    manifest.json               format and version, when, the database's vendor, its tables' row counts,
                                the applied migrations and the SHA-256 of every other member (written last)

The search index is not kept: a restore rebuilds it from the database, as `manage.py archive_reindex` does.
A restore reads and checks the whole archive into a staging directory before it changes anything, refuses
a target that already holds data (unless forced), then puts back the database, the files and the keys, applies
the migrations the code has beyond the archive and rebuilds the index.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "primaria-backup"
VERSION = 1
MANIFEST = "manifest.json"
SETTINGS_MEMBER = "settings/primaria.env"
DATABASE_MEMBERS = {"sqlite": "database/primaria.sqlite3", "postgresql": "database/primaria.dump"}
CHUNK = 1024 * 1024

SECRETS_WARNING = (
    "ATENȚIE: arhiva conține secrete (SECRET_KEY, cheile private ale PKI, parolele serviciilor externe) și "
    "datele personale ale locuitorilor. Păstrați-o criptată, cu acces restrâns (fișierul are modul 0600).\n"
    "WARNING: the archive contains secrets (SECRET_KEY, the PKI's private keys, external services' passwords) "
    "and residents' personal data. Keep it encrypted, readable by the operators only (the file has mode 0600)."
)

# The settings the data depend on: (environment variable, settings name, why it matters).
DEPENDENT_SETTINGS = [
    ("PRIMARIA_SECRET_KEY", "SECRET_KEY", "cheile private din PKI sunt criptate cu o cheie derivată din ea"),
    ("PRIMARIA_PASSWORD_HASHERS", "PASSWORD_HASHERS", "parolele păstrate se verifică cu acești algoritmi"),
    ("PRIMARIA_SITE_URL", "SITE_URL", "certificatele emise poartă adresele CRL sub această adresă"),
    ("PRIMARIA_INSTITUTION_CODE", "PRIMARIA_INSTITUTION_CODE", "instituția deservită"),
    ("PRIMARIA_SEARCH_ENGINE", "PRIMARIA_SEARCH_ENGINE", "motorul indexului refăcut la restaurare"),
    ("PRIMARIA_SIGNING_TRUST_ROOTS", "PRIMARIA_SIGNING_TRUST_ROOTS", "rădăcinile de încredere ale semnăturilor"),
    ("PRIMARIA_SIGNING_PROVIDER", "PRIMARIA_SIGNING_PROVIDER", "de unde se iau cheile de semnare"),
    ("PRIMARIA_TSA_URL", "PRIMARIA_TSA_URL", "autoritatea de marcare temporală"),
    ("PRIMARIA_CSC_URL", "PRIMARIA_CSC_URL", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_CLIENT_ID", "PRIMARIA_CSC_CLIENT_ID", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_CLIENT_SECRET", "PRIMARIA_CSC_CLIENT_SECRET", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_USERNAME", "PRIMARIA_CSC_USERNAME", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_PASSWORD", "PRIMARIA_CSC_PASSWORD", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_PIN", "PRIMARIA_CSC_PIN", "semnarea la distanță (CSC)"),
    ("PRIMARIA_CSC_SERVER_ACCOUNTS", "PRIMARIA_CSC_SERVER_ACCOUNTS", "conturile serverului CSC local"),
    ("PRIMARIA_ROEID_ISSUER", "PRIMARIA_ROEID_ISSUER", "conturile legate de ROeID poartă identificatori ai lui"),
    ("PRIMARIA_ROEID_CLIENT_ID", "PRIMARIA_ROEID_CLIENT_ID", "autentificarea cu ROeID"),
    ("PRIMARIA_ROEID_CLIENT_SECRET", "PRIMARIA_ROEID_CLIENT_SECRET", "autentificarea cu ROeID"),
    ("PRIMARIA_ROEID_SCOPE", "PRIMARIA_ROEID_SCOPE", "autentificarea cu ROeID"),
    ("PRIMARIA_NETOPIA_URL", "PRIMARIA_NETOPIA_URL", "plățile cu cardul"),
    ("PRIMARIA_NETOPIA_API_KEY", "PRIMARIA_NETOPIA_API_KEY", "plățile cu cardul"),
    ("PRIMARIA_NETOPIA_POS_SIGNATURE", "PRIMARIA_NETOPIA_POS_SIGNATURE", "plățile cu cardul"),
    ("PRIMARIA_NETOPIA_PUBLIC_KEY", "PRIMARIA_NETOPIA_PUBLIC_KEY", "cheia care semnează confirmările de plată"),
    ("PRIMARIA_NETOPIA_SANDBOX", "PRIMARIA_NETOPIA_SANDBOX", "plățile prin simulatorul local"),
    ("PRIMARIA_PAYMENTS_IBAN", "PRIMARIA_PAYMENTS_IBAN", "contul afișat pentru ordinele de plată"),
    ("PRIMARIA_TAX_DEPARTMENT", "PRIMARIA_TAX_DEPARTMENT", "departamentul veniturilor (cod)"),
    ("PRIMARIA_PARKING_DEPARTMENT", "PRIMARIA_PARKING_DEPARTMENT", "departamentul parcărilor (cod)"),
    ("PRIMARIA_AUDIENCE_DEPARTMENT", "PRIMARIA_AUDIENCE_DEPARTMENT", "cabinetul primarului (cod)"),
    ("PRIMARIA_AUDIENCE_SERVICE", "PRIMARIA_AUDIENCE_SERVICE", "serviciul cererilor din audiențe"),
    ("PRIMARIA_METRICS_TOKEN", "PRIMARIA_METRICS_TOKEN", "accesul la /metrics"),
]


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says why, for the operator."""


@dataclass
class Summary:
    path: Path
    vendor: str = ""
    tables: int = 0
    rows: int = 0
    files: int = 0
    files_bytes: int = 0
    pki_files: int = 0
    other_files: int = 0
    indexed_pages: int = 0
    migrated: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0


# --- helpers ---------------------------------------------------------------------------------------------


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _setting_text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return "" if value is None else str(value)


def settings_file_text() -> str:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    lines = [
        "# Setările de care depind datele acestei salvări (Primăria Digitală), ca variabile de mediu.",
        "# Încărcați-le în mediul serviciilor (de ex. EnvironmentFile= în systemd) înainte de restaurare.",
        f"# Salvare din {now}. Fișier secret: păstrați-l cu modul 0600.",
        "",
    ]
    for variable, name, why in DEPENDENT_SETTINGS:
        lines.append(f"# {why}")
        lines.append(f"{variable}={shlex.quote(_setting_text(getattr(settings, name, '')))}")
    lines += ["", "# Locurile datelor pe mașina salvată (pe alta pot fi altele; restaurarea le folosește pe ale ei):"]
    for variable, name in (("PRIMARIA_VAR_DIR", "VAR_DIR"), ("PRIMARIA_MEDIA_ROOT", "MEDIA_ROOT"),
                           ("PRIMARIA_PKI_DIR", "PRIMARIA_PKI_DIR"), ("PRIMARIA_SEARCH_DIR", "PRIMARIA_SEARCH_DIR"),
                           ("PRIMARIA_NETOPIA_SANDBOX_DIR", "PRIMARIA_NETOPIA_SANDBOX_DIR"),
                           ("PRIMARIA_S3_BUCKET", None)):
        value = getattr(settings, name) if name else os.environ.get(variable, "")
        lines.append(f"# {variable}={shlex.quote(_setting_text(value))}")
    return "\n".join(lines) + "\n"


def parse_settings_file(text: str) -> dict:
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, raw = line.partition("=")
        values[name.strip()] = "".join(shlex.split(raw)) if raw else ""
    return values


def _pg_command(db) -> tuple[list, dict]:
    args, env = [], dict(os.environ)
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    args += ["-d", str(db["NAME"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return args, env


def _vendor(connection) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Baza de date {connection.vendor} nu este suportată: doar SQLite și PostgreSQL.")
    return connection.vendor


def applied_migrations(connection) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _count_rows(cursor, quote, tables) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _storage_names(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}{name}"
    for name in sorted(directories):
        yield from _storage_names(storage, f"{directory}{name}/")


def _directory_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def _file_groups() -> list[tuple[str, Path]]:
    """The directories kept outside the database and the storage: (member prefix, directory)."""
    return [("pki", Path(settings.PRIMARIA_PKI_DIR)), ("netopia-sandbox", Path(settings.PRIMARIA_NETOPIA_SANDBOX_DIR))]


def _referenced_files() -> list[tuple[str, Path]]:
    """Files named by the settings outside the directories above: (setting, path)."""
    found = []
    if settings.PRIMARIA_NETOPIA_PUBLIC_KEY:
        found.append(("PRIMARIA_NETOPIA_PUBLIC_KEY", Path(settings.PRIMARIA_NETOPIA_PUBLIC_KEY)))
    for root in settings.PRIMARIA_SIGNING_TRUST_ROOTS:
        if root != "demo":
            found.append(("PRIMARIA_SIGNING_TRUST_ROOTS", Path(root)))
    return [(setting, path.resolve()) for setting, path in found if path.is_file()]


class _Writer:
    """Adds members to the tar, counting their SHA-256 as they stream through."""

    def __init__(self, tar):
        self.tar = tar
        self.members = {}

    def add(self, name: str, handle, size: int, mode: int = 0o600, mtime: float | None = None):
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = mode
        info.mtime = int(mtime if mtime is not None else time.time())
        digest = hashlib.sha256()

        class Reader:
            def read(self, n=-1):
                chunk = handle.read(n)
                digest.update(chunk)
                return chunk

        self.tar.addfile(info, Reader())
        self.members[name] = {"sha256": digest.hexdigest(), "size": size}

    def add_path(self, name: str, path: Path):
        stat = path.stat()
        with open(path, "rb") as handle:
            self.add(name, handle, stat.st_size, stat.st_mode & 0o777, stat.st_mtime)

    def add_bytes(self, name: str, data: bytes):
        self.add(name, io.BytesIO(data), len(data))


# --- backup -------------------------------------------------------------------------------------------


def _dump_database(connection, workdir: Path) -> tuple[Path, dict]:
    """The database, copied consistently, and the row count of each of its tables in the same snapshot."""
    vendor = _vendor(connection)
    if connection.in_atomic_block:
        raise BackupError("Salvarea nu poate rula în interiorul unei tranzacții.")
    target = workdir / Path(DATABASE_MEMBERS[vendor]).name
    if vendor == "sqlite":
        connection.close()
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
            tables = [row[0] for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            counts = _count_rows(copy.cursor(), lambda t: '"' + t.replace('"', '""') + '"', tables)
        finally:
            copy.close()
            source.close()
        return target, counts
    # PostgreSQL: pg_dump reads the snapshot this transaction exported, so the counts match the dump exactly.
    args, env = _pg_command(connection.settings_dict)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(connection.introspection.table_names(cursor))
            counts = _count_rows(cursor, connection.ops.quote_name, tables)
            done = subprocess.run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                                   "-f", str(target), *args], env=env, capture_output=True, text=True)
        finally:
            cursor.execute("ROLLBACK")
    if done.returncode != 0:
        raise BackupError(f"pg_dump a eșuat: {done.stderr.strip()}")
    return target, counts


def _archive_path(output) -> Path:
    names_directory = str(output).endswith(("/", os.sep))
    output = Path(output)
    if output.is_dir() or names_directory:
        output.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        output = output / f"primaria-backup-{stamp}.tar"
    if output.exists():
        raise BackupError(f"Fișierul {output} există deja; alegeți alt nume.")
    if not output.parent.is_dir():
        raise BackupError(f"Dosarul {output.parent} nu există.")
    return output


def backup(output, *, database="default") -> Summary:
    """Write one archive of the database, the stored files, the PKI and the settings they depend on."""
    started = time.monotonic()
    connection = connections[database]
    vendor = _vendor(connection)
    path = _archive_path(output)
    summary = Summary(path=path, vendor=vendor)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.fchmod(descriptor, 0o600)  # secrets inside: readable by the owner only, from the first byte
    try:
        with os.fdopen(descriptor, "wb") as handle, tempfile.TemporaryDirectory(prefix="primaria-backup-") as workdir:
            dump, counts = _dump_database(connection, Path(workdir))
            dump.chmod(0o600)
            migrations = applied_migrations(connection)
            with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
                writer = _Writer(tar)
                writer.add_path(DATABASE_MEMBERS[vendor], dump)
                storage = default_storage
                for name in _storage_names(storage):
                    with storage.open(name, "rb") as stored:
                        size = storage.size(name)
                        writer.add(f"files/{name}", stored, size)
                    summary.files += 1
                    summary.files_bytes += size
                for prefix, root in _file_groups():
                    for relative, file_path in _directory_files(root):
                        writer.add_path(f"{prefix}/{relative}", file_path)
                        if prefix == "pki":
                            summary.pki_files += 1
                        else:
                            summary.other_files += 1
                referenced = []
                for number, (setting, file_path) in enumerate(_referenced_files(), start=1):
                    member = f"referinte/{number}-{file_path.name}"
                    writer.add_path(member, file_path)
                    referenced.append({"member": member, "path": str(file_path), "setting": setting})
                    summary.other_files += 1
                writer.add_bytes(SETTINGS_MEMBER, settings_file_text().encode())
                manifest = {
                    "format": FORMAT, "version": VERSION,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor], "tables": counts},
                    "migrations": migrations,
                    "referenced": referenced,
                    "members": writer.members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    summary.tables, summary.rows = len(counts), sum(counts.values())
    summary.seconds = time.monotonic() - started
    return summary


# --- restore ------------------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts and bool(path.parts)
            and path.parts[0] in {"database", "files", "pki", "netopia-sandbox", "referinte", "settings"})


def read_archive(path, staging: Path) -> dict:
    """Extract the archive into `staging`, checking every member against the manifest. Returns the manifest.

    Nothing outside `staging` is written: a wrong or damaged archive is refused before any change."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Fișierul {path} nu există.")
    try:
        tar = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path} nu este o arhivă de salvare Primăria Digitală (tar): {exc}") from exc
    with tar:
        try:
            members = tar.getmembers()
            manifest_member = next((m for m in members if m.name == MANIFEST), None)
            if manifest_member is None and any(m.name.startswith("database/") for m in members):
                raise BackupError(f"Arhiva este incompletă (trunchiată?): lipsește {MANIFEST}, scris la sfârșit. "
                                  "Nu s-a restaurat nimic.")
            if manifest_member is None:
                raise BackupError(f"{path} nu este o arhivă de salvare Primăria Digitală: lipsește {MANIFEST}.")
            try:
                manifest = json.loads(tar.extractfile(manifest_member).read())
            except ValueError as exc:
                raise BackupError(f"Manifestul arhivei este deteriorat: {exc}") from exc
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{path} nu este o arhivă de salvare Primăria Digitală.")
            if manifest.get("version") != VERSION:
                raise BackupError(f"Arhiva are formatul {manifest.get('version')}; această versiune citește "
                                  f"doar formatul {VERSION}.")
            expected = manifest.get("members")
            database = manifest.get("database")
            if not (isinstance(expected, dict) and isinstance(database, dict)
                    and all(isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in expected.values())):
                raise BackupError("Manifestul arhivei este deteriorat: lipsesc membrii sau sumele lor SHA-256.")
            seen = set()
            for member in members:
                if member.name == MANIFEST:
                    continue
                if member.name in seen:
                    raise BackupError(f"Arhiva conține de două ori {member.name}.")
                seen.add(member.name)
                if member.name not in expected:
                    raise BackupError(f"Arhiva conține {member.name}, care nu apare în manifest.")
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(f"Membrul {member.name} al arhivei nu este permis.")
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                os.chmod(target, member.mode & 0o777 or 0o600)
                if digest.hexdigest() != expected[member.name]["sha256"]:
                    raise BackupError(f"Arhiva este deteriorată: suma SHA-256 a lui {member.name} nu se potrivește "
                                      "cu manifestul. Nu s-a restaurat nimic.")
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupError(f"Arhiva este incompletă: lipsesc {', '.join(missing[:5])}"
                                  f"{' …' if len(missing) > 5 else ''}. Nu s-a restaurat nimic.")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"Arhiva este deteriorată ({exc}). Nu s-a restaurat nimic.") from exc
    if database.get("member") not in seen:
        raise BackupError("Arhiva nu conține baza de date.")
    if SETTINGS_MEMBER not in seen:
        raise BackupError("Arhiva nu conține setările de care depind datele.")
    return manifest


def extract_settings(archive, output) -> Path:
    """Write the settings file kept in the archive (checked against the manifest) to `output`, mode 0600."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="primaria-restore-") as staging:
        read_archive(archive, Path(staging))
        data = (Path(staging) / SETTINGS_MEMBER).read_bytes()
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return output


def _database_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _target_holds_files() -> list[str]:
    held = []
    if next(iter(_storage_names(default_storage)), None) is not None:
        held.append("fișierele stocate")
    for _prefix, root in _file_groups():
        if next(_directory_files(root), None) is not None:
            held.append(str(root))
    return held


def _restore_database(connection, vendor: str, dump: Path, force: bool):
    if vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(str(connection.settings_dict["NAME"]))
        source = sqlite3.connect(str(dump))
        try:
            source.backup(target)  # replaces every page of the target, in one step
        finally:
            source.close()
            target.close()
        return
    # One transaction: with --force, the objects the dump holds are dropped and made again in it, so a failure
    # (say, a table of a newer release that refers to them) leaves the database as it was.
    connection.close()
    args, env = _pg_command(connection.settings_dict)
    clean = ["--clean", "--if-exists"] if force else []
    done = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                           *clean, *args, str(dump)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore a eșuat (baza de date a rămas neschimbată): {done.stderr.strip()}")


def _put_directory(staged: Path, target: Path, force: bool) -> int:
    """Move the staged files into `target` (an earlier content is kept aside, with --force)."""
    if force and target.exists() and any(target.iterdir()):
        aside = target.with_name(f"{target.name}.inainte-de-restaurare-{time.strftime('%Y%m%d-%H%M%S')}")
        target.rename(aside)
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for relative, path in list(_directory_files(staged)):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(destination))
        count += 1
    return count


def _put_storage_files(staged: Path, force: bool) -> tuple[int, int]:
    storage = default_storage
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        count = _put_directory(staged, root, force)
        return count, sum(path.stat().st_size for _relative, path in _directory_files(root))
    count = size = 0
    for relative, path in _directory_files(staged):
        if storage.exists(relative):
            storage.delete(relative)
        with open(path, "rb") as handle:
            saved = storage.save(relative, File(handle, name=relative))
        if saved != relative:
            raise BackupError(f"Stocarea a salvat {relative} sub alt nume ({saved}).")
        count += 1
        size += path.stat().st_size
    return count, size


def _put_referenced(staged: Path, target: Path, setting: str, summary: Summary):
    """A file a setting names, back at its path when the path is free; an existing one is never overwritten."""
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(target))
        summary.other_files += 1
    elif _sha256_of(target) != _sha256_of(staged):
        beside = target.with_name(f"{target.name}.din-arhiva")
        shutil.move(str(staged), str(beside))
        summary.warnings.append(f"{target} ({setting}) există deja, cu alt conținut: a fost păstrat; versiunea "
                                f"din arhivă este în {beside}.")


def restore(archive, *, force=False, database="default", log=lambda message: None) -> Summary:
    """Put back what `backup` saved, on this machine's database and directories; see the module's notes."""
    from primaria.archive.services import rebuild_index

    started = time.monotonic()
    connection = connections[database]
    vendor = _vendor(connection)
    summary = Summary(path=Path(archive), vendor=vendor)
    staging_parent = Path(settings.VAR_DIR)
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".restaurare-") as staging_name:
        staging = Path(staging_name)
        log("Se verifică arhiva (sumele SHA-256 ale tuturor membrilor)…")
        manifest = read_archive(archive, staging)
        archived_vendor = manifest["database"].get("vendor")
        if archived_vendor != vendor:
            raise BackupError(f"Arhiva conține o bază de date {archived_vendor}, dar această instalare folosește "
                              f"{vendor} (DATABASE_URL). Restaurați pe același tip de bază de date.")

        # The code must know every migration the archive's database has; it may have more (applied below).
        known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        unknown = sorted(set(manifest.get("migrations") or []) - known)
        if unknown:
            raise BackupError("Arhiva provine dintr-o versiune mai nouă a aplicației (migrări necunoscute: "
                              f"{', '.join(unknown[:5])}). Instalați acea versiune, apoi restaurați.")

        archived = parse_settings_file((staging / SETTINGS_MEMBER).read_text())
        if archived.get("PRIMARIA_SECRET_KEY", "") != settings.SECRET_KEY:
            raise BackupError(
                "SECRET_KEY a acestei instalări diferă de cea din arhivă: cheile private din PKI nu ar mai putea fi "
                "citite. Extrageți setările cu `manage.py restore ARHIVA --settings-out FIȘIER`, încărcați-le în "
                "mediul serviciilor și reluați restaurarea.")
        for variable, name, _why in DEPENDENT_SETTINGS:
            if variable in archived and archived[variable] != _setting_text(getattr(settings, name, "")):
                summary.warnings.append(f"{variable} diferă de valoarea din arhivă (vezi --settings-out).")

        tables = _database_tables(connection)
        if not force:
            if tables:
                raise BackupError(f"Baza de date țintă nu este goală ({len(tables)} tabele). Restaurarea se face "
                                  "într-o bază de date goală; folosiți --force pentru a-i înlocui conținutul.")
            held = _target_holds_files()
            if held:
                raise BackupError(f"Există deja fișiere în: {', '.join(held)}. Folosiți --force pentru a le înlocui "
                                  "(conținutul vechi al dosarelor se păstrează alături).")

        log("Se restaurează baza de date…")
        _restore_database(connection, vendor, staging / manifest["database"]["member"], force)
        expected_counts = manifest["database"].get("tables") or {}
        with connection.cursor() as cursor:
            counts = _count_rows(cursor, connection.ops.quote_name,
                                 [t for t in connection.introspection.table_names(cursor) if t in expected_counts])
        different = sorted(t for t, n in expected_counts.items() if counts.get(t) != n)
        if different:
            raise BackupError(f"Baza restaurată nu are rândurile din arhivă în tabelele: {', '.join(different[:5])}.")
        summary.tables, summary.rows = len(counts), sum(counts.values())

        log("Se restaurează fișierele, cheile și certificatele…")
        summary.files, summary.files_bytes = _put_storage_files(staging / "files", force)
        for prefix, root in _file_groups():
            count = _put_directory(staging / prefix, root, force)
            if prefix == "pki":
                summary.pki_files = count
            else:
                summary.other_files += count
        for item in manifest.get("referenced") or []:
            if isinstance(item, dict) and item.get("member") in manifest["members"]:
                _put_referenced(staging / item["member"], Path(item["path"]), item.get("setting", ""), summary)

    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        from django.core.management import call_command

        log("Se aplică migrările codului mai noi decât arhiva…")
        call_command("migrate", database=database, interactive=False, verbosity=0)
        summary.migrated = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    log("Se reconstruiește indexul de căutare…")
    summary.indexed_pages = rebuild_index()
    summary.seconds = time.monotonic() - started
    return summary

