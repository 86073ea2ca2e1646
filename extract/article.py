"""HTML page → ``Article``: main text, metadata, language and page type.

Text layout: paragraphs (trafilatura's blocks: paragraphs, headings, lists,
quotes, tables) are separated by one blank line ("\\n\\n"); a single "\\n" only
occurs inside a block (list items, line breaks, table rows). ``text_hash`` is the
SHA-256 hex digest of that text, ``word_count`` counts its whitespace-separated
words.

``extract_article`` never raises for bad input: empty, binary, undecodable or
unparsable pages come back as an ``Article`` with ``error`` set.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import htmldate.extractors as htmldate_extractors
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from selectolax.lexbor import LexborHTMLParser
from trafilatura.utils import load_html

from .clean import apply_overrides, filter_paragraphs, preclean
from .decoding import UndecodableInput, decode_html, looks_binary
from .language import detect_languages
from .maintext import better_of, main_text_blocks, needs_guard, prose_words, trafilatura_paragraphs
from .metadata import PageMetadata, read_metadata, stated_publication_date
from .pagetype import classify_page, dated_links, find_teasers
from .records import Article

# Pages beyond this size are cut before parsing: no news article needs more, and
# parse and extraction time stay bounded on pathological input.
MAX_HTML_CHARS = 5_000_000
PARAGRAPH_SEPARATOR = "\n\n"
# The HTML parser's cost grows faster than linearly with nesting depth (tens of
# seconds at 100,000 levels), so depth is estimated on the raw markup first, from
# the container tags that real pages always close.
MAX_CONTAINER_DEPTH = 2000
_CONTAINER_TAG = re.compile(
    r"<(/?)(?:div|table|section|article|span|ul|ol|blockquote|font|center)\b",
    re.IGNORECASE)


def extract_article(html: str | bytes, url: str | None = None, *,
                    overrides: dict | None = None) -> Article:
    """Extract an ``Article`` from one HTML page (see the module docstring).

    ``overrides`` are per-source hints: ``{"content_selector": css,
    "drop_selectors": [css, ...]}``.
    """
    article = Article(url=url)
    try:
        page = _as_text(html)
    except UndecodableInput as error:
        article.error = str(error)
        return article
    if not page.strip():
        article.error = "empty input"
        return article
    page = page[:MAX_HTML_CHARS]
    if container_depth(page) > MAX_CONTAINER_DEPTH:
        article.error = f"document nested deeper than {MAX_CONTAINER_DEPTH} levels"
        return article
    try:
        return _extract(page, article, overrides)
    except Exception as error:  # noqa: BLE001 -- one odd page must not stop a crawl
        article.error = f"extraction failed: {type(error).__name__}: {error}"
        return article


def container_depth(page: str) -> int:
    """The deepest nesting of container tags in raw markup (a cheap upper estimate)."""
    depth = deepest = 0
    for match in _CONTAINER_TAG.finditer(page):
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _as_text(html: str | bytes) -> str:
    if isinstance(html, bytes):
        return decode_html(html)
    if looks_binary(html):
        raise UndecodableInput("binary payload, not an HTML document")
    return html


def _extract(page: str, article: Article, overrides: dict | None) -> Article:
    tree = LexborHTMLParser(page)
    if tree.body is None and tree.head is None:
        article.error = "no HTML document found"
        return article
    metadata = read_metadata(tree, article.url)
    teasers = find_teasers(tree, article.url)
    dom = load_html(apply_overrides(page, overrides) if overrides else page)
    if dom is None:
        article.error = "no HTML document found"
        return article
    _fill_metadata(article, metadata)
    # From the uncleaned page: a dateline often sits in the article's <header>.
    stated_date = stated_publication_date(tree, metadata.title) if article.published is None else None
    page_prose = prose_words(dom)
    preclean(dom)
    # htmldate reads the tree before trafilatura prunes it.
    page_date = (stated_date or _date_from_page(dom, article.url)
                 if article.published is None else None)
    paragraphs = filter_paragraphs(main_text_blocks(dom, article.url), metadata.title)
    if needs_guard(paragraphs, page_prose):
        # much of the page's prose is missing: what does trafilatura alone find?
        alone = load_html(apply_overrides(page, overrides) if overrides else page)
        if alone is not None:
            paragraphs = better_of(paragraphs, filter_paragraphs(
                trafilatura_paragraphs(alone, article.url), metadata.title))
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    article.page_type = classify_page(metadata, text, [teaser.link for teaser in teasers])
    if article.page_type == "listing":
        # A date htmldate finds on a listing page is a teaser's, not the page's.
        article.links = dated_links(teasers)
    else:
        # Nothing declared, stated or in the cleaned tree's markup: htmldate alone, with
        # its free-text search, on the page as served (bench/pubdate_eval.py: this order
        # beats htmldate alone on every set).
        article.published = article.published or page_date or _date_from_page(
            page, article.url, extensive=True)
    article.text = text
    article.word_count = len(text.split())
    article.text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article.language, article.language_probability, article.language_runs = detect_languages(text)
    return article


def _fill_metadata(article: Article, metadata: PageMetadata) -> None:
    article.title = metadata.title
    article.authors = metadata.authors
    article.published = metadata.published
    article.modified = metadata.modified
    article.canonical_url = metadata.canonical_url
    article.site_name = metadata.site_name
    article.description = metadata.description


# htmldate's free-text search hands some strings to dateparser with every one of its
# ~200 locales; each such call compiled their patterns again (the regex cache is shared
# with trafilatura), 0.7 s a page. The languages presskb's sources and the evaluation
# pages are written in are enough; htmldate's own patterns cover numeric and ISO dates.
DATEPARSER_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser import DateDataParser

    return DateDataParser(languages=list(DATEPARSER_LANGUAGES), settings={
        "NORMALIZE": True, "PARSERS": ["custom-formats", "absolute-time"],
        "PREFER_DATES_FROM": "past", "PREFER_LOCALE_DATE_ORDER": True,
        "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True})



def _date_from_page(dom: HtmlElement | str, url: str | None, extensive: bool = False) -> str | None:
    """Publication date found by htmldate. First in the cleaned page tree (furniture
    removed, so related-story lists and footers cannot supply it), markup, URL and
    date-like elements only; failing that (``extensive``) on the page as served with
    htmldate's free-text search as well, which guesses from any date in the body."""
    # htmldate looks its dateparser up at each call: presskb's restricted one while this
    # search runs, htmldate's own (all locales) for anyone else in the process; its cache
    # of parsed strings is cleared on both sides so that neither sees the other's results
    default_parser = htmldate_extractors.get_external_parser
    htmldate_extractors.get_external_parser = _date_parser
    htmldate_extractors.try_date_expr.cache_clear()
    try:
        return find_date(dom, url=url, original_date=True, extensive_search=extensive,
                         outputformat="%Y-%m-%d")
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None
    finally:
        htmldate_extractors.get_external_parser = default_parser
        htmldate_extractors.try_date_expr.cache_clear()
