"""Discovery: robots.txt, sitemaps, feeds and listing pages → candidate URLs.

Pure functions over response bodies; the crawl decides what to fetch.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
from lxml import etree
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from extract.metadata import parse_iso

MAX_URL_LENGTH = 2048
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path (RFC 3986 pchar, and '%' of existing
# escapes). Query keys and values are decoded and re-encoded, all but the
# unreserved characters escaped, so every spelling of one query compares equal.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
# Query parameters that only track the visitor; dropping them merges duplicates.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|yclid|igshid|ref_src)$", re.I)
# A path segment sequence that repeats (a/b/a/b/a/b) is a relative-link trap.
_REPEATED_SEGMENTS = re.compile(r"(/[^/]+/[^/]+)(\1){2,}|(/[^/]+)\3{3,}")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "januar", "jän", "janvier", "janv"),
            ("february", "feb", "februar", "février", "fevrier", "févr", "fevr"),
            ("march", "mar", "märz", "maerz", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juni", "juin"),
            ("july", "jul", "juli", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "oktober", "okt", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(" + _MONTH_NAMES + r")\.?,?\s+(\d{4})\b", re.I), ("d", "M", "y")),
    (re.compile(r"\b(" + _MONTH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), ("M", "d", "y")),
)
_TEASER_TEXT_LIMIT = 400
_TEASER_LEVELS = 4


@dataclass(frozen=True)
class Link:
    """A discovered URL with the publication (or last-modified) date found beside it."""

    url: str
    date_hint: str | None = None
    lastmod: str | None = None


@dataclass
class Sitemap:
    urls: list[Link]
    sitemaps: list[Link]


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Canonical form for de-duplication, or None for URLs not worth fetching
    (not http(s), too long, relative-link traps, javascript:, mailto:).

    Lower-cases scheme and host, drops default ports, user info, fragments and
    tracking parameters, sorts the query and percent-encodes what must be; it
    never decodes an escape in the path, so the server sees the same resource.
    """
    url = (url or "").strip()
    if not url or url.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host or len(url) > MAX_URL_LENGTH:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if _REPEATED_SEGMENTS.search(path):
        return None
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    query = urlencode(sorted(pairs, key=lambda pair: pair[0]), quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


def parse_robots(text: str) -> Protego:
    return Protego.parse(text)


def parse_sitemap(body: bytes) -> Sitemap:
    """URLs (with news:publication_date / lastmod) and child sitemaps of a sitemap,
    sitemap index or plain-text sitemap. Malformed XML is read as far as it goes."""
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        lines = (line.strip() for line in body.decode("utf-8", "replace").splitlines())
        return Sitemap([Link(u) for u in (normalize_url(l) for l in lines) if u], [])
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(stripped, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return Sitemap([], [])
    urls: list[Link] = []
    children: list[Link] = []
    for element in root.iter("{*}url", "{*}sitemap"):
        loc = normalize_url(_child_text(element, "loc") or "")
        if not loc:
            continue
        lastmod = iso_datetime(_child_text(element, "lastmod"))
        if etree.QName(element).localname == "sitemap":
            children.append(Link(loc, None, lastmod))
        else:
            published = iso_datetime(_child_text(element, "publication_date"))
            urls.append(Link(loc, (published or lastmod or "")[:10] or None, lastmod))
    return Sitemap(urls, children)


def _child_text(element, localname: str) -> str | None:
    for child in element.iter("{*}" + localname):
        if child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_feed(body: bytes) -> list[Link]:
    """Entry links of an RSS/Atom feed with their publication dates."""
    feed = feedparser.parse(body)
    links = []
    for entry in feed.entries:
        url = normalize_url(entry.get("link") or "")
        if not url:
            continue
        # dict.get: feedparser's own get() aliases the two keys with a warning.
        published = dict.get(entry, "published_parsed")
        updated = dict.get(entry, "updated_parsed")
        parsed = published or updated
        updated = updated or published
        links.append(Link(url, _struct_date(parsed), _struct_datetime(updated)))
    return links


def looks_like_feed(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_listing(html: str, base_url: str) -> list[Link]:
    """Links of an HTML page, each with a teaser date found beside it when there is one."""
    tree = LexborHTMLParser(html)
    base_node = tree.css_first("base[href]")
    base = urljoin(base_url, base_node.attributes.get("href") or "") if base_node else base_url
    links: dict[str, Link] = {}
    date_cache: dict[int, str | None] = {}
    for anchor in tree.css("a[href]"):
        url = normalize_url(anchor.attributes.get("href") or "", base)
        if not url:
            continue
        found = _teaser_date(anchor, date_cache)
        if url not in links or (found and not links[url].date_hint):
            links[url] = Link(url, found)
    return list(links.values())


def _teaser_date(anchor, cache: dict[int, str | None]) -> str | None:
    """Date in the smallest enclosing block (≤ 4 levels, short text) of a link."""
    node = anchor
    for _ in range(_TEASER_LEVELS):
        if node is None or node.tag in ("body", "html"):
            return None
        key = node.mem_id
        if key not in cache:
            cache[key] = _node_date(node)
        if cache[key]:
            return cache[key]
        node = node.parent
    return None


def _node_date(node) -> str | None:
    for time_node in node.css("time"):
        found = iso_date(time_node.attributes.get("datetime") or time_node.text(strip=True))
        if found:
            return found
    text = node.text(separator=" ", strip=True)
    return find_date(text) if len(text) <= _TEASER_TEXT_LIMIT else None


def find_date(text: str) -> str | None:
    """First date written in the text (ISO, 12.03.2024, 12 March 2024, March 12, 2024,
    12. März 2024, 12 mars 2024) as YYYY-MM-DD."""
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            values = dict(zip(order, match.groups()))
            month = _MONTHS.get(values["M"].lower()) if "M" in values else int(values["m"])
            try:
                return date(int(values["y"]), month or 0, int(values["d"])).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD of a date or datetime string, or of a date written in words."""
    return (iso_datetime(value) or "")[:10] or find_date(value or "")


def iso_datetime(value: str | None) -> str | None:
    """A W3C/ISO date or datetime as UTC ISO text (date-only stays a date); None
    when it is none, or when its UTC instant lies outside years 1 to 9999."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    if not isinstance(parsed, datetime):
        return parsed.isoformat()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        parsed = parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):  # "0001-01-01T00:00:00+01:00"
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def _struct_date(value: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", value) if value else None


def _struct_datetime(value: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", value) if value else None
