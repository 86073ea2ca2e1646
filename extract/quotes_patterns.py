"""Patterns, word classes and records shared by the quote finder's modules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotes_lexicon import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    NATIONALITY_ADJECTIVES_EN,
    NATIONALITY_FIRST_WORDS_EN,
)


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


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    char: str
    can_open: bool
    can_close: bool


@dataclass(slots=True)
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


@dataclass(slots=True)
class _Person:
    name: str
    start: int
    end: int
    tokens: int
    entity_id: str | None = None


@dataclass(slots=True)
class _Speaker:
    name: str | None
    role: str | None = None
    organisation: str | None = None
    entity_id: str | None = None
    is_person: bool = True


@dataclass(slots=True)
class _Run:
    """A run of capitalised words separated by single spaces."""

    start: int
    end: int
    words: list[tuple[str, int, int]] = field(default_factory=list)
