"""Weekdays and relative expressions ("on Tuesday", "gestern", "la semaine prochaine"):
resolved against the publication date, a bare weekday by the tense of its own clause."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .lexicon import (
    _CLAUSE_BREAK,
    _LAST_WORDS,
    _NAMED_DAY_WORDS_AFTER,
    _NAMED_DAY_WORDS_BEFORE,
    _NEXT_WORDS,
    _NUMBER_WORDS,
    _PLAIN_WEEKDAY_WORDS,
    _PUNCTUATION,
    _SENTENCE_END,
    _TENSE_MARKERS,
    _WORDS_BEFORE_WEEKDAY,
)
from .patterns import _UNITS, _WEEKDAY_MODIFIER, _english_weekdays, _RelativeRule, _time_of
from .years import _add_months, _week_range

# A relative expression resolves when the publication date is at least as precise as its unit.
_PRECISIONS = {"day": 0, "month": 1, "year": 2}
_PRECISION_NEEDED = {"day": 0, "week": 0, "month": 1, "year": 2}


class _WeekdayRules:
    """Weekday and relative-expression handlers of ``_Extractor`` (a mixin)."""

    def on_weekday(self, m: re.Match) -> None:
        found = self.prefix(_WEEKDAY_MODIFIER, m.start())
        modifier = (found.group().split()[-1] if found else (m["post"] or "")).lower()
        if modifier in _PLAIN_WEEKDAY_WORDS and self.is_named_day(m):
            return
        start = found.start() if found and modifier not in {"on", "am"} else m.start()
        time_of_day = _time_of(m)
        end = m.end()
        granularity = "time" if time_of_day else "day"
        if self.ref is None or self.precision != "day":
            self.add(start, end, None, granularity, "relative")
            return
        weekday = self.grammar.vocabulary.weekdays[m["wd"].lower()]
        value = self.resolve_weekday(weekday, modifier, m.start()).isoformat()
        if time_of_day:
            value += f"T{time_of_day[0]:02d}:{time_of_day[1]:02d}"
        self.add(start, end, value, granularity, "relative")

    def is_named_day(self, m: re.Match) -> bool:
        """A holiday, event or table heading rather than a date: 'Black Friday' (English:
        any capitalised word before the weekday), 'Schwarzer Freitag', 'Mardi gras',
        'Montag Dienstag Mittwoch'."""
        name = m["wd"].lower()
        after = self.text[m.end("wd"):m.end("wd") + 12].split(None, 1)
        if after and after[0].strip(_PUNCTUATION).lower() in _NAMED_DAY_WORDS_AFTER:
            return True
        before = self.text[max(0, m.start() - 30):m.start()]
        if not before.endswith((" ", "\t")) or not before.strip():
            return False
        word = before.split()[-1]
        if not word[:1].isupper() or not word[-1].isalnum():
            return False
        if word.lower() in self.grammar.vocabulary.weekdays:
            return True
        if "en" in self.languages and name in _english_weekdays():
            return word.lower() not in _WORDS_BEFORE_WEEKDAY
        return word.lower() in _NAMED_DAY_WORDS_BEFORE

    def resolve_weekday(self, weekday: int, modifier: str, position: int) -> date:
        """The weekday's date: 'next'/'last' words decide, else the tense of its clause."""
        ref = self.ref
        ahead = (weekday - ref.weekday()) % 7
        if modifier in _NEXT_WORDS:
            return ref + timedelta(days=ahead or 7)
        if modifier in _LAST_WORDS:
            return ref - timedelta(days=(7 - ahead) % 7 or 7)
        if self.clause_is_future(position):
            return ref + timedelta(days=ahead)
        return ref - timedelta(days=(7 - ahead) % 7)

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        """The sentence around ``position``, at most 300 characters either side."""
        text = self.text
        begin = max(0, position - 300)
        for end_mark in _SENTENCE_END.finditer(text, begin, position):
            begin = end_mark.end()
        after = _SENTENCE_END.search(text, position, position + 300)
        return begin, after.start() if after else min(len(text), position + 300)

    def sentence_is_future(self, position: int) -> bool:
        begin, end = self.sentence_bounds(position)
        return self.has_marker("future", begin, end)

    def clause_is_future(self, position: int) -> bool:
        """Whether the verb governing ``position`` is in the future tense.

        The clause's own tense decides ("The board, which met on Tuesday, will publish"
        is past for Tuesday); a clause without a tense marker ("On Friday, the IOC will
        decide") takes the sentence's. Without any marker the sentence reports the past.
        Before the weekday a future auxiliary wins over a participle after it ("will be
        announced on Friday"), and a past verb over a later future ("which met on Tuesday
        will publish"); after it a future marker wins over a participle before it ("ob am
        Samstag gestreikt wird").
        """
        begin, end = self.sentence_bounds(position)
        if not self.has_marker("future", begin, end):
            return False
        clause_begin, clause_end = begin, end
        for mark in _CLAUSE_BREAK.finditer(self.text, begin, position):
            clause_begin = mark.end()
        after = _CLAUSE_BREAK.search(self.text, position, end)
        if after:
            clause_end = after.start()
        if self.has_marker("future", clause_begin, position):
            return True
        if self.has_marker("past", clause_begin, position):
            return False
        if self.has_marker("future", position, clause_end):
            return True
        return not self.has_marker("past", position, clause_end)

    def has_marker(self, tense: str, begin: int, end: int) -> bool:
        """Whether text[begin:end] holds a verb of ``tense`` ("future" or "past")."""
        key = (tense, begin, end)
        found = self.markers_found.get(key)
        if found is None:
            markers = _TENSE_MARKERS[tense]
            found = any(markers[language].search(self.text, begin, end)
                        for language in self.languages)
            self.markers_found[key] = found
        return found

    # --- relative expressions -------------------------------------------------------
    def on_relative(self, start: int, end: int, groups: dict, rule: _RelativeRule) -> None:
        unit = rule.unit or _UNITS[groups["unit"].lower()]
        offset = rule.offset
        if groups.get("n"):
            count = groups["n"].lower()
            offset *= int(count) if count.isdigit() else _NUMBER_WORDS[count]
        granularity = "range" if unit == "week" else unit
        value = None
        if self.ref is not None and _PRECISION_NEEDED[unit] >= _PRECISIONS[self.precision]:
            value = self.relative_value(unit, offset)
        self.add(start, end, value, granularity, "relative")

    def relative_value(self, unit: str, offset: int) -> str:
        ref = self.ref
        if unit == "day":
            return (ref + timedelta(days=offset)).isoformat()
        if unit == "week":
            return _week_range(ref + timedelta(weeks=offset))
        if unit == "month":
            year, month = _add_months(ref, offset)
            return f"{year:04d}-{month:02d}"
        return f"{ref.year + offset:04d}"
