"""German and French word stems for quote search (PyStemmer: the Snowball stemmers in C).

The full-text index stems with Porter, which is English; a German reader typing
"Präsident" should find "Präsidenten", a French one "championne" "championnes". So each
German or French quote also stores its words' Snowball stems (``quotes.text_stems``,
indexed as a column of ``quotes_fts``), and a searched word also matches its own German
and French stems in that column: exact terms, no prefix scans, so a common word costs no
more than before. Compounds stay whole ("Sportler" does not find "Spitzensportler").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

STEMMED_LANGUAGES = {"de": "german", "fr": "french"}
_WORD = re.compile(r"[^\W\d_]+")
MIN_STEM_CHARS = 4


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def _stemmer(language: str):
    return Stemmer.Stemmer(STEMMED_LANGUAGES[language])


def stem_text(text: str | None, language: str | None) -> str | None:
    """The Snowball stems of a German or French text's words, space-separated; None for
    other languages (their search is Porter's)."""
    if not text or language not in STEMMED_LANGUAGES:
        return None
    return " ".join(_stemmer(language).stemWords([_fold(w) for w in _WORD.findall(text)]))


@lru_cache(maxsize=4096)
def query_stems(word: str) -> tuple[str, ...]:
    """The German and French stems a searched word matches in ``text_stems``."""
    folded = _fold(word)
    if len(folded) < MIN_STEM_CHARS or not folded.isalpha():
        return ()
    found: list[str] = []
    for language in STEMMED_LANGUAGES:
        stem = _stemmer(language).stemWord(folded)
        if len(stem) >= MIN_STEM_CHARS and stem not in found:
            found.append(stem)
    return tuple(found)


def word_stem(word: str, language: str | None) -> str | None:
    """One word's stem in a German or French text (as ``stem_text`` stores it)."""
    if language not in STEMMED_LANGUAGES:
        return None
    return _stemmer(language).stemWord(_fold(word))
