"""A local server speaking Have I Been Pwned's range API (GET /range/<5 hex digits>), for the tests.

It knows the passwords it is given; like the real service it answers every prefix with suffixes and counts,
padded with lines whose count is 0, and records the prefixes it was asked (never a whole hash).
"""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HibpServer:
    def __init__(self, passwords: dict[str, int]):
        self.hashes = {hashlib.sha1(p.encode()).hexdigest().upper(): n for p, n in passwords.items()}  # noqa: S324
        self.asked: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                prefix = self.path.rsplit("/", 1)[-1].upper()
                if not self.path.startswith("/range/") or len(prefix) != 5:
                    self.send_error(400)
                    return
                server.asked.append(prefix)
                lines = [f"{h[5:]}:{n}" for h, n in server.hashes.items() if h.startswith(prefix)]
                lines += [f"{prefix}{i:030X}"[5:] + ":0" for i in range(5)]  # padding
                body = "\r\n".join(lines).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/range/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
