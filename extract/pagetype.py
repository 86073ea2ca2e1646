"""Page type (article | listing | other) and the teaser links of listing pages.

A listing or hub page (a section front, a partner page with its news feed) is
recognised by its teasers: links whose anchor text reads like a headline and
that point deeper into the same site. When such teasers outweigh the page's own
prose, the page is a listing: its links (with their dates, when shown) feed
discovery, and it never becomes an article of menu text.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from .metadata import ARTICLE_TYPES, LISTING_TYPES, PageMetadata, parse_date
from .records import Link

# A headline has a few words; menu entries ("Careers", "Olympic House") do not.
_MIN_TEASER_WORDS = 4
_MIN_TEASERS_FOR_LISTING = 6
# Fewer words than this, and no teasers: not an article (error pages, galleries, forms).
_MIN_ARTICLE_WORDS = 40
_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|"
           r"april|mai|juni|juli|august|september|oktober|november|dezember|janvier|février|"
           r"mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|january|"
           r"february|march|june|july|october|december")
_TEXT_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+((?:19|20)\d{{2}})\b"
    rf"|\b({_MONTHS})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})\b"
    r"|\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b"
    r"|\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b",
    re.IGNORECASE,
)
# Where teasers are not: menus, page header and footer.
_CHROME = "nav, header, footer, [role=navigation], [role=banner], [role=contentinfo], menu"


def _same_site(url: str, page_url: str | None) -> bool:
    if not page_url:
        return True
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    page_host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    return host == page_host or host.endswith("." + page_host) or page_host.endswith("." + host)


def _normalised_url(href: str, page_url: str | None) -> str | None:
    absolute = urljoin(page_url or "", href.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
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
        if parent is None or parent.tag in ("body", "html") or len(parent.css("a[href]")) > 3:
            break
        container = parent
    time_node = container.css_first("time[datetime]")
    if time_node is not None:
        value = parse_date(time_node.attributes.get("datetime"))
        if value:
            return value
    match = _TEXT_DATE.search(container.text(separator=" ", strip=True))
    return parse_date(match.group(0)) if match else None


def find_teaser_links(tree: LexborHTMLParser, page_url: str | None) -> list[Link]:
    """Links that read like story teasers: same site, deeper than the home page,
    anchor text of at least four words, outside menus; first occurrence wins."""
    links: list[Link] = []
    seen: set[str] = set()
    page = _normalised_url(page_url, None) if page_url else None
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
        if not url or url == page or url in seen or not _same_site(url, page_url):
            continue
        if urlsplit(url).path.strip("/") == "" or _inside_chrome(anchor):
            continue
        seen.add(url)
        links.append(Link(url=url, title=title, date=_teaser_date(anchor)))
    return links


def classify_page(metadata: PageMetadata, text: str, teasers: list[Link]) -> str:
    """``article`` | ``listing`` | ``other`` for a page, from its declared type, the
    length of its main text and the weight of its teaser links."""
    words = len(text.split())
    teaser_words = sum(len((link.title or "").split()) for link in teasers)
    declared_article = bool(metadata.schema_types & ARTICLE_TYPES) or metadata.og_type == "article"
    declared_listing = bool(metadata.schema_types & LISTING_TYPES) and not declared_article
    if len(teasers) >= _MIN_TEASERS_FOR_LISTING:
        if not declared_article and (declared_listing or teaser_words > words):
            return "listing"
        if words < _MIN_ARTICLE_WORDS * 2 and teaser_words > 2 * words:
            return "listing"
    if words < _MIN_ARTICLE_WORDS and not declared_article:
        return "other"
    return "article"
