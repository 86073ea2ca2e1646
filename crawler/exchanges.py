"""One fetch of the crawler: redirects followed under robots and host rules, conditional
headers, the body checked (type, size, gzip), retries decided, every exchange archived.
A mixin of ``crawl.Crawler``."""
from __future__ import annotations

import email.utils
import hashlib
import zlib
from datetime import datetime, timezone

from . import discover
from .content import HTML_TYPES, detect_charset, looks_binary, parse_content_type
from .fetch import RETRYABLE_ERRORS, Response
from .frontier import DISCOVERY_KINDS, Item
from .records import FetchResult
from .robots_rules import url_origin
from .sources import Source, host_of

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
NO_ANSWER_ERRORS = {"timeout", "connect-error", "read-error", "deadline", "network-error"}


def _gunzip_bounded(body: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ValueError("bad-gzip") from exc
    if len(data) > limit:
        raise ValueError("decompressed-too-large")
    return data


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Exchanges:
    # -- fetching ----------------------------------------------------------------

    async def _fetch(self, item: Item) -> tuple[FetchResult, float | None]:
        """Fetch an item, following redirects; returns the result and, when the
        attempt should be repeated, the seconds to wait first."""
        source = self.sources[item.source]
        response, refused, chain = await self._get_following(item.url, source, item.kind, item=item,
                                                             check_robots=True)
        if refused is not None:
            return refused, None
        result = self._result(item, response, chain)
        if result.not_modified and result.body is None and item.conditional and item.kind in DISCOVERY_KINDS:
            # a 304 whose archived body cannot be read back (WARC pruned or damaged) would
            # lose the document's links: ask once more for the whole document
            self._report(result)
            item.conditional = False
            return await self._fetch(item)
        return result, self._retry_delay(item, response, result)

    async def _get_following(self, url: str, source: Source, kind: str, *, item: Item | None,
                             check_robots: bool) -> tuple[Response, FetchResult | None, list[str]]:
        """GET with redirects followed hop by hop. Returns the last response, a
        refusal result when a hop may not be fetched (else None), and the chain
        of URLs that redirected."""
        chain: list[str] = []
        headers = self._conditional_headers(item) if item is not None else {}
        response = Response(url=url)
        for _ in range(self.config.max_redirects + 1):
            refusal = await self._refusal(url, source, check_robots, chain)
            if refusal:
                return response, self._refused(item, url, source, kind, chain, refusal, response), chain
            host = host_of(url)
            async with self.politeness.turn(host) as turn:
                if self._host_failures.get(host, 0) >= self.config.max_host_failures:
                    # the host stopped answering while this request waited its turn
                    return response, self._refused(item, url, source, kind, chain, "host-unreachable",
                                                   response), chain
                response = await self.fetcher.get(url, headers, turn)
            if response.error in NO_ANSWER_ERRORS:  # no answer, or one cut off mid-body
                self._host_failures[host] = self._host_failures.get(host, 0) + 1
            elif response.status is not None:
                self._host_failures[host] = 0
            location = response.header("location") if response.status in REDIRECT_STATUSES else None
            if not location:
                return response, None, chain
            self._archive(response, item, source, kind, chain, redirect_hop=True)
            target = discover.normalize_url(location, url)
            chain.append(url)
            if target is None:
                return response, self._refused(item, url, source, kind, chain, "bad-redirect", response), chain
            if target in chain:
                return response, self._refused(item, target, source, kind, chain, "redirect-loop", response), chain
            url = target
            headers = {}
        return response, self._refused(item, url, source, kind, chain, "too-many-redirects", response), chain

    async def _refusal(self, url: str, source: Source, check_robots: bool, chain: list[str]) -> str | None:
        """Why a URL may not be fetched now, or None."""
        if chain and not source.allows_host(url):
            return "off-source-redirect"
        if self._host_failures.get(host_of(url), 0) >= self.config.max_host_failures:
            return "host-unreachable"  # its retry budget is spent: no more requests this run
        if check_robots:
            rules = await self._robots_for(url, source)
            if url_origin(url) in self._blocked_hosts:
                return self._blocked_hosts[url_origin(url)]
            if not rules.can_fetch(url, self.config.robots_agent):
                return "robots-disallowed"
        return None

    def _conditional_headers(self, item: Item) -> dict[str, str]:
        if not item.conditional:
            return {}
        previous = self.known(item.url) or {}
        headers = {}
        if previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
        return headers

    def _refused(self, item: Item | None, url: str, source: Source, kind: str, chain: list[str],
                 reason: str, response: Response) -> FetchResult:
        return FetchResult(
            source=source.name,
            url=chain[0] if chain else url,
            kind=kind,
            final_url=url,
            status=response.status if chain else None,
            fetched_at=_now_iso(),
            error=reason,
            redirects=list(chain),
            date_hint=item.date_hint if item else None,
            referrer=item.referrer if item else None,
            attempt=item.attempt if item else 1,
        )

    def _result(self, item: Item, response: Response, chain: list[str]) -> FetchResult:
        """Classify a final response: status, content checks, charset, hash; archive it."""
        media, header_charset = parse_content_type(response.header("content-type"))
        result = FetchResult(
            source=item.source,
            url=chain[0] if chain else item.url,
            kind=item.kind,
            final_url=response.url,
            status=response.status,
            content_type=response.header("content-type"),
            size=len(response.body) if response.status is not None else None,
            fetched_at=_now_iso(),
            elapsed_ms=response.elapsed_ms,
            error=response.error,
            redirects=list(chain),
            etag=response.header("etag"),
            last_modified=response.header("last-modified"),
            date_hint=item.date_hint,
            referrer=item.referrer,
            attempt=item.attempt,
        )
        body = response.body
        if result.error is None and response.status == 304:
            result.not_modified = True
            if (item.kind in DISCOVERY_KINDS or item.kind == "robots") and self.archived is not None:
                # unchanged since the last good fetch: read its links from the archived body
                archived = self.archived(item.url)
                if archived:
                    result.body = archived
                    result.content_hash = hashlib.sha256(archived).hexdigest()
                    if item.kind == "listing":
                        result.charset = detect_charset(archived, header_charset)
        elif result.error is None and response.status is not None and response.status >= 400:
            result.error = f"http-{response.status}"
        elif result.error is None and response.status is not None and not 200 <= response.status < 300:
            result.error = f"unexpected-status-{response.status}"
        elif result.error is None:
            body, result.error = self._check_body(item.kind, media, body)
        if result.error is None and body is not None and not result.not_modified:
            result.body = body
            result.content_hash = hashlib.sha256(body).hexdigest()
            if item.kind in ("article", "listing", "robots"):
                result.charset = detect_charset(body, header_charset)
            previous = self.known(item.url) if item.kind == "article" else None
            if previous and previous.get("content_hash") == result.content_hash:
                result.not_modified = True
        if response.status is not None:
            self._archive(response, item, self.sources[item.source], item.kind, chain, result=result)
        return result

    def _check_body(self, kind: str, media: str | None, body: bytes) -> tuple[bytes | None, str | None]:
        """(usable body, error): refuses empty, binary and non-HTML bodies."""
        if kind == "robots":
            return body, None
        if kind in ("sitemap", "feed") and body[:2] == b"\x1f\x8b":
            try:
                body = _gunzip_bounded(body, self.config.max_bytes)
            except ValueError as exc:
                return None, str(exc)
        if not body.strip():
            return None, "empty-body"
        if looks_binary(body):
            return None, "binary-content"
        if kind in ("article", "listing") and media and media not in HTML_TYPES:
            return None, "not-html"
        return body, None

    def _retry_delay(self, item: Item, response: Response, result: FetchResult) -> float | None:
        retryable = response.error in RETRYABLE_ERRORS or response.status in RETRYABLE_STATUSES
        if not retryable or item.attempt > self.config.max_retries:
            return None
        retry_after = _retry_after_seconds(response.header("retry-after"))
        if retry_after is not None and response.status in (429, 503):
            if retry_after > self.config.max_retry_after:
                result.error = f"{result.error or 'http-' + str(response.status)}:retry-after-too-long"
                return None
            return retry_after
        return min(self.config.backoff_max, self.config.backoff_base * 2 ** (item.attempt - 1))

    def _archive(self, response: Response, item: Item | None, source: Source, kind: str, chain: list[str],
                 *, result: FetchResult | None = None, redirect_hop: bool = False) -> None:
        if self.archive is None or response.status is None:
            return
        meta = {
            "Source": source.name,
            "Kind": kind,
            "Requested-URL": (chain[0] if chain else response.url),
            "Redirects": " ".join(chain) if chain and not redirect_hop else None,
            "Date-Hint": item.date_hint if item else None,
            "Referrer": item.referrer if item else None,
        }
        if result is not None:
            meta.update({"Charset": result.charset, "Error": result.error})
        warc_file, offset = self.archive.write_exchange(
            url=response.url,
            request_headers=response.request_headers,
            status=response.status,
            reason=response.reason,
            response_headers=response.headers,
            body=b"" if response.truncated else response.body,
            truncated=response.truncated,
            meta=meta,
        )
        if result is not None:
            result.warc_file, result.warc_offset = warc_file, offset

