"""Boilerplate removal around trafilatura: DOM pre-cleaning and paragraph post-filters.

``preclean`` removes page furniture from the lxml tree that trafilatura then
reads: navigation, page header/footer, asides, forms, and blocks whose class, id
or role names them as cookie/consent banners, share bars, related-story lists,
newsletter boxes, comment sections, tickers or ads. Link lists go whatever their
size (a hub page's mega-menu); other blocks stay when they hold a large share of
the page's text or real prose, so a layout class like ``l-sidebar-fixed`` on the
article wrapper does not cost the article. (The tree is lxml's, not selectolax's:
re-serialising a selectolax tree changed what trafilatura extracted, because the
two parsers repair broken markup differently, and cost a second parse.)

``apply_overrides`` applies a source's ``content_selector``/``drop_selectors``
(CSS, via selectolax) before that.

``filter_paragraphs`` drops the inserts that survive inside the main text:
"See also …" / "Lesen Sie auch …" / "À lire aussi" teasers, bylines, photo
credits, "Source: …", "Proofread by …", date stamps, labels ("Advertisement",
"Tags"), calls to action and paywall notes; it skips the short teaser lines
under a "Related coverage" heading and cuts the text at "Leave a Reply" or
"Share this".
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement
from selectolax.lexbor import LexborHTMLParser

# Elements that hold page furniture, not article prose.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "dialog", "menu", "form", "header"})
_FURNITURE_ROLES = frozenset({"navigation", "complementary", "contentinfo", "dialog",
                              "alertdialog", "search", "banner"})
# Words in class/id values that name furniture blocks. A class value is split into
# its "-"/"_"-separated words ("post-share-buttons" → post, share, buttons).
_FURNITURE_WORDS = frozenset("""
    cookie cookies cookiebanner consent gdpr
    share sharing shares sharebar sharebuttons social socials sociallinks addthis shariff
    related relatedposts relatedarticles recommended recommendations morestories
    readmore alsoread seealso furtherreading mostread popular trending
    newsletter subscribe subscription signup optin
    comments commentlist commentform commentsarea respond disqus
    breadcrumb breadcrumbs pagination pager skiplink
    ad ads advert adverts advertisement adslot sponsored outbrain taboola plista ligatus
    popup modal ticker newsticker marquee sidebar tags taglist tagcloud authorbio authorbox
    sronly visuallyhidden screenreadertext printonly
