"""Direct quotes in English, German and French news text, with who said them.

``find_quotes`` is pure and rule based: one regex pass finds the quote marks, a scan
pairs them, and the text next to each quote is searched for a speech cue and a
speaker. It runs in time linear in the text (pairing uses per-mark indexes, every
attribution window is bounded), so odd input cannot make it slow.

Conventions of the returned ``Quote``:
- ``text`` is the quote content without its marks. A quote interrupted by its
  attribution (“A,” said X. “B.”) and a quote running over several paragraphs
  (opening mark repeated, no closing mark at the paragraph end) are one ``Quote``
  whose text joins the parts with one space (a comma that the attribution's full stop
  shows to end a sentence becomes a full stop); ``start``/``end`` span from the first to
  the last content character, so ``text`` is not always ``article_text[start:end]``.
- ``speaker`` is the full name as introduced in the article: pronouns ("she said",
  "sagte er", "a-t-il ajouté") and bare surnames are resolved to the person mentioned
  before whose gender (from a first name or a title like "Präsidentin") agrees;
  descriptions ("the 24-year-old", "so der Präsident", "la Niçoise") go to the person
  with that stated age or role, else to the one just named; an organisation is the
  speaker when it speaks ("the IOC said", "Die Deutsche Telekom teilte mit"); ``None``
  when the text does not say who, as for anonymous sources ("one official said on
  condition of anonymity", "heißt es aus Verbandskreisen"), which are still quotes.
- ``role``/``organisation`` come from an apposition at the attribution or at any
  earlier mention of the speaker ("Kuo Zhang, President of Alibaba.com",
  "CSM Group CEO Zak Brown", "Direktor der Athletenabteilung des IOC").
- ``cue`` is the speech verb or preposition ("said", "sagte", "laut", "a déclaré"),
  ":" for a bare colon introduction, ``None`` for a quote kept on its length alone.
"""

from __future__ import annotations

import functools
import re

from .quotes_lexicon import (
    LEADING_CUES,
    PRONOUNS,
    SPEECH_VERBS,
    TITLE_INTRODUCERS,
    TRAILING_NAME_CUES,
    cue_alternation,
)
from . import attribution
from .quotes_clause import ClauseRules
from .quotes_marks import MarkPairing
from .quotes_names import PeopleIndex
from .quotes_references import ReferenceResolver
from .quotes_roles import RoleReader
from .records import Mention, Quote
from .quotes_patterns import (
    MAX_SENTENCE_CHARS,
    WINDOW,
    _DANGLING,
    _Person,
    _Span,
    _Speaker,
    _TITLE_SMALL_WORDS,
    _TOKEN,
)


def find_quotes(
    text: str, language: str | None = None, people: list[Mention] | None = None
) -> list[Quote]:
    """Every direct quote in ``text`` with its speaker, role and organisation.

    ``language`` ("en", "de", "fr") selects the speech verbs; ``None`` uses all three.
    ``people`` are PER mentions from the entity stage; without them, names are
    found by their capitalisation next to speech cues and in appositions.
    """
    if not text or not text.strip():
        return []
    return _QuoteFinder(text, language, people or [], parsed=people is not None).quotes()


@functools.lru_cache(maxsize=8)
def _cue_patterns(language: str | None) -> tuple[re.Pattern, re.Pattern, re.Pattern | None, frozenset[str], re.Pattern]:
    """One language's speech-verb, leading-cue and trailing-cue patterns, pronouns, and
    the speech verb last in a stretch (one match from the end), compiled once per process."""
    verbs = cue_alternation(language, SPEECH_VERBS)
    verb = re.compile(rf"(?<!\w)(?:{verbs})(?!\w)", re.I)
    last_verb = re.compile(rf"(?s:.*)(?<!\w)(?:{verbs})(?!\w)", re.I)
    leading = re.compile(rf"\s*(?:{cue_alternation(language, LEADING_CUES)})(?!\w)\s*", re.I)
    trailing = cue_alternation(language, TRAILING_NAME_CUES)
    trailing_re = re.compile(rf"(?<!\w)(?:{trailing})(?!\w)", re.I) if trailing else None
    langs = [language] if language else list(PRONOUNS)
    return verb, leading, trailing_re, frozenset(p for lang in langs for p in PRONOUNS[lang]), last_verb


