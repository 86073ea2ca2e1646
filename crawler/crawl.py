"""Orchestration: seed sources → frontier → polite fetch → archive → report → discover.

``crawl()`` is the synchronous entry point; it runs one asyncio loop with one
httpx client. Everything the caller stores goes through ``on_result``, called
in the caller's thread once per fetch attempt.
"""
from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from protego import Protego

from extract.metadata import parse_iso

from . import discover
from .archive import WarcArchive
from .content import detect_charset
from .exchanges import Exchanges
from .fetch import DEFAULT_USER_AGENT, Fetcher, Politeness, make_client
from .frontier import DISCOVERY_KINDS, Frontier, Item
from .records import FetchResult
from .robots_rules import RobotsRules
from .sources import Source, host_of

STAT_KEYS = ("discovered", "fetched", "not_modified", "new", "changed", "unchanged", "skipped", "deferred",
             "failed", "cut", "reused")
# cut: requests left undone when the time budget ran out; reused: pagination pages of an
# unchanged listing read from the archive without a request

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


class Crawler(RobotsRules, Exchanges):
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
