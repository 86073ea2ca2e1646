"""Boilerplate removal around trafilatura: DOM pre-cleaning and paragraph post-filters.

``preclean`` removes page furniture from the DOM before trafilatura sees it:
navigation, page header/footer, asides, and blocks whose class, id or role names
them as cookie/consent banners, share bars, related-story lists, newsletter
boxes, comments, tickers or ads. A block that holds most of the page's text is
never removed: a class like ``post-with-comments`` on the article wrapper must
not cost the article.

``filter_paragraphs`` drops the inserts that survive inside the main text:
"See also …" / "Lesen Sie auch …" teasers, bylines, photo credits, "Source: …",
"Proofread by …", and cuts the text at "Leave a Reply" or a trailing
"Related coverage" list.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Elements that never hold article prose.
_FURNITURE_TAGS = ("script, style, noscript, template, iframe, svg, canvas, button, select, "
                   "nav, aside, footer, dialog, menu")
_FURNITURE_ROLES = ('[role="navigation"], [role="complementary"], [role="contentinfo"], '
                    '[role="dialog"], [role="alertdialog"], [role="search"], [aria-modal="true"], '
                    '[hidden], [aria-hidden="true"]')
# class/id words of furniture blocks; matched as whole "words" of the attribute
# (split at spaces, "-" and "_"), so "shared-content" is not "share".
_FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])("
    r"cookies?|cookiebanner|consent|gdpr|cmp|privacy-?banner"
    r"|share|sharing|shares|sharebar|social|socials|social-?media|sociallinks|addthis|shariff"
    r"|related|relatedposts|related-?articles|recommended|recommendations|more-?stories|"
    r"read-?more|readmore|also-?read|see-?also|further-?reading|morelinks|mostread|most-?popular"
    r"|newsletter|subscribe|subscription|signup|optin"
    r"|comments?|commentlist|comment-?form|respond|disqus|discussion"
    r"|breadcrumbs?|breadcrumb-?nav|pagination|pager|skip-?link"
    r"|ad|ads|advert|adverts|advertisement|adslot|ad-?container|sponsored|outbrain|taboola|"
    r"plista|ligatus"
    r"|popup|modal|overlay|lightbox|banner|ticker|newsticker|marquee|sidebar|widget|"
    r"author-?bio|authorbox|about-?the-?author|tags|tag-?list|taglist|post-?tags|"
    r"print-?only|sr-only|visually-?hidden|screen-?reader-?text"
    r")(?=$|[\s_-])",
    re.IGNORECASE,
)
# A block holding more than this share of the body text is a wrapper, not furniture.
_MAX_FURNITURE_SHARE = 0.4
_PROTECTED_TAGS = {"html", "body", "main", "article", "head"}


def _body_text_length(tree: LexborHTMLParser) -> int:
    body = tree.body
    return len(body.text(separator=" ", strip=True)) if body is not None else 0


def _is_small(node, body_length: int) -> bool:
    return len(node.text(separator=" ", strip=True)) <= _MAX_FURNITURE_SHARE * body_length


def apply_overrides(tree: LexborHTMLParser, overrides: dict | None) -> None:
    """Apply per-source hints in place: ``drop_selectors`` are removed, and when
    ``content_selector`` matches, the body keeps only the matching blocks."""
    if not overrides:
        return
    for selector in overrides.get("drop_selectors") or ():
        for node in tree.css(selector):
            node.decompose()
    selector = overrides.get("content_selector")
    body = tree.body
    if selector and body is not None:
        kept = [node.html for node in tree.css(selector)]
        if kept:
            for child in list(body.iter(include_text=True)):
                child.decompose()
            for fragment in kept:
                body.insert_child(LexborHTMLParser(fragment).body.child)


def preclean(tree: LexborHTMLParser) -> None:
    """Remove page furniture from ``tree`` in place (see the module docstring)."""
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body_length = _body_text_length(tree)
    for node in tree.css(_FURNITURE_TAGS + ", " + _FURNITURE_ROLES):
        if node.tag not in _PROTECTED_TAGS and _is_small(node, body_length):
            node.decompose()
    # A page header holds the logo and menus; an article's own <header> holds its
    # headline and lead paragraph, which stay.
    for node in tree.css("header"):
        if not _inside(node, ("article", "main")) and node.css_first("h1") is None \
                and _is_small(node, body_length):
            node.decompose()
    for node in tree.css("form"):
        if _is_small(node, body_length):
            node.decompose()
    for node in tree.css("[class], [id]"):
        if node.tag in _PROTECTED_TAGS or node.parent is None:
            continue
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _FURNITURE_WORDS.search(names) and _is_small(node, body_length):
            node.decompose()


def _inside(node, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


_INSERT_MARKERS = (
    r"see also|also read|read also|read more|read next|related|related (?:articles?|stories|"
    r"story|coverage|content|posts?|news|reading|links|topics)|more on this(?: topic| story)?|"
    r"more from [\w .'-]+|recommended(?: for you)?|you (?:may|might) also like|don't miss|"
    r"further reading|lesen sie auch|lesen sie mehr|lesen sie hier|mehr zum thema|mehr dazu|"
    r"auch interessant|das könnte sie auch interessieren|das könnte dich auch interessieren|"
    r"weitere artikel|weiterlesen|zum thema|passend zum thema|lire aussi|à lire aussi|"
    r"a lire aussi|à lire également|voir aussi|sur le même sujet|lire la suite|"
    r"dans la même rubrique"
)
# "See also  Headline of another story" — a marker, then a teaser headline.
_INSERT_LINE = re.compile(rf"^\W{{0,3}}(?:{_INSERT_MARKERS})\b\s*(?:[:»›>\-–—|]|\s)", re.I)
# "Related coverage" on its own line: everything after it is a teaser list.
_LIST_HEADING = re.compile(rf"^\W{{0,3}}(?:{_INSERT_MARKERS})\W{{0,3}}$", re.IGNORECASE)
_END_OF_ARTICLE = re.compile(
    r"^\W{0,3}(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|"
    r"\d* ?comments?|kommentare?(?: schreiben)?|schreibe einen kommentar|"
    r"kommentar verfassen|laisser un commentaire|commentaires?|"
    r"share this(?: article| story)?|teilen(?: sie diesen artikel)?|partager(?: cet article)?|"
    r"like this|gefällt mir|tags|schlagwörter|schlagworte|mots-clés)\W{0,3}$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\W{0,2}(?:(?:photo|photos|foto|fotos|bild|bilder|image|images|picture|credit|credits|"
    r"crédit|crédits|illustration|video|titelbild|quelle|source|sources|via|"
    r"proofread by|edited by|translated by|redigiert von|übersetzt von|lektorat|"
    r"copyright|©)\b\s*[:©]?|\(?(?:photo|foto|bild|image) ?(?:by|von|:))",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|von|par|written by|text:|texte :)\s+[\w.'’ -]{2,60}?"
    r"(?:\s*[,|•·–—-]\s*[\w .:,/-]{0,40})?$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag)\w*,?\s*)?(?:\d{1,2}[./ ]\s?(?:\d{1,2}|\w{3,9})\.?[./ ]\s?\d{2,4}|"
    r"\w{3,9}\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})(?:,?\s*(?:um )?\d{1,2}[:.]\d{2}"
    r"(?:\s*(?:uhr|am|pm|h|[a-z]{3,4}))?)?$",
    re.IGNORECASE,
)
# Inserts and credits are short lines; a long paragraph that happens to start with
# "Related" or "Source" is prose and stays.
_MAX_INSERT_CHARS = 160


def filter_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """The paragraphs of a main text without inline inserts, bylines, credits and
    the trailing comment/related-story sections."""
    title_key = _normalise(title) if title else None
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        line = paragraph.strip()
        if not line:
            continue
        short = len(line) <= _MAX_INSERT_CHARS
        if _END_OF_ARTICLE.match(line):
            break
        if _LIST_HEADING.match(line) and index >= len(paragraphs) / 2:
            break
        if short and (_INSERT_LINE.match(line) or _LIST_HEADING.match(line)
                      or _CREDIT_LINE.match(line) or _BYLINE.match(line)
                      or _DATE_ONLY.match(line)):
            continue
        if not kept and title_key and _normalise(line) == title_key:
            continue
        kept.append(paragraph)
    return kept


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
