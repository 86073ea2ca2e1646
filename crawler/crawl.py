"""Orchestration: seed sources → frontier → polite fetch → archive → report → discover.

``crawl()`` is the synchronous entry point; it runs one asyncio loop with one
httpx client. Everything the caller stores goes through ``on_result``, called
in the caller's thread once per fetch attempt.
"""
from __future__ import annotations

import asyncio
import email.utils
import hashlib
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from protego import Protego

from extract.metadata import parse_iso

from . import discover
from .archive import WarcArchive
from .content import HTML_TYPES, detect_charset, looks_binary, parse_content_type
from .fetch import DEFAULT_USER_AGENT, RETRYABLE_ERRORS, Fetcher, Politeness, Response, make_client
from .frontier import DISCOVERY_KINDS, Frontier, Item
from .records import FetchResult
from .sources import Source, host_of

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
NO_ANSWER_ERRORS = {"timeout", "connect-error", "read-error", "deadline", "network-error"}
STAT_KEYS = ("discovered", "fetched", "not_modified", "new", "changed", "unchanged", "skipped", "deferred",
             "failed", "cut", "reused")
# cut: requests left undone when the time budget ran out; reused: pagination pages of an
# unchanged listing read from the archive without a request
# RFC 9309: crawlers may stop reading robots.txt after 500 KiB.
ROBOTS_MAX_BYTES = 500 * 1024
_ALLOW_ALL = "User-agent: *\nAllow: /\n"

Known = Callable[[str], "dict | None"]
OnResult = Callable[[FetchResult], "str | None"]
OnSkipped = Callable[[str, str], None]


