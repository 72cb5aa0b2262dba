"""Uploads scanned for malware (``registry("antivirus")``), when PRIMARIA_CLAMAV_SOCKET names a clamd.

`core.files.check_bytes` hands every upload that passed its own checks to `scan()`. A file a scanner
finds infected is refused with a Romanian message and nothing is stored. A scanner that is configured but
cannot be reached refuses the upload too (fail closed: an unscanned file must not pass for a scanned
one), and the health page shows it. Without PRIMARIA_CLAMAV_SOCKET no scanner is active.

The `clamd` plugin speaks clamd's INSTREAM protocol (clamd(8)): "zINSTREAM\\0", then chunks each
prefixed by its length as 4 bytes in network order, then a zero length; clamd answers
"stream: OK", "stream: <signature> FOUND" or "... ERROR", ended by a NUL. The socket is a unix socket
path or tcp://host:port.
"""

import logging
import socket
import struct
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .plugins import HealthReport, Plugin, registry

logger = logging.getLogger(__name__)

antivirus = registry("antivirus")

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not give an answer (down, too slow, or refused the file)."""


class Infected(Exception):
    def __init__(self, signature: str):
        super().__init__(signature)
        self.signature = signature


class Scanner(Plugin):
    def enabled(self) -> bool:
        return False

    def scan(self, data: bytes) -> None:
        """Return if `data` is clean; raise Infected or ScannerUnavailable."""
        raise NotImplementedError


@antivirus.register
class Clamd(Scanner):
    identifier = "clamd"
    verbose_name = "ClamAV (clamd)"

    def enabled(self) -> bool:
        return bool(settings.PRIMARIA_CLAMAV_SOCKET)

    def _connect(self) -> socket.socket:
        address = settings.PRIMARIA_CLAMAV_SOCKET
        timeout = settings.PRIMARIA_CLAMAV_TIMEOUT
        try:
            if address.startswith("tcp://"):
                parts = urlsplit(address)
                return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(address)
            except OSError:
                sock.close()
                raise
            return sock
        except (OSError, ValueError) as error:
            raise ScannerUnavailable(_("clamd (%(address)s) nu răspunde: %(error)s") % {"address": address, "error": error}) from None

    def _command(self, payload_chunks) -> str:
        with self._connect() as sock:
            try:
                for chunk in payload_chunks:
                    sock.sendall(chunk)
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
            except OSError as error:
                raise ScannerUnavailable(_("clamd nu a terminat răspunsul: %(error)s") % {"error": error}) from None
        return reply.rstrip(b"\0").decode("utf-8", "replace").strip()

    def scan(self, data: bytes) -> None:
        def chunks():
            yield b"zINSTREAM\0"
            for start in range(0, len(data), CHUNK):
                piece = data[start:start + CHUNK]
                yield struct.pack("!L", len(piece)) + piece
            yield struct.pack("!L", 0)

        reply = self._command(chunks())
        if reply.endswith("FOUND"):
            raise Infected(reply.removeprefix("stream:").removesuffix("FOUND").strip())
        if reply != "stream: OK":
            raise ScannerUnavailable(_("clamd a răspuns: %(value)s") % {"value": reply or '(nimic)'})

    def check_config(self) -> HealthReport:
        if not self.enabled():
            return HealthReport(ok=True, message=_("Neconfigurat (PRIMARIA_CLAMAV_SOCKET): fișierele încărcate nu sunt "
                                                 "scanate antivirus."))
        try:
            reply = self._command([b"zPING\0"])
        except ScannerUnavailable as error:
            return HealthReport(ok=False, message=_("%(error)s. Încărcările de fișiere sunt refuzate până răspunde.") % {"error": error})
        if reply != "PONG":
            return HealthReport(ok=False, message=_("clamd a răspuns „%(reply)s” în loc de PONG.") % {"reply": reply})
        try:
            version = self._command([b"zVERSION\0"])
        except ScannerUnavailable:
            version = ""
        return HealthReport(ok=True, message=_("Răspunde (%(value)s).") % {"value": version or 'clamd'},
                            details={"socket": settings.PRIMARIA_CLAMAV_SOCKET})


def scan(data: bytes) -> None:
    """Every enabled scanner looks at `data`; raise Infected or ScannerUnavailable."""
    for scanner in antivirus:
        if scanner.enabled():
            scanner.scan(data)
