"""Main-text blocks: trafilatura's choice, with the subheadings it dropped from
the middle of the article put back.

Trafilatura finds the article's region well but drops some subheadings inside
it, which costs the text its structure. ``main_text_blocks`` maps trafilatura's
paragraphs back onto the page's block elements in document order; subheadings
that sit *between* two extracted paragraphs, in the same container, and that
trafilatura left out are restored. Nothing is added before the first or after
the last extracted paragraph: that is where related-story lists, author boxes
and comment sections live.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import trafilatura
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

# Leaf blocks of the page: what a reader sees as one paragraph, heading or item.
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd")
# Only subheadings come back: restoring dropped paragraphs and list items as well
# raised recall but cost more precision on the benchmark sets than it gained.
_RESTORABLE_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Blocks shorter than this are not used to anchor paragraphs: "Share" or "Photo"
# occur inside real paragraphs by chance.
_MIN_ANCHOR_CHARS = 15
# A gap larger than this (in characters) is not a dropped heading or list but a
# region trafilatura rejected on purpose (an embedded teaser box, a form).
_MAX_GAP_CHARS = 2500
_MAX_LINK_DENSITY = 0.5
# A section break holds a heading, perhaps with a subheading under it; a run of
# more "headings" between two paragraphs is a row of styled labels (tags, badges,
# field names) that trafilatura rightly left out.
_MAX_HEADINGS_PER_GAP = 2
# How far up a restored block's ancestors may meet its neighbours' containers.
_NEIGHBOURHOOD = 3
_NEVER_INSIDE = frozenset({"table", "figure", "figcaption", "form", "button", "label", "select"})


@dataclass
class _Block:
    tag: str
    text: str  # whitespace-normalised
    restorable: bool
    ancestors: tuple  # the nearest few ancestor elements, nearest first


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _page_blocks(dom: HtmlElement) -> list[_Block]:
    """Leaf block elements of the page in document order (a ``li`` holding ``p``
    elements is represented by those)."""
    blocks = []
    for element in dom.iter(*_BLOCK_TAGS):
        if element.tag in ("li", "blockquote", "dd") and element.find(".//p") is not None:
            continue
        text = _normalise(element.text_content())
        if text:
            ancestors = tuple(islice(element.iterancestors(), _NEIGHBOURHOOD))
            blocks.append(_Block(element.tag, text, _restorable(element, text), ancestors))
    return blocks


def _in_same_container(block: _Block, before: _Block, after: _Block) -> bool:
    """True when ``block`` sits close under the elements that hold its extracted
    neighbours: a subheading or list in the article body, not a sidebar box that
    the page's markup happens to place between two paragraphs."""
    containers = {id(a) for a in before.ancestors[:2]} | {id(a) for a in after.ancestors[:2]}
    return any(id(ancestor) in containers for ancestor in block.ancestors)


def _restorable(element: HtmlElement, text: str) -> bool:
    if element.tag not in _RESTORABLE_TAGS:
        return False
    if any(ancestor.tag in _NEVER_INSIDE for ancestor in element.iterancestors()):
        return False
    link_chars = sum(len(_normalise(a.text_content())) for a in element.iter("a"))
    return link_chars <= _MAX_LINK_DENSITY * len(text)


def trafilatura_paragraphs(dom: HtmlElement, url: str | None) -> list[str]:
    """The main-text blocks trafilatura finds in a page tree (comments off), in
    order. Trafilatura prunes the tree it is given."""
    document = trafilatura.bare_extraction(dom, url=url, include_comments=False,
                                           with_metadata=False)
    if document is None or document.body is None:
        return []
    blocks = [xmltotxt(block, False).strip() for block in document.body]
    return [block for block in blocks if block]


