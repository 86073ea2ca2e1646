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

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .quotes_lexicon import (
    ABBREVIATIONS,
    DETERMINERS,
    FEMALE_FIRST_NAMES,
    FEMALE_ROLE_WORDS,
    FEMININE_FR_ROLE_ENDINGS,
    LEADING_CUES,
    MALE_FIRST_NAMES,
    NATIONALITY_ADJECTIVES_EN,
    NATIONALITY_FIRST_WORDS_EN,
    MALE_ROLE_WORDS,
    NOT_NAME_WORDS,
    ORG_HEADS,
    ORG_NAME_WORDS,
    PRONOUNS,
    ROLE_HEADS_EN,
    ROLE_MODIFIERS_EN,
    ROLE_STEM_DE,
    ROLE_WORDS_FR,
    UNNAMED_SOURCE_NOUNS,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
    TITLE_INTRODUCERS,
    TRAILING_NAME_CUES,
    cue_alternation,
)
from . import attribution
from .names import first_names
from .records import Mention, Quote


def _is_nationality(words: list[str]) -> bool:
    """"French", "US", "South African", "Sri Lankan": a nationality, not an organisation."""
    if len(words) == 1:
        return words[0] in NATIONALITY_ADJECTIVES_EN
    return len(words) == 2 and words[0] in NATIONALITY_FIRST_WORDS_EN and words[1][:1].isupper() and (
        words[1] in NATIONALITY_ADJECTIVES_EN or words[1].endswith(("an", "ese", "ish", "i"))
    )

MAX_QUOTE_CHARS = 3000  # a closing mark further away than this is not this quote's
MAX_UNCLOSED_CHARS = 600  # an unclosed quote after a colon runs to its paragraph end
MAX_CONTINUED_PARAGRAPHS = 8
WINDOW = 300  # how far attribution looks before and after a quote
RUN_LOOKBACK = 900  # how far before a quote capitalised names are read
MAX_SENTENCE_CHARS = 400

# Quote marks, including UTF-8 marks decoded as cp1252 ("â€œ" for “); a bare "â€" is a
# ” whose third byte got lost, unless another cp1252 character follows (â€“ is a dash).
_MARK = re.compile(
    "â€œ|â€ž|â€˜|â€™|â€\x9d|â€ť|â€(?=[\\s,.;:!?)]|$)|Â«|Â»|[“”„‟\"«»‹›‚‘’']"
)
_MOJIBAKE = {
    "â€œ": "“", "â€ž": "„", "â€˜": "‘", "â€™": "’", "â€\x9d": "”", "â€ť": "”",
    "â€": "”", "Â«": "«", "Â»": "»",
}
# The marks that may close a quote opened by each mark: mismatched pairs („…" or „…”)
# are common in scraped text, so a closer of the same weight closes.
_CLOSERS = {
    "“": "”“\"", "„": "“”\"", "‟": "”\"", "\"": "\"”“", "”": "”\"",
    "«": "»", "»": "«", "‹": "›", "›": "‹", "‘": "’'", "‚": "‘’'", "'": "'’",
}
_GUILLEMETS = "«»‹›"
_SINGLES = "‘’‚'"
_DOUBLE_MARK_CHARS = "“”„‟\"«»‹›"
_BEFORE_OPENER = "([{—–-/:;'’\"“„«»‘‚"
_AFTER_CLOSER = ",.;:!?)]}…—–-/'’\"”»«“"

# A word; an elided article ("d'après", "L'Équipe") is left out of it.
_WORD = re.compile(r"(?:(?<![\w'’])[dDlL]['’](?=\w))?(\w(?:[\w\-]|['’.](?=\w))*)")
_TOKEN = re.compile(r"\w+")
# A stretch of words starting upper-case-like, joined by single spaces, with up to two
# name particles between them: where ``_runs`` looks (it checks each word itself).
_UPPERISH = r"[^\W\d_a-zß-öø-ÿ]"
_RUNISH = re.compile(
    rf"(?<![\w'’])(?:[dDlL]['’])?{_UPPERISH}[\w\-'’.]*"
    rf"(?:[ \u00a0](?:(?:de|da|van|von|du|di|le|la|del|dos|bin|al|ter|ten|zu|y|der|den)[ \u00a0]){{0,2}}"
    rf"(?:[dDlL]['’])?{_UPPERISH}[\w\-'’.]*)*")
_BOUNDARY = re.compile(r"[.!?…]['’\"”»“]?(?=\s)|\n")
_PARTICLES = {"de", "da", "van", "von", "du", "di", "le", "la", "del", "dos", "bin", "al",
              "ter", "ten", "zu", "y"}
_DESCRIPTOR_END = re.compile(r"(er|erin|in|ist|istin|or|eur|euse|ute|ike|ing)$")
_ARTICLES = {"the", "der", "die", "das", "den", "dem", "ein", "eine", "le", "la",
             "les", "l", "un", "une"}
_PREPOSITIONS = {"of", "at", "for", "from", "von", "vom", "des", "der", "bei", "beim", "de",
                 "du", "d", "chez", "à", "au", "aux"}
