"""Page metadata from structured markup: JSON-LD first, then meta tags, then the DOM.

``read_metadata`` reads the ``<head>`` and declared structured data only.
``stated_publication_date`` reads the visible text for a publication date that
the page labels as such ("Published: …", "Erschienen am …", "Mise en ligne …",
"By Jane Doe | 3 May 2020") or a press-release dateline ("Hamburg, den 2.
Dezember 2022", "WASHINGTON (January 24, 2017) —"); ``article.py`` asks it when
the markup declares no date, before falling back to htmldate.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

from dateutil import parser as date_parser
from selectolax.lexbor import LexborHTMLParser

from .dates import find_dates

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
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Words that introduce a page's own publication date (EN/DE/FR), matched in any case.
_PUBLICATION_LABEL = re.compile(
    r"(?<!\w)(?:(?:first\s+)?(?:e-?)?published|posted|written|veröffentlicht|veröffentlichung|"
    r"erschienen|erscheinungsdatum|erstellt|publiziert|publié|publiée|"
    r"mise?\s+en\s+ligne|créé|date\s+de\s+publication|"
    # the other languages of the pages presskb reads: es/pt, it, nl, pl
    r"publicad[oa]|publicação|pubblicato|gepubliceerd|publikacja|opublikowano)(?!\w)", re.IGNORECASE)
# "Date"/"Datum" are ordinary words too ("ab diesem Datum ..."): as labels they
# stand right before the date.
_DATE_WORD_LABEL = re.compile(r"(?<!\w)(?:date|datum)(?!\w)", re.IGNORECASE)
# A byline: a capitalised "By"/"Von"/"Par" (in running text the word is lower case),
# the author's name, then the date.
_BYLINE_LABEL = re.compile(r"(?<!\w)(?:By|BY|Von|VON|Par|PAR)(?=\s+\w)")
# A date introduced this way is an update, not the publication.
_UPDATE_WORDS = re.compile(r"updated|update|aktualisiert|geändert|änderung|stand|"
                           r"mis\s+à\s+jour|modifié|modified|edited|"
                           r"actualizad[oa]|atualizad[oa]|aggiornat[oa]|bijgewerkt|aktualizacja",
                           re.IGNORECASE)
# A label and its date belong to one phrase: no sentence ends between them (a
# period after a word of two or more letters; initials like "R.C." are fine).
_SENTENCE_END = re.compile(r"^\s*[.!?]|\w\w[.!?]\s")
# "07/03/24": month-first in American pages, day-first elsewhere; left undecided.
_AMBIGUOUS_SLASH_DATE = re.compile(r"^(0?[1-9]|1[0-2])/(0?[1-9]|1[0-2])/")
# How far after its label a date may start (a byline leaves room for the name).
_LABEL_REACH = 40
_DATE_WORD_REACH = 3
_BYLINE_REACH = 70
# A byline counts only this close after the headline: further down, "By … <date>"
# lines belong to related stories.
_BYLINE_AREA = 1000
# Publication datelines sit by the headline or at the end of the text; the
# furthest labelled date looked at is this far past the headline.
_DATELINE_REACH = 12000
_MAX_LABELS = 40
# An unlabelled date right under the headline, in the same phrase (an author's name, a
# section name between), is the article's dateline: "Titel Isabell Angele 25. Dezember 2022".
# bench/pubdate_eval.py on the trafilatura pages (the dev side): 0.781 → 0.797 (the same
# within 0.002 for any reach of 80–250 characters below and 120–250 above); wcxb-dev, not
# looked at while choosing, 0.590 → 0.606.
_AFTER_HEADLINE = 150
_ABOVE_HEADLINE = 120
_HEADLINE_OCCURRENCES = 3
# An <h1> is the headline when it shares this share of its words with the page's title.
_HEADLINE_OVERLAP = 0.5
_TITLE_WORD = re.compile(r"\w+")
# A lower-case word of four letters or more (not a handle or an address): running text.
_PROSE_WORD = re.compile(r"(?<![\w@.])[^\W\d_A-ZÄÖÜÉÈÀÇ]{4,}(?![\w@.])")
# A press release opens (or signs off) with its place and day: "Hamburg, den …",
# "Bern, 17.08.2007 - …", "WASHINGTON (January 24, 2017) — …".
_PLACE_DATELINE = re.compile(r"^[A-ZÄÖÜÉ][\w'’ -]{2,40}?(?:,\s*(?:den|le|am)?\s*|\s+\()")
_DATELINE_END = re.compile(r"^\s*(?:$|[)\-–—:/|])")
_DATELINE_PARAGRAPHS = 60
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


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


_HAS_TIME = re.compile(r"[Tt ]\d|:")


def parse_iso(value: str | None) -> date | datetime | None:
    """An ISO 8601 / W3C date or timestamp: a ``date`` for a bare ``YYYY-MM-DD``,
    otherwise a ``datetime``, aware when the text has a UTC offset (or ``Z``).
    None when the text is no ISO value. Pure: the crawler reads sitemap and feed
    dates with it too."""
    value = _clean_space(value)
    if not value:
        return None
    try:
        if _ISO_DAY.fullmatch(value) or not _HAS_TIME.search(value):
            # A day ("2026-11-23", "20261123", "2026-W48-1") is a date, not midnight.
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """ISO 8601 for a date or timestamp string: ``YYYY-MM-DD`` when no time is
    given, otherwise date and time, with the UTC offset when the source has one.
    None for values that are no plausible publication date."""
    value = _clean_space(value)
    if not value or not _FOUR_DIGIT_YEAR.search(value):
        return None
    parsed = parse_iso(value)
    if parsed is None:
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


def _day_near_start(window: str, reach: int) -> str | None:
    """The ISO day of the first full date starting within ``reach`` characters of
    ``window``, unless the words before it end a sentence or call it an update, or
    the date's order of day and month is undecidable."""
    return _first_day(window, reach)[0]