class _QuoteFinder(MarkPairing, PeopleIndex, ReferenceResolver, RoleReader, ClauseRules):
    """One text's quotes. This module pairs the marks, joins split and continued quotes,
    drops titles and assembles the results; the mixins read the people named
    (``quotes_names``), their roles (``quotes_roles``) and the attribution clause
    (``quotes_clause``); ``extract.attribution`` decides the speaker."""

    def __init__(self, text: str, language: str | None, people: list[Mention], parsed: bool = False):
        self.text = text
        self.lowered = text.lower()  # for counting words, not for offsets
        self._names: dict[int, tuple | None] = {}
        self._appositions: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        # With the parse's mentions, a capitalised run is a name only if it opens with a
        # known first name (German capitalises every noun: "Formen von Gewalt").
        self.parsed = parsed
        self.language = language if language in SPEECH_VERBS else None
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.verb, self.leading, self.trailing, self.pronouns, self.last_verb = _cue_patterns(self.language)
        self.spans = self._pair_marks(self._marks())
        self.quoted = [(s.parts[0][0], s.parts[-1][1]) for s in self.spans]
        self.runs = self._runs()
        self.run_starts = [r.start for r in self.runs]
        self.orgs = sorted((m for m in people if m.label == "ORG"), key=lambda m: m.start)
        self.org_starts = [m.start for m in self.orgs]
        self.non_persons = [m for m in people if m.label in ("ORG", "LOC", "EVENT", "PRODUCT")]
        self.persons = self._persons(people)
        self._index_persons()
        self.org_names = {m.text for m in self.orgs} | {m.canonical for m in self.orgs if m.canonical}
        self.place_names = {m.text for m in people if m.label == "LOC"}
        self.previous_speaker: _Speaker | None = None
        self.unnamed_source = False

    def _short_title(self, span: _Span, content: str) -> bool:
        """A name in marks, whatever its attribution: a short stretch after a possessive
        ("ABC’s “This Week,” Carson said"), or one whose words are mostly capitalised and
        that ends no sentence ("star of “Thelma and Louise,”")."""
        words = re.findall(r"[^\W\d_][\w'’\-]*", content)
        if not words or len(words) > 6 or len(span.parts) > 1:
            return False
        if re.search(r"\w['’]s?\s*$", self.text[max(0, span.open_start - 20):span.open_start]):
            return True
        if self.language == "de":
            return False  # German capitalises every noun: "„Ein großer Tag“, sagte sie"
        # Title case: every word capitalised but the small words of titles, no comma inside.
        return "," not in content.rstrip(",") and words[0][0].isupper() and all(
            w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) \
            and not re.search(r"[.!?…]$", content) and bool(self.text[:span.open_start].strip())

    _SUBJECT_AFTER = re.compile(r"[ \u00a0]+(?:[A-Z][\w’'.\-]*|he|she|they|we|I|it|the|a|an|one)(?![\w’'])")

    def _reported_after(self, span: _Span, content: str) -> bool:
        """A quote whose sentence goes on after it, English style: the comma (or ? !)
        inside the closing mark, then the subject of the reporting clause, whatever its
        verb ("“Go back to Univision,” Trump barked", "“…,” the judge exclaimed"). A list
        of titles continues with another mark, not a subject."""
        if self.language not in (None, "en") or not span.closed or len(span.parts) > 1:
            return False
        raw = self.text[span.parts[-1][0]:span.parts[-1][1]].rstrip()
        if not raw.endswith((",", "?", "!")) or len(_TOKEN.findall(content)) < 3:
            return False
        m = self._SUBJECT_AFTER.match(self.text, span.close_end)
        return bool(m) and self.text[m.end():m.end() + 3].strip()[:1] not in ("“", '"', "‘")

    def _title_like(self, span: _Span, content: str) -> bool:
        before = self._word_before(span.open_start)
        if before in TITLE_INTRODUCERS:
            return True
        words = re.findall(r"[^\W\d_]+", content)
        upper = sum(1 for w in words if w[0].isupper())
        if not words or upper / len(words) < 0.6:
            return False
        if not re.search(r"[.!?]$", content):
            return True
        # a title that ends the reporter's sentence ("on NBC's “Meet the Press.”"): short, and
        # every longer word capitalised, which no sentence of speech is (English only)
        long_words = [w for w in words if len(w) >= 4]
        return (self.language in (None, "en") and len(words) <= 8 and len(long_words) >= 2
                and all(w[0].isupper() for w in long_words))

    # ---- the result -------------------------------------------------------------------

    def _joined(self, parts: list[tuple[int, int]]) -> str:
        """The parts of a split quote as one text. The attribution's own punctuation
        says how they join: "“We are ready,” she said. “The athletes…”" reads "We are
        ready. The athletes…" (the comma stood for a full stop), while "“We are ready,”
        she said, “and the athletes…”" keeps its comma."""
        pieces = [self.text[s:e] for s, e in parts]
        for k in range(len(pieces) - 1):
            between = self.text[parts[k][1]:parts[k + 1][0]]
            ends_sentence = bool(re.search(r"[.!?]\W*$", between.rstrip()))
            if pieces[k].endswith(","):
                if ends_sentence:
                    pieces[k] = pieces[k][:-1] + "."
            elif not re.search(r"[.!?…;:]$", pieces[k]):
                # German puts the comma outside the marks: „Wir sind bereit“, sagte sie.
                pieces[k] += "." if ends_sentence else ","
        return " ".join(pieces)

    def quotes(self) -> list[Quote]:
        spans = self.spans
        for i, span in enumerate(spans):
            next_open = spans[i + 1].open_start if i + 1 < len(spans) else len(self.text)
            self._attribute(span, spans[i - 1] if i else None, next_open)
        spans = self._merge_split(spans)
        results: list[Quote] = []
        previous: tuple[_Span, Quote] | None = None
        for span in spans:
            # The comma or colon a quote ends on belongs to the reporter's sentence ("…,”
            # said X): the text drops it, the offsets keep the raw span.
            content = _DANGLING.sub("", self._joined(span.parts))
            if not self._plausible(content) or self._short_title(span, content):
                continue
            confidence = {"after": 0.9, "leading": 0.85, "colon": 0.85, "partial": 0.7}.get(span.how)
            if span.how is None:
                if not span.closed or self._title_like(span, content):
                    continue
                # A short sentence opening the text is a quote when the next names its speaker.
                short_opening = not self._long_speech(content) and bool(
                    re.search(r"[.!?…]$", content)) and not self.text[:span.open_start].strip()
                if not (self._long_speech(content) or short_opening or self._reported_after(span, content)):
                    continue
                span.speaker, confidence = self._unattributed_speaker(span, previous)
                if short_opening and not span.speaker:
                    continue
            speaker = self._decide(span, previous)
            if span.how is not None and speaker is None:
                confidence -= 0.2
            quote = Quote(
                text=content,
                start=span.parts[0][0],
                end=span.parts[-1][1],
                speaker=speaker.name if speaker else None,
                speaker_entity_id=speaker.entity_id if speaker else None,
                role=speaker.role if speaker else None,
                organisation=speaker.organisation if speaker else None,
                language=self.language,
                cue=span.cue,
                confidence=round(confidence, 2),
                sentence=self._display_sentence(span),
            )
            results.append(quote)
            previous = (span, quote)
        return results

    def _decide(self, span: _Span, previous: tuple[_Span, Quote] | None) -> _Speaker | None:
        """The speaker: candidates → features → decision (``extract.attribution``)."""
        self.previous_speaker = None
        if previous and previous[1].speaker:
            # the quote before, in this paragraph or the one right before it
            here = self._paragraph_start(span.open_start)
            between = self.text[self._paragraph_end(previous[0].close_end):here]
            if self._paragraph_start(previous[0].close_end) == here or not between.strip():
                q = previous[1]
                self.previous_speaker = _Speaker(q.speaker, q.role, q.organisation, q.speaker_entity_id)
        if span.nobody:
            return None
        candidates, regions = attribution.gather(self, span, self.previous_speaker)
        best = attribution.decide(self, candidates, regions, span)
        if best is not None and best.person is not None:
            # role and organisation from the apposition at this mention, else an earlier one
            return self._speaker_for(best.person, self._apposition(best.start, best.end))
        return best.speaker if best else None

    def _bare_person(self, person: _Person) -> _Speaker:
        return _Speaker(person.name, entity_id=person.entity_id)

    def _org_speaker(self, mention: Mention) -> _Speaker:
        return _Speaker(mention.canonical or mention.text, is_person=False,
                        entity_id=mention.entity_id)

    def _bare_speaker(self, name: str, start: int, end: int) -> _Speaker:
        role, org = self._apposition(start, end)
        return _Speaker(name, role, org)

    def _continues(self, previous: _Span, span: _Span) -> bool:
        """Whether ``span`` is the second part of a quote split by its attribution:
        "“A,” said X. “B.”", "„A“, sagte X, „B“" (B has no cue of its own)."""
        between = self.text[previous.close_end:span.open_start]
        return (
            previous.how == "after" and span.closed and "\n" not in between
            and previous.after_end >= span.open_start - len(between) + len(between.rstrip())
            and bool(re.search(r"\w[\w.]*\s*[,.;]$", between.rstrip()))
        )

    def _merge_split(self, spans: list[_Span]) -> list[_Span]:
        merged: list[_Span] = []
        for span in spans:
            if span.how == "continues" and merged:
                merged[-1].parts.extend(span.parts)
                merged[-1].close_end = span.close_end
                merged[-1].after_end = max(merged[-1].after_end, span.after_end)
            else:
                merged.append(span)
        return merged

    def _plausible(self, content: str) -> bool:
        """Not code, not a URL, has words."""
        if not re.search(r"[^\W\d_]{2}", content):
            return False
        return not re.search(r"://|[<>{}=]|^\W*$", content)

    def _long_speech(self, content: str) -> bool:
        tokens = len(_TOKEN.findall(content))
        return tokens >= 12 or (tokens >= 6 and bool(re.search(r"[.!?…]$", content)))

    def _skip_space_and_newlines(self, pos: int) -> int:
        m = re.compile(r"\S").search(self.text, pos, pos + WINDOW)
        return m.start() if m else pos

    def _display_sentence(self, span: _Span) -> str:
        start = span.open_start if span.before_start is None else span.before_start
        end = max(span.after_end, span.close_end)
        if end - start > MAX_SENTENCE_CHARS:
            start = max(start, span.open_start - 60)
            end = min(end, start + MAX_SENTENCE_CHARS)
        return self.text[start:end].strip()
