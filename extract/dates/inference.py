"""Years for year-less dates ("am 9. Dezember", "3–9 December", "im Juli").

A year-less date is resolved after the whole text has been scanned, so that years stated
anywhere in it can be used:

1. a year the text states near the date: in the same sentence, then the same paragraph,
   then the article (the nearest stated year before the date, else the first after it).
   Only years that frame a text count: "in 2008", "für 2008", "2008 wurden", the year of
   an explicit date or month; not start or end points ("since 2014", "bis 2030") nor event
   years ("the 2026 Winter Games", "die Spiele 2040"). A year from another sentence must be
   the year after publication, and is taken only where the nearest year would put a date
   that is not in a past-tense sentence before publication ("Ziel für 2008 ... vom 8. bis
   24. August" in a December 2007 article); so is the year after publication stated in the
   same sentence. Another year stated in the same sentence ("In 1936, ... on 1 August") is
   taken unless it would put a past-tense date after publication, or a future-tense one
   well before it;
2. else the year that puts the date nearest the publication date (or the next one when a
   future-tense sentence would put it more than a month in the past); a publication date
   known only to the month ("2018-09") counts from the middle of that month, one known
   only to the year takes that year;
3. a weekday written with the date ("Monday, 3 March") must agree: when it does not, the
   year within one of the publication year that makes it agree, nearest first, is taken.

Stated years are the years of explicit dates, months and years the scan found.
"""
from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from .lexicon import _FUTURE_SHIFT_DAYS, _PUNCTUATION
from .years import _add_months, _make_date, _nearest_year

_PARAGRAPH = "\n\n"
_NUMBER_STOP = re.compile(r"(?<=\d)[.!?]\s+([A-ZÀ-ÖØ-Þ][\w.]*)")