""".split())
# First words that turn a class into a state or behaviour hook of the block it is
# on ("no-share", "has-sidebar", "js-share"), not a name for a furniture block.
_MODIFIER_WORDS = frozenset({"no", "has", "with", "without", "is", "js", "enable", "show",
                             "hide", "left", "right", "u", "icon", "fa"})
# A furniture block whose text is mostly link text is a menu or link list.
_MIN_LINK_DENSITY = 0.5
# A block holding more than this share of the body text is a wrapper, not furniture.
_MAX_FURNITURE_SHARE = 0.4
# A block with this many characters in long paragraphs is prose, whatever its
# markup says (an <aside> that holds the article, a "sidebar" layout wrapper).
_PROSE_CHARS = 400
_LONG_PARAGRAPH_CHARS = 100
# A class-named block with this much text outside links is content, or wraps it.
_PROSE_BLOCK_CHARS = 1000
_ARTICLE_MARKERS = etree.XPath(".//h1 | .//article | .//main | .//*[@itemprop='articleBody']")
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "head"})
_CLASS_WORD_SPLIT = re.compile(r"[-_]+")


@lru_cache(maxsize=8192)
def names_furniture(class_and_id: str) -> bool:
    """True when one of the class names or the id names a furniture block."""
    for name in class_and_id.lower().split():
        words = [w for w in _CLASS_WORD_SPLIT.split(name) if w]
        if not words or words[0] in _MODIFIER_WORDS:
            continue
        if name.replace("-", "").replace("_", "") in _FURNITURE_WORDS:
            return True
        if any(word in _FURNITURE_WORDS for word in words):
            return True
    return False


def _holds_prose(element: HtmlElement) -> bool:
    prose = 0
    for paragraph in element.iter("p"):
        length = len(paragraph.text_content().strip())
        if length >= _LONG_PARAGRAPH_CHARS:
            prose += length
            if prose >= _PROSE_CHARS:
                return True
    return False


def apply_overrides(html: str, overrides: dict) -> str:
    """The page with per-source hints applied: ``drop_selectors`` removed, and when
    ``content_selector`` matches, a body holding only the matching blocks."""
    tree = LexborHTMLParser(html)
    for selector in overrides.get("drop_selectors") or ():
        _decompose_outermost(tree.css(selector))
    selector = overrides.get("content_selector")
    body = tree.body
    if selector and body is not None:
        kept = [node.html for node in tree.css(selector)]
        if kept:
            head = tree.head.html if tree.head is not None else ""
            return f"<html>{head}<body>{''.join(kept)}</body></html>"
    return tree.html or html


def _decompose_outermost(nodes: list) -> None:
    """Decompose selectolax ``nodes`` (in document order), skipping those inside
    an earlier one: decomposing a block frees its descendants."""
    removed: set[int] = set()
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in removed:
            parent = parent.parent
        if parent is None:
            removed.add(node.mem_id)
    for node in nodes:
        if node.mem_id in removed:
            removed.discard(node.mem_id)
            node.decompose()


def _is_furniture(element: HtmlElement, body_length: int) -> bool:
    tag = element.tag
    if tag in _PROTECTED_TAGS:
        return False
    if tag == "header" and (element.find(".//h1") is not None
                            or any(a.tag in ("article", "main") for a in element.iterancestors())):
        return False  # an article's own header: headline and lead paragraph
    # "cmp" (consent platform) is not a furniture word: Adobe's CMS prefixes every
    # component with it. Elements with a ``hidden`` attribute stay too: tabbed
    # product and FAQ pages hide real content until clicked.
    named_only = tag not in _FURNITURE_TAGS and element.get("role") not in _FURNITURE_ROLES
    if named_only:
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not names.strip() or not names_furniture(names):
            return False
    text = element.text_content()
    text_length = len(text)
    link_length = _link_text_length(element)
    # Menus and link lists go, however large (a hub page's mega-menu). The share is
    # checked again without whitespace, which only costs time on link-heavy blocks.
    if link_length >= _MIN_LINK_DENSITY * text_length and (
            _visible_link_length(element) >= _MIN_LINK_DENSITY * _visible_length(text)):
        return True
    if text_length > _MAX_FURNITURE_SHARE * body_length:
        return False
    if named_only and (text_length - link_length >= _PROSE_BLOCK_CHARS
                       or _ARTICLE_MARKERS(element)):
        return False  # a layout wrapper named after its sidebar ("l-sidebar-fixed")
    return not _holds_prose(element)


def _link_text_length(element: HtmlElement) -> int:
    return sum(len(link.text_content()) for link in element.iter("a"))


def _visible_link_length(element: HtmlElement) -> int:
    return sum(_visible_length(link.text_content()) for link in element.iter("a"))


def _visible_length(text: str) -> int:
    """Characters of ``text`` without whitespace: the indentation inside an image
    link or a teaser card would otherwise count as link text."""
    return sum(map(len, text.split()))


def preclean(root: HtmlElement) -> None:
    """Remove page furniture from an lxml page tree in place (see the module
    docstring). Works on the tree trafilatura then reads, so the page is parsed
    once, by the parser trafilatura is tuned for."""
    body = root.find("body")
    if body is None:
        return
    # Inline scripts and styles are text to lxml but not to a reader.
    body_length = len(body.text_content()) - sum(
        len(code.text or "") for code in body.iter("script", "style"))
    furniture = []
    stack = [body]
    while stack:
        for child in stack.pop():
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions
            if _is_furniture(child, body_length):
                furniture.append(child)
            else:
                stack.append(child)
    for element in furniture:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


_INSERT_MARKERS = (
    r"see also|also read|read also|read more|read next|related|related (?:articles?|stories|"
    r"story|coverage|content|posts?|news|reading|links|topics)|more on this(?: topic| story)?|"
    r"more from [\w .'-]+|recommended(?: for you)?|you (?:may|might) also like|don't miss|"
    r"further reading|lesen sie auch|lesen sie mehr|lesen sie hier|mehr zum thema|mehr dazu|"
    r"auch interessant|das könnte sie auch interessieren|das könnte dich auch interessieren|"
    r"weitere artikel|weiterlesen|zum thema|passend zum thema|lire aussi|à lire aussi|"
    r"a lire aussi|à lire également|voir aussi|sur le même sujet|lire la suite|"
    r"dans la même rubrique|lea también|lee también|vea también|le puede interesar|"
    r"te puede interesar|leer más"
)
# "See also  Headline of another story" — a marker, then a teaser headline.
_INSERT_LINE = re.compile(rf"^\W{{0,3}}(?:{_INSERT_MARKERS})\b\s*(?:[:»›>\-–—|]|\s)", re.I)
# "Related coverage" on its own line: the short lines after it are teasers.
# ("Read more" alone is an expander button, not a list heading.)
_LIST_MARKERS = (
    r"see also|also read|related|related (?:articles?|stories|story|coverage|content|posts?|"
    r"news|reading|links|topics)|more on this(?: topic| story)?|more from [\w .'-]+|"
    r"recommended(?: for you)?|you (?:may|might) also like|further reading|lesen sie auch|"
    r"mehr zum thema|das könnte sie auch interessieren|weitere artikel|passend zum thema|"
    r"lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|dans la même rubrique"
)
_LIST_HEADING = re.compile(rf"^\W{{0,3}}(?:{_LIST_MARKERS})\W{{0,3}}$", re.IGNORECASE)
_INSERT_ALONE = re.compile(rf"^\W{{0,3}}(?:{_INSERT_MARKERS})\W{{0,3}}$", re.IGNORECASE)
_END_OF_ARTICLE = re.compile(
    r"^\W{0,3}(?:leave a (?:reply|comment)|post a comment|"
    r"\d* ?comments?|kommentare?(?: schreiben)?|schreibe einen kommentar|"
    r"kommentar verfassen|laisser un commentaire|commentaires?|"
    r"share this(?: article| story| post)?|teilen sie diesen artikel|partager cet article|"
    r"like this|gefällt mir)\W{0,3}$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\W{0,2}(?:(?:photo|photos|foto|fotos|bild|bilder|image|images|picture|credit|credits|"
    r"crédit|crédits|illustration|titelbild|quelle|source|sources)\s*(?::|©|/)"
    r"|(?:photo|foto|bild|image|picture)s? (?:by|von|par|credit)\b"
    r"|(?:proofread|edited|translated) by\b|(?:redigiert|übersetzt) von\b|lektorat:|"
    r"copyright\b|©)",
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
# Page furniture that trafilatura keeps as a paragraph of its own.
_LABEL_LINE = re.compile(
    r"^\W{0,3}(?:table of contents|contents|on this page|in this article|inhaltsverzeichnis|"
    r"inhalt|sommaire|advertisement|advertising|anzeige|werbung|publicité|sponsored|"
    r"gesponsert|written by|geschrieben von|écrit par|share|teilen|partager|tags|"
    r"schlagwörter|schlagworte|mots-clés|add a comment|about the author|über den autor|"
    r"über die autorin|à propos de l'auteur)\W{0,3}$",
    re.IGNORECASE,
)
# "Last updated on 3 May 2024", "Aktualisiert am 17.01.2021", "5 min read".
_STAMP_LINE = re.compile(
    r"^\W{0,3}(?:(?:last )?updated|published|posted|aktualisiert|veröffentlicht|"
    r"zuletzt aktualisiert|mis à jour|publié)\b(?:\s+(?:on|am|le))?\s*:?.{0,40}\d.{0,20}$"
    r"|\b\d+\s*(?:min|mins|minutes?|minuten)\.?\s*(?:read|lesezeit|de lecture)\b",
    re.IGNORECASE,
)
# Calls to action, disclosure and paywall notes: short lines that address the reader.
_CALL_TO_ACTION = re.compile(
    r"^\W{0,3}(?:sign up|subscribe|join us|register|download our|follow us|click here|"
    r"get started|try it|book a (?:free )?demo|start your free|"
    r"jetzt (?:anmelden|abonnieren|registrieren|bestellen)|melden sie sich|abonnieren sie|"
    r"folgen sie uns|inscrivez-vous|abonnez-vous|suivez-nous)\b"
    r"|affiliate[- ]link|affiliate-links|lien affilié|earn (?:a|an affiliate) commission|"
    r"to (?:view|read|continue reading) the full (?:story|article)|already a subscriber|"
    r"pour lire la suite|nur für abonnenten|für abonnenten|réservé aux abonnés",
    re.IGNORECASE,
)
_MAX_NOTE_CHARS = 200
# "Leave a Reply" ends an article only once a real paragraph has been kept.
_MIN_BODY_CHARS = 150
# Inserts and credits are short lines; a long paragraph that happens to start with
# "Related" or "Source" is prose and stays.
_MAX_INSERT_CHARS = 160
# Shorter repeats are not duplicated boxes but lines that recur in their own right:
# "});" in each of a page's code samples, a table's "Yes".
_MIN_REPEAT_CHARS = 40


def filter_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """The paragraphs of a main text without repeats, inline inserts, bylines, credits,
    teaser lists under a "Related …" heading, and without everything from a
    comment-section or share-bar heading on."""
    title_key = _normalise(title) if title else None
    kept: list[str] = []
    seen: set[str] = set()
    in_teaser_list = False
    for paragraph in paragraphs:
        line = paragraph.strip()
        if not line:
            continue
        short = len(line) <= _MAX_INSERT_CHARS
        if _END_OF_ARTICLE.match(line):
            if any(len(kept_paragraph) >= _MIN_BODY_CHARS for kept_paragraph in kept):
                break
            continue  # a share bar or tag line above the article, not its end
        if _LIST_HEADING.match(line):
            in_teaser_list = True
            continue
        # Teaser headlines and their dates are short; the first long paragraph
        # after a "Related" heading is prose again.
        if in_teaser_list and short:
            continue
        in_teaser_list = False
        if short and (_INSERT_LINE.match(line) or _INSERT_ALONE.match(line)
                      or _CREDIT_LINE.match(line)
                      or _BYLINE.match(line) or _DATE_ONLY.match(line)
                      or _LABEL_LINE.match(line) or _STAMP_LINE.search(line)):
            continue
        if len(line) <= _MAX_NOTE_CHARS and _CALL_TO_ACTION.search(line):
            continue
        key = _normalise(line)
        if not kept and key == title_key:
            continue  # the headline, which the article's title already holds
        if len(key) >= _MIN_REPEAT_CHARS:
            if key in seen:
                continue  # repeated blocks: mobile/desktop variants, sticky boxes
            seen.add(key)
        kept.append(paragraph)
    return kept


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
