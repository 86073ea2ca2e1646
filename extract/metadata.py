"""Page metadata from structured markup: JSON-LD first, then meta tags, then the DOM.

Everything here reads the ``<head>`` and declared structured data only; dates in
the visible text are left to htmldate, which ``article.py`` runs on the cleaned
page so tickers, related-story lists and footers cannot supply them.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as date_parser
from selectolax.lexbor import LexborHTMLParser

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "blogposting", "report",
                 "scholarlyarticle", "techarticle", "liveblogposting", "pressrelease",
                 "socialmediaposting", "review", "medicalscholarlyarticle"}
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage"}

_PUBLISHED_KEYS = ("article:published_time", "og:published_time", "published_time",
                   "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                   "article.published", "dc.date.issued", "dcterms.issued", "dc.date",
                   "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
                   "date", "og:article:published_time", "article_date_original")
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified",
                  "og:article:modified_time", "last-modified", "dcterms.modified",
                  "dc.date.modified", "article.updated", "lastmod")
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author",
                "dc.creator", "dcterms.creator", "byl")

_ORGANISATION_TYPES = {"organization", "newsmediaorganization", "corporation",
                       "sportsorganization", "governmentorganization"}
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*")
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|written by|text|texte|autor|author|"
                            r"auteur|redaktion)\s*[:\-]?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\band\b|\bund\b|\bet\b|\bwith\b|\bmit\b)\s*",
                           re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_EMAIL = re.compile(r"\S+@\S+")
_FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d{2}")
_EARLIEST_YEAR = 1990


@dataclass
class PageMetadata:
    """What a page declares about itself."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    schema_types: set[str] = field(default_factory=set)
    og_type: str | None = None