class _YearRules:
    """Year inference of ``_Extractor`` (a mixin): needs ``text``, ``ref``, ``precision``,
    ``candidates``, ``sentence_bounds``, ``sentence_is_future`` and ``has_marker``."""

    def resolve_pending(self) -> None:
        """Give each year-less candidate its year, now that every stated year is known."""
        pending = [c for c in self.candidates if c.pending is not None]
        if not pending:
            return
        anchors = sorted((c.start, int(c.value[:4])) for c in self.candidates
                         if c.valid and c.frame and c.pending is None
                         and c.resolved_from == "explicit" and c.value
                         and c.value[:4].isdigit() and "/" not in c.value[:5])
        self.anchor_positions = [position for position, _ in anchors]
        self.anchor_years = [year for _, year in anchors]
        for candidate in pending:
            kind, *fields = candidate.pending
            candidate.pending = None
            getattr(self, f"resolve_{kind}")(candidate, *fields)

    def resolve_day(self, c, month: int, day: int, time_of_day, weekday: int | None) -> None:
        year, known = self.choose_year(month, day, c.start, weekday)
        if not known:
            return
        stated = _make_date(year, month, day) if year else None
        if stated is None:
            c.valid = False
            return
        c.value = stated.isoformat()
        if time_of_day:
            c.value += f"T{time_of_day[0]:02d}:{time_of_day[1]:02d}"

    def resolve_range(self, c, m1: int, d1: int, m2: int, d2: int) -> None:
        y1, known = self.choose_year(m1, d1, c.start, None)
        if not known:
            return
        if y1 is None:
            c.valid = False
            return
        y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
        begin, finish = _make_date(y1, m1, d1), _make_date(y2, m2, d2)
        if begin is None or finish is None or finish <= begin:
            c.valid = False
            return
        c.value = f"{begin.isoformat()}/{finish.isoformat()}"

    def resolve_month(self, c, month: int) -> None:
        year, known = self.choose_year(month, None, c.start, None)
        if known and year is not None:
            c.value = f"{year:04d}-{month:02d}"

    def choose_year(self, month: int, day: int | None, position: int,
                    weekday: int | None) -> tuple[int | None, bool]:
        """(year, known): known False leaves the date unresolved (no publication date);
        year None with known True is an impossible date (29 February)."""
        if self.ref is None:
            return None, False
        year = self.context_year(month, day, position)
        if year is None:
            year = self.infer_year(month, day, position)
            if year is None:
                return None, True
        if weekday is not None and day is not None and self.ref is not None:
            stated = _make_date(year, month, day)
            if stated is None or stated.weekday() != weekday:
                ref = self.ref
                agreeing = [y for y in (ref.year - 1, ref.year, ref.year + 1)
                            if (d := _make_date(y, month, day)) and d.weekday() == weekday]
                if agreeing:
                    year = min(agreeing, key=lambda y: abs((date(y, month, day) - ref).days))
        return year, True

    def infer_year(self, month: int, day: int | None, position: int) -> int | None:
        """The nearest year, or the next one when a future-tense sentence would put the
        date more than a month in the past ("the finalists will be named in July").
        None for 29 February with no leap year near the reference."""
        ref = self.ref
        if self.precision == "year":
            return ref.year if day is None or _make_date(ref.year, month, day) else None
        year = _nearest_year(month, day, ref)
        if year is None:
            return None
        if (ref - _last_day(year, month, day)).days > _FUTURE_SHIFT_DAYS and \
                self.sentence_is_future(position):
            return year + 1
        return year

    def context_year(self, month: int, day: int | None, position: int) -> int | None:
        """A year stated in the sentence, paragraph or article of ``position`` that fits."""
        if not self.anchor_positions:
            return None
        text = self.text
        sentence = self.context_sentence(position)
        paragraph_begin = text.rfind(_PARAGRAPH, 0, position)
        paragraph_end = text.find(_PARAGRAPH, position)
        paragraph = (paragraph_begin + 1 if paragraph_begin >= 0 else 0,
                     paragraph_end if paragraph_end >= 0 else len(text))
        seen = set()
        for level, (begin, end) in enumerate((sentence, paragraph, (0, len(text)))):
            low = bisect.bisect_left(self.anchor_positions, begin)
            high = bisect.bisect_left(self.anchor_positions, end)
            if low == high:
                continue
            before = bisect.bisect_left(self.anchor_positions, position, low, high)
            year = self.anchor_years[before - 1 if before > low else low]
            if year in seen:
                continue
            seen.add(year)
            if self.context_fits(year, month, day, position, same_sentence=level == 0):
                return year
        return None

    def context_sentence(self, position: int) -> tuple[int, int]:
        """The sentence around ``position``, also ended by a number's full stop before a
        capitalised word that is no month ("... bis 15/02. En 1998, ..."; not "8. August")."""
        begin, end = self.sentence_bounds(position)
        months = self.grammar.vocabulary.months
        for mark in _NUMBER_STOP.finditer(self.text, begin, end):
            if mark.group(1).lower().rstrip(".") in months:
                continue
            if mark.start() < position:
                begin = mark.end(0) - len(mark.group(1))
            else:
                return begin, mark.start()
        return begin, end

    def context_fits(self, year: int, month: int, day: int | None, position: int,
                     same_sentence: bool) -> bool:
        ref = self.ref
        if year == ref.year:
            return False  # the nearest year decides (and crosses into January or December)
        if year == ref.year + 1 or not same_sentence:
            # Next year, only to keep a date the text looks forward to from being put before
            # publication: "Ziel für 2008 ... vom 8. bis 24. August" (December 2007).
            nearest = self.infer_year(month, day, position)
            if year != ref.year + 1 or nearest is None or nearest == year or \
                    _last_day(nearest, month, day) >= ref or self.sentence_is_past(position):
                return False
        first = _make_date(year, month, day or 1)
        if first is None:
            return False
        if self.precision == "year":
            return True
        if first > ref and self.sentence_is_past(position):
            return False  # "The 2025 calendar was published on 3 December" (in 2024)
        last = _last_day(year, month, day)
        return not ((ref - last).days > _FUTURE_SHIFT_DAYS and self.sentence_is_future(position))

    def sentence_is_past(self, position: int) -> bool:
        begin, end = self.sentence_bounds(position)
        return self.has_marker("past", begin, end) and not self.has_marker("future", begin, end)

    def weekday_before(self, start: int, date_start: int) -> int | None:
        """The weekday written in front of a date ("Monday, 3 March"), as 0..6, or None."""
        if start >= date_start:
            return None
        words = self.text[start:date_start].split()
        name = words[0].strip(_PUNCTUATION).lower() if words else ""
        return self.grammar.vocabulary.weekdays.get(name)


def _last_day(year: int, month: int, day: int | None) -> date:
    if day:
        return _make_date(year, month, day) or date(year, month, 28)
    return _make_date(*_add_months(date(year, month, 1), 1), 1) - timedelta(days=1)
