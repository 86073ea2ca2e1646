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
