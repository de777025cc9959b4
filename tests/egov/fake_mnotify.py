"""A local stand-in for MNotify's REST API (egov-moldova/egov4dev, docs/guides/mnotify):
POST /api/Notification takes {subject, body, recipients, priority} and answers the new
notification's id as text; a test may make it fail."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeMNotify:
    status: int = 200
    received: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/api"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        mnotify = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"null")
                if self.path != "/api/Notification" or mnotify.status != 200:
                    self.send_response(404 if self.path != "/api/Notification" else mnotify.status)
                    self.end_headers()
                    return
                mnotify.received.append(payload)
                body = str(uuid.uuid4()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
