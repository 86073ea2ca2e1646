"""Whether two articles tell the same story, in any language: pure functions, no I/O.

An article's signature is what does not depend on its language: the canonical entity
ids it mentions (linked across EN/DE/FR by the gazetteer and the KB), the days it
states (normalised by ``extract.dates``), the numbers it gives, and when it appeared.
Two articles are the same story when they appeared within ``WINDOW_HOURS`` of each
other, share the rare part of their entities and numbers, and do not state different
days: "the same event, another day" is the hard negative the day check is for.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

WINDOW_HOURS = 96.0
SAME_STORY = 0.3  # score from which two articles are one story
TRANSLATION = 0.45  # score from which a later article in another language retells a release
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


@dataclass(frozen=True)
class Signature:
    entities: frozenset[str] = field(default_factory=frozenset)
    days: frozenset[str] = field(default_factory=frozenset)  # ISO days the text states
    numbers: frozenset[str] = field(default_factory=frozenset)
    published: datetime | None = None


def numbers(text: str | None) -> frozenset[str]:
    """The numbers a text gives, written the same in every language ("1,500" and
    "1.500" alike; years and other four-digit numbers kept, single digits dropped)."""
    found = set()
    for match in _NUMBER.finditer(text or ""):
        value = re.sub(r"[.,]", "", match.group())
        if len(value) >= 2:
            found.add(value.lstrip("0") or "0")
    return frozenset(found)


def signature(entity_ids: Iterable[str], days: Iterable[str], text: str | None,
              published: datetime | None) -> Signature:
    return Signature(frozenset(e for e in entity_ids if e), frozenset(d for d in days if d),
                     numbers(text), published)


def idf(article_count: int, document_frequency: int) -> float:
    return math.log(1 + max(article_count, 1) / max(document_frequency, 1))


def _weighted_jaccard(a: frozenset[str], b: frozenset[str], weights: Mapping[str, float]) -> float:
    union = a | b
    if not union:
        return 0.0
    total = sum(weights.get(e, 1.0) for e in union)
    return sum(weights.get(e, 1.0) for e in a & b) / total if total else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def hours_apart(a: Signature, b: Signature) -> float | None:
    if a.published is None or b.published is None:
        return None
    return abs((a.published - b.published).total_seconds()) / 3600


def story_score(a: Signature, b: Signature, weights: Mapping[str, float]) -> float:
    """0…1: entities (weighted by rarity) and numbers shared; stating different days
    cuts the score, stating the same day raises it; outside the window it is 0."""
    apart = hours_apart(a, b)
    if apart is None or apart > WINDOW_HOURS or not (a.entities & b.entities):
        return 0.0
    score = 0.75 * _weighted_jaccard(a.entities, b.entities, weights) + 0.25 * _jaccard(a.numbers, b.numbers)
    if a.days and b.days:
        score = min(1.0, score + 0.15) if a.days & b.days else score * 0.3
    return round(score, 4)


def retold_share(release: Signature, copy: Signature) -> float:
    """Share of a release's entities, days and numbers that a copy in another
    language repeats (the language-independent part of "share reused")."""
    mine = {("e", x) for x in release.entities} | {("d", x) for x in release.days} | \
        {("n", x) for x in release.numbers}
    theirs = {("e", x) for x in copy.entities} | {("d", x) for x in copy.days} | \
        {("n", x) for x in copy.numbers}
    return round(len(mine & theirs) / len(mine), 4) if mine else 0.0


TRANSLATION_LENGTH = (0.5, 2.0)  # a translated quote's length in characters against the original's


def could_be_translation(original: str | None, other: str | None) -> bool:
    """Language-independent checks that ``other`` can translate the quote ``original``:
    a length within ``TRANSLATION_LENGTH`` of it and the same numbers (a translation
    keeps "240 coaches"). Word choice is not compared: the words differ by language."""
    a, b = (original or "").strip(), (other or "").strip()
    if not a or not b:
        return False
    low, high = TRANSLATION_LENGTH
    if not low <= len(b) / len(a) <= high:
        return False
    return numbers(a) == numbers(b)
