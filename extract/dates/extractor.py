"""The scan over one text: each pattern hit becomes a candidate date (day dates, ranges,
numeric dates, bare years, months); weekdays and relative words are in ``weekdays``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    _AND_CONNECTORS,
    _BOUNDARY_BEFORE_YEAR,
    _CONNECTORS_AFTER_YEAR,
    _EVENT_AFTER,
    _EVENT_BEFORE,
    _FUNCTION_WORDS,
    _NOT_YEAR_AFTER_DE,
    _NOT_YEAR_BEFORE,
    _PREFIX_WINDOW,
    _PUNCTUATION,
    _UNITS_AFTER_NUMBER,
    _WORDS_AFTER_YEAR,
    _YEAR_CONTEXT,
    _strip_elision,
)
from .patterns import (
    _MONTH_MODIFIER,
    _MONTH_PREPOSITION,
    _RANGE_LEAD,
    _grammar,
    _int_or_none,
    _time_of,
)
from .inference import _YearRules
from .numeric import _NumericRules
from .weekdays import _WeekdayRules
from .years import Reference, _make_date


@dataclass
class _Candidate:
    start: int
    end: int
    value: str | None
    granularity: str
    resolved_from: str
    valid: bool = True  # an impossible date still blocks the pieces inside it
    pending: tuple | None = None  # a year-less date's fields, resolved after the scan
    frame: bool = True  # may lend its year to year-less dates (not "since 2014", "Spiele 2040")





class _Extractor(_WeekdayRules, _YearRules, _NumericRules):
    def __init__(self, text: str, languages: tuple[str, ...], reference: Reference | None,
                 region: str | None = None):
        self.text = text
        self.languages = languages
        self.ref = reference.day if reference else None
        self.precision = reference.precision if reference else None
        self.region = region
        self.anchor_positions: list[int] = []
        self.anchor_years: list[int] = []
        self.numeric_found: dict[str, list[re.Match]] = {}
        self.grammar = _grammar(languages)
        self.candidates: list[_Candidate] = []
        # (tense, begin, end) -> found: several dates often share one sentence
        self.markers_found: dict[tuple[str, int, int], bool] = {}

    def run(self) -> list[_Candidate]:
        text, grammar = self.text, self.grammar
        for name, pattern in grammar.digit_patterns.items():
            if name.startswith("foreign_") and not any(
                    spelling in text for spelling in grammar.foreign_names):
                continue
            if name in self.NUMERIC_PATTERNS:  # the order of day and month needs them all
                self.numeric_found[name] = list(pattern.finditer(text))
                continue
            handler = getattr(self, f"on_{name}")
            for match in pattern.finditer(text):
                handler(match)
        self.run_numeric()
        month_handlers = [(p, getattr(self, f"on_{name}")) for name, p in grammar.month_patterns]
        for hit in grammar.name_scan.finditer(text):
            if self.inside_word(hit.start()):
                continue
            if hit.group().lower() in grammar.vocabulary.weekdays:
                match = grammar.weekday_pattern.match(text, hit.start())
                if match:
                    self.on_weekday(match)
                continue
            if self.follows_day_number(hit.start()):
                continue  # "3 December", "3rd of December": found by the day patterns
            for pattern, handler in month_handlers:
                match = pattern.match(text, hit.start())
                if match:
                    handler(match)
                    break
        for hit in grammar.relative_scan.finditer(text):
            if self.inside_word(hit.start()) or text[hit.start() - 1:hit.start()] == "-":
                continue
            for rule in grammar.relative_rules[hit.group().lower()]:
                match = rule.pattern.match(text, hit.start())
                if not match:
                    continue
                if rule.before is None:
                    self.on_relative(match.start(), match.end(), match.groupdict(), rule)
                    continue
                prior = self.prefix(rule.before, hit.start())
                if prior:
                    self.on_relative(prior.start(), match.end(), prior.groupdict(), rule)
        self.resolve_pending()
        return self.candidates

    # --- helpers -------------------------------------------------------------------
    def inside_word(self, start: int) -> bool:
        # Checked here rather than by a lookbehind in the name scan: a pattern that starts
        # with plain letters lets the regex engine skip ahead in C.
        return start > 0 and (self.text[start - 1].isalnum() or self.text[start - 1] == "_")

    def follows_day_number(self, start: int) -> bool:
        """Whether a day number ("3", "3.", "3rd of") comes right before ``start``."""
        before = self.text[max(0, start - 8):start].rstrip()
        if before.endswith(" of"):
            before = before[:-3].rstrip()
        return before.rstrip(".").rstrip("stndrhe")[-1:].isdigit()

    def add(self, start, end, value, granularity, resolved_from, valid=True, pending=None):
        self.candidates.append(
            _Candidate(start, end, value, granularity, resolved_from, valid, pending))

    def month_number(self, name: str) -> int:
        return self.grammar.vocabulary.months[name.rstrip(".").lower()]

    def prefix(self, pattern: re.Pattern, start: int) -> re.Match | None:
        """``pattern`` matching whole words that end right at ``start`` (words before a date)."""
        found = pattern.search(self.text, max(0, start - _PREFIX_WINDOW), start)
        if found and found.start() and self.text[found.start() - 1].isalnum():
            return None
        return found

    def day_start(self, start: int) -> int:
        """Start of a day date with its weekday or article: "Monday, 16 December"."""
        found = self.prefix(self.grammar.day_prefix, start)
        return found.start() if found else start

    def range_start(self, match: re.Match) -> tuple[int, bool]:
        lead = self.prefix(_RANGE_LEAD, match.start())
        return (lead.start(), True) if lead else (match.start(), False)

    def add_day(self, start: int, match: re.Match, year: int | None, month: int, day: int,
                end: int | None = None) -> None:
        """A day date (with its time of day if one follows); year None means 'infer it'.

        ``end`` cuts the date short of the match (and of any time of day in it).
        """
        time_of_day = None
        if end is None:
            time_of_day, end = _time_of(match), match.end()
        granularity = "time" if time_of_day else "day"
        resolved_from = "explicit" if year is not None else "inferred-year"
        if not 1 <= month <= 12 or _make_date(2024, month, day) is None:  # 31 February
            self.add(start, end, None, granularity, resolved_from, valid=False)
            return
        if year is None:
            weekday = self.weekday_before(start, match.start())
            self.add(start, end, None, granularity, resolved_from,
                     pending=("day", month, day, time_of_day, weekday))
            return
        stated = _make_date(year, month, day)
        if stated is None:
            self.add(start, end, None, granularity, resolved_from, valid=False)
            return
        value = stated.isoformat()
        if time_of_day:
            value += f"T{time_of_day[0]:02d}:{time_of_day[1]:02d}"
        self.add(start, end, value, granularity, resolved_from)

    def add_range(self, match: re.Match, first: tuple, last: tuple) -> bool:
        """A range from (year|None, month, day) to (year|None, month, day).

        False when the words only join two dates: "3 and 9 December" without "between".
        """
        (y1, m1, d1), (y2, m2, d2) = first, last
        start, has_lead = self.range_start(match)
        if match["conn"].lower() in _AND_CONNECTORS and not has_lead:
            return False
        end = match.end()
        resolved_from = "explicit" if (y1 or y2) else "inferred-year"
        # "3-2 June" runs backwards (a score before a date), not to next year's June
        backwards = m1 == m2 and d2 <= d1 and (y1 is None or y2 is None or y1 == y2)
        if backwards or not (_make_date(2024, m1, d1) and _make_date(2024, m2, d2)):
            self.add(start, end, None, "range", resolved_from, valid=False)
            return True
        if y1 is None and y2 is None:
            self.add(start, end, None, "range", resolved_from, pending=("range", m1, d1, m2, d2))
            return True
        if y1 is None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        if y2 is None:
            y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
        begin, finish = _make_date(y1, m1, d1), _make_date(y2, m2, d2)
        if begin is None or finish is None or finish <= begin:
            self.add(start, end, None, "range", resolved_from, valid=False)
            return True
        self.add(start, end, f"{begin.isoformat()}/{finish.isoformat()}", "range", resolved_from)
        return True

    # --- patterns starting with a digit ---------------------------------------------
    def on_year_first(self, m: re.Match) -> None:
        if m["mo1"]:
            self.add_day(m.start(), m, int(m["y1"]), int(m["mo1"]), int(m["d1"]))
            return
        if m["y2"]:
            y1, y2 = int(m["y1"]), int(m["y2"])
            start, has_lead = self.range_start(m)
            if (has_lead or m["conn"].lower() not in _AND_CONNECTORS) and y1 < y2 <= y1 + 100:
                self.add(start, m.end(), f"{y1}/{y2}", "range", "explicit")
                return
            self.rescan("year_first", m.start("y2"))  # "in 2020 and 2024": two years
        if self.is_year_in_context(m.start(), m.end("y1")):
            self.add(m.start(), m.end("y1"), m["y1"], "year", "explicit")
            self.candidates[-1].frame = self.is_frame_year(m.start(), m.end("y1"))

    def on_day_first(self, m: re.Match) -> None:
        y1 = _int_or_none(m["y1"])
        if not m["m2"]:
            self.add_day(self.day_start(m.start()), m, y1, self.month_number(m["m1"]),
                         int(m["d1"]))
            return
        last_month = self.month_number(m["m2"])
        first = (y1, self.month_number(m["m1"]) if m["m1"] else last_month, int(m["d1"]))
        if self.add_range(m, first, (_int_or_none(m["y2"]), last_month, int(m["d2"]))):
            return
        # "28 August and 8 September": two dates, not a range
        if m["m1"]:
            self.add_day(self.day_start(m.start()), m, y1, first[1], first[2],
                         end=m.end("y1") if y1 else m.end("m1"))
        self.rescan("day_first", m.start("d2"))

    def rescan(self, name: str, position: int) -> None:
        """Run a digit pattern again from inside a match that turned out not to be a range."""
        match = self.grammar.digit_patterns[name].match(self.text, position)
        if match:
            getattr(self, f"on_{name}")(match)

    def is_year_in_context(self, start: int, end: int) -> bool:
        """A bare four-digit number is a year after a preposition or next to an event word."""
        text = self.text
        if start and not text[start - 1].isspace():
            return False  # glued to a sign or bracket: "€2024", "(2024"
        before = text[max(0, start - _PREFIX_WINDOW):start].split()
        raw = before[-1].strip(_PUNCTUATION) if before else ""
        previous = _strip_elision(raw)
        if previous in _YEAR_CONTEXT or previous.endswith(("jahr", "jahres")):
            return True
        if previous in {"de", "of", "von"} and len(before) > 1 and _strip_elision(
                before[-2].strip(_PUNCTUATION)) in _EVENT_BEFORE:
            return True
        following = text[end:end + 30].split("\n", 1)[0].split(None, 1)
        if following and following[0].strip(_PUNCTUATION).lower() in _EVENT_AFTER:
            # "the 2026 Winter Games" yes; "LA 2028 Games", "Paris 2024 Olympics" name them
            return not raw[:1].isupper() or (previous in _FUNCTION_WORDS and not raw.isupper())
        return self.is_adverbial_year(start, end, before[-1] if before else "")

    def is_frame_year(self, start: int, end: int) -> bool:
        """A year that may frame the other dates of its text ("Ziel für 2008", "in 2008"):
        not a start or end point ("since 2014", "bis 2030") nor an event's year ("the 2026
        Winter Games", "die Spiele 2040")."""
        before = self.text[max(0, start - _PREFIX_WINDOW):start].split()
        raw = before[-1].strip(_PUNCTUATION).lower().replace("’", "'") if before else ""
        previous = _strip_elision(raw)
        if raw in _BOUNDARY_BEFORE_YEAR or previous in _BOUNDARY_BEFORE_YEAR or \
                previous in _EVENT_BEFORE:
            return False
        if previous in {"de", "of", "von"} and len(before) > 1 and _strip_elision(
                before[-2].strip(_PUNCTUATION)) in _EVENT_BEFORE:
            return False
        following = self.text[end:end + 30].split("\n", 1)[0].split(None, 1)
        return not (following and following[0].strip(_PUNCTUATION).lower() in _EVENT_AFTER)

    def is_adverbial_year(self, start: int, end: int, token_before: str) -> bool:
        """A bare year used as a time adverbial: "compares with 2021", "fällt 2027",
        "2023 wurden mehr als ...", "plus élevé qu'en 2021".

        It must follow a lower-case word or start a sentence or clause, and be followed by
        punctuation or a word that cannot be counted. Not a year: a name ("Paris 2024",
        "Agenda 2020"), a count ("2024 athletes", "2023 Teilnehmer"), a number among
        numbers ("between 2000 and 3000", "0800 2024"), or after "about", "version", "no.".
        """
        text = self.text
        space, floor = start, start - _PREFIX_WINDOW
        while space > floor and text[space - 1] in " \t":
            space -= 1
        # A word before it means space > 0 and the loop stopped at that word or a line break.
        starts_sentence = (not token_before or text[space - 1] == "\n"
                           or token_before[-1] in ".!?")
        starts_clause = starts_sentence or token_before[-1] in ";:,"
        raw = token_before.strip(_PUNCTUATION)
        if not starts_clause and not raw[:1].islower():
            return False  # "Paris 2024", "CHF 2024", "0800 2024"
        if not starts_sentence and any(char.isdigit() for char in token_before):
            return False  # "1500, 2000 and 2500"
        if _strip_elision(raw) in _NOT_YEAR_BEFORE:
            return False
        line = text[end:end + 40].split("\n", 1)[0]
        if not line.strip() or line[:1] in {".", ",", ";", ":", "!", "?", ")"}:
            return not starts_clause  # "fällt 2027." yes; a year alone between stops, no
        if line.startswith(("'s", "’s")):  # "than 2019's record", but "the 1930's" is a decade
            return not (text[end - 1] == "0" and raw.lower() in {"the", "a"})
        words = line.split(None, 2)
        if not words or not line[:1].isspace():
            return False
        word = words[0].strip(_PUNCTUATION)
        if not word[:1].islower():
            return False
        lowered = _strip_elision(word)
        if lowered in _UNITS_AFTER_NUMBER:
            return False
        if lowered in _CONNECTORS_AFTER_YEAR and len(words) > 1 and words[1][:1].isdigit():
            return False  # "2000 and 3000 athletes" (a second year makes a range, found before)
        if self.languages == ("de",):  # German nouns are capitalised: lower case is no count
            return lowered not in _NOT_YEAR_AFTER_DE
        if "fr" in self.languages and (lowered == "se" or lowered.startswith("s'")):
            return True  # a reflexive verb: "2023 s'achève"
        return any(lowered in _WORDS_AFTER_YEAR[language] for language in self.languages)

    # --- patterns starting with a month or weekday name -----------------------------
    def on_mdy_range(self, m: re.Match) -> None:
        month = self.month_number(m["m1"])
        self.add_range(m, (None, month, int(m["d1"])), (_int_or_none(m["y2"]), month, int(m["d2"])))

    def on_mdy(self, m: re.Match) -> None:
        self.add_day(self.day_start(m.start()), m, _int_or_none(m["y1"]),
                     self.month_number(m["m1"]), int(m["d1"]))

    def on_month_year(self, m: re.Match) -> None:
        modifier = self.prefix(_MONTH_MODIFIER, m.start())
        start = modifier.start() if modifier else m.start()
        self.add(start, m.end(), f"{int(m['y1']):04d}-{self.month_number(m['m1']):02d}",
                 "month", "explicit")

    def on_month(self, m: re.Match) -> None:
        modifier = self.prefix(_MONTH_MODIFIER, m.start())
        if not modifier and not self.prefix(_MONTH_PREPOSITION, m.start()):
            return  # a bare month name may be a word ("May", "mars") or a name
        month = self.month_number(m["m1"])
        start = modifier.start() if modifier else m.start()
        self.add(start, m.end(), None, "month", "inferred-year", pending=("month", month))