def restore_dropped_blocks(paragraphs: list[str], blocks: list[_Block]) -> list[str]:
    """``paragraphs`` with the restorable page blocks (subheadings) that lie
    between two of them, in document order, inserted where they belong."""
    normalised = [_normalise(paragraph) for paragraph in paragraphs]
    spans: list[tuple[int, int] | None] = []  # per paragraph: first/last block index
    cursor = 0
    for text in normalised:
        first = last = None
        index = cursor
        while index < len(blocks):
            block_text = blocks[index].text
            contained = block_text in text and (len(block_text) >= _MIN_ANCHOR_CHARS
                                                or block_text == text)
            if contained:
                if first is None:
                    first = index
                last = index
            elif first is not None:
                break
            index += 1
        if first is None:
            spans.append(None)
        else:
            spans.append((first, last))
            cursor = last + 1
    result: list[str] = []
    previous_end: int | None = None
    for paragraph, span in zip(paragraphs, spans):
        if span is not None:
            if previous_end is not None:
                before, after = blocks[previous_end], blocks[span[0]]
                gap = blocks[previous_end + 1:span[0]]
                if gap and sum(len(b.text) for b in gap) <= _MAX_GAP_CHARS:
                    restored = [b.text for b in gap if b.restorable
                                and _in_same_container(b, before, after)]
                    if len(restored) <= _MAX_HEADINGS_PER_GAP:
                        result.extend(restored)
            previous_end = span[1]
        result.append(paragraph)
    return result


def main_text_blocks(dom: HtmlElement, url: str | None) -> list[str]:
    """The article's text blocks: trafilatura's paragraphs plus the subheadings it
    dropped between them (see the module docstring)."""
    blocks = _page_blocks(dom)  # before trafilatura prunes the tree
    return restore_dropped_blocks(trafilatura_paragraphs(dom, url), blocks)


# --- the body guard: never much less than trafilatura alone --------------------------
#
# Pre-cleaning removes furniture before trafilatura reads the tree; when it removes the
# article body as well (a body split into sibling containers whose class names read as
# furniture), the result is the header alone. The guard compares the result with the
# page's prose — its long paragraphs, counted before any cleaning — and, only when much
# of that prose is missing, asks trafilatura alone (no pre-cleaning) for its text. That
# text wins when it is much longer and what it adds is prose, not boilerplate.

# Paragraphs this long count as the page's prose (teasers, menus and captions are shorter).
_PROSE_PARAGRAPH_CHARS = 100
# The guard runs when the result holds less than this share of the page's prose words…
_MIN_PROSE_SHARE = 0.6
# … and the page has at least this much prose.
_MIN_PROSE_WORDS = 80
# trafilatura alone wins when it finds this many times the words (and at least _GAIN_WORDS more)…
_MIN_GAIN_RATIO = 1.3
_MIN_GAIN_WORDS = 40
# … and at least this share of the characters it adds is sentence prose.
_MIN_EXTRA_PROSE_SHARE = 0.6
_SENTENCE_END = ".!?…\"”»“’)"


def prose_words(dom: HtmlElement) -> int:
    """Words in the page's long paragraphs (``p`` elements), before any cleaning."""
    words = 0
    for paragraph in dom.iter("p"):
        text = paragraph.text_content()
        if len(text) >= _PROSE_PARAGRAPH_CHARS:
            words += len(text.split())
    return words


def needs_guard(paragraphs: list[str], page_prose_words: int) -> bool:
    """Whether the result misses much of the page's prose."""
    if page_prose_words < _MIN_PROSE_WORDS:
        return False
    found = sum(len(p.split()) for p in paragraphs)
    return found < _MIN_PROSE_SHARE * page_prose_words


def _is_prose(paragraph: str) -> bool:
    line = paragraph.strip()
    return len(line) >= _PROSE_PARAGRAPH_CHARS * 0.8 and line[-1:] in _SENTENCE_END and " " in line


def better_of(ours: list[str], alone: list[str]) -> list[str]:
    """``alone`` (trafilatura without pre-cleaning) when it is much longer than ``ours``
    and the paragraphs it adds are mostly prose; else ``ours``."""
    ours_words = sum(len(p.split()) for p in ours)
    alone_words = sum(len(p.split()) for p in alone)
    if alone_words < max(_MIN_GAIN_RATIO * ours_words, ours_words + _MIN_GAIN_WORDS):
        return ours
    have = {_normalise(p) for p in ours}
    extra = [p for p in alone if _normalise(p) not in have]
    extra_chars = sum(len(p) for p in extra)
    prose_chars = sum(len(p) for p in extra if _is_prose(p))
    if not extra_chars or prose_chars < _MIN_EXTRA_PROSE_SHARE * extra_chars:
        return ours
    return alone