def _first_day(window: str, reach: int) -> tuple[str | None, bool]:
    """``_day_near_start``'s day, and whether the first date there is undecidable."""
    for mention in find_dates(window):
        if mention.start > reach:
            return None, False
        if mention.value and mention.granularity in ("day", "time"):
            gap = window[:mention.start]
            if _ambiguous(mention.text):
                return None, True
            if _UPDATE_WORDS.search(gap) or _SENTENCE_END.search(gap):
                return None, False
            return parse_date(mention.value[:10]), False
    return None, False


def _day_below_headline(text: str, title: str, start: int) -> str | None:
    """The first full date right under the headline, when only names, sections or
    widgets stand between ("Isabell Angele 25. Dezember 2022", "Adjust Share July 7,
    2020"), not prose ("ab diesem Datum Grünland am 1. Februar"). The headline's words
    may come first in a teaser or breadcrumb: each of its first few occurrences is tried."""
    for _ in range(_HEADLINE_OCCURRENCES):
        below = start + len(title)
        window = text[below:below + _AFTER_HEADLINE + 40]
        first = next(iter(find_dates(window)), None)
        if first is not None and first.start <= _AFTER_HEADLINE \
                and not _PROSE_WORD.search(window, 0, first.start):
            return _day_near_start(window, _AFTER_HEADLINE)
        start = text.find(title, below)
        if start < 0:
            return None
    return None


def _ambiguous(date_text: str) -> bool:
    """ "07/03/24" may be either order; "02/02/2022" reads the same both ways."""
    m = _AMBIGUOUS_SLASH_DATE.match(date_text)
    return bool(m) and int(m.group(1)) != int(m.group(2))


def _labelled_day(text: str) -> str | None:
    matches = sorted([(m.end(), _LABEL_REACH) for m in _PUBLICATION_LABEL.finditer(text)]
                     + [(m.end(), _DATE_WORD_REACH) for m in _DATE_WORD_LABEL.finditer(text)]
                     + [(m.end(), _BYLINE_REACH)
                        for m in _BYLINE_LABEL.finditer(text, 0, _BYLINE_AREA)])
    for end, reach in matches[:_MAX_LABELS]:
        day, undecidable = _first_day(text[end:end + reach + 40], reach)
        if day:
            return day
        if undecidable:
            return None  # the first labelled date says no order; later labels are other posts'
    return None


def _place_dateline_day(tree: LexborHTMLParser) -> str | None:
    for paragraph in islice(tree.css("p"), _DATELINE_PARAGRAPHS):
        text = " ".join(paragraph.text().split())[:120]
        place = _PLACE_DATELINE.match(text)
        # "Samstag, 22.01.2022 – …" is an event listing: the weekday belongs to the date.
        if not place or any(m.start == 0 for m in find_dates(text[:place.end() + 40])):
            continue
        mentions = find_dates(text[place.end():])
        if (mentions and mentions[0].start == 0 and mentions[0].value
                and mentions[0].granularity in ("day", "time")
                and _DATELINE_END.match(text[place.end() + mentions[0].end:])):
            return parse_date(mentions[0].value[:10])
    return None


def _headline(tree: LexborHTMLParser, text: str, title: str | None) -> str:
    """The headline's words as the visible text has them: the first ``<h1>`` with mostly the
    page title's words — an ``<h1>`` may hold the site's name or a menu's — else the title
    itself where the text has it, else the first ``<h1>``; "" when there is none."""
    headlines = [" ".join(h.text().split()) for h in islice(tree.css("h1"), 5)]
    headlines = [h for h in headlines if h]
    if title:
        words = set(_TITLE_WORD.findall(title.casefold()))
        for headline in headlines:
            key = set(_TITLE_WORD.findall(headline.casefold()))
            # the same words, mostly: "Kein Zugang mehr" under a title "Kein Zutritt mehr"
            if key and len(key & words) >= _HEADLINE_OVERLAP * len(key | words):
                return headline
        if title in text:
            return title
    return headlines[0] if headlines else ""


def stated_publication_date(tree: LexborHTMLParser, title: str | None = None) -> str | None:
    """The publication day (ISO) that the page's visible text states: a labelled date
    just above the first headline, else an unlabelled one right under it, else the first
    date labelled as the publication (or following a byline) from the headline on, else
    a press-release dateline. None when the page states none of them.

    Strips scripts, styles and templates from ``tree`` in place (call it after
    everything that reads them)."""
    if tree.body is None:
        return None
    tree.strip_tags(list(_INVISIBLE_TAGS))
    text = " ".join(tree.body.text(separator=" ").split())
    title = _headline(tree, text, " ".join(title.split()) if title else None)
    start = text.find(title) if title else -1
    if start < 0:
        return _labelled_day(text[:_DATELINE_REACH]) or _place_dateline_day(tree)
    # The article's header may put the labelled date just above the headline
    # ("Posted on April 22, 2022" over the title); further up is the page's furniture.
    header = max(0, start - _ABOVE_HEADLINE)
    below = start + len(title)
    return (_labelled_day(text[header:below])
            or _day_below_headline(text, title, start)
            or _labelled_day(text[start:start + _DATELINE_REACH])
            or _place_dateline_day(tree))
