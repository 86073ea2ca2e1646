"""A programmable HTTP server on a loopback address, for the crawler tests and bench.

    with Site("127.0.0.2") as site:
        site.page("/news/1", "<html>…</html>")
        site.route("/flaky", lambda request: Reply(500) if request.hits == 1 else Reply(200, b"ok"))
        site.route("/event/*", handler)       # every path under /event/
        ...
        assert site.hits["/news/1"] == 1

Every request is counted (``hits``, keyed by path with query) and logged with
its arrival time and headers (``log``), so tests can assert what the crawler
really asked for and when.
"""
from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    hits: int  # how many times this path was asked for, this request included


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    chunks: Iterable[bytes] | None = None  # streamed without Content-Length, then the connection closes
    chunk_delay: float = 0.0


Handler = Callable[[Request], Reply]


class Site:
    """One server on ``ip``:random port; ``base`` is its URL."""

    def __init__(self, ip: str = "127.0.0.1"):
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((ip, 0), self._handler_class())
        self.server.daemon_threads = True
        self.host = ip
        self.base = f"http://{ip}:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def reply(self, path: str, reply: Reply) -> None:
        self.routes[path] = lambda request: reply

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.reply(path, Reply(status, data, headers or {}, content_type))

    def times(self, path_prefix: str = "") -> list[float]:
        """Arrival times (monotonic) of requests whose path starts with the prefix."""
        return [t for t, path, _ in self.log if path.startswith(path_prefix)]

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.hits[path] += 1
            self.log.append((time.monotonic(), path, headers))
            hits = self.hits[path]
        handler = self.routes.get(path) or self.routes.get(path.split("?", 1)[0]) or self._prefix_route(path)
        if handler is None:
            return Reply(404, b"<html><body>not found</body></html>")
        return handler(Request(path, headers, hits))

    def _prefix_route(self, path: str) -> Handler | None:
        """The longest ``/prefix/*`` route that covers the path."""
        prefixes = [p for p in self.routes if p.endswith("*") and path.startswith(p[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    def _handler_class(self):
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def do_GET(self):  # noqa: N802 (http.server's naming)
                reply = site._handle(self.path, {k.lower(): v for k, v in self.headers.items()})
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    self.close_connection = True

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks is None:
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                for chunk in reply.chunks:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    if reply.chunk_delay:
                        time.sleep(reply.chunk_delay)

            def log_message(self, *args) -> None:
                pass

        return _Handler


def crawl_collect(sources, known=None, **config):
    """Run the crawler with test-friendly settings; returns (stats, results).

    Defaults: no per-host delay, short timeouts, tiny backoff, no proxies.
    """
    from crawler import CrawlConfig, crawl

    settings = {"per_host_delay": 0.0, "timeout": 5.0, "backoff_base": 0.05, "trust_env": False,
                "progress": False}
    settings.update(config)
    results = []

    def on_result(result):
        results.append(result)
        return None

    stats = crawl(sources, CrawlConfig(**settings), known=known, on_result=on_result)
    return stats, results


def make_source(name: str = "test", kind: str = "trade_press", **fields):
    """One ``Source`` built through the real sources-file loader."""
    import yaml

    from crawler import load_sources

    return load_sources(yaml.safe_dump([{"name": name, "kind": kind, **fields}]))[0]
