"""The attribution clause of a quote: the speech cue after, before or inside it, and
the speaker the clause rules read from it (one candidate among others for
``extract.attribution``), or that it names an unnamed source."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .quotes_clause_after import AfterClause
from .quotes_clause_before import BeforeClause
from .quotes_lexicon import (
    DETERMINERS,
    ROLE_MODIFIERS_EN,
)
from .records import Quote
from .quotes_patterns import (
    WINDOW,
    _ARTICLES,
    _SIGN_OFF,
    _Span,
    _Speaker,
)


class ClauseRules(AfterClause, BeforeClause):
    """Reads the attribution clause around each quote: after it first (``quotes_clause_after``),
    then before it (``quotes_clause_before``), or a split quote's continuation. A mixin of
    ``quotes._QuoteFinder``."""

    # ---- attribution ----------------------------------------------------------------

    def _speaker_in(self, a: int, b: int, adjacent: int | None) -> _Speaker | None:
        """The speaker named in text[a:b]; a single word counts only right at ``adjacent``."""
        k = bisect_right(self.run_starts, a) - 1
        if k < 0 or self.runs[k].end <= a:
            k += 1
        while k < len(self.runs) and self.runs[k].start < b:
            run = self.runs[k]
            k += 1
            if self._inside_quote(run.start):
                continue
            found = self._name_in_run(run)
            if found and found[1] < a:
                continue
            gap = self.text[adjacent:run.start] if adjacent is not None and adjacent <= run.start else None
            at_cue = gap is not None and gap.strip(" ,\u00a0") == ""
            if found and found[2] <= b:
                name, start, end, count = found
                person = self.person_at.get(start)
                if count >= 2 and person:
                    return self._speaker_for(person, self._apposition(start, end))
                if count == 1 and self._org_word_before(run, start):
                    return _Speaker(self._org_name([w for w, _, _ in run.words]), is_person=False)
                if count == 1:
                    known = self._full_name(name, start)
                    if known:
                        return self._speaker_for(known, self._apposition(start, end))
                    if at_cue or (gap is not None and self._only_titles(gap + self.text[run.start:start])):
                        role, org = self._apposition(start, end)
                        return _Speaker(name, role, org)
                continue
            words = [w for w, _, _ in run.words]
            if gap is not None and self._only_determiners(gap) and all(
                self._word_kind(w) in ("org", "name") for w in words
            ) and any(self._word_kind(w) == "org" for w in words) \
                    and not self._titled_name_follows(run.end, b):
                return _Speaker(" ".join(words), is_person=False)
        return None

    def _titled_name_follows(self, pos: int, b: int) -> bool:
        """Whether a job title and a name follow ``pos``: "LA28 chief operating officer X"."""
        k = bisect_left(self.run_starts, pos + 1)
        if k >= len(self.runs) or self.runs[k].start >= b:
            return False
        run = self.runs[k]
        return bool(self._name_in_run(run)) and self._only_titles(self.text[pos:run.start])

    def _only_determiners(self, gap: str) -> bool:
        return all(w.lower() in DETERMINERS for w in re.findall(r"\w+", gap))

    def _only_titles(self, gap: str) -> bool:
        """Whether ``gap`` is a job title right before a name: "the performance director"."""
        words = re.findall(r"[\w\-]+", gap)
        while words and words[0].lower() in _ARTICLES:
            words = words[1:]
        return bool(words) and self._is_role_word(words[-1]) and all(
            self._is_role_word(w) or w.lower() in ROLE_MODIFIERS_EN or w.isupper() for w in words
        )

    def _attribute(self, span: _Span, previous: _Span | None, next_open: int) -> None:
        """Sets span.cue/how/speaker from the text after, then before, the quote; marks
        the span ``nobody`` when the clause names an unnamed source."""
        self.unnamed_source = False
        self._read_attribution(span, previous, next_open)
        after = self.text[span.close_end:span.after_end]
        span.nobody = span.speaker is None and span.how is not None and (
            span.nobody or self.unnamed_source
            or (span.cue or "").lower() in ("heißt es", "hieß es")
            or bool(re.match(r"[\s,]*\w+-t-on(?!\w)", after)))

    def _read_attribution(self, span: _Span, previous: _Span | None, next_open: int) -> None:
        text = self.text
        para_end = self._paragraph_end(span.open_start)
        limit = min(next_open, para_end, span.close_end + WINDOW)
        span.after_end = self._sentence_end(span.close_end, limit) if span.closed else span.close_end
        if span.closed and not self._introduces_next(span, next_open) \
                and self._attribute_after(span, span.close_end, span.after_end):
            return
        sign_off = self._sign_off_line(span, para_end, next_open)
        if sign_off and self._attribute_after(span, span.close_end, sign_off):
            span.after_end = sign_off
            return
        if previous and self._continues(previous, span):
            span.how = "continues"
            return
        floor = previous.close_end if previous else 0
        para_start = self._paragraph_start(span.open_start)
        lower = max(floor, para_start, span.open_start - WINDOW)
        span.before_start = self._sentence_start(span.open_start, lower)
        a, b = span.before_start, span.open_start
        if a == b == para_start and para_start > 0:
            # "Die Vorsitzende sagte:" closing the paragraph before introduces this quote.
            end_of_previous = self._text_end_before(para_start)
            if text[end_of_previous - 1:end_of_previous] == ":":
                b = end_of_previous
                a = self._sentence_start(b, max(floor, para_start - WINDOW))
        self._attribute_before(span, a, b)

    def _introduces_next(self, span: _Span, next_open: int) -> bool:
        """Whether the text after a quote that ended its sentence introduces the next
        quote instead: "“A.” He added, “B.”", "“A.” Then the judge said: “B?”"."""
        content = self.text[span.parts[-1][0]:span.parts[-1][1]].rstrip()
        between = self.text[span.close_end:next_open]
        return (next_open < len(self.text) and bool(re.search(r"[.!?…]$", content))
                and "\n" not in between and between.rstrip().endswith((",", ":"))
                and not re.search(r"[.!?]\s", between)
                # a short sentence, or a long one whose speech verb leads into the next
                # quote: "“A.” Asked if …, Trump replied, “B.”"
                and (len(between.split()) <= 12 or any(
                    self.verb.fullmatch(w) for w in between.rstrip()[:-1].split()[-3:])))

    def _sign_off_line(self, span: _Span, para_end: int, next_open: int) -> int | None:
        """The end of a "– Name, Role, Organisation" line right after a quote that ends its
        paragraph, or None."""
        if not span.closed or self.text[span.close_end:para_end].strip():
            return None
        start = self._next_paragraph_start(para_end)
        if start is None or start >= next_open:
            return None
        end = self._paragraph_end(start)
        # a name alone or before a comma, not a bullet point of a list
        signed = _SIGN_OFF.match(self.text, start, end)
        return end if signed and end - start <= 200 else None

    def _text_end_before(self, pos: int) -> int:
        """The end of the last non-space character before ``pos`` (looking back a window)."""
        floor = max(0, pos - WINDOW)
        while pos > floor and self.text[pos - 1].isspace():
            pos -= 1
        return pos

    def _unattributed_speaker(
        self, span: _Span, previous: tuple[_Span, Quote] | None
    ) -> tuple[_Speaker | None, float]:
        """A quote with no cue: the speaker of the quote just before when this quote is a
        paragraph of its own, else the one person named in the sentence before (in the
        sentence after when the quote opens the text)."""
        para_start = self._paragraph_start(span.open_start)
        para_end = self._paragraph_end(span.open_start)
        alone = (span.open_start - para_start <= 3 and para_end - span.close_end <= 3
                 and self.text[para_start:span.open_start].strip() == "")
        if alone and previous and previous[1].speaker:
            # the quote before ends in the paragraph before (blank lines aside)
            gap = self.text[self._paragraph_end(previous[0].close_end):para_start]
            if len(gap) <= 3 and not gap.strip():
                quote = previous[1]
                return _Speaker(quote.speaker, quote.role, quote.organisation,
                                quote.speaker_entity_id), 0.6
        if not self.text[:span.open_start].strip():
            after = self._skip_space_and_newlines(span.close_end)
            names = self._people_in(after, self._sentence_end(after, min(len(self.text), after + WINDOW)))
            return (self._speaker_for(next(iter(names.values()))), 0.5) if len(names) == 1 else (None, 0.4)
        sentence_start = self._sentence_start(span.open_start, max(para_start, span.open_start - WINDOW))
        if sentence_start == para_start:  # the quote opens its paragraph
            sentence_start = self._text_end_before(para_start)
            para_start = self._paragraph_start(sentence_start)
        if sentence_start > para_start:
            prev_start = self._sentence_start(sentence_start - 1, max(para_start, sentence_start - WINDOW))
            names = self._people_in(prev_start, sentence_start)
            if len(names) == 1:
                return self._speaker_for(next(iter(names.values()))), 0.55
        return None, 0.4