@dataclass
class CrawlConfig:
    user_agent: str = DEFAULT_USER_AGENT
    per_host_delay: float = 1.0
    max_pages: int | None = None  # per source: requests other than robots.txt
    max_seconds: float | None = None  # for the whole crawl: no new request after this
    warc_dir: Path | None = None
    timeout: float = 60.0  # whole request including the body
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10_000_000  # body cap, on the wire and after decompression
    max_redirects: int = 10
    concurrency: int = 16  # requests in flight across all hosts
    max_retries: int = 2
    backoff_base: float = 2.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives the URL up for this run
    # per-host retry budget: after this many attempts in a row that got no whole answer
    # (timeout, connection refused or reset, deadline), the host is given up for this run
    max_host_failures: int = 6
    max_crawl_delay: float = 60.0  # a longer robots.txt Crawl-delay skips the host
    max_listing_pages: int = 50  # per source, start pages included
    max_listing_depth: int = 5  # pagination hops from a start page
    max_sitemaps: int = 50  # per source
    max_discovered: int = 100_000  # per source: article URLs considered in one run (bounds memory)
    since: str | None = None  # ISO date: ignore feed/sitemap/listing items dated earlier
    recheck_known: bool = False  # revalidate already stored articles (conditional GET)
    progress: bool | None = None  # None: only when stderr is a terminal
    trust_env: bool = True  # honour proxy settings from the environment
    warc_max_bytes: int = 1_000_000_000

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against."""
        return self.user_agent.split("/", 1)[0].split()[0]


def crawl(
    sources: list[Source],
    config: CrawlConfig | None = None,
    *,
    known: Known | None = None,
    on_result: OnResult | None = None,
    on_skipped: OnSkipped | None = None,
    deferred: Callable[[str], str | None] | None = None,
    archived: Callable[[str], bytes | None] | None = None,
) -> dict[str, dict[str, int]]:
    """Crawl the sources once; returns per-source counts (see ``STAT_KEYS``).

    ``known(url)`` returns the validators of the last good fetch of a URL
    (``etag``, ``last_modified``, ``content_hash``, optionally ``fetched_at`` and
    ``warc_file``, whose presence as None says no archived body is at hand) or None. Known articles are not fetched again unless a feed/sitemap/listing
    dates them after ``fetched_at`` (a date without a time: on or after the day
    of ``fetched_at``) or ``config.recheck_known`` is set; then a
    conditional GET is sent. ``on_result`` may return "new", "changed" or
    "unchanged", which are counted. ``on_skipped(url, source)`` is told of each
    known article that discovery found again and that is not fetched (counted
    as skipped), so that the caller can note that it is still listed.
    ``deferred(url)`` returns the time before which a URL that failed on earlier runs
    should not be tried again (``crawler.backoff``), or None; such an article is not
    fetched (counted as deferred) unless ``config.recheck_known`` is set.
    ``archived(url)`` returns the body of the last good fetch of a discovery document
    (sitemap, feed, listing) from the archive; with it, those are fetched with a
    conditional GET and a 304 is read from the archived body.
    All are called in the caller's thread.
    """
    crawler = Crawler(sources, config or CrawlConfig(), known=known, on_result=on_result,
                      on_skipped=on_skipped, deferred=deferred, archived=archived)
    return asyncio.run(crawler.run())


class Crawler:
    def __init__(self, sources: list[Source], config: CrawlConfig, *,
                 known: Known | None = None, on_result: OnResult | None = None,
                 on_skipped: OnSkipped | None = None,
                 deferred: Callable[[str], str | None] | None = None,
                 archived: Callable[[str], bytes | None] | None = None):
        self.sources = {s.name: s for s in sources}
        self.deferred = deferred or (lambda url: None)
        self.archived = archived
        self.config = config
        self.known = known or (lambda url: None)
        self.on_result = on_result or (lambda result: None)
        self.on_skipped = on_skipped or (lambda url, source: None)
        self.stats = {name: dict.fromkeys(STAT_KEYS, 0) for name in self.sources}
        self.frontier = Frontier()
        self.politeness = Politeness(config.per_host_delay)
        self.archive = WarcArchive(config.warc_dir, config.warc_max_bytes) if config.warc_dir else None
        self._robots: dict[str, Protego] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._robots_sitemaps_done: set[tuple[str, str]] = set()
        # A discovery document is fetched once per crawl and read for every
        # source that asks for it: those waiting for it, and what it held.
        self._readers: dict[str, list[Item]] = {}
        self._parsed: dict[str, discover.Sitemap] = {}
        self._read: set[tuple[str, str]] = set()
        self._blocked_hosts: dict[str, str] = {}  # origin -> why it is skipped this crawl
        self._host_failures: dict[str, int] = {}  # host -> attempts in a row with no answer
        self._unchanged_listings: set[str] = set()  # listing pages that answered 304 (or were reused)
        self._skipped: dict[str, tuple[Item, str | None]] = {}  # known articles not fetched: item, fetched_at
        self._spent: dict[str, int] = dict.fromkeys(self.sources, 0)
        self._listings: dict[str, int] = dict.fromkeys(self.sources, 0)
        self._sitemaps: dict[str, int] = dict.fromkeys(self.sources, 0)
        self._progress = None
        self.fetcher: Fetcher | None = None

    # -- the loop ---------------------------------------------------------

    async def run(self) -> dict[str, dict[str, int]]:
        for source in self.sources.values():
            self._seed(source)
        client = make_client(
            user_agent=self.config.user_agent,
            connect_timeout=self.config.connect_timeout,
            read_timeout=self.config.read_timeout,
            concurrency=self.config.concurrency,
            trust_env=self.config.trust_env,
        )
        self.fetcher = Fetcher(client, max_bytes=self.config.max_bytes, total_timeout=self.config.timeout)
        try:
            with _progress(self.config.progress) as self._progress:
                await self._schedule()
        finally:
            await client.aclose()
            if self.archive:
                self.archive.close()
        return self.stats

    async def _schedule(self) -> None:
        in_flight: set[asyncio.Task] = set()
        try:
            await self._schedule_loop(in_flight)
        finally:
            # An error in on_result ends the crawl: stop the other fetches before the
            # client and the archive close under them.
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)

    async def _schedule_loop(self, in_flight: set[asyncio.Task]) -> None:
        started = time.monotonic()
        while True:
            now = time.monotonic()
            if self.config.max_seconds is not None and now - started >= self.config.max_seconds:
                self._cut_short()
                if not in_flight:
                    return
            while len(in_flight) < self.config.concurrency:
                item = self.frontier.pop_ready(lambda host: self.politeness.is_free(host, now))
                if item is None:
                    break
                if self._over_budget(item):
                    continue
                self.politeness.busy.add(item.host)
                in_flight.add(asyncio.create_task(self._process(item)))
            if not in_flight and not len(self.frontier):
                return
            # With every slot taken only a finishing task can free one.
            wake = None if len(in_flight) >= self.config.concurrency else self._next_wake(now)
            if in_flight:
                done, _ = await asyncio.wait(in_flight, timeout=wake, return_when=asyncio.FIRST_COMPLETED)
                in_flight -= done
                for task in done:
                    task.result()  # an exception from on_result ends the crawl
            else:
                await asyncio.sleep(wake if wake is not None else 0)

    def _cut_short(self) -> None:
        """The time budget is spent: what is still queued is dropped and counted as cut
        (the requests in flight finish)."""
        while True:
            item = self.frontier.pop_ready(lambda host: True)
            if item is None:
                break
            self.stats[item.source]["cut"] += 1

    def _next_wake(self, now: float) -> float | None:
        """Seconds until a waiting host may be asked again (None: only a finishing task helps)."""
        times = [
            self.politeness.ready_at(host) for host in self.frontier.waiting_hosts()
            if host not in self.politeness.busy
        ]
        return max(0.0, min(times) - now) if times else None

    def _over_budget(self, item: Item) -> bool:
        source = self.sources[item.source]
        limits = [n for n in (source.max_pages, self.config.max_pages) if n is not None]
        if limits and self._spent[item.source] >= min(limits):
            return True
        if item.attempt == 1:
            self._spent[item.source] += 1
        return False

    async def _process(self, item: Item) -> None:
        try:
            result, retry_in = await self._fetch(item)
        finally:
            self.politeness.busy.discard(item.host)
        if retry_in is not None:
            result.will_retry = True
            self.politeness.defer(item.host, time.monotonic() + retry_in)
            item.attempt += 1
            self.frontier.retry(item)
        self._report(result)
        readers = [item, *self._readers.pop(item.url, [])]
        if item.kind in DISCOVERY_KINDS and result.body is not None and not result.error:
            if result.not_modified and item.kind == "listing":
                self._unchanged_listings.add(item.url)
            parsed = self._parse(item.kind, result)
            self._parsed[item.url] = parsed
            for reader in readers:
                self._follow(reader, parsed)

    # -- seeding and discovery ------------------------------------------------

    def _seed(self, source: Source) -> None:
        delay = max(self.config.per_host_delay, source.delay or 0.0)
        for url in source.start_urls + source.feeds + source.sitemaps:
            self.politeness.raise_delay(host_of(url), delay)
        for url in source.sitemaps:
            self._add_sitemap(source, discover.Link(url), referrer=None)
        for url in source.feeds:
            self._add(Item(url, source.name, "feed"))
        for url in source.start_urls:
            if source.is_article(url):
                self._add_article(source, discover.Link(url), referrer=None)
            else:
                self._listings[source.name] += 1
                self._add(Item(url, source.name, "listing"))

    def _add(self, item: Item) -> bool:
        """Queue a discovery document; True when it is new to the crawl. One fetched
        before with validators is asked for with a conditional GET when its body can be
        read back from the archive."""
        url = discover.normalize_url(item.url)
        if url is None:
            return False
        item.url = url
        item.conditional = self._revalidates(url)
        if self._queue(item):
            self._read.add((url, item.source))
            return True
        if (url, item.source) not in self._read:
            self._read.add((url, item.source))
            if url in self._parsed:
                self._follow(item, self._parsed[url])
            else:
                self._readers.setdefault(url, []).append(item)
        return False

    def _revalidates(self, url: str) -> bool:
        """Whether a discovery document or robots.txt is asked for with a conditional GET:
        fetched before with validators, and a 304 can be read back from the archive."""
        if self.archived is None or self.config.recheck_known:
            return False
        previous = self.known(url)
        if not previous or ("warc_file" in previous and not previous["warc_file"]):
            return False  # nothing archived to read a 304 back from (pruned): a full fetch
        return bool(previous.get("etag") or previous.get("last_modified"))

    def _queue(self, item: Item) -> bool:
        queued = self.frontier.add(item)
        if queued and self._progress:
            self._progress.queued(1)
        return queued

    def _add_sitemap(self, source: Source, link: discover.Link, referrer: str | None) -> None:
        if self._sitemaps[source.name] >= self.config.max_sitemaps or not source.allows_host(link.url):
            return
        if self.config.since and link.lastmod and link.lastmod[:10] < self.config.since:
            return
        if self._add(Item(link.url, source.name, "sitemap", referrer=referrer)):
            self._sitemaps[source.name] += 1

    def _add_article(self, source: Source, link: discover.Link, referrer: str | None) -> None:
        if self.stats[source.name]["discovered"] >= self.config.max_discovered:
            return
        url = discover.normalize_url(link.url)
        if url is None or not source.allows_host(url):
            return
        if self.frontier.seen(url):
            self._revive(url, link)
            return
        link = discover.Link(url, link.date_hint, link.lastmod)
        if self.config.since and link.date_hint and link.date_hint < self.config.since:
            return
        self.stats[source.name]["discovered"] += 1
        item = Item(link.url, source.name, "article", referrer=referrer, date_hint=link.date_hint)
        if not self.config.recheck_known and self.deferred(link.url):
            # failed on earlier runs and not due yet (a 404 waits days, a 410 forever)
            self.frontier.mark_seen(link.url)
            self.stats[source.name]["deferred"] += 1
            return
        previous = self.known(link.url)
        if previous:
            dated = link.lastmod or link.date_hint
            if not (self.config.recheck_known or _dated_after(dated, previous.get("fetched_at"))):
                self.frontier.mark_seen(link.url)
                self.stats[source.name]["skipped"] += 1
                self._skipped[link.url] = (item, previous.get("fetched_at"))
                self.on_skipped(link.url, source.name)
                return
            item.conditional = True
        self._queue(item)

    def _revive(self, url: str, link: discover.Link) -> None:
        """A known article skipped on an earlier link (a listing's teaser shows the
        publication date) that another document dates after its last fetch (a sitemap's
        lastmod, a feed's updated) is fetched after all, with a conditional GET."""
        skipped = self._skipped.get(url)
        if skipped is None or not _dated_after(link.lastmod or link.date_hint, skipped[1]):
            return
        item, _ = self._skipped.pop(url)
        item.conditional = True
        item.date_hint = item.date_hint or link.date_hint
        self.stats[item.source]["skipped"] -= 1
        self.frontier.revive(item)
        if self._progress:
            self._progress.queued(1)

    def _parse(self, kind: str, result: FetchResult) -> discover.Sitemap:
        """Links of a discovery document (sitemap, feed or listing page)."""
        if kind == "sitemap":
            return discover.parse_sitemap(result.body)
        if kind == "feed":
            return discover.Sitemap(discover.parse_feed(result.body), [])
        return discover.Sitemap(discover.parse_listing(result.text(), result.final_url or result.url), [])

    def _follow(self, item: Item, parsed: discover.Sitemap) -> None:
        """Queue what a discovery document offers to the item's source."""
        source = self.sources[item.source]
        base = item.url
        for child in sorted(parsed.sitemaps, key=lambda link: link.lastmod or "", reverse=True):
            if source.wants_sitemap(child.url):
                self._add_sitemap(source, child, referrer=base)
        for link in parsed.urls:
            if item.kind != "listing":
                if not source.article_patterns or source.is_article(link.url):
                    self._add_article(source, link, referrer=base)
            elif source.is_article(link.url):
                self._add_article(source, link, referrer=base)
            elif (source.is_listing(link.url) and source.allows_host(link.url)
                  and item.depth < self.config.max_listing_depth
                  and self._listings[source.name] < self.config.max_listing_pages):
                child = Item(link.url, source.name, "listing", depth=item.depth + 1, referrer=base)
                if item.url in self._unchanged_listings and self._reuse_listing(child):
                    continue
                if self._add(child):
                    self._listings[source.name] += 1

    def _reuse_listing(self, item: Item) -> bool:
        """A pagination page of a listing page that answered 304 is read from the archived
        body of its own last good fetch, without a request: older listing pages change
        only when the newer ones before them do (``--recheck`` asks for them all).
        False (and nothing done) when it was not fetched before or its body is gone."""
        url = discover.normalize_url(item.url)
        if url is None or self.frontier.seen(url) or not self._revalidates(url):
            return False
        body = self.archived(url)
        if not body:
            return False
        item.url = url
        self.frontier.mark_seen(url)
        self._read.add((url, item.source))
        self._listings[item.source] += 1
        self.stats[item.source]["reused"] += 1
        self._unchanged_listings.add(url)
        result = FetchResult(source=item.source, url=url, kind="listing", final_url=url, body=body,
                             charset=detect_charset(body, None))
        parsed = self._parse("listing", result)
        self._parsed[url] = parsed
        self._follow(item, parsed)
        return True

    # -- robots.txt -------------------------------------------------------------

    async def _robots_for(self, url: str, source: Source) -> Protego:
        """Rules for the URL's origin, fetched once per crawl (4xx: allow all;
        5xx or unreachable: the host is skipped, as RFC 9309 says)."""
        origin = _origin(url)
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._fetch_robots(origin, source)
        rules = self._robots[origin]
        if source.robots_sitemaps and (source.name, origin) not in self._robots_sitemaps_done:
            self._robots_sitemaps_done.add((source.name, origin))
            for sitemap_url in rules.sitemaps:
                link = discover.normalize_url(sitemap_url, origin)
                if link and source.wants_sitemap(link):
                    self._add_sitemap(source, discover.Link(link), referrer=origin + "/robots.txt")
        return rules

    async def _fetch_robots(self, origin: str, source: Source) -> Protego:
        url = origin + "/robots.txt"
        host = host_of(url)
        item = Item(url, source.name, "robots")
        # fetched before with validators and its body archived: a conditional GET, a 304
        # being read from the archived body of the last good fetch
        item.conditional = self._revalidates(url)
        response, result, chain = await self._get_following(url, source, "robots", item=item, check_robots=False)
        if result is None and response.status == 304 and item.conditional:
            result = self._result(item, response, chain)
            if result.body is None:
                # a 304 whose archived body cannot be read back (WARC gone or damaged):
                # ask once more for the whole file
                self._report(result)
                item.conditional = False
                response, result, chain = await self._get_following(url, source, "robots", item=item,
                                                                     check_robots=False)
        if result is not None and result.not_modified and result.body is not None:
            text = result.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        elif result is not None:
            # A robots.txt we will not follow to its redirect target counts as
            # unavailable, which RFC 9309 treats like a 4xx: no restrictions.
            text = _ALLOW_ALL
        else:
            result = self._result(item, response, chain)
            if response.status is None or response.status >= 500:
                # RFC 9309: an unreachable robots.txt means a full disallow (of
                # this origin: another port of the same host has robots.txt of its own).
                self._blocked_hosts[origin] = "robots-unavailable"
                text = _ALLOW_ALL
            elif 400 <= response.status < 500:
                text, result.error = _ALLOW_ALL, None
            else:
                text = response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        self._report(result)
        rules = discover.parse_robots(text)
        crawl_delay = rules.crawl_delay(self.config.robots_agent)
        if crawl_delay:
            if crawl_delay > self.config.max_crawl_delay:
                self._blocked_hosts[origin] = "crawl-delay-too-long"
            self.politeness.raise_delay(host, float(crawl_delay))
        return rules

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
            if _origin(url) in self._blocked_hosts:
                return self._blocked_hosts[_origin(url)]
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

    # -- reporting ---------------------------------------------------------------

    def _report(self, result: FetchResult) -> None:
        stats = self.stats[result.source]
        if result.status is not None:
            stats["fetched"] += 1
        if result.not_modified:
            stats["not_modified"] += 1
        if result.error and not result.will_retry:
            stats["failed"] += 1
        outcome = self.on_result(result)
        if outcome in ("new", "changed", "unchanged"):
            stats[outcome] += 1
        if self._progress:
            self._progress.fetched(result)


def _origin(url: str) -> str:
    """scheme://host[:port], the unit robots.txt applies to (RFC 9309)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


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


def _dated_after(dated: str | None, fetched_at: str | None) -> bool:
    """Whether a feed/sitemap/listing date may lie after the last fetch.

    Both are compared as instants (no UTC offset given: UTC), not as text.
    False when either is missing or unreadable (a time whose UTC instant lies
    outside years 1 to 9999 included).
    """
    when, fetched = parse_iso(dated), parse_iso(fetched_at)
    fetched = _utc(fetched) if fetched is not None else None
    if when is None or fetched is None:
        return False
    if not isinstance(when, datetime):
        # A date alone stands for that whole (UTC) day: an article dated the
        # day of the last fetch may have changed after it, so it is fetched
        # again; the date cannot tell, and the conditional GET is cheap.
        return when >= fetched.date()
    when = _utc(when)
    return when is not None and when > fetched


def _utc(value: date | datetime) -> datetime | None:
    """An aware UTC datetime; a date alone is its first instant. None when the
    UTC instant lies outside years 1 to 9999 ("0001-01-01T00:00:00+01:00")."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    try:
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def _now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(enabled: bool | None):
    if enabled is False or (enabled is None and not sys.stderr.isatty()):
        return _NoProgress()
    from .report import CrawlProgress

    return CrawlProgress()
