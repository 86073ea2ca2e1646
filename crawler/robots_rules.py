"""robots.txt for the crawler: fetched once per origin and crawl, conditional across
runs (a 304 reads the rules back from the archive), RFC 9309's answers for 4xx, 5xx and
unreachable hosts. A mixin of ``crawl.Crawler``."""
from __future__ import annotations

import asyncio

from protego import Protego

from . import discover
from .frontier import Item
from .sources import Source, host_of

# RFC 9309: crawlers may stop reading robots.txt after 500 KiB.
ROBOTS_MAX_BYTES = 500 * 1024
_ALLOW_ALL = "User-agent: *\nAllow: /\n"


def url_origin(url: str) -> str:
    """scheme://host[:port], the unit robots.txt applies to (RFC 9309)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


class RobotsRules:
    # -- robots.txt -------------------------------------------------------------

    async def _robots_for(self, url: str, source: Source) -> Protego:
        """Rules for the URL's origin, fetched once per crawl (4xx: allow all;
        5xx or unreachable: the host is skipped, as RFC 9309 says)."""
        origin = url_origin(url)
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

