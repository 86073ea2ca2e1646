"""The attribution clause before a quote: "X sagte: „…“", "Der Direktor, Anthony Lake,
sagte: „…“", "He called it “a disgrace”" (a partial quote), "Jones, her coach, said"."""
from __future__ import annotations

import re
from bisect import bisect_left

from .quotes_lexicon import (
    DETERMINERS,
    ORG_NAME_WORDS,
)
from .quotes_patterns import (
    _DESCRIPTION,
    _OBJECT_PRONOUNS,
    _POSSESSIVE_INTRO,
    _RELATIVE,
    _Run,
    _Span,
    _Speaker,
    _TOKEN,
)


class BeforeClause:
    """Reads the sentence before a quote. A mixin of ``quotes._QuoteFinder`` (via ``ClauseRules``)."""

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