# A relative clause after a name is about someone else: "said the Kenyan, who beat X".
_RELATIVE = re.compile(r",\s+(?:who|whom|whose|which|qui|dont|lequel|laquelle|der|die|das|welche[rs]?)\s")
# A definite description standing for a person named before: "the 24-year-old", "der
# 52-Jährige", "the captain", "la Niçoise"; it ends its clause (or a separable particle
# follows: "räumte die Kapitänin ein").
_DESCRIPTION = re.compile(
    r"((?:the|der|die|le|la)(?=\s)|l['’])\s*(?:(\d{1,3})-(?:year-old|jährigen?|ans)|([^\W\d_][\w\-]*))"
    r"(?=\s*(?:[,.;:!?)]|$|\n|(?:ein|hinzu|zu|an|fort|nach)\b))", re.I)
_GERMAN_ARTICLES = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen",
                    "einer", "eines", "im", "am", "zum", "zur", "beim", "vom", "ins", "ans"}
_RELATIVE_START = re.compile(r"(?:who|whom|whose|which|that|qui|dont|que|lequel|laquelle)\s", re.I)
# The organisation closing "Name, Role, Organisation" at the end of a sentence or line.
_LISTED_ORG = re.compile(
    r"\s*,\s*([A-Z0-9ÀÂÉÈÎÔÜÄÖ][\w.&'’\-]*(?:\s+[\w.&'’\-]+){0,5}?)\s*(?=[.;]\s|[.;]?$|\n)")
# A line signing the quote above it: "– Jane Doe, CMO, Velo Media Group", "~ Jason Reed".
_SIGN_OFF = re.compile(r"[–—~-]\s*[A-ZÀ-Þ][\w.'’\-]*(?:\s+[A-ZÀ-Þ][\w.'’\-]*){0,3}\s*(?:,|$)")
_ARTICLE_GENDER = {"der": "m", "le": "m", "die": "f", "la": "f"}
# How a person's age is stated next to the name: "Name (52)", "the 24-year-old Name".
_AGE_AFTER = re.compile(r"\s*(?:\((\d{1,3})\)|,\s*(\d{1,3})(?:\s*ans)?,)")
_AGE_BEFORE = re.compile(r"(\d{1,3})-(?:year-old|jährigen?|jährige[rn]?|ans)\s+$", re.I)
# An indefinite or anonymous subject: "one team official said", "a spokesperson said".
_ANONYMOUS = re.compile(r"(?:one|a|an|some|ein|eine|einer|un|une|des)\s", re.I)
_FILLERS = {"auch", "zudem", "außerdem", "dabei", "nun", "jetzt", "heute", "gestern", "sich",
            "also", "meanwhile", "today", "yesterday", "now", "then", "aussi", "encore", "se",
            "hier", "aujourd'hui"}
_FIRST_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES
_OBJECT_PRONOUNS = {"him", "her", "ihm", "ihr", "lui", "elle"}
# The gender a pronoun or possessive gives its referent ("sie" is read as "she").
_PRONOUN_GENDER = {"he": "m", "er": "m", "il": "m", "him": "m", "ihm": "m", "his": "m",
                   "sein": "m", "seine": "m",
                   "she": "f", "sie": "f", "elle": "f", "her": "f", "ihr": "f", "ihre": "f"}
# "Her verdict:", "Sein Fazit:": a possessive and a noun or two introducing a quote.
_POSSESSIVE_INTRO = re.compile(r"\s*(his|her|sein|seine|ihr|ihre|son|sa)\s+\w+(?:\s+\w+)?\s*:?\s*$", re.I)
MAX_REFERENTS = 12  # how many earlier people a pronoun or description may skip over
# Lower-case words after a quote that are not speech verbs.
_NOT_VERBS = {"and", "or", "but", "the", "a", "in", "on", "at", "for", "with", "to", "of",
              "und", "oder", "aber", "der", "die", "das", "in", "im", "am", "mit", "zu", "von",
              "et", "ou", "mais", "le", "la", "les", "de", "du", "des", "en", "à", "au", "pour"}
_TITLE_SMALL_WORDS = {"the", "and", "of", "with", "for", "in", "on", "a", "an", "to", "at", "or",
                      "de", "la", "le", "les", "et", "du", "des", "en"}
_DANGLING = re.compile(r"[\s,;:–—\-]+$")
_FORMER = re.compile(r"^(?:former|ex-|ehemalige[rn]?\s|ancien(?:ne)?\s)\s*", re.I)


@dataclass
class _Mark:
    start: int
    end: int
    char: str
    can_open: bool
    can_close: bool


@dataclass
class _Span:
    """A pair of quote marks (or a chain of them) and what is known about the quote."""

    parts: list[tuple[int, int]]  # content of each part, marks excluded
    open_start: int
    close_end: int  # end of the closing mark (paragraph end when unclosed)
    closed: bool = True
    after_end: int = 0  # end of the text searched for an attribution after the quote
    before_start: int | None = None  # start of the sentence searched before the quote
    cue: str | None = None
    how: str | None = None  # after | leading | colon | partial | continues (split quote)
    speaker: "_Speaker | None" = None
    nobody: bool = False  # the clause names an unnamed source: "a spokesperson said", "heißt es"


@dataclass
class _Person:
    name: str
    start: int
    end: int
    tokens: int
    entity_id: str | None = None


@dataclass
class _Speaker:
    name: str | None
    role: str | None = None
    organisation: str | None = None
    entity_id: str | None = None
    is_person: bool = True


@dataclass
class _Run:
    """A run of capitalised words separated by single spaces."""

    start: int
    end: int
    words: list[tuple[str, int, int]] = field(default_factory=list)


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


