"""The attribution clause after a quote: "…,” said X", "„…“, sagte sie", "« … », a réagi
X", a sign-off "… – Name, Role", a verb no lexicon has ("…,” Trump barked")."""
from __future__ import annotations

import re

from .quotes_lexicon import (
    DETERMINERS,
    ROLE_MODIFIERS_EN,
)
from .quotes_patterns import (
    _ANONYMOUS,
    _DESCRIPTION,
    _NOT_VERBS,
    _RELATIVE,
    _Span,
    _TOKEN,
)


class AfterClause:
    """Reads the text after a quote. A mixin of ``quotes._QuoteFinder`` (via ``ClauseRules``)."""

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
