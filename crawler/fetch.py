"""The HTTP layer: one httpx client, per-host politeness, bounded responses.

``Fetcher.get`` performs exactly one request (no redirect following: the crawl
decides hop by hop whether a target may be fetched) and never raises for
network trouble; the result carries a short error reason instead.
"""
from __future__ import annotations

import asyncio
import time
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx

# The operator adds a contact URL or e-mail (presskb crawl --contact / PRESSKB_CONTACT).
DEFAULT_USER_AGENT = "presskb/0.1 (news and press-release research crawler)"
RETRYABLE_ERRORS = {"timeout", "connect-error", "read-error", "protocol-error"}


@dataclass
class Response:
    """One HTTP exchange, or the reason there was none (``status`` None)."""

    url: str
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: str | None = None
    truncated: bool = False
    elapsed_ms: int = 0

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


class BodyRefused(Exception):
    """The body is not read to the end: too large, or in an encoding we cannot decode."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _BoundedDecoder:
    """Removes gzip/deflate content-encoding while refusing to produce more than
    ``limit`` bytes, so a small compressed bomb cannot exhaust memory."""

    def __init__(self, encoding: str | None, limit: int):
        encoding = (encoding or "identity").strip().lower()
        self._maybe_raw_deflate = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        elif encoding in ("identity", ""):
            self._zlib = None
        else:
            raise BodyRefused("unsupported-content-encoding")
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._append(chunk)
            return
        try:
            if self._maybe_raw_deflate and chunk:
                self._maybe_raw_deflate = False
                if chunk[0] & 0x0F != 8:  # no zlib header: some servers send raw deflate
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            data = chunk
            while data:
                out = self._zlib.decompress(data, self._limit - self._size + 1)
                self._append(out)
                data = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise BodyRefused("bad-content-encoding") from exc

    def _append(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise BodyRefused("decompressed-too-large" if self._zlib is not None else "too-large")
        self._parts.append(data)

    def body(self) -> bytes:
        if self._zlib is not None and not self._zlib.eof and self._size == 0:
            # A compressed stream that never yields a byte is not a body; a cut
            # one that does is kept, as browsers show what arrived.
            raise BodyRefused("bad-content-encoding")
        return b"".join(self._parts)


class Turn:
    """One request's slot at a host; the fetch notes when the answer began."""

    __slots__ = ("answered_at",)

    def __init__(self):
        self.answered_at: float | None = None


class Politeness:
    """Per-host turn taking: one request at a time per host, and at least the
    host's delay between the moment the server answered one request and the
    start of the next.

    The server has received a request by the time its answer begins, so the
    gap the server sees between two requests is never below the delay,
    whatever the network latency; time spent reading a body does not count.
    """

    def __init__(self, default_delay: float):
        self.default_delay = default_delay
        self._delay: dict[str, float] = {}
        self._answered: dict[str, float] = {}
        self._hold_until: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.busy: set[str] = set()

    def delay(self, host: str) -> float:
        return self._delay.get(host, self.default_delay)

    def raise_delay(self, host: str, delay: float) -> None:
        """Never lowers: the largest of configured, per-source and Crawl-delay wins."""
        self._delay[host] = max(self.delay(host), delay)

    def defer(self, host: str, until: float) -> None:
        """Ask the host nothing before ``until`` (Retry-After, backoff)."""
        self._hold_until[host] = max(self._hold_until.get(host, 0.0), until)

    def ready_at(self, host: str) -> float:
        last = self._answered.get(host)
        spaced = last + self.delay(host) if last is not None else 0.0
        return max(spaced, self._hold_until.get(host, 0.0))

    def is_free(self, host: str, now: float) -> bool:
        return host not in self.busy and self.ready_at(host) <= now

    @asynccontextmanager
    async def turn(self, host: str):
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self.ready_at(host) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            turn = Turn()
            try:
                yield turn
            finally:
                # Without an answer (refused connection, timeout) count from now.
                self._answered[host] = turn.answered_at or time.monotonic()


class Fetcher:
    """Wraps the crawl's single httpx client."""

    def __init__(self, client: httpx.AsyncClient, *, max_bytes: int, total_timeout: float):
        self.client = client
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout

    async def get(self, url: str, headers: dict[str, str] | None = None, turn: Turn | None = None) -> Response:
        """GET one URL; ``turn`` learns when the response headers arrived."""
        started = time.monotonic()
        response = Response(url=url)
        try:
            await asyncio.wait_for(self._get(url, headers or {}, response, turn or Turn()), self.total_timeout)
        except httpx.TimeoutException:
            response.error = "timeout"  # no answer within the connect/read timeout: worth a retry
        except asyncio.TimeoutError:
            # the whole exchange ran past its deadline (a trickling body): a retry would
            # take as long again, so it is not retried
            response.error = "deadline"
        except BodyRefused as exc:
            response.error, response.truncated = exc.reason, True
        except httpx.ConnectError:
            response.error = "connect-error"
        except (httpx.RemoteProtocolError, httpx.LocalProtocolError):
            response.error = "protocol-error"
        except (httpx.ReadError, httpx.WriteError, httpx.CloseError):
            response.error = "read-error"
        except httpx.InvalidURL:
            response.error = "invalid-url"
        except (httpx.HTTPError, OSError):
            response.error = "network-error"
        if response.error and response.status is None:
            response.body = b""
        response.elapsed_ms = int((time.monotonic() - started) * 1000)
        return response

    async def _get(self, url: str, headers: dict[str, str], response: Response, turn: Turn) -> None:
        async with self.client.stream("GET", url, headers=headers) as stream:
            turn.answered_at = time.monotonic()
            response.status = stream.status_code
            response.reason = stream.reason_phrase
            response.headers = stream.headers.multi_items()
            response.request_headers = stream.request.headers.multi_items()
            declared = stream.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise BodyRefused("too-large")
            decoder = _BoundedDecoder(stream.headers.get("content-encoding"), self.max_bytes)
            received = 0
            async for chunk in stream.aiter_raw():
                received += len(chunk)
                if received > self.max_bytes:
                    raise BodyRefused("too-large")
                decoder.feed(chunk)
            response.body = decoder.body()


def make_client(*, user_agent: str, connect_timeout: float, read_timeout: float,
                concurrency: int, trust_env: bool) -> httpx.AsyncClient:
    """The crawl's one client: honest User-Agent, no automatic redirects, only
    the content encodings we can decode with a size cap."""
    return httpx.AsyncClient(
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en, de;q=0.9, fr;q=0.8",
        },
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout, pool=None),
        limits=httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2),
        follow_redirects=False,
        trust_env=trust_env,
    )
