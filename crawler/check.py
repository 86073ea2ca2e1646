"""``check_sources``: offline validation of loaded sources and an optional live probe."""
from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from . import discover
from .fetch import DEFAULT_USER_AGENT, Fetcher, Politeness, make_client
from .sources import Source, host_of

_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_EMPTY_PAGE = LexborHTMLParser("<html><body></body></html>")


@dataclass
class Finding:
    source: str
    level: str  # "error" | "warning" | "info"
    message: str

    def __str__(self) -> str:
        return f"{self.level:7} {self.source}: {self.message}"


@dataclass
class SourcesReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def text(self) -> str:
        lines = [str(f) for f in self.findings]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


def check_sources(sources: list[Source], probe: bool = False, *, user_agent: str = DEFAULT_USER_AGENT,
                  delay: float = 1.0, timeout: float = 20.0, trust_env: bool = True) -> SourcesReport:
    """Validate sources offline; with ``probe``, also fetch each source's
    robots.txt, feeds, sitemaps and start pages (network) and report what they hold."""
    report = SourcesReport()
    for source in sources:
        report.findings.extend(_offline_findings(source))
    urls = Counter(u for s in sources for u in s.start_urls + s.feeds + s.sitemaps)
    for url, count in urls.items():
        if count > 1:
            report.findings.append(Finding("*", "warning", f"{url} is listed by {count} sources"))
    if probe:
        report.findings.extend(asyncio.run(_probe(sources, user_agent, delay, timeout, trust_env)))
    return report


def _offline_findings(source: Source) -> list[Finding]:
    found: list[Finding] = []

    def add(level: str, message: str) -> None:
        found.append(Finding(source.name, level, message))

    entry_points = source.start_urls + source.feeds + source.sitemaps
    if not entry_points:
        add("error", "no start_urls, feeds or sitemaps: nothing to crawl")
    for url in entry_points:
        if not source.allows_host(url):
            add("error", f"{url}: host {host_of(url)!r} is not in allowed_hosts")
    for host in source.allowed_hosts:
        if not _HOST.match(host):
            add("error", f"allowed_hosts: {host!r} must be a bare host name (no scheme, port or path)")
    if not source.article_patterns:
        add("warning", "no article_patterns: every feed/sitemap URL counts as an article and "
                       "listing pages yield nothing")
    if source.start_urls and not source.listing_patterns:
        add("info", "no listing_patterns: listing pages are read but pagination is not followed")
    if source.language and not _LANGUAGE.match(source.language):
        add("warning", f"language {source.language!r} is not an ISO 639 code")
    for selector in [source.content_selector, *source.drop_selectors]:
        if selector and not _valid_selector(selector):
            add("error", f"CSS selector {selector!r} does not parse")
    for url in source.start_urls:
        if source.is_article(url):
            add("info", f"{url} matches article_patterns: fetched as an article, not a listing")
    return found


def _valid_selector(selector: str) -> bool:
    try:
        _EMPTY_PAGE.css(selector)
    except SelectolaxError:
        return False
    return True


async def _probe(sources: list[Source], user_agent: str, delay: float, timeout: float,
                 trust_env: bool) -> list[Finding]:
    client = make_client(user_agent=user_agent, connect_timeout=timeout, read_timeout=timeout,
                         concurrency=4, trust_env=trust_env)
    fetcher = Fetcher(client, max_bytes=10_000_000, total_timeout=timeout * 2)
    politeness = Politeness(delay)
    try:
        results = await asyncio.gather(*(_probe_source(s, fetcher, politeness) for s in sources))
    finally:
        await client.aclose()
    return [finding for findings in results for finding in findings]


async def _probe_source(source: Source, fetcher: Fetcher, politeness: Politeness) -> list[Finding]:
    found: list[Finding] = []
    agent = fetcher.client.headers["User-Agent"].split("/", 1)[0]

    async def get(url: str):
        async with politeness.turn(host_of(url)) as turn:
            return await fetcher.get(url, turn=turn)

    def describe(url: str, response) -> str:
        status = response.error or response.status
        location = response.header("location") if response.status and 300 <= response.status < 400 else None
        return f"{url}: {status}" + (f" → {location}" if location else "")

    entry_points = source.start_urls + source.feeds + source.sitemaps
    robots = {}
    for origin in sorted({_origin(u) for u in entry_points}):
        response = await get(origin + "/robots.txt")
        rules = discover.parse_robots(response.body.decode("utf-8", "replace") if response.status == 200 else "")
        robots[origin] = rules
        found.append(Finding(source.name, "info", f"{describe(origin + '/robots.txt', response)}; "
                             f"crawl-delay {rules.crawl_delay(agent)}; {len(list(rules.sitemaps))} sitemap(s) announced"))
    for url in entry_points:
        if not robots[_origin(url)].can_fetch(url, agent):
            found.append(Finding(source.name, "warning", f"{url}: disallowed by robots.txt"))
            continue
        response = await get(url)
        level = "info" if response.status == 200 and not response.error else "warning"
        summary = describe(url, response)
        if response.status == 200 and response.body:
            summary += "; " + _probe_summary(source, url, response.body)
        found.append(Finding(source.name, level, summary))
    return found


def _probe_summary(source: Source, url: str, body: bytes) -> str:
    if url in source.feeds or discover.looks_like_feed(body):
        links = discover.parse_feed(body)
        kind = "feed entries"
    elif url in source.sitemaps:
        sitemap = discover.parse_sitemap(body)
        links = sitemap.urls
        kind = f"sitemap URLs ({len(sitemap.sitemaps)} child sitemaps)"
    else:
        links = discover.parse_listing(body.decode("utf-8", "replace"), url)
        kind = "links"
    articles = sum(1 for link in links if source.allows_host(link.url) and source.is_article(link.url))
    return f"{len(links)} {kind}, {articles} match article_patterns"



def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
