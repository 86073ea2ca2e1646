"""Page type (article | listing | other) and the teaser links of listing pages.

A listing or hub page (a section front, a partner page with its news feed) is
recognised by its teasers: links whose anchor text reads like a headline and
that point deeper into the same site. When such teasers outweigh the page's own
prose, the page is a listing: its links (with their dates, when shown) feed
discovery, and it never becomes an article of menu text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .metadata import ARTICLE_TYPES, LISTING_TYPES, PageMetadata, absolute_url, parse_date, url_host
from .records import Link

# A headline has a few words; menu entries ("Careers", "Olympic House") do not.
_MIN_TEASER_WORDS = 4
_MIN_TEASERS_FOR_LISTING = 3
# A main text that is mostly teaser headlines is a list of stories, not a story.
_LISTING_TEASER_SHARE = 0.35
# Fewer words than this, and no teasers: not an article (error pages, galleries, forms).
_MIN_ARTICLE_WORDS = 40
_MONTH_NUMBERS = {
    "jan": 1, "january": 1, "januar": 1, "janvier": 1, "jän": 1, "jänner": 1,
    "feb": 2, "february": 2, "februar": 2, "février": 2, "fév": 2,
    "mar": 3, "march": 3, "märz": 3, "mars": 3,
    "apr": 4, "april": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "jun": 6, "june": 6, "juni": 6, "juin": 6,
    "jul": 7, "july": 7, "juli": 7, "juillet": 7, "juil": 7,
    "aug": 8, "august": 8, "août": 8,
    "sep": 9, "sept": 9, "september": 9, "septembre": 9,
    "oct": 10, "october": 10, "okt": 10, "oktober": 10, "octobre": 10,
    "nov": 11, "november": 11, "novembre": 11,
    "dec": 12, "december": 12, "dez": 12, "dezember": 12, "décembre": 12, "déc": 12,
}
_MONTHS = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_TEXT_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:\.|st|nd|rd|th|er)?\s+(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{{2}})\b"
    r"|\b(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2})\b"
    r"|\b(?P<y4>(?:19|20)\d{2})-(?P<m4>\d{2})-(?P<d4>\d{2})\b",
    re.IGNORECASE,
)


def find_text_date(text: str) -> str | None:
    """The first day-precise date written in ``text`` (EN/DE/FR month names or
    numeric forms), as ``YYYY-MM-DD``."""
    for match in _TEXT_DATE.finditer(text):
        parts = {k[0]: v for k, v in match.groupdict().items() if v}
        month = parts["m"]
        month_number = int(month) if month.isdigit() else _MONTH_NUMBERS[month.lower()]
        try:
            return date(int(parts["y"]), month_number, int(parts["d"])).isoformat()
        except ValueError:
            continue
    return None




def _same_site(url: str, page_host: str | None) -> bool:
    if not page_host:
        return True
    host = url_host(url) or ""
    return host == page_host or host.endswith("." + page_host) or page_host.endswith("." + host)


def _normalised_url(href: str, page_url: str | None) -> str | None:
    absolute = absolute_url(href, page_url)
    if absolute is None:
        return None
    parts = urlsplit(absolute)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _inside_chrome(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("nav", "header", "footer", "menu"):
            return True
        if parent.attributes.get("role") in ("navigation", "banner", "contentinfo"):
            return True
        parent = parent.parent
    return False


def _teaser_date(anchor) -> str | None:
    """The date shown with a teaser: a ``<time>`` or a date in the text of the
    smallest container around the link that holds no other teaser link."""
    container = anchor
    for _ in range(4):
        parent = container.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        if len({a.attributes.get("href") for a in parent.css("a[href]")}) > 1:
            break  # the parent holds another teaser: its dates are not this one's
        container = parent
    time_node = container.css_first("time[datetime]")
    if time_node is not None:
        value = parse_date(time_node.attributes.get("datetime"))
        if value:
            return value
    return find_text_date(container.text(separator=" ", strip=True))


@dataclass
class Teaser:
    """A teaser link and the anchor it came from (to look up its date later)."""

    link: Link
    anchor: LexborNode


def find_teasers(tree: LexborHTMLParser, page_url: str | None) -> list[Teaser]:
    """Links that read like story teasers: same site, deeper than the home page,
    anchor text of at least four words, outside menus; first occurrence wins.
    Dates are not looked up here (see ``dated_links``): most pages are articles."""
    links: list[Teaser] = []
    seen: set[str] = set()
    page = _normalised_url(page_url, None) if page_url else None
    page_host = url_host(page_url)
    body = tree.body
    if body is None:
        return links
    for anchor in body.css("a[href]"):
        title = " ".join(anchor.text(separator=" ").split())
        if not title:
            heading = anchor.parent.css_first("h2, h3, h4") if anchor.parent else None
            title = " ".join(heading.text().split()) if heading else ""
        if len(title.split()) < _MIN_TEASER_WORDS:
            continue
        url = _normalised_url(anchor.attributes.get("href") or "", page_url)
        if not url or url == page or url in seen or not _same_site(url, page_host):
            continue
        if urlsplit(url).path.strip("/") == "" or _inside_chrome(anchor):
            continue
        seen.add(url)
        links.append(Teaser(Link(url=url, title=title), anchor))
    return links


def dated_links(teasers: list[Teaser]) -> list[Link]:
    """The teasers' links, each with the date shown beside it (None if none)."""
    for teaser in teasers:
        teaser.link.date = _teaser_date(teaser.anchor)
    return [teaser.link for teaser in teasers]


def classify_page(metadata: PageMetadata, text: str, teasers: list[Link]) -> str:
    """``article`` | ``listing`` | ``other`` for a page, from its declared type, the
    length of its main text and how much of that text is teaser headlines."""
    words = len(text.split())
    declared_article = bool(metadata.schema_types & ARTICLE_TYPES) or metadata.og_type == "article"
    declared_listing = bool(metadata.schema_types & LISTING_TYPES) and not declared_article
    if teasers and teaser_share(text, teasers) >= _LISTING_TEASER_SHARE:
        return "listing"
    if len(teasers) >= _MIN_TEASERS_FOR_LISTING and (
            declared_listing or (not declared_article and words < _MIN_ARTICLE_WORDS)):
        return "listing"
    if words < _MIN_ARTICLE_WORDS and not declared_article:
        return "other"
    return "article"


def teaser_share(text: str, teasers: list[Link]) -> float:
    """The share of ``text`` made of teaser headlines (0 for an empty text)."""
    if not text:
        return 0.0
    covered = sum(len(link.title) for link in teasers if link.title and link.title in text)
    return min(covered / len(text), 1.0)
