"""A real SMTP server on this machine that keeps every message it receives as an .eml file.

The embedded default sends e-mail here; the tests start one on a free port and read what arrived.
"""

import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def start(directory: Path, host="127.0.0.1", port=8025) -> Controller:
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller
