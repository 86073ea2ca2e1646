"""Quote marks paired into spans (straight, curly, low-high, guillemets, single marks;
split, nested, multi-paragraph and unclosed quotes), and the paragraph and sentence
boundaries the attribution reads around them."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .quotes_lexicon import (
    ABBREVIATIONS,
    TITLE_ABBREVIATIONS,
)
from .quotes_patterns import (
    MAX_CONTINUED_PARAGRAPHS,
    MAX_QUOTE_CHARS,
    MAX_UNCLOSED_CHARS,
    _AFTER_CLOSER,
    _BEFORE_OPENER,
    _BOUNDARY,
    _CLOSERS,
    _GUILLEMETS,
    _MARK,
    _MOJIBAKE,
    _Mark,
    _SINGLES,
    _Span,
)


# A single mark that shortens a word or a year is no opening mark: "‘08", "‘90s", "‘bout".
_ELISION = re.compile(r"(?:\d\d(?:s\b|\b)|(?:bout|em|til|cause|round|tis|twas|n)\b)", re.I)


class MarkPairing:
    """Marks, spans, paragraphs and sentences. A mixin of ``quotes._QuoteFinder``."""

    # ---- quote marks -------------------------------------------------------------

    def _marks(self) -> list[_Mark]:
        text, marks = self.text, []
        for m in _MARK.finditer(text):
            char = _MOJIBAKE.get(m.group(), m.group())
            prev = text[m.start() - 1] if m.start() else "\n"
            nxt = text[m.end()] if m.end() < len(text) else "\n"
            opens_word = prev.isspace() or prev in _BEFORE_OPENER
            if char in _GUILLEMETS:
                can_open = opens_word and nxt != "\n" and (
                    char in "«‹" or not nxt.isspace()
                )
                can_close = True
            elif char in _SINGLES:
                can_open = char != "’" and opens_word and nxt.isalnum() and not _ELISION.match(text, m.end())
                can_close = not prev.isspace() and not nxt.isalnum()
            else:
                can_open = opens_word and not nxt.isspace() and nxt not in ",.;:!?)"
                can_close = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSER)
            marks.append(_Mark(m.start(), m.end(), char, can_open, can_close))
        return marks

    def _pair_marks(self, marks: list[_Mark]) -> list[_Span]:
        """Quote spans from the marks, left to right; inner marks are nested quotes."""
        closers: dict[str, list[int]] = {}
        for i, mark in enumerate(marks):
            if mark.can_close:
                closers.setdefault(mark.char, []).append(i)
        opener_at = {mark.start: i for i, mark in enumerate(marks) if mark.can_open}

        def next_closer(i: int) -> int | None:
            best = None
            for char in _CLOSERS[marks[i].char]:
                indexes = closers.get(char, [])
                k = bisect_right(indexes, i)
                if k < len(indexes) and (best is None or indexes[k] < best):
                    best = indexes[k]
            return best

        mark_starts = [m.start for m in marks]
        spans, i = [], 0
        while i < len(marks):
            if not marks[i].can_open:
                i += 1
                continue
            parts, k = [], i
            span = None
            for _ in range(MAX_CONTINUED_PARAGRAPHS):
                opener = marks[k]
                para_end = self._paragraph_end(opener.start)
                j = next_closer(k)
                if j is not None and marks[j].start < para_end and (
                    marks[j].start - marks[i].end <= MAX_QUOTE_CHARS
                ):
                    parts.append((opener.end, marks[j].start))
                    span = _Span(parts, marks[i].start, marks[j].end)
                    i = j + 1
                    break
                # A quote going on in the next paragraph repeats its opening mark there.
                # Such a quote fills its paragraph (or follows a colon) and ends a
                # sentence there; a stray mark inside a paragraph does neither.
                nxt = self._next_paragraph_start(para_end)
                k2 = opener_at.get(nxt) if nxt is not None else None
                if k2 is None or marks[k2].char != opener.char or not self._fills_paragraph(
                    opener, para_end
                ):
                    break
                parts.append((opener.end, para_end))
                k = k2
            if span is None:
                span = self._unclosed(marks[i])
                i = bisect_left(mark_starts, span.close_end, i + 1) if span else i + 1
            if span:
                span.parts = [p for p in (self._strip(a, b) for a, b in span.parts) if p]
                if span.parts:
                    spans.append(span)
        return spans

    def _fills_paragraph(self, opener: _Mark, para_end: int) -> bool:
        before = self.text[self._paragraph_start(opener.start):opener.start].rstrip()
        ends_sentence = re.search(r"[.!?…]\W*$", self.text[opener.end:para_end].rstrip())
        return bool(ends_sentence) and (before == "" or before.endswith(":"))

    def _unclosed(self, opener: _Mark) -> _Span | None:
        """An opening mark after a colon with no closing mark runs to its paragraph end."""
        para_end = self._paragraph_end(opener.start)
        before = self.text[max(0, opener.start - 3):opener.start].rstrip()
        if not before.endswith(":") or para_end - opener.end > MAX_UNCLOSED_CHARS:
            return None
        return _Span([(opener.end, para_end)], opener.start, para_end, closed=False)

    def _strip(self, a: int, b: int) -> tuple[int, int] | None:
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return (a, b) if b > a else None

    # ---- paragraphs and sentences -------------------------------------------------

    def _paragraph_end(self, pos: int) -> int:
        k = bisect_left(self.newlines, pos)
        return self.newlines[k] if k < len(self.newlines) else len(self.text)

    def _paragraph_start(self, pos: int) -> int:
        k = bisect_left(self.newlines, pos)
        return self.newlines[k - 1] + 1 if k else 0

    def _next_paragraph_start(self, para_end: int) -> int | None:
        """Position of the first non-space character of the next non-blank paragraph."""
        m = re.compile(r"\S").search(self.text, para_end, para_end + 200)
        return m.start() if m else None

    def _is_boundary(self, m: re.Match) -> bool:
        if m.group() == "\n" or m.group()[0] != ".":
            return True
        word = re.search(r"(\w+)$", self.text[max(0, m.start() - 12):m.start()])
        if not word:
            return True
        w = word.group(1)
        return not (w.lower() in ABBREVIATIONS or (len(w) == 1 and w.isupper())
                    or (w.lower() in TITLE_ABBREVIATIONS and w[0].isupper()))

    def _sentence_start(self, pos: int, floor: int) -> int:
        start = floor
        for m in _BOUNDARY.finditer(self.text, floor, pos):
            if self._is_boundary(m):
                start = m.end()
        return start

    def _sentence_end(self, pos: int, ceiling: int) -> int:
        for m in _BOUNDARY.finditer(self.text, pos, ceiling):
            if self._is_boundary(m):
                return m.end() if m.group() != "\n" else m.start()
        return ceiling
