"""The regular expressions of the date rules, built once per language set: month and weekday
names from CLDR (as tries, so the scan skips in C), day/year pieces, times of day, the
digit-led patterns, the month-led patterns and the relative expressions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from ..regex_trie import trie_pattern

from .lexicon import (
    _EXTRA_MONTHS,
    _LOCALES,
    _LOWERCASE_NAMES,
    _NUMBER_WORDS,
)

_DASH = "[-\u2010-\u2015]"
# A year ends where the number ends: not "2020+5", "2024/25", "2024-113", "2024.5".
_YEAR_END = r"(?![\w+/]|[.,:]\d|-\d)"
# Numbers glued to these on the left are parts of something else (prices, scores, codes).
_NOT_BEFORE = r"[\w.,/+:-]"
# The second year of "2025-2028" and the second day of "18-20 June" follow a dash.
_NOT_BEFORE_RANGE_END = r"[\w.,/+:]"
_RANGE_CONNECTOR = (
    rf"(?:{_DASH}|(?i:to|till|until|through|and|bis(?:\s+zum)?|und|au|jusqu['’]au|et))"
)
_ARTICLE = r"(?:(?i:the|dem|den|zum|le)\s+)"


def _year(name: str, followed: str = _YEAR_END, preceded: str = _NOT_BEFORE) -> str:
    # Starts with a literal digit branch so the engine can skip to candidate positions.
    return rf"(?P<{name}>(?:1[89]|2[01])(?<!{preceded}\d\d)\d\d){followed}"


def _day(name: str, suffixes: str = r"st|nd|rd|th|er|\.", preceded: str = _NOT_BEFORE) -> str:
    return rf"(?P<{name}>\d(?<!{preceded}\d)\d?)(?:{suffixes})?(?!\d)"


_NUMBER = r"\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))


def _trie(words: set[str]) -> str:
    return trie_pattern(words)


def _spellings(name: str, lowercase: bool) -> set[str]:
    spellings = {name[:1].upper() + name[1:], name.upper()}
    if lowercase:
        spellings.add(name.lower())
    return spellings


def _words_before(words: tuple[str, ...], separator: str = r"\s+") -> re.Pattern:
    """A pattern for one of ``words`` (any capitalisation) right before a date.

    It is searched for in the few characters before a hit and must end there; it starts with
    plain letters so the search skips quickly, and the word boundary in front is checked by
    ``_Extractor.prefix``.
    """
    spellings = set()
    for word in words:
        spellings |= _spellings(word, lowercase=True)
    alternatives = _trie(spellings).replace("\\ ", r"\s+")
    return re.compile(rf"{alternatives}{separator}\Z")


# Words in front of a date, looked up backwards from the date.
_VERSION_BEFORE = _words_before(
    ("version", "v", "firmware", "release", "build", "update", "nr", "no", "number",
     "nummer", "numéro", "ref"), r"\.?\s*")
_RANGE_LEAD = _words_before(("from", "between", "vom", "von", "zwischen", "zwischen dem", "du",
                             "entre", "entre le"))
_MONTH_MODIFIER = _words_before(("early", "late", "mid", "anfang", "mitte", "ende", "début",
                                 "fin", "mi"), r"[\s-]+")
_MONTH_PREPOSITION = _words_before(
    ("in", "since", "until", "till", "by", "from", "before", "after", "during", "im", "seit",
     "bis", "ab", "vor", "nach", "en", "depuis", "dès", "jusqu'en", "jusqu’en", "avant",
     "après", "au mois de"))
_WEEKDAY_MODIFIER = _words_before(
    ("on", "this", "next", "last", "past", "coming", "am", "diesen", "ce", "kommenden",
     "nächsten", "letzten", "vergangenen", "am kommenden", "am nächsten", "am letzten",
     "am vergangenen"))
_NUMERIC_DAY_PREPOSITION = _words_before(("am", "vom", "bis", "zum", "ab", "seit", "dem", "den"))
_ARTICLES_BEFORE_DAY = ("the", "dem", "den", "le")


@lru_cache(maxsize=1)
def _english_weekdays() -> frozenset[str]:
    return frozenset(name.lower() for name in get_day_names("wide", "format", "en").values())


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]  # lower-case name without dot -> 1..12
    weekdays: dict[str, int]  # lower-case name -> 0 (Monday)..6
    month: str  # regex: a month name, abbreviations with their optional dot
    wide_month: str  # regex: a full month name
    weekday: str  # regex: a weekday name
    any_name: str  # regex: a month or weekday name, for the scan


@lru_cache(maxsize=8)
def _vocabulary(languages: tuple[str, ...]) -> _Vocabulary:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    wide: set[str] = set()
    abbreviated: set[str] = set()
    weekday_spellings: set[str] = set()
    for language in languages:
        lowercase = _LOWERCASE_NAMES[language]
        names: dict[str, bool] = {}  # name -> is wide
        for locale in _LOCALES[language]:
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    for number, name in get_month_names(width, context, locale).items():
                        key = name.rstrip(".").lower()
                        months[key] = number
                        names[key] = names.get(key, False) or width == "wide"
            # Babel numbers weekdays 0 = Monday, as date.weekday() does.
            for number, name in get_day_names("wide", "format", locale).items():
                weekdays[name.lower()] = number
                weekday_spellings |= _spellings(name, lowercase)
        for key, number in _EXTRA_MONTHS[language].items():
            months[key] = number
            names.setdefault(key, False)
        for key, is_wide in names.items():
            (wide if is_wide else abbreviated).update(_spellings(key, lowercase))
    wide_month = rf"{_trie(wide)}(?!\w)"
    return _Vocabulary(
        months=months,
        weekdays=weekdays,
        month=rf"(?:{wide_month}|{_trie(abbreviated)}(?:\.|(?!\w)))",
        wide_month=wide_month,
        weekday=rf"{_trie(weekday_spellings)}(?!\w)",
        any_name=rf"{_trie(wide | abbreviated | weekday_spellings)}(?!\w)",
    )


def _time() -> str:
    """An optional time of day after a date: "at 10:00", "um 14 Uhr", "à 10h30", "2 pm"."""
    clock = (
        r"(?P<h>2[0-3]|[01]?\d)(?::|\.(?=\d\d\s*Uhr)|\s*h\s*)(?P<mi>[0-5]\d)"
        r"(?:\s*(?:Uhr|h(?!\w)))?"
        r"|(?P<hu>2[0-3]|[01]?\d)\s*(?:Uhr|heures?|h)(?!\w)"
        r"|(?P<ha>1[0-2]|0?[1-9])(?::(?P<ma>[0-5]\d))?\s*(?P<ap>[ap])\.?m\b\.?"
    )
    return rf"(?:\s*,?\s*(?:(?i:at|um|à|ab|dès|from)\s+)?(?:{clock}))?"


@dataclass(frozen=True)
class _Grammar:
    vocabulary: _Vocabulary
    digit_patterns: dict[str, re.Pattern]  # each scanned over the text
    name_scan: re.Pattern  # month and weekday names
    month_patterns: list[tuple[str, re.Pattern]]  # tried in turn at each month name found
    weekday_pattern: re.Pattern  # tried at each weekday name found
    day_prefix: re.Pattern  # "Monday, 16", "Montag, dem 16.", "the 3rd"
    relative_scan: re.Pattern  # first words of relative expressions
    relative_rules: dict[str, list[_RelativeRule]]  # first word (lower case) -> rules
    # English month names that are none of the language's: the "foreign_" patterns run only
    # on texts containing one (a substring test costs far less than the scan)
    foreign_names: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _grammar(languages: tuple[str, ...]) -> _Grammar:
    v = _vocabulary(languages)
    month, time_of_day = v.month, _time()
    range_tail = (
        rf"\s*(?P<conn>{_RANGE_CONNECTOR})\s*{_ARTICLE}?"
        rf"{_day('d2', preceded=_NOT_BEFORE_RANGE_END)}\s*(?:of\s+)?"
        rf"(?P<m2>{month})(?:\s*,?\s+{_year('y2')})?"
    )
    digit_patterns = {
        # "2024-12-03[T10:00]", "2021-2024", or a year alone.
        "year_first": rf"{_year('y1', '')}(?:"
        r"-(?P<mo1>[01]\d)-(?P<d1>[0-3]\d)(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d))?(?![\w-]|[.,]\d)"
        rf"|\s*(?P<conn>{_DASH}|(?i:to|bis|à|au|and|und|et))\s*"
        rf"{_year('y2', preceded=_NOT_BEFORE_RANGE_END)}"
        rf"|{_YEAR_END})",
        # "03.12.2024", "28/11/2024", "03.12.24"; German "31.03." without a year.
        # "Stand:09.08.2010" may follow a colon, "12:09" (a time, a score) may not.
        "numeric": rf"(?P<d1>\d(?<![\w.,/+-]\d)(?<!\d:\d)\d?)(?P<sep>[./-])(?P<mo1>\d\d?)(?P=sep)"
        rf"(?:(?P<y1>\d{{4}}|\d\d)(?![\w/-]|[.,:]\d){time_of_day}|(?<=\.)(?![\w.]|\s*\d))",
        # US "1/28", "12/8" and French "le 28/01" without a year; which are dates is decided
        # by the words in front (``numeric._SHORT_CUE``), not here.
        "numeric_short": r"(?P<d1>\d(?<![\w.,/+:$€£#-]\d)\d?)(?P<sep>/)(?P<mo1>\d\d?)"
        r"(?![\w/]|[.,:]\d|\s*%)",
        # "3 December [2024] [at 10:00]", "3–9 December", "28 August to 8 September 2024".
        "day_first": rf"{_day('d1')}\s*(?:(?:of\s+)?(?P<m1>{month})(?:\s*,?\s+{_year('y1')})?)?"
        rf"(?:{range_tail})?(?(m2)|(?(m1){time_of_day}|(?!)))",
    }
    foreign_names: tuple[str, ...] = ()
    if "en" not in languages:  # an English date in German or French text: "Oct 27, 2009"
        english = _vocabulary(("en",)).month
        own = set(v.months)
        foreign_names = tuple(sorted(
            spelling for name in _vocabulary(("en",)).months if name not in own
            for spelling in _spellings(name, lowercase=False)))
        digit_patterns["foreign_mdy"] = (
            rf"(?P<m1>{english})\s+{_day('d1', 'st|nd|rd|th')}\s*,?\s+{_year('y1')}")
        digit_patterns["foreign_dmy"] = (
            rf"{_day('d1', 'st|nd|rd|th')}\s+(?P<m1>{english})\s*,?\s+{_year('y1')}")
    # Tried in this order at a month name; the first that matches is taken.
    month_patterns = []
    if "en" in languages:
        month_patterns += [
            ("mdy_range", rf"(?P<m1>{month})\s+{_day('d1', 'st|nd|rd|th')}\s*"
             rf"(?P<conn>{_DASH}|(?i:to|through|and))\s*"
             rf"{_day('d2', 'st|nd|rd|th', _NOT_BEFORE_RANGE_END)}"
             rf"(?:\s*,?\s+{_year('y2')})?"),
            ("mdy", rf"(?P<m1>{month})\s+{_day('d1', 'st|nd|rd|th')}(?:\s*,?\s+{_year('y1')})?"
             rf"{time_of_day}"),
        ]
    month_patterns += [
        ("month_year", rf"(?P<m1>{month})\s*,?\s+{_year('y1')}"),
        ("month", rf"(?P<m1>{v.wide_month})(?!\s*,?\s*\d)"),
    ]
    weekday_pattern = (
        rf"(?P<wd>{v.weekday})(?P<part>abend|morgen|nachmittag|vormittag|mittag)?"
        rf"(?:['’]s)?(?!\w)(?:\s+(?P<post>prochain|dernier|passé)(?!\w))?{time_of_day}"
    )
    relative_scan, relative_rules = _relative_rules(languages)
    articles = _trie({spelling for word in _ARTICLES_BEFORE_DAY
                      for spelling in _spellings(word, lowercase=True)})
    return _Grammar(
        vocabulary=v,
        digit_patterns={name: re.compile(p) for name, p in digit_patterns.items()},
        name_scan=re.compile(v.any_name),
        month_patterns=[(name, re.compile(p)) for name, p in month_patterns],
        weekday_pattern=re.compile(weekday_pattern),
        day_prefix=re.compile(rf"(?:{v.weekday}\s*,?\s+(?:{articles}\s+)?|{articles}\s+)\Z"),
        relative_scan=relative_scan,
        relative_rules=relative_rules,
        foreign_names=foreign_names,
    )


# Relative expressions: (lead words, rest of the pattern, unit, offset[, words before]).
# A scan finds the lead words' first words, then the rules for that word are tried there.
# An empty unit comes from group "unit"; a count in group "n" multiplies the offset. The
# optional fifth item must match right before the lead word ("three days" before "ago").
_UNIT_EN = r"\s+(?P<unit>week|month|year)"
_UNIT_DE = r"\s+(?P<unit>Woche|Monat|Jahr)(?:e?s)?"
_UNIT_FR = r"\s*(?P<unit>semaine|mois|année|an)"
# "three days ago", "a week ago": found from "ago", the words before it looked up backwards.
_AGO_BEFORE = rf"(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+\Z"


def _declined(*stems: str) -> tuple[str, ...]:
    """German adjective endings: "nächste" -> nächste, nächster, nächsten, nächstem, nächstes."""
    return tuple(stem + ending for stem in stems for ending in ("", "r", "n", "m", "s"))


_RELATIVE_RULES = {
    "en": [
        (("day before yesterday",), "", "day", -2),
        (("day after tomorrow",), "", "day", 2),
        (("yesterday",), "", "day", -1),
        (("today",), "", "day", 0),
        (("tomorrow",), "", "day", 1),
        (("earlier this", "later this", "this"), _UNIT_EN, "", 0),
        (("next", "coming"), _UNIT_EN, "", 1),
        (("last", "past", "previous"), _UNIT_EN, "", -1),
        (("ago",), "", "", -1, _AGO_BEFORE),
    ],
    "de": [
        (("vorgestern",), "", "day", -2),
        (("übermorgen",), "", "day", 2),
        (("gestern",), "", "day", -1),
        (("heute",), "", "day", 0),
        (_declined("diese"), _UNIT_DE, "", 0),
        (_declined("nächste", "kommende"), _UNIT_DE, "", 1),
        (_declined("letzte", "vergangene", "vorige"), _UNIT_DE, "", -1),
        (("im Vorjahr", "des Vorjahres", "Vorjahr", "Vorjahres"), "", "year", -1),
        (("vor",), rf"\s+(?P<n>{_NUMBER})\s+(?P<unit>Tag|Woche|Monat|Jahr)(?:en|n)?", "", -1),
    ],
    "fr": [
        (("avant-hier",), "", "day", -2),
        (("après-demain",), "", "day", 2),
        (("hier",), "", "day", -1),
        (("aujourd'hui", "aujourd’hui"), "", "day", 0),
        (("demain",), "", "day", 1),
        (("cette", "ce", "cet"), r"\s+(?P<unit>semaine|mois|année)(?:-ci)?", "", 0),
        (("la", "le", "l'", "l’"), rf"{_UNIT_FR}\s+prochaine?", "", 1),
        (("la", "le", "l'", "l’"), rf"{_UNIT_FR}\s+(?:dernière?|passée?)", "", -1),
        (("il y a",), rf"\s+(?P<n>{_NUMBER})\s+(?P<unit>jour|semaine|mois|an|année)s?", "", -1),
    ],
}
# Case-sensitive: capitalised "Morgen" is mostly "morning".
_CASE_SENSITIVE_RULES = {"de": [(("morgen",), "", "day", 1)]}
_UNITS = {
    "day": "day", "week": "week", "month": "month", "year": "year",
    "tag": "day", "woche": "week", "monat": "month", "jahr": "year",
    "jour": "day", "semaine": "week", "mois": "month", "an": "year", "année": "year",
}


@dataclass(frozen=True)
class _RelativeRule:
    pattern: re.Pattern  # tried where the scan found one of the rule's first words
    unit: str  # "" when group "unit" names it
    offset: int
    before: re.Pattern | None  # words that must end right before the lead word ("ago")


def _relative_rules(languages: tuple[str, ...]) -> tuple[re.Pattern, dict[str, list]]:
    """The scan for relative expressions' first words, and the rules per first word."""
    by_first_word: dict[str, list[_RelativeRule]] = {}
    spellings: set[str] = set()
    for language in languages:
        rules = [(rule, re.I) for rule in _RELATIVE_RULES[language]]
        rules += [(rule, 0) for rule in _CASE_SENSITIVE_RULES.get(language, [])]
        for (leads, rest, unit, offset, *before), flags in rules:
            if language == "fr" and leads == ("hier",) and "de" in languages:
                continue  # German "hier" means "here"
            lead = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in leads)
            pattern = re.compile(rf"(?:{lead}){rest}(?![\w-])", flags)
            before_pattern = re.compile(before[0], re.I) if before else None
            rule = _RelativeRule(pattern, unit, offset, before_pattern)
            for word in {w.split()[0].lower() for w in leads}:
                by_first_word.setdefault(word, []).append(rule)
                spellings |= {word, word[:1].upper() + word[1:]}
    # A first word ends the word, unless it is an elided article ("l'année"). Where it
    # starts is checked by the caller (see ``_Extractor.inside_word``).
    return re.compile(rf"{_trie(spellings)}(?:(?<=['’])|(?!\w))"), by_first_word


def _time_of(match: re.Match) -> tuple[int, int] | None:
    """Hour and minute of a pattern's optional time of day, or None."""
    groups = match.groupdict()
    if groups.get("h") is not None:
        return int(groups["h"]), int(groups["mi"] or 0)
    if groups.get("hu") is not None:
        return int(groups["hu"]), 0
    if groups.get("ha") is not None:
        hour = int(groups["ha"]) % 12 + (12 if groups["ap"].lower() == "p" else 0)
        return hour, int(groups["ma"] or 0)
    return None


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value else None
