# i18n: ro (a developer's stand-in for an SMS operator, not a page of the product)
"""A local SMS gateway for the embedded default and the tests: it speaks the protocol of `notifications.sms`,
keeps every message as a JSON file in a directory, and shows them on a page (GET /).

    POST /api/v1/sms     the message (Bearer key); answered with its id and parts; a repeated `reference`
                         returns the first message (`duplicate: true`), as real gateways do with client ids
    GET  /               the received messages, newest first (HTML)
    GET  /api/v1/sms     the same as JSON
"""

import hashlib
import html
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_BODY = 64 * 1024


def _encode(text):
    from .sms import encode

    return encode(text)


class Gateway:
    def __init__(self, directory: Path, key: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.key = key
        self.lock = threading.Lock()

    def messages(self) -> list[dict]:
        found = [json.loads(p.read_text("utf-8")) for p in self.directory.glob("*.json")]
        return sorted(found, key=lambda m: m["received_at"], reverse=True)

    def accept(self, data: dict) -> tuple[int, dict]:
        from django.core.exceptions import ValidationError

        from .sms import normalise_mobile

        text, to = data.get("text"), data.get("to")
        if not isinstance(text, str) or not text.strip() or not isinstance(to, str):
            return 400, {"error": "Câmpurile „to” și „text” sunt obligatorii."}
        try:
            to = normalise_mobile(to)
        except ValidationError as error:
            return 400, {"error": error.messages[0]}
        encoded = _encode(text)
        reference = str(data.get("reference") or "")[:100]
        with self.lock:
            if reference:
                name = hashlib.sha256(reference.encode()).hexdigest()[:24] + ".json"
                existing = self.directory / name
                if existing.exists():
                    first = json.loads(existing.read_text("utf-8"))
                    return 200, {"id": first["id"], "parts": first["parts"], "status": "accepted", "duplicate": True}
            else:
                name = uuid.uuid4().hex[:24] + ".json"
            message = {"id": uuid.uuid4().hex, "to": to, "from": str(data.get("from") or "")[:11], "text": encoded.text,
                       "encoding": encoded.encoding, "parts": encoded.parts, "units": encoded.units,
                       "reference": reference, "received_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
            (self.directory / name).write_text(json.dumps(message, ensure_ascii=False), "utf-8")
        return 200, {"id": message["id"], "parts": encoded.parts, "status": "accepted", "duplicate": False}


def _handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the messages are on the page
            pass

        def _answer(self, status, body: bytes, content_type="application/json; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status, data):
            self._answer(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

        def do_GET(self):  # noqa: N802
            if self.path.startswith("/api/v1/sms"):
                return self._json(200, {"messages": gateway.messages()})
            rows = "".join(
                f"<tr><td>{html.escape(m['received_at'])}</td><td>{html.escape(m['to'])}</td>"
                f"<td>{html.escape(m['from'])}</td><td>{m['encoding']}, {m['parts']} părți ({m['units']})</td>"
                f"<td>{html.escape(m['text'])}</td></tr>" for m in gateway.messages())
            page = ("<!doctype html><html lang='ro'><meta charset='utf-8'><title>Gateway SMS local</title>"
                    "<h1>Gateway SMS local – mesaje primite</h1><table border='1' cellpadding='4'>"
                    "<tr><th>Primit la</th><th>Către</th><th>Expeditor</th><th>Codare</th><th>Text</th></tr>"
                    f"{rows or '<tr><td colspan=5>Niciun mesaj.</td></tr>'}</table></html>")
            self._answer(200, page.encode("utf-8"), "text/html; charset=utf-8")

        def do_POST(self):  # noqa: N802
            if not self.path.startswith("/api/v1/sms"):
                return self._json(404, {"error": "Adresa nu există."})
            if self.headers.get("Authorization", "") != f"Bearer {gateway.key}":
                return self._json(401, {"error": "Cheia API lipsește sau este greșită."})
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                return self._json(400, {"error": "Cererea nu are conținut sau este prea mare."})
            try:
                data = json.loads(self.rfile.read(length))
            except ValueError:
                return self._json(400, {"error": "Conținutul nu este JSON."})
            if not isinstance(data, dict):
                return self._json(400, {"error": "Conținutul nu este un obiect JSON."})
            return self._json(*gateway.accept(data))

    return Handler


def start(directory: Path, key: str, host="127.0.0.1", port=8026) -> ThreadingHTTPServer:
    """Serve the gateway in a background thread; `server.shutdown()` stops it."""
    server = ThreadingHTTPServer((host, port), _handler(Gateway(directory, key)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="sms-gateway").start()
    return server
