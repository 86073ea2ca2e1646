"""Serve the bundled offline sample site on 127.0.0.1 for the demo and the tests.

Files under ``samples/site/`` are served as they are, except that the literal
``{{BASE}}`` in .html/.xml/.txt files becomes the server's own base URL, so
feeds, sitemaps and robots.txt can carry the absolute URLs real sites use.
HTML is sent without a charset parameter: pages declare their own encoding, as
many real sites do, and one sample page is windows-1252.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
SITE_DIR = SAMPLES_DIR / "site"
SAMPLE_SOURCES = SAMPLES_DIR / "sources.yml"

_TYPES = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
}
_PLACEHOLDER = b"{{BASE}}"


class SampleSite:
    """A running sample site: ``with SampleSite() as site: site.base_url``."""

    def __init__(self, root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0):
        self.root = root.resolve()
        self.hits: dict[str, int] = {}
        handler = self._handler()
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = unquote(urlsplit(self.path).path)
                site.hits[path] = site.hits.get(path, 0) + 1
                target = site.resolve(path)
                if target is None:
                    self.send_error(404, "Not Found")
                    return
                body = target.read_bytes()
                suffix = target.suffix.lower()
                if suffix in _TYPES:
                    body = body.replace(_PLACEHOLDER, site.base_url.encode("ascii"))
                self.send_response(200)
                self.send_header("Content-Type", _TYPES.get(suffix, "application/octet-stream"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # keep demo and test output clean
                pass

        return Handler

    def resolve(self, path: str) -> Path | None:
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def start(self) -> "SampleSite":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "SampleSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
