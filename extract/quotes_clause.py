"""The attribution clause of a quote: the speech cue after, before or inside it, and
the speaker the clause rules read from it (one candidate among others for
``extract.attribution``), or that it names an unnamed source."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .quotes_lexicon import (
    DETERMINERS,
    ORG_NAME_WORDS,
    ROLE_MODIFIERS_EN,
)
from .records import Quote
from .quotes_patterns import (
    WINDOW,
    _ANONYMOUS,
    _ARTICLES,
    _DESCRIPTION,
    _NOT_VERBS,
    _OBJECT_PRONOUNS,
    _POSSESSIVE_INTRO,
    _RELATIVE,
    _Run,
    _SIGN_OFF,
    _Span,
    _Speaker,
    _TOKEN,
)


class ClauseRules:
    """Reads the attribution clause around each quote. A mixin of ``quotes._QuoteFinder``."""

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

    def _attribute_after(self, span: _Span, a: int, b: int) -> bool:
        chunk = self.text[a:b]
        lead = re.match(r"[\s,;:–—\-~]*", chunk).end()
        if lead == len(chunk):
            return False
        if not self._speech_like(span, chunk):
            return False
        start = a + lead
        # A sign-off “…” – Name, Role (or "~ Name"); a headline “…”: Name hails …
        first = re.match(r"[\w'’.\-]+", chunk[lead:])
        if re.search(r"[–—:~]|\s-\s", chunk[:lead]) and first \
                and self._word_kind(first.group()) in ("name", "org", "role"):
            speaker = self._speaker_in(start, b, start)
            if speaker:
                span.cue = ":" if ":" in chunk[:lead] else "–"
                span.how, span.speaker = "after", speaker
                return True
        inverted = self._french_inversion(span, start, b)
        if inverted:
            span.cue, span.how = inverted[0], "after"
            span.speaker = self._resolve_pronoun(span.open_start, inverted[1])
            return True
        verb = self.verb.match(self.text, start, b)
        if verb:
            span.cue, span.how = " ".join(verb.group().split()), "after"
            tail = re.match(r"\s+(\w+)", self.text[verb.end():b])
            description = self._person_description(
                _DESCRIPTION.match(self.text, self._skip_space(verb.end()), b))
            if tail and tail.group(1).lower() in self.pronouns and self.language != "en":
                span.speaker = self._resolve_pronoun(span.open_start, tail.group(1))
            elif description:
                span.speaker = self._described_person(description, span.open_start)
            else:
                relative = _RELATIVE.search(self.text, verb.end(), b)
                end = relative.start() if relative else b
                span.speaker = self._speaker_in(verb.end(), end, self._skip_space(verb.end()))
            return True
        if self._attribute_unknown_verb(span, start, b):
            return True
        cue = self.verb.search(self.text, start, min(b, start + 120))
        if self.trailing:
            trailing = self.trailing.search(self.text, start, min(b, start + 120))
            if trailing and (not cue or trailing.start() < cue.start()):
                cue = trailing
        if not cue:
            return False
        subject = self.text[start:cue.start()].strip(" ,")
        first = re.match(r"\w+", subject)
        if not first:
            return False
        span.cue, span.how = " ".join(cue.group().split()), "after"
        if subject.lower() in self.pronouns:
            span.speaker = self._resolve_pronoun(span.open_start, subject.lower())
            return True
        description = self._person_description(_DESCRIPTION.fullmatch(subject))
        if description:
            span.speaker = self._described_person(description, span.open_start)
            return True
        if _ANONYMOUS.match(subject) and len(subject.split()) <= 6 and subject.islower():
            span.speaker = None  # an unnamed source: a quote, but no speaker to give
            span.nobody = True
            return True
        words = subject.split()
        skip = 0
        while skip < len(words) and (words[skip].lower() in DETERMINERS or words[skip][0].islower()):
            skip += 1
        if skip == len(words) or not words[skip][0].isupper():
            span.cue = span.how = None
            return False
        span.speaker = self._speaker_in(start, cue.start(), start)
        return True

    def _attribute_unknown_verb(self, span: _Span, start: int, b: int) -> bool:
        """ "« … », a réagi Tony Estanguet", "„…“, schwärmte er": a verb not in the list,
        right after the quote and followed by a known person or a pronoun."""
        if not self._runs_on(span, start):
            return False
        m = re.compile(r"(?:a\s+|hat\s+)?([^\W\d_][\w'’]*)\s+").match(self.text, start, b)
        if not m or not m.group(1)[0].islower() or m.group(1).lower() in _NOT_VERBS \
                or self._is_role_word(m.group(1)) or m.group(1).lower() in ROLE_MODIFIERS_EN:
            return False
        nxt = re.match(r"(\w+)", self.text[m.end():b])
        description = self._person_description(_DESCRIPTION.match(self.text, m.end(), b))
        if nxt and nxt.group(1).lower() in self.pronouns and self.language != "en":
            speaker = self._resolve_pronoun(span.open_start, nxt.group(1))
        elif description and (description.group(2) or self._is_role_word(description.group(3))
                              or description.group(3)[0].isupper()):
            speaker = self._described_person(description, span.open_start)  # "strahlte die Siegerin"
        else:
            speaker = self._speaker_in(m.end(), b, m.end())
            if speaker and (not speaker.is_person or " " not in speaker.name):
                speaker = None  # only a full or known name makes an unknown word a speech verb
        if not speaker:
            return False
        span.cue, span.how, span.speaker = " ".join(m.group().split()), "after", speaker
        return True

    def _runs_on(self, span: _Span, start: int) -> bool:
        """Whether the quote's sentence runs on after it: „…“, sagte; “…!” she cried."""
        return bool(re.match(r"\s*,", self.text[span.close_end:start]) or
                    re.search(r"[,!?]$", self.text[span.parts[-1][0]:span.parts[-1][1]]))

    def _french_inversion(self, span: _Span, a: int, b: int) -> tuple[str, str] | None:
        """ "a-t-elle ajouté", "explique-t-il": the cue and the pronoun subject. A verb not
        in the list counts when the sentence runs on from the quote into it."""
        if self.language not in (None, "fr"):
            return None
        m = re.compile(r"a-t-(il|elle)\s+(\w+)|([\w'’]+)-t?-?(il|elle)(?!\w)", re.I).match(
            self.text, a, b)
        if not m:
            return None
        verb = f"a {m.group(2)}" if m.group(2) else m.group(3)
        if not self.verb.fullmatch(verb) and not (verb.islower() and self._runs_on(span, a)):
            return None
        return verb, (m.group(1) or m.group(4)).lower()

    def _skip_space(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in " \u00a0,":
            pos += 1
        return pos

    def _speech_like(self, span: _Span, after: str) -> bool:
        """Titles and names in marks are short, unpunctuated and not set off by a comma."""
        content = self.text[span.parts[-1][0]:span.parts[-1][1]]
        if re.search(r"[,.!?…:;]$", content) or re.match(r"\s*[,:]", after):
            return True
        return len(_TOKEN.findall(content)) >= 5

    def _attribute_before(self, span: _Span, a: int, b: int) -> None:
        text = self.text
        before = text[a:b]
        leading = self.leading.match(text, a, b)
        if leading:
            pronoun = re.match(r"(\w+)", text[leading.end():b])
            if pronoun and pronoun.group(1).lower() in _OBJECT_PRONOUNS:
                speaker = self._resolve_pronoun(span.open_start, pronoun.group(1))
            else:
                speaker = self._speaker_in(leading.end(), b, leading.end())
            if speaker:
                span.cue, span.how, span.speaker = " ".join(leading.group().split()), "leading", speaker
                return
        colon = before.rstrip().endswith(":")
        verbs = list(self.verb.finditer(text, a, b))
        if not colon and verbs and re.fullmatch(r"\s*,\s*", text[verbs[-1].end():b]):
            colon = True  # "He added, “…”": the verb and a comma introduce the quote
        if not colon and not verbs:
            return
        # "Asked about X, he said:": the verb nearest the colon introduces the quote.
        verb = (verbs[-1] if colon else verbs[0]) if verbs else None
        if verb and self.leading.match(text, verb.start(), b):
            verb = None
        subject_end = verb.start() if verb else a + len(before.rstrip()) - 1
        subject = text[a:subject_end].strip(" ,")
        last_word = re.search(r"(?:^|,\s*)(\w+)$", subject)  # "Asked about X, he said:"
        description = self._person_description(_DESCRIPTION.fullmatch(subject))
        possessive = _POSSESSIVE_INTRO.fullmatch(subject + ":") if colon and not verb else None
        if last_word and last_word.group(1).lower() in self.pronouns:
            pronoun = last_word.group(1).lower()
            speaker = self._resolve_pronoun(span.open_start, pronoun)
        elif description:
            speaker = self._described_person(description, span.open_start)
        elif possessive:
            speaker = self._resolve_pronoun(span.open_start, possessive.group(1))
        else:
            adjacent = subject_end
            while adjacent > a and text[adjacent - 1].isspace():
                adjacent -= 1
            relative = _RELATIVE.search(text, a, adjacent)  # "X, who won in Tokyo, said"
            speaker = self._speaker_before(a, relative.start() if relative else adjacent)
            after_verb = re.match(r"\s*(\w+)", text[verb.end():b]) if verb else None
            if not speaker and after_verb and after_verb.group(1).lower() in self.pronouns \
                    and self.language != "en":  # "Zugleich mahnte sie:"
                pronoun = after_verb.group(1).lower()
                speaker = self._resolve_pronoun(span.open_start, pronoun)
            elif not speaker and verb:
                speaker = self._speaker_in(verb.end(), b, self._skip_space(verb.end()))
        if colon:
            span.cue = " ".join(verb.group().split()) if verb else ":"
            span.how, span.speaker = "colon", speaker
            return
        content = " ".join(text[s:e] for s, e in span.parts)
        if verb and speaker and len(_TOKEN.findall(content)) >= 3 and not self._title_like(span, content):
            span.cue, span.how, span.speaker = " ".join(verb.group().split()), "partial", speaker

    def _speaker_before(self, a: int, end: int) -> _Speaker | None:
        """The subject of a speech verb ending at ``end``: a full name, else the word next to it."""
        speaker = self._speaker_in(a, end, None)
        if speaker:
            return speaker
        # "Jones, her coach, said": a name opening the subject, set off by a comma.
        opening = re.match(r"\s*([A-ZÀ-Þ][\w'’\-]+),", self.text[a:end])
        if opening and self._word_kind(opening.group(1)) == "name":
            name = opening.group(1)
            known = self._full_name(name, a)
            return self._speaker_for(known) if known else _Speaker(name, *self._apposition(
                a + opening.start(1), a + opening.end(1)))
        k = bisect_left(self.run_starts, end) - 1
        if k >= 0 and self.runs[k].end == end and self.runs[k].start >= a:
            run = self.runs[k]
            found = self._name_in_run(run)
            before = self._word_before(run.start)
            words = [w for w, _, _ in run.words]
            if found and found[3] == 1 and self.language == "de" and self._after_german_article(found[1]):
                return None  # "bei den Themen, gab es": a noun
            if found and found[3] == 1 and self._org_word_before(run, found[1]):
                return _Speaker(self._org_name(words), is_person=False)
            if found and before not in {"of", "at", "for", "von", "des", "der", "de", "du", "chez",
                                        "bei", "d"}:
                name, start, end_, count = found
                known = self._full_name(name, start)
                if known:
                    return self._speaker_for(known)
                return _Speaker(name, *self._apposition(start, end_))
            if any(self._word_kind(w) == "org" for w in words):
                return _Speaker(self._org_name(words), is_person=False)
        return None

    def _org_word_before(self, run: _Run, pos: int) -> bool:
        """Whether an organisation word precedes the name at ``pos`` in its run, which is
        then an organisation's name: "Die Deutsche Telekom teilte mit"."""
        before = [w for w, _, end in run.words if end < pos]
        return bool(before) and before[-1].lower() in ORG_NAME_WORDS

    def _org_name(self, words: list[str]) -> str:
        """An organisation's name from a capitalised run: leading articles dropped."""
        k = 0
        while k < len(words) - 1 and words[k].lower() in DETERMINERS:
            k += 1
        return " ".join(words[k:])

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