def _clean_space(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta>`` content by lower-cased name/property/itemprop; the first wins."""
    values: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        content = _clean_space(attrs.get("content"))
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                values.setdefault(key.strip().lower(), content)
    return values


def _json_ld_objects(tree: LexborHTMLParser) -> list[dict]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened."""
    found: list[dict] = []

    def collect(item: object) -> None:
        if isinstance(item, list):
            for element in item:
                collect(element)
        elif isinstance(item, dict):
            found.append(item)
            collect(item.get("@graph"))
            collect(item.get("mainEntity"))

    for node in tree.css('script[type="application/ld+json"]'):
        raw = (node.text(deep=True) or "").strip()
        raw = raw.removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
        try:
            collect(json.loads(raw, strict=False))
        except (ValueError, RecursionError):
            continue
    return found


def _types_of(item: dict) -> set[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower() for v in values if isinstance(v, str)}


def _names(value: object) -> list[str]:
    """Names from a schema.org author/publisher value: string, object or list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if _types_of(value) & _ORGANISATION_TYPES:
            return []
        name = value.get("name")
        return _names(name) if isinstance(name, (str, list)) else []
    if isinstance(value, list):
        return [name for element in value for name in _names(element)]
    return []


def parse_date(value: str | None) -> str | None:
    """ISO 8601 for a date or timestamp string: ``YYYY-MM-DD`` when no time is
    given, otherwise date and time, with the UTC offset when the source has one.
    None for values that are no plausible publication date."""
    value = _clean_space(value)
    if not value or not _FOUR_DIGIT_YEAR.search(value):
        return None
    parsed: datetime | date | None = None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    except ValueError:
        try:
            with warnings.catch_warnings():  # unknown zone names ("MESZ") parse as naive
                warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                parsed = date_parser.parse(value, fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    if not _EARLIEST_YEAR <= parsed.year <= datetime.now().year + 1:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", value))
    if not has_time:
        return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat()
    return parsed.isoformat(timespec="seconds")


def clean_authors(raw_names: list[str], site_name: str | None = None) -> list[str]:
    """Person names from raw author strings: no "By", no dates, no e-mails, no URLs,
    no site name, duplicates removed (order kept)."""
    authors: list[str] = []
    seen: set[str] = set()
    site_key = (site_name or "").casefold()
    for raw in raw_names:
        if not raw or raw.startswith(("http://", "https://", "www.")):
            continue
        text = _EMAIL.sub(" ", raw)
        text = _BYLINE_PREFIX.sub("", " ".join(text.split()))
        for part in _AUTHOR_SPLIT.split(text):
            name = _BYLINE_PREFIX.sub("", part).strip(" .:-–—()[]'\"")
            if (not name or _DATE_LIKE.search(name) or any(ch.isdigit() for ch in name)
                    or len(name) > 60 or len(name.split()) > 5 or not name[0].isalpha()
                    or name.casefold() == site_key):
                continue
            if name.casefold() not in seen:
                seen.add(name.casefold())
                authors.append(name)
    return authors


def url_host(url: str | None) -> str | None:
    """The host name of ``url`` without "www.", or None (also for malformed URLs
    such as "http://[not-an-ip]/", which urllib rejects with ValueError)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def absolute_url(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base``: an http(s) URL, or None."""
    try:
        absolute = urljoin(base or "", href.strip())
        parts = urlsplit(absolute)
        parts.hostname  # noqa: B018 -- raises ValueError for a malformed host
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _site_keys(site_name: str | None, url: str | None) -> set[str]:
    keys = set()
    if site_name:
        keys.add(re.sub(r"\W+", "", site_name.casefold()))
    host = url_host(url)
    if host:
        labels = host.split(".")
        keys.add("".join(labels).casefold())
        keys.add(".".join(labels).casefold().replace(".", ""))
        keys.add(labels[0].casefold())
    return {key for key in keys if len(key) >= 2}


def strip_site_name(title: str, site_name: str | None, url: str | None) -> str:
    """The title without a leading or trailing site name ("Story | Site")."""
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    keys = _site_keys(site_name, url)

    def is_site(part: str) -> bool:
        key = re.sub(r"\W+", "", part.casefold())
        return bool(key) and any(key == k or (len(key) >= 4 and (key in k or k in key))
                                 for k in keys)

    start, end = 0, len(parts)
    while end - start > 1 and is_site(parts[end - 1]):
        end -= 1
    while end - start > 1 and is_site(parts[start]):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    # Cut the original string, so separators inside the kept part survive.
    first, last = parts[start].strip(), parts[end - 1].strip()
    begin = title.find(first)
    finish = title.rfind(last) + len(last)
    return title[begin:finish].strip() if begin >= 0 and finish > begin else title


def read_metadata(tree: LexborHTMLParser, url: str | None = None) -> PageMetadata:
    """Title, authors, dates, canonical URL, site name and description as declared
    by the page (JSON-LD, Open Graph and other meta tags, ``<title>``, ``<h1>``)."""
    meta = meta_values(tree)
    objects = _json_ld_objects(tree)
    articles = [o for o in objects if _types_of(o) & ARTICLE_TYPES]
    main = articles[0] if articles else {}
    schema_types = {t for o in objects for t in _types_of(o)}
    publishers = [o.get("publisher") for o in objects if isinstance(o.get("publisher"), dict)]
    websites = [o for o in objects if "website" in _types_of(o)]

    site_name = _clean_space(
        meta.get("og:site_name")
        or next((p.get("name") for p in publishers if isinstance(p.get("name"), str)), None)
        or next((w.get("name") for w in websites if isinstance(w.get("name"), str)), None)
        or meta.get("application-name")
    )

    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    headline = main.get("headline") if isinstance(main.get("headline"), str) else None
    raw_title = _clean_space(headline or meta.get("og:title") or meta.get("twitter:title")
                             or (title_node.text() if title_node else None)
                             or (h1.text() if h1 else None))
    title = strip_site_name(raw_title, site_name, url) if raw_title else None

    published = parse_date(main.get("datePublished") if isinstance(main.get("datePublished"), str)
                           else None)
    published = published or next(
        (d for d in (parse_date(meta.get(k)) for k in _PUBLISHED_KEYS) if d), None)
    modified = parse_date(main.get("dateModified") if isinstance(main.get("dateModified"), str)
                          else None)
    modified = modified or next(
        (d for d in (parse_date(meta.get(k)) for k in _MODIFIED_KEYS) if d), None)

    raw_authors = _names(main.get("author")) or [meta[k] for k in _AUTHOR_KEYS if k in meta]
    if not raw_authors:
        raw_authors = [n.text() for n in tree.css('[rel="author"], [itemprop="author"]')][:5]
    authors = clean_authors(raw_authors, site_name)

    canonical_node = tree.css_first('link[rel="canonical"][href]')
    canonical = canonical_node.attributes.get("href") if canonical_node else meta.get("og:url")
    if canonical:
        canonical = absolute_url(canonical, url)

    description = _clean_space(meta.get("description") or meta.get("og:description")
                               or (main.get("description")
                                   if isinstance(main.get("description"), str) else None))
    return PageMetadata(title=title, authors=authors, published=published, modified=modified,
                        canonical_url=canonical, site_name=site_name, description=description,
                        schema_types=schema_types,
                        og_type=meta.get("og:type"))