class _QuoteFinder:
    def __init__(self, text: str, language: str | None, people: list[Mention], parsed: bool = False):
        self.text = text
        self._kinds: dict[str, str] = {}
        self._roles: dict[str, bool] = {}
        self._names: dict[int, tuple | None] = {}
        # With the parse's mentions, a capitalised run is a name only if it opens with a
        # known first name (German capitalises every noun: "Formen von Gewalt").
        self.parsed = parsed
        self.language = language if language in SPEECH_VERBS else None
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        verbs = cue_alternation(self.language, SPEECH_VERBS)
        self.verb = re.compile(rf"(?<!\w)(?:{verbs})(?!\w)", re.I)
        self.leading = re.compile(
            rf"\s*(?:{cue_alternation(self.language, LEADING_CUES)})(?!\w)\s*", re.I
        )
        trailing = cue_alternation(self.language, TRAILING_NAME_CUES)
        self.trailing = re.compile(rf"(?<!\w)(?:{trailing})(?!\w)", re.I) if trailing else None
        langs = [self.language] if self.language else list(PRONOUNS)
        self.pronouns = {p for lang in langs for p in PRONOUNS[lang]}
        self.spans = self._pair_marks(self._marks())
        self.quoted = [(s.parts[0][0], s.parts[-1][1]) for s in self.spans]
        self.runs = self._runs()
        self.run_starts = [r.start for r in self.runs]
        self.org_mentions = [m for m in people if m.label == "ORG"]
        self.non_persons = [m for m in people if m.label in ("ORG", "LOC", "EVENT", "PRODUCT")]
        self.persons = self._persons(people)
        self._index_persons()
        self.all_pronouns = self.pronouns
        self.role_modifiers = ROLE_MODIFIERS_EN
        self.description_pattern = _DESCRIPTION
        self.orgs = sorted((m for m in people if m.label == "ORG"), key=lambda m: m.start)
        self.org_starts = [m.start for m in self.orgs]
        self.org_names = {m.text for m in self.orgs} | {m.canonical for m in self.orgs if m.canonical}
        self.place_names = {m.text for m in people if m.label == "LOC"}
        self.previous_speaker: _Speaker | None = None
        self.unnamed_source = False

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
                can_open = char != "’" and opens_word and nxt.isalnum()
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

    # ---- names --------------------------------------------------------------------

    def _runs(self) -> list[_Run]:
        """Runs of capitalised words; lower-case name particles may sit inside."""
        runs: list[_Run] = []
        for a, b in self._windows():
            runs.extend(self._runs_in(a, b))
        return runs

    def _windows(self) -> list[tuple[int, int]]:
        """The stretches around quotes where names matter (attribution looks back at most
        a few hundred characters, surnames further): the rest of a long text is not read."""
        out: list[tuple[int, int]] = []
        for span in self.spans:
            a, b = max(0, span.open_start - RUN_LOOKBACK), min(len(self.text), span.close_end + 2 * WINDOW)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _runs_in(self, a: int, b: int) -> list[_Run]:
        # A cheap regex finds the stretches that may hold a run; the word loop reads them.
        runs: list[_Run] = []
        for m in _RUNISH.finditer(self.text, a, b):
            runs.extend(self._runs_of(m.start(), m.end()))
        return runs

    def _runs_of(self, a: int, b: int) -> list[_Run]:
        runs: list[_Run] = []
        current: _Run | None = None
        pending: list[tuple[str, int, int]] = []
        for m in _WORD.finditer(self.text, a, b):
            word, start, end = m.group(1), m.start(1), m.end(1)
            last_end = pending[-1][2] if pending else (current.end if current else -2)
            joined = current is not None and start - last_end == 1 and self.text[last_end] in " \u00a0"
            if word[0].isupper():
                if joined:
                    current.words.extend(pending)
                    current.words.append((word, start, end))
                    current.end = end
                else:
                    current = _Run(start, end, [(word, start, end)])
                    runs.append(current)
                pending = []
            elif joined and len(pending) < 2 and (
                word in _PARTICLES or (pending and word in ("der", "den"))
            ):
                pending.append((word, start, end))
            else:
                current, pending = None, []
        return runs

    def _word_kind(self, word: str) -> str:
        kind = self._kinds.get(word)
        if kind is None:
            kind = self._kinds[word] = self._classify_word(word)
        return kind

    def _classify_word(self, word: str) -> str:
        low = word.lower()
        if self._is_role_word(word):
            return "role"
        if (len(word) > 1 and word.isupper()) or "." in word or any(c.isdigit() for c in word) \
                or low in ORG_HEADS or re.search(r"['’]s$", word):
            return "org"
        if low in NOT_NAME_WORDS or low.rstrip("'’s") in NOT_NAME_WORDS:
            return "stop"
        if word[0].islower():
            return "particle"
        return "name"

    def _is_role_word(self, word: str) -> bool:
        known = self._roles.get(word)
        if known is None:
            known = self._roles[word] = self._classify_role(word)
        return known

    def _classify_role(self, word: str) -> bool:
        low = word.lower()
        tail = low.rsplit("-", 1)[-1]
        if self.language in (None, "en") and low in ROLE_HEADS_EN:
            return True
        if self.language in (None, "de") and ROLE_STEM_DE.search(tail):
            return True
        return self.language in (None, "fr") and low in ROLE_WORDS_FR

    def _name_in_run(self, run: _Run) -> tuple[str, int, int, int] | None:
        """The person name a run ends with: (name, start, end, number of words)."""
        if run.start not in self._names:
            self._names[run.start] = self._read_name(run)
        return self._names[run.start]

    def _read_name(self, run: _Run) -> tuple[str, int, int, int] | None:
        words = run.words
        k = len(words)
        while k > 0 and (
            self._word_kind(words[k - 1][0]) in ("name", "particle")
            # a capitalised particle inside a name: "Marie-Amélie Le Fur", "Ursula Von Thun"
            or (words[k - 1][0].lower() in _PARTICLES and k < len(words) and k >= 2
                and self._word_kind(words[k - 2][0]) == "name")
        ):
            k -= 1
        while k < len(words) and words[k][0][0].islower():
            k += 1
        name = words[k:]
        if not name or name[-1][0][0].islower():
            return None
        capitalised = [w for w in name if w[0][0].isupper()]
        before = self._word_before(name[0][1])
        # Three capitalised words usually start with a descriptor ("Sprinter Amara
        # Okafor"); in German, where every noun is capitalised, they nearly always do.
        if len(capitalised) >= 3 and name[0][0].lower() not in _FIRST_NAMES and (
            _DESCRIPTOR_END.search(name[0][0].lower()) or (before or "") in DETERMINERS
            or self.language == "de"
        ):
            name = name[1:]
        return (self.text[name[0][1]:name[-1][2]], name[0][1], name[-1][2],
                sum(1 for w in name if w[0][0].isupper()))

    def _word_before(self, pos: int) -> str | None:
        m = re.search(r"(\w+)['’]?\s*$", self.text[max(0, pos - 30):pos])
        return m.group(1).lower() if m else None

    def _inside_quote(self, pos: int) -> bool:
        k = bisect_right(self.quoted, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def _persons(self, people: list[Mention]) -> list[_Person]:
        """Multi-word person names outside quotes; PER mentions replace the runs they overlap."""
        mentions = sorted(
            (m for m in people if m.label == "PER" and not self._inside_quote(m.start)),
            key=lambda m: m.start,
        )
        mention_starts = [m.start for m in mentions]
        persons = [
            _Person(m.canonical or m.text, m.start, m.end, len(m.text.split()), entity_id=m.entity_id)
            for m in mentions
        ]
        names = first_names()
        for run in self.runs:
            if len(run.words) < 2 or (self.parsed and not self._may_hold_person(run, names)):
                continue
            found = self._name_in_run(run)
            if not found or found[3] < 2 or self._inside_quote(found[1]):
                continue
            name, start, end, count = found
            if self.parsed and (self._labelled_otherwise(start, end) or (
                    not self._known_first_name(name.split()[0]) and not self._introduced_as_person(start, end))):
                continue
            if count == 2 and self.language == "de" and self._after_german_article(start):
                continue  # "im Viertelfinale Bilanz", "an der Seite von Seidel": nouns
            k = bisect_left(mention_starts, end) - 1
            overlaps = k >= 0 and mentions[k].end > start
            if not overlaps and not self._complement_of_title(start):
                persons.append(_Person(name, start, end, count))
        persons.sort(key=lambda p: p.start)
        return persons

    def _may_hold_person(self, run: _Run, names: frozenset[str]) -> bool:
        """A cheap test before reading a name out of a run, once the parse ran: a known
        first name in it, or a comma, a speech verb or a title around it."""
        if any(w in names or w.lower() in _FIRST_NAMES or "-" in w for w, _, _ in run.words):
            return True
        after = self.text[run.end:run.end + 2]
        return after[:1] == "," or bool(self.verb.match(self.text, self._skip_space(run.end))) \
            or self._only_titles(self.text[max(0, run.start - 40):run.start].split(",")[-1])

    def _labelled_otherwise(self, start: int, end: int) -> bool:
        """Whether the parse calls (part of) this run an organisation or a place, or the
        run holds an organisation word ("Brooks Athletic", "Lyon Arena")."""
        for m in self.non_persons:
            if m.start < end and start < m.end:
                # "Tennisprofi Milan Kovac" tagged ORG: a descriptor glued before a name
                # that opens with a known first name does not make the name an organisation
                if not (m.start < start and self._known_first_name(self.text[start:end].split()[0])):
                    return True
        return any(w.lower() in ORG_NAME_WORDS or w.lower() in ORG_HEADS
                   for w in self.text[start:end].split()[1:])

    def _known_first_name(self, word: str) -> bool:
        """ "Bobby", "Frank-Jürgen", "Jae-won" (each part of a hyphenated name known)."""
        names = first_names()
        return word in names or all(p in _FIRST_NAMES or p.capitalize() in names
                                    for p in word.lower().split("-"))

    def _introduced_as_person(self, start: int, end: int) -> bool:
        """Whether the text says a capitalised run is a person: a speech verb or a job
        title set off by a comma follows it ("Jae-won Park, Vice President of…, said"), or
        a job title precedes it."""
        if any(m.start < end and start < m.end for m in self.org_mentions):
            return False  # the parse calls it an organisation
        before = re.search(r"(\w+)\s+$", self.text[max(0, start - 12):start])
        if before and before.group(1).lower() in _PREPOSITIONS:
            return False  # "at Alibaba Cloud": the organisation of a title
        if self.verb.match(self.text, end + len(self.text[end:end + 3]) - len(self.text[end:end + 3].lstrip(" "))):
            return True
        title = re.match(r",\s+(?:the\s+|der\s+|die\s+|le\s+|la\s+)?((?:[\w\-]+\s+){0,2}[\w\-]+)",
                         self.text[end:end + 80])
        if title and any(self._is_role_word(w) for w in title.group(1).split()):
            return True
        title = re.search(r"([\w\-]+)\s+$", self.text[max(0, start - 40):start])
        return bool(title) and self._is_role_word(title.group(1))  # "Medienunternehmer X Y"

    def _after_german_article(self, pos: int) -> bool:
        """Whether a lower-case article or article-bearing preposition ends right before
        ``pos``: German names take none, so the capitalised word after it is a noun."""
        m = re.search(r"(?<!\w)(\w+)\s+$", self.text[max(0, pos - 12):pos])
        return bool(m) and m.group(1) in _GERMAN_ARTICLES

    def _index_persons(self) -> None:
        self.person_starts = [p.start for p in self.persons]
        self.person_at = {p.start: p for p in self.persons}
        self.first_named_ends = {p.end for p in self.persons if p.name.split()[0].lower() in _FIRST_NAMES}
        self.by_name: dict[str, list[_Person]] = {}
        self.by_surname: dict[str, list[_Person]] = {}
        for p in self.persons:
            self.by_name.setdefault(p.name, []).append(p)
            if p.tokens >= 2:
                self.by_surname.setdefault(p.name.split()[-1], []).append(p)
                first = p.name.split()[0]
                if not self._known_first_name(first) and first.lower() not in _PARTICLES:
                    # family name first ("Chen Qigang", "Han Seo-yeon"): "Chen" is the person too
                    self.by_surname.setdefault(first, []).append(p)
        self.surname_starts = {name: [p.start for p in ps] for name, ps in self.by_surname.items()}
        self.profiles: dict[str, tuple[str | None, str | None]] = {}

    def _complement_of_title(self, pos: int) -> bool:
        """Whether a name is the organisation of a title: "chairman of Bridgestone Europe"."""
        m = re.search(r"([\w\-]+)\s+(\w+)['’]?(?:\s+(?:the|der|die|das|dem|den|la|le|les))?\s*$",
                      self.text[max(0, pos - 60):pos])
        return bool(m) and m.group(2).lower() in _PREPOSITIONS and self._is_role_word(m.group(1))

    def _full_name(self, surname: str, pos: int) -> _Person | None:
        """The person a bare surname refers to: the latest earlier full mention, else the first."""
        matches = self.by_surname.get(surname, [])
        k = bisect_left(self.surname_starts[surname], pos) if len(matches) > 1 else int(
            bool(matches) and matches[0].start < pos)
        return matches[k - 1] if k else (matches[0] if matches else None)

    def _profile(self, name: str) -> tuple[str | None, str | None]:
        """Role and organisation from the first mention of ``name`` that has them."""
        if name not in self.profiles:
            self.profiles[name] = (None, None)
            for p in self.by_name.get(name, [])[:20]:
                role, org = self._apposition(p.start, p.end)
                if role or org:
                    self.profiles[name] = (role, org)
                    break
        return self.profiles[name]

    def _resolve_pronoun(self, pos: int, pronoun: str | None = None) -> _Speaker | None:
        """The person mentioned last before ``pos`` (full name or known surname) whose
        gender, where known, agrees with ``pronoun`` ("she", "er", "sein", "her")."""
        gender = _PRONOUN_GENDER.get(pronoun.lower()) if pronoun else None
        k = bisect_left(self.person_starts, pos) - 1
        best = self.persons[k] if k >= 0 else None
        k = bisect_left(self.run_starts, pos) - 1
        floor = max(best.end if best else 0, pos - 2 * WINDOW)
        while k >= 0 and self.runs[k].start >= floor:
            found = self._name_in_run(self.runs[k])
            if found and found[3] == 1 and not self._inside_quote(found[1]):
                person = self._full_name(found[0], found[1])
                if person:
                    best = person
                    break
            k -= 1
        if best and gender and self._gender(best.name) not in (None, gender):
            best = next((p for p in self._earlier_people(best.start)
                         if self._gender(p.name) in (None, gender)), None)
        return self._speaker_for(best) if best else None

    def _earlier_people(self, pos: int) -> list[_Person]:
        """The distinct people named before ``pos``, the latest first (a bounded number)."""
        seen: dict[str, _Person] = {}
        k = bisect_left(self.person_starts, pos) - 1
        floor = k - 4 * MAX_REFERENTS  # bounded even when one name is repeated many times
        while k >= 0 and k > floor and len(seen) < MAX_REFERENTS:
            seen.setdefault(self.persons[k].name, self.persons[k])
            k -= 1
        return list(seen.values())

    def _gender(self, name: str) -> str | None:
        """ "f" or "m" from the first name, else from the person's role noun; None if unknown."""
        first = name.split()[0].lower()
        if first in FEMALE_FIRST_NAMES:
            return "f"
        if first in MALE_FIRST_NAMES:
            return "m"
        role = self._profile(name)[0]
        return self._role_gender(role.split()[0]) if role else None

    def _role_gender(self, word: str) -> str | None:
        low = word.lower()
        if low in FEMALE_ROLE_WORDS:
            return "f"
        if low in MALE_ROLE_WORDS:
            return "m"
        if self.language in (None, "de"):
            stem = ROLE_STEM_DE.search(low.rsplit("-", 1)[-1])
            if stem:
                return "f" if stem.group(2) in ("in", "innen") else "m"
        if self.language in (None, "fr") and low in ROLE_WORDS_FR:
            if low.endswith(FEMININE_FR_ROLE_ENDINGS):
                return "f"
            return None if low.endswith("e") else "m"  # "capitaine", "ministre": either
        return None

    def _person_description(self, match: re.Match | None) -> re.Match | None:
        """``match`` if it describes a person: not "the IOC", "the company", "der Verband"."""
        noun = match.group(3) if match else None
        if noun and not self._is_role_word(noun) and (
            self._word_kind(noun) == "org" or noun.lower() in ORG_HEADS
            or noun.lower() in ORG_NAME_WORDS
        ):
            return None
        return match

    def _described_person(self, description: re.Match, pos: int) -> _Speaker | None:
        """The person a definite description before ``pos`` stands for, when that is clear:
        the one whose stated age or role it repeats, the one it was used for before, else
        the only earlier person of its grammatical gender or the last one named in the
        quote's paragraph; None otherwise."""
        article, age, noun = description.group(1).lower(), description.group(2), description.group(3)
        if noun and noun.lower() in UNNAMED_SOURCE_NOUNS:
            # "said the spokesperson": someone named with that title, else nobody
            named = [p for p in self._earlier_people(pos) if self._has_role(p.name, noun.lower())]
            self.unnamed_source = not named
            return self._speaker_for(named[0]) if named else None
        gender = _ARTICLE_GENDER.get(article) if self.language != "en" else None
        if noun and not gender:
            gender = self._role_gender(noun)
        candidates = [p for p in self._earlier_people(pos)
                      if gender is None or self._gender(p.name) in (None, gender)]
        if age:
            stated = {p.name: self._stated_ages(p.name) for p in candidates}
            matches = [p for p in candidates if age in stated[p.name]]
            if not matches and not any(stated.values()):
                matches = candidates[:1]  # no ages given: the person just named
        else:
            low = noun.lower()
            matches = [p for p in candidates if self._has_role(p.name, low)] or [
                p for p in candidates if self._described_as(p.name, low)]
            if not matches and candidates and self._may_stand_for_anyone(noun) and (
                (len(candidates) == 1 and pos - candidates[0].start <= 2 * WINDOW)
                or self._paragraph_start(candidates[0].start) == self._paragraph_start(pos)
            ):
                matches = candidates[:1]  # the only one, or the one just named
        return self._speaker_for(matches[0]) if matches else None

    def _may_stand_for_anyone(self, noun: str) -> bool:
        """Whether a description with no stated match may go to the person just named: a
        title ("the captain") or a demonym ("la Niçoise"), not "der Oberst"."""
        if self._is_role_word(noun):
            return True
        return self.language != "de" and noun[0].isupper()

    def _stated_ages(self, name: str) -> set[str]:
        ages = set()
        for p in self.by_name.get(name, [])[:20]:
            after = _AGE_AFTER.match(self.text, p.end)
            if after:
                ages.add(after.group(1) or after.group(2))
            before = _AGE_BEFORE.search(self.text, max(0, p.start - 20), p.start)
            if before:
                ages.add(before.group(1))
        return ages

    def _has_role(self, name: str, noun: str) -> bool:
        """Whether the person's stated role is ``noun``: "captain", "Trainer" in "Bundestrainer"."""
        role = (self._profile(name)[0] or "").lower()
        return bool(role) and (noun in role.split() or role.split()[-1].endswith(noun))

    def _described_as(self, name: str, noun: str) -> bool:
        """Whether ``noun`` describes a mention of the person: "the Kenyan Grace Wanjiru"."""
        described = re.compile(rf"(?<!\w){re.escape(noun)}(?:\s+[\w\-]+){{0,2}}\s+$", re.I)
        for p in self.by_name.get(name, [])[:20]:
            if described.search(self.text, max(self._paragraph_start(p.start), p.start - 60), p.start):
                return True
        return False

    def _speaker_for(self, person: _Person, local: tuple | None = None) -> _Speaker:
        role, org = local if local and (local[0] or local[1]) else self._profile(person.name)
        return _Speaker(person.name, role, org, person.entity_id)

    # ---- role and organisation ----------------------------------------------------

    def _apposition(self, start: int, end: int) -> tuple[str | None, str | None]:
        """Role and organisation around a name: "IOC President X", "X, Director of Y"."""
        role, org = self._role_before(start)
        after_role, after_org = self._role_after(end)
        return role or after_role, org or after_org

    def _clause_before(self, pos: int) -> tuple[str, bool]:
        """The words before a name that may describe it, and whether a comma sets them
        off ("the IOC's Sports Director, Kit McConnell")."""
        floor = max(self._paragraph_start(pos), pos - 120)
        chunk = self.text[floor:pos]
        cut = max((m.end() for m in re.finditer(r"[.;:!?](?=\s)|[" + _DOUBLE_MARK_CHARS + "]", chunk)),
                  default=0)
        cut = max(cut, max((m.end() for m in self.verb.finditer(chunk)), default=0))
        # "Trainer X (52) und Kapitänin Y": a title after "and" belongs to the next name.
        for m in re.finditer(r"\s(?:und|and|et)\s", chunk):
            if chunk[:m.start()].rstrip().endswith(")") or floor + m.start() in self.first_named_ends:
                cut = max(cut, m.end())
        chunk = chunk[cut:].rstrip()
        comma_form = chunk.endswith(",")
        if comma_form:
            chunk = chunk[:-1]
        return chunk[chunk.rfind(",") + 1:].strip(), comma_form

    def _role_before(self, pos: int) -> tuple[str | None, str | None]:
        clause, comma_form = self._clause_before(pos)
        words = clause.split()
        if not words or (words[-1].lower() in _PREPOSITIONS and not comma_form):
            return None, None
        # Start at the last article that is not part of a preposition ("de la"), so that
        # "Die Ruderin Hanna Schulte und der Kanute Jan Becker" describes Becker as "Kanute".
        had_article = False
        for k in range(len(words) - 1, -1, -1):
            word = re.sub(r"^[lL]['’]", "l ", words[k]).split()[0].lower()
            genitive = (self.language == "de" and k > 0 and word in ("der", "des")
                        and words[k - 1][:1].isupper())  # "Die Sprecherin der Stiftung X"
            if word in _ARTICLES and not genitive and (k == 0 or words[k - 1].lower() not in _PREPOSITIONS):
                if words[k].lower()[:2] in ("l'", "l’"):
                    words = [words[k][2:]] + words[k + 1:]
                else:
                    words = words[k + 1:]
                had_article = True
                break
        # Adverbs and reflexives between a verb and a title: "freute sich Oberbürgermeister X".
        while words and not self._is_role_word(words[0]) and (
            words[0].lower() in _FILLERS or (self.language == "de" and words[0][0].islower())
        ):
            words = words[1:]
        phrase = _FORMER.sub("", " ".join(words)).strip()
        if not phrase or re.fullmatch(r"\d+-\w+", phrase):  # "die 19-jährige X": an age
            return None, None
        possessive = re.search(r"([A-Z][\w.&\-]*(?:\s[A-Z][\w.&\-]*)*)['’]s(?:\s+(.+))?$", phrase)
        if possessive:  # "Alibaba’s Selina Yuan", "the IOC's Sports Director, Kit McConnell"
            title = possessive.group(2)
            return (title if self._has_role_word(title) else None), possessive.group(1)
        compound = re.fullmatch(r"(\S+)-(\w+)", phrase)
        if compound and self._is_role_word(compound.group(2)) and compound.group(1)[0].isupper():
            return compound.group(2), compound.group(1)
        role, org = self._split_role(phrase)
        if self._has_role_word(role):
            if self.language in (None, "en") and not org:
                return self._english_title(role)
            return role, org
        # A noun after an article describes the person in German and French:
        # "la nageuse Claire Dumont", "die Ruderin Hanna Schulte".
        if had_article and self.language in ("de", "fr") and (len(phrase.split()) == 1 or (comma_form and len(phrase.split()) <= 6)):
            return role, org
        return None, None

    def _english_title(self, phrase: str) -> tuple[str | None, str | None]:
        """ "CSM Group CEO" -> ("CEO", "CSM Group"): the title is the trailing job words."""
        words = phrase.split()
        k = len(words)
        while k > 0 and words[k - 1].lower() in ROLE_HEADS_EN | ROLE_MODIFIERS_EN:
            k -= 1
        title = words[k:]
        if not title or not any(w.lower() in ROLE_HEADS_EN for w in title):
            return phrase, None
        org_words: list[str] = []
        for w in reversed(words[:k]):  # the capitalised words right before the title
            if not (w[0].isupper() or w[0].isdigit() or w == "&"):
                break
            org_words.insert(0, w)
        while org_words and org_words[0].lower() in DETERMINERS:
            org_words = org_words[1:]
        if not org_words:
            return phrase, None  # "two-time Olympian", "associate editorial director": whole
        if _is_nationality(org_words):
            return " ".join(org_words + title), None  # "French President": no organisation
        org = " ".join(org_words) or None
        return " ".join(title), re.sub(r"['’]s$", "", org) if org else None

    def _role_after(self, end: int) -> tuple[str | None, str | None]:
        chunk = self.text[end:min(self._paragraph_end(end), end + 160)]
        word = r"[A-Z][\w&'’\-]*(?:\.[\w&'’\-]+)*"  # dots only inside: "Alibaba.com"
        of = re.match(rf"\s+(?:of|at|from)\s+(?:the\s+)?({word}(?:\s+(?:(?:of|for|and|the|&)\s+)*{word})*)"
                      r"(?=[,.;:]|\s[a-z]|\s*$)", chunk)
        if of and self.language in (None, "en"):
            return None, of.group(1).strip()
        m = re.match(r"\s*,\s*([^,;:!?()\n" + _DOUBLE_MARK_CHARS + r"]{2,140}?)\s*(?=[,;:(]|\.\s|\.$|$)",
                     chunk)
        if not m:
            return None, None
        phrase = m.group(1)
        if _RELATIVE_START.match(phrase):  # "X, qui a été vice-championne": not a title
            return None, None
        verb = self.verb.search(phrase)
        if verb:
            phrase = phrase[: verb.start()]
        phrase = phrase.strip()
        # "X, Head of Partnerships, World Aquatics": the last item is the organisation.
        listed = _LISTED_ORG.match(chunk, m.end())
        if listed and not verb and self._has_role_word(phrase) \
                and not self.verb.search(listed.group(1)):
            return _FORMER.sub("", phrase), listed.group(1).rstrip(".")
        possessive = re.search(r"([A-Z][\w.&\-]*(?:\s[A-Z][\w.&\-]*)*)['’]s\s+(.+)$", phrase)
        if possessive and self._has_role_word(possessive.group(2)):
            return possessive.group(2), possessive.group(1)
        if re.match(r"(?:the\s+)?\w+['’]s\s", phrase):  # "the federation's Secretary General"
            return re.sub(r"^(?:the\s+)?\w+['’]s\s+", "", phrase), None
        words = phrase.split()
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        role, org = self._split_role(_FORMER.sub("", " ".join(words)))
        if not self._has_role_word(role):
            return None, None
        if self.language in (None, "en") and not org:  # "X, LA28 chief operating officer"
            return self._english_title(role)
        return role, org

    def _has_role_word(self, phrase: str | None) -> bool:
        if not phrase:
            return False
        words = re.findall(r"[\w\-]+", phrase)
        if self.language in (None, "en") and any(w.lower() in ROLE_HEADS_EN for w in words):
            return True
        return any(self._is_role_word(w) for w in words)

    def _split_role(self, phrase: str) -> tuple[str, str | None]:
        """ "Director of the IOC Athletes' Department" -> ("Director", "IOC Athletes' Department")."""
        lang = self.language or "en"
        if lang == "de":
            seps = [m for m in re.finditer(r"\s(?:von|vom|der|des|bei|beim)\s", phrase)]
            seps.reverse()
        elif lang == "fr":
            seps = list(re.finditer(r"\s(?:du|de|des|d['’]|chez|à|au|aux)(?:\s|(?<=['’]))", phrase))
        else:
            seps = list(re.finditer(r"\s(?:at|for|with|from)\s", phrase))
            seps.reverse()
            seps += list(re.finditer(r"\s(?:of)\s", phrase))
        candidates = []
        for sep in seps:
            org = re.sub(r"^(?:the|la|le|les|l['’]|der|die|das|dem|den)(?:\s+|(?<=['’]))", "",
                         phrase[sep.end():].strip(), flags=re.I)
            org = self._named_tail(org.rstrip(" .,;"))
            if org in self.place_names:
                return phrase[: sep.start()].strip(), None  # "Olympian from Nigeria": a place
            if self._looks_like_org(org):
                candidates.append((phrase[: sep.start()].strip(), org))
        # A known organisation (the parse's or an acronym) closing the phrase wins over a
        # longer capitalised stretch: "directrice des Services aux athlètes du CIO".
        known = [c for c in candidates if c[1] in self.org_names or re.fullmatch(r"[A-Z0-9]{2,}", c[1])]
        if known:
            return min(known, key=lambda c: len(c[1]))
        if candidates:
            return candidates[0]
        return phrase.strip(), None

    def _named_tail(self, org: str) -> str:
        """ "sportswear label Brooks Athletic" -> "Brooks Athletic": a description of up to
        three lower-case words before a name is not part of the name."""
        if self.language not in (None, "en"):
            return org
        m = re.fullmatch(r"((?:[a-z][\w\-]*\s+){1,3})([A-Z0-9].*)", org)
        return m.group(2) if m else org

    def _looks_like_org(self, org: str) -> bool:
        if not org:
            return False
        first = org.split()[0]
        if len(org.split()) == 1 and org.lower() in NOT_NAME_WORDS:
            return False
        return first[0].isupper() or first[0].isdigit() or first.lower() in ORG_HEADS

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
                and len(between.split()) <= 12 and not re.search(r"[.!?]\s", between))

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

    def _title_like(self, span: _Span, content: str) -> bool:
        before = self._word_before(span.open_start)
        if before in TITLE_INTRODUCERS:
            return True
        words = re.findall(r"[^\W\d_]+", content)
        upper = sum(1 for w in words if w[0].isupper())
        return bool(words) and upper / len(words) >= 0.6 and not re.search(r"[.!?]$", content)

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
                if not (self._long_speech(content) or short_opening):
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
            gap_start = self._paragraph_start(previous[0].close_end)
            if self._paragraph_start(span.open_start) == gap_start or not self.text[
                    self._paragraph_end(previous[0].close_end):self._paragraph_start(span.open_start)].strip():
                q = previous[1]
                self.previous_speaker = _Speaker(q.speaker, q.role, q.organisation, q.speaker_entity_id)
        if span.nobody:
            self.last_scored = []
            return None
        candidates, regions = attribution.gather(self, span, self.previous_speaker)
        scored = attribution.describe(self, candidates, regions, span)
        best, _ = attribution.choose(scored)
        self.last_scored = scored
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

    def _people_in(self, a: int, b: int) -> dict[str, _Person]:
        """The people named in text[a:b] by full name, or by a known surname that speaks
        there ("Falk räumte Fehler ein", "“…,” Wilgus clarifies")."""
        names = {p.name: p for p in self.persons[bisect_left(self.person_starts, a):
                                                  bisect_left(self.person_starts, b)]}
        for run in self.runs[bisect_left(self.run_starts, a):bisect_left(self.run_starts, b)]:
            found = self._name_in_run(run)
            if found and found[3] == 1 and found[2] <= b and (
                self.verb.match(self.text, self._skip_space(found[2]))
                or re.search(r"[”“\"»«]\s*,?\s*$", self.text[max(0, found[1] - 5):found[1]])
            ):
                person = self._full_name(found[0], found[1])
                if person:
                    names.setdefault(person.name, person)
        return names

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
