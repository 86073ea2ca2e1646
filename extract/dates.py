"""Dates stated in article text (EN/DE/FR), normalised to ISO 8601.

``find_dates`` returns every date expression it recognises as a ``DateMention``:
explicit dates ("3 December 2024", "03.12.2024", "le 1er décembre 2024"), year-less
dates whose year is inferred from the publication date ("am 9. Dezember"), ranges
("du 3 au 9 décembre"), months ("im Juli"), years in a date or event context
("since 1932", "Olympische Spiele 2024"), and weekday / relative expressions
("on Tuesday", "gestern", "la semaine prochaine") resolved against the publication date.

Rules rather than ``dateparser.search``: on the dev set the rules are both far more
accurate and much faster (``bench/dates_eval.py --engine dateparser`` measures it).
Month and weekday names come from Babel's CLDR data instead of hand-typed lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from extract.records import DateMention

LANGUAGES = ("en", "de", "fr")

# Locales whose CLDR names are read: de_AT adds "Jänner", de_CH/fr_CH regional forms.
_LOCALES = {"en": ("en", "en_GB"), "de": ("de", "de_AT", "de_CH"), "fr": ("fr", "fr_CH")}
# Common abbreviations CLDR does not list.
_EXTRA_MONTHS = {"en": {"sept": 9}, "de": {"sep": 9, "febr": 2}, "fr": {"fév": 2, "sep": 9}}
# English month and weekday names are proper nouns: lower-case "may", "march" are words.
_LOWERCASE_NAMES = {"en": False, "de": False, "fr": True}

_YEAR = r"(?:1[89]|2[01])\d\d"
_YEAR_END = r"(?![\w+/]|[.,:]\d|-\d)"  # not "2020+5", "2024/25", "2024-113", "2024.5"
_DASH = "[-\u2010-\u2015]"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "ein": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
}
_NUMBER = r"\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

# Words after which a bare four-digit number is a year ("since 1932", "bis 2028").
_YEAR_PREPOSITIONS = {
    "in", "since", "by", "until", "till", "through", "to", "from", "before", "after", "of",
    "during", "around", "year", "season", "half", "quarter", "fiscal", "calendar",
    "im", "seit", "bis", "ab", "vor", "nach", "jahr", "jahre", "jahres", "anfang", "ende",
    "mitte", "saison", "quartal", "halbjahr",
    "en", "depuis", "avant", "après", "dès", "jusqu'en", "jusqu'à", "ici", "année", "an",
    "saison", "semestre", "trimestre", "exercice", "courant",
}
# Event words before a year ("Olympische Spiele 2024", "Jeux Olympiques de 2028") ...
_EVENT_BEFORE = {
    "games", "olympics", "paralympics", "olympiad", "convention", "conference", "congress",
    "championships", "cup", "edition", "session", "spiele", "winterspiele", "sommerspiele",
    "olympia", "paralympics", "konferenz", "kongress", "weltmeisterschaft", "wm", "em",
    "meisterschaft", "ausgabe", "auflage", "jeux", "jo", "olympiques", "paralympiques",
    "hiver", "été", "convention", "conférence", "congrès", "championnats", "édition", "coupe",
}
# ... and after it ("the 2026 Winter Games", "the 2025 Convention").
_EVENT_AFTER = {
    "olympic", "olympics", "paralympic", "paralympics", "games", "winter", "summer", "youth",
    "convention", "conference", "congress", "edition", "season", "world", "championships",
    "session", "olympische", "olympischen", "spiele", "winterspiele", "sommerspiele",
    "ausgabe", "auflage", "saison", "jeux", "édition",
}
# Lower-case or function words that may stand before an event year; any other
# capitalised word names the event ("Paris 2024", "LA 2028", "Agenda 2020"): not a date.
_FUNCTION_WORDS = {
    "the", "a", "an", "this", "that", "its", "their", "our", "for", "at", "of", "and",
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "für", "bei", "und",
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "pour", "et", "aux", "au",
}
_VERSION_CONTEXT = re.compile(
    r"(?:version|v|firmware|release|build|update|nr|no|number|nummer|numéro|ref)\.?\s*$", re.I
)

# Modifiers of month names: "early December", "Anfang Dezember", "mi-juillet".
_MONTH_MODIFIER = r"(?i:early|late|mid|anfang|mitte|ende|début|fin|mi)"
_MONTH_PREPOSITION = (
    r"(?i:in|since|until|till|by|from|before|after|during|im|seit|bis|ab|vor|nach|"
    r"en|depuis|dès|jusqu['’]en|avant|après|au mois de)"
)
_RANGE_LEAD = r"(?i:from|between|vom|von|zwischen(?:\s+dem)?|du|entre(?:\s+le)?)"
_RANGE_CONNECTOR = (
    rf"(?:{_DASH}|(?i:to|till|until|through|and|bis(?:\s+zum)?|und|au|jusqu['’]au|et))"
)
_ARTICLE = r"(?:(?i:the|dem|den|zum|le)\s+)"
_AND_CONNECTORS = {"and", "und", "et"}


@dataclass
class _Candidate:
    start: int
    end: int
    value: str | None
    granularity: str
    resolved_from: str
    valid: bool = True  # an impossible date still blocks the pieces inside it


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]  # lower-case name without dot -> 1..12
    weekdays: dict[str, int]  # lower-case name -> 0 (Monday)..6
    month_pattern: str
    wide_month_pattern: str
    weekday_pattern: str


def _name_variants(name: str, lowercase_allowed: bool) -> set[str]:
    variants = {name[:1].upper() + name[1:], name.upper()}
    if lowercase_allowed:
        variants.add(name.lower())
    return variants


def _alternation(names: dict[str, bool], lowercase: dict[str, bool]) -> str:
    """Regex alternation of names (longest first); abbreviations take an optional dot."""
    pieces = set()
    for name, abbreviated in names.items():
        tail = r"(?:\.|(?!\w))" if abbreviated else r"(?!\w)"
        for variant in _name_variants(name, lowercase[name]):
            pieces.add((variant, tail))
    ordered = sorted(pieces, key=lambda p: len(p[0]), reverse=True)
    return "(?:" + "|".join(re.escape(v) + tail for v, tail in ordered) + ")"


@lru_cache(maxsize=8)
def _vocabulary(languages: tuple[str, ...]) -> _Vocabulary:
    months: dict[str, int] = {}
    month_names: dict[str, bool] = {}  # name -> abbreviated
    wide_names: dict[str, bool] = {}
    weekdays: dict[str, int] = {}
    lowercase: dict[str, bool] = {}
    for language in languages:
        lower_ok = _LOWERCASE_NAMES[language]
        for locale in _LOCALES[language]:
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    for number, name in get_month_names(width, context, locale).items():
                        key = name.rstrip(".").lower()
                        months[key] = number
                        abbreviated = width == "abbreviated" and key not in wide_names
                        month_names[key] = month_names.get(key, True) and abbreviated
                        if width == "wide":
                            wide_names[key] = False
                        lowercase[key] = lower_ok
            # Babel numbers weekdays 0 = Monday, as datetime.weekday() does.
            for number, name in get_day_names("wide", "format", locale).items():
                weekdays[name.lower()] = number
                lowercase[name.lower()] = lower_ok
        for key, number in _EXTRA_MONTHS[language].items():
            months[key] = number
            month_names.setdefault(key, True)
            lowercase[key] = lower_ok
    return _Vocabulary(
        months=months,
        weekdays=weekdays,
        month_pattern=_alternation(month_names, lowercase),
        wide_month_pattern=_alternation(wide_names, lowercase),
        weekday_pattern=_alternation({name: False for name in weekdays}, lowercase),
    )


def _day(n: str, suffixes: str = r"st|nd|rd|th|er|\.") -> str:
    return rf"(?P<d{n}>3[01]|[12]\d|0?[1-9])(?:{suffixes})?(?!\d)"


def _time(n: str) -> str:
    """An optional time of day right after a date: "at 10:00", "um 14 Uhr", "à 10h30", "2 pm"."""
    hour = rf"(?P<h{n}>2[0-3]|[01]?\d)"
    clock = (
        rf"{hour}(?::|\.(?=\d\d\s*Uhr)|\s*h\s*)(?P<mi{n}>[0-5]\d)(?:\s*(?:Uhr|h(?!\w)))?"
        rf"|{hour.replace('h' + n, 'hu' + n)}\s*(?:Uhr|heures?|h)(?!\w)"
        rf"|{hour.replace('h' + n, 'ha' + n)}(?::(?P<ma{n}>[0-5]\d))?\s*(?P<ap{n}>[ap])\.?m\b\.?"
    )
    return rf"(?:\s*,?\s*(?:(?i:at|um|à|ab|dès|from)\s+)?(?:{clock}))?"


@lru_cache(maxsize=8)
def _patterns(languages: tuple[str, ...]) -> dict[str, re.Pattern]:
    v = _vocabulary(languages)
    month, wide_month, weekday = v.month_pattern, v.wide_month_pattern, v.weekday_pattern
    weekday_prefix = rf"(?:(?P<wd>{weekday})\s*,?\s+{_ARTICLE}?)?"
    year1, year2 = rf"(?P<y1>{_YEAR}){_YEAR_END}", rf"(?P<y2>{_YEAR}){_YEAR_END}"
    start = r"(?<![\w.,/+-])"
    patterns = {
        "iso": rf"{start}(?P<y1>{_YEAR})-(?P<mo1>[01]\d)-(?P<d1>[0-3]\d)"
        rf"(?:[T ](?P<h1>[0-2]\d):(?P<mi1>[0-5]\d))?(?![\w-]|[.,]\d)",
        "numeric": rf"{start}(?P<d1>[0-3]?\d)(?P<sep>[./-])(?P<mo1>[01]?\d)(?P=sep)"
        rf"(?P<y1>\d{{4}}|\d\d)(?![\w/-]|[.,:]\d){_time('1')}",
        "dmy_range": rf"{start}(?:(?P<lead>{_RANGE_LEAD})\s+)?{_day('1')}\s*(?:of\s+)?"
        rf"(?P<m1>{month})(?:\s*,?\s+{year1})?\s*(?P<conn>{_RANGE_CONNECTOR})\s*{_ARTICLE}?"
        rf"{_day('2')}\s*(?:of\s+)?(?P<m2>{month})(?:\s*,?\s+{year2})?",
        "day_range": rf"{start}(?:(?P<lead>{_RANGE_LEAD})\s+)?{_day('1')}\s*"
        rf"(?P<conn>{_RANGE_CONNECTOR})\s*{_ARTICLE}?{_day('2')}\s*(?:of\s+)?"
        rf"(?P<m2>{month})(?:\s*,?\s+{year2})?",
        "dmy": rf"{start}{weekday_prefix}(?:(?i:the)\s+)?{_day('1')}\s*(?:of\s+)?"
        rf"(?P<m1>{month})(?:\s*,?\s+{year1})?{_time('1')}",
        "year_range": rf"{start}(?:(?P<lead>{_RANGE_LEAD})\s+)?(?P<y1>{_YEAR})\s*"
        rf"(?P<conn>{_DASH}|(?i:to|bis|à|au|and|und|et))\s*{year2}",
        "month_year": rf"{start}(?:(?P<mod>{_MONTH_MODIFIER})[\s-]+)?(?P<m1>{month})\s*,?\s+"
        rf"{year1}",
        "month": rf"{start}(?:(?P<prep>{_MONTH_PREPOSITION})\s+|(?P<mod>{_MONTH_MODIFIER})[\s-]+)"
        rf"(?P<m1>{wide_month})(?!\s*,?\s*\d)",
        "year": rf"{start}(?P<y1>{_YEAR}){_YEAR_END}",
        "weekday": rf"{start}(?:(?P<mod>(?i:on|this|next|last|past|coming|am|diesen|"
        rf"kommenden|nächsten|letzten|vergangenen|am\s+kommenden|am\s+nächsten|"
        rf"am\s+letzten|am\s+vergangenen|ce))\s+)?(?P<wd>{weekday})"
        rf"(?P<part>abend|morgen|nachmittag|vormittag|mittag)?(?:['’]s)?(?!\w)"
        rf"(?:\s+(?P<post>prochain|dernier|passé)\b)?{_time('1')}",
    }
    if "en" in languages:
        patterns["mdy_range"] = (
            rf"{start}(?:(?P<lead>{_RANGE_LEAD})\s+)?(?P<m1>{month})\s+{_day('1', 'st|nd|rd|th')}"
            rf"\s*(?P<conn>{_DASH}|(?i:to|through|and))\s*{_day('2', 'st|nd|rd|th')}"
            rf"(?:\s*,?\s+{year2})?"
        )
        patterns["mdy"] = (
            rf"{start}{weekday_prefix}(?P<m1>{month})\s+{_day('1', 'st|nd|rd|th')}"
            rf"(?:\s*,?\s+{year1})?{_time('1')}"
        )
    if "de" in languages:
        # German year-less numeric dates need a preposition: "bis 31.03.", "am 3.12."
        patterns["numeric_day_month"] = (
            rf"(?<![\w.,/-])(?i:am|vom|bis|zum|ab|seit|dem|den)\s+"
            rf"(?P<core>(?P<d1>3[01]|[12]\d|0?[1-9])\.(?P<mo1>1[0-2]|0?[1-9])\.)(?!\d)"
        )
    return {name: re.compile(pattern) for name, pattern in patterns.items()}


# Relative expressions: (pattern, unit, offset); a named group "n" multiplies the offset.
def _relative_rules(language: str) -> list[tuple[str, str, int]]:
    if language == "en":
        return [
            (r"(?i:the day before yesterday)", "day", -2),
            (r"(?i:the day after tomorrow)", "day", 2),
            (r"(?i:yesterday)", "day", -1),
            (r"(?i:today)", "day", 0),
            (r"(?i:tomorrow)", "day", 1),
            (r"(?i:(?:earlier|later)\s+this|this)\s+(?P<unit>week|month|year)", "", 0),
            (r"(?i:next|coming|the\s+coming)\s+(?P<unit>week|month|year)", "", 1),
            (r"(?i:last|past|previous|the\s+past|the\s+previous)\s+(?P<unit>week|month|year)",
             "", -1),
            (rf"(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+ago", "", -1),
        ]
    if language == "de":
        return [
            (r"(?i:vorgestern)", "day", -2),
            (r"(?i:übermorgen)", "day", 2),
            (r"(?i:gestern)", "day", -1),
            (r"(?i:heute)", "day", 0),
            (r"morgen", "day", 1),  # capitalised "Morgen" is mostly "morning"
            (r"(?i:diese[rnms]?)\s+(?P<unit>Woche|Monat|Jahr)(?:e?s)?", "", 0),
            (r"(?i:nächste[rnms]?|kommende[rnms]?)\s+(?P<unit>Woche|Monat|Jahr)(?:e?s)?", "", 1),
            (r"(?i:letzte[rnms]?|vergangene[rnms]?|vorige[rnms]?)\s+"
             r"(?P<unit>Woche|Monat|Jahr)(?:e?s)?", "", -1),
            (r"(?:(?i:im|des)\s+)?Vorjahr(?:es)?", "year", -1),
            (rf"(?i:vor)\s+(?P<n>{_NUMBER})\s+(?P<unit>Tag|Woche|Monat|Jahr)(?:en|n)?", "", -1),
        ]
    return [
        (r"(?i:avant-hier)", "day", -2),
        (r"(?i:après-demain)", "day", 2),
        (r"(?i:hier)", "day", -1),
        (r"(?i:aujourd['’]hui)", "day", 0),
        (r"(?i:demain)", "day", 1),
        (r"(?i:cette|ce|cet)\s+(?P<unit>semaine|mois|année)(?:-ci)?", "", 0),
        (r"(?i:(?:la|le|l['’])\s*(?P<unit>semaine|mois|année|an)\s+(?:prochaine?))", "", 1),
        (r"(?i:(?:la|le|l['’])\s*(?P<unit>semaine|mois|année|an)\s+(?:dernière?|passée?))",
         "", -1),
        (rf"(?i:il\s+y\s+a)\s+(?P<n>{_NUMBER})\s+(?P<unit>jour|semaine|mois|an|année)s?", "", -1),
    ]


_UNITS = {
    "day": "day", "week": "week", "month": "month", "year": "year",
    "tag": "day", "woche": "week", "monat": "month", "jahr": "year",
    "jour": "day", "semaine": "week", "mois": "month", "an": "year", "année": "year",
}


@lru_cache(maxsize=8)
def _relative_patterns(languages: tuple[str, ...]) -> list[tuple[re.Pattern, str, int]]:
    rules = []
    for language in languages:
        for pattern, unit, offset in _relative_rules(language):
            if language == "fr" and "de" in languages and pattern == r"(?i:hier)":
                continue  # German "hier" means "here"
            rules.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])"), unit, offset))
    return rules


_FUTURE_MARKERS = {
    "en": re.compile(r"\b(?:will|shall|'ll|is to|are to|is set to|are set to|is due|are due|"
                     r"scheduled|plans? to|upcoming|going to)\b", re.I),
    "de": re.compile(r"\b(?:wird|werden|soll|sollen|will|wollen|findet|finden|beginnt|beginnen|"
                     r"startet|starten|geplant|plant|planen)\b", re.I),
    "fr": re.compile(r"\b(?:sera|seront|va|vont|aura|auront|devrait|devraient|doit|doivent|"
                     r"prévue?s?|\w+(?:era|ira|ront))\b", re.I),
}
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?=\s)|\n")


def _guess_languages(text: str) -> tuple[str, ...]:
    """The text's language from function words; all three when there is too little to tell."""
    sample = text[:3000].lower()
    counts = {
        "en": len(re.findall(r"\b(?:the|and|of|to|with|for|that|is|was)\b", sample)),
        "de": len(re.findall(r"\b(?:der|die|und|das|ist|mit|für|den|von|nicht|auf)\b", sample)),
        "fr": len(re.findall(r"\b(?:le|la|les|et|des|est|pour|une|dans|du|que)\b", sample)),
    }
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] >= 3 and ranked[0] >= 2 * ranked[1]:
        return (best,)
    return LANGUAGES


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: date) -> int | None:
    """The year (ref's, the one before or after) that puts month/day nearest to ref."""
    best, best_distance = None, None
    for year in (ref.year, ref.year - 1, ref.year + 1):
        if day is None:
            distance = abs((year * 12 + month) - (ref.year * 12 + ref.month)) * 30
        else:
            candidate = _make_date(year, month, day)
            if candidate is None:
                continue
            distance = abs((candidate - ref).days)
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    return best


def _expand_two_digit_year(yy: int, ref: date | None) -> int:
    """'24' -> 2024: the century that puts the year at most 19 years after the reference."""
    pivot = (ref.year if ref else date.today().year) + 19
    year = pivot // 100 * 100 + yy
    return year - 100 if year > pivot else year


def _iso_day(d: date) -> str:
    return d.isoformat()


def _week_range(d: date) -> str:
    monday = d - timedelta(days=d.weekday())
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _add_months(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def _group(match: re.Match, name: str) -> str | None:
    return match.groupdict().get(name)


def _time_of(match: re.Match) -> tuple[int, int] | None:
    """Hour and minute of the optional time group, or None."""
    if _group(match, "h1") is not None:
        return int(match["h1"]), int(match["mi1"] or 0)
    if _group(match, "hu1") is not None:
        return int(match["hu1"]), 0
    if _group(match, "ha1") is not None:
        hour = int(match["ha1"])
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap1"].lower() == "p" else 0)
        return hour, int(match["ma1"] or 0)
    return None


def _time_start(match: re.Match) -> int:
    for name in ("h1", "hu1", "ha1"):
        if _group(match, name) is not None:
            return match.start(name)
    return match.end()


class _Extractor:
    def __init__(self, text: str, languages: tuple[str, ...], ref: date | None):
        self.text = text
        self.languages = languages
        self.ref = ref
        self.vocabulary = _vocabulary(languages)
        self.candidates: list[_Candidate] = []

    def add(self, start, end, value, granularity, resolved_from, valid=True):
        self.candidates.append(_Candidate(start, end, value, granularity, resolved_from, valid))

    def month_number(self, name: str) -> int:
        return self.vocabulary.months[name.rstrip(".").lower()]

    def add_day(self, match: re.Match, year: int | None, month: int, day: int,
                start: int | None = None) -> None:
        """A day date, with its time if one follows; year None means 'infer it'."""
        start = match.start() if start is None else start
        time_of_day = _time_of(match)
        end = match.end() if time_of_day else _time_start(match)
        granularity = "time" if time_of_day else "day"
        resolved_from = "explicit" if year is not None else "inferred-year"
        if year is None:
            if _make_date(2024, month, day) is None:  # 31 February in no year
                self.add(start, end, None, granularity, resolved_from, valid=False)
                return
            if self.ref is None:
                self.add(start, end, None, granularity, resolved_from)
                return
            year = _nearest_year(month, day, self.ref)
        stated = _make_date(year, month, day)
        if stated is None:
            self.add(start, end, None, granularity, resolved_from, valid=False)
            return
        value = _iso_day(stated)
        if time_of_day:
            hour, minute = time_of_day
            if hour > 23:
                self.add(start, end, None, granularity, resolved_from, valid=False)
                return
            value += f"T{hour:02d}:{minute:02d}"
        self.add(start, end, value, granularity, resolved_from)

    def add_range(self, match: re.Match, first: tuple, last: tuple) -> None:
        """A range from (year|None, month, day) to (year|None, month, day)."""
        (y1, m1, d1), (y2, m2, d2) = first, last
        if _group(match, "conn") and match["conn"].lower() in _AND_CONNECTORS and not (
            _group(match, "lead")
        ):
            return  # "3 and 9 December" names two days, not a range
        resolved_from = "explicit" if (y1 or y2) else "inferred-year"
        if y2 is None and y1 is None:
            if self.ref is None:
                valid = _make_date(2024, m1, d1) and _make_date(2024, m2, d2)
                self.add(match.start(), match.end(), None, "range", resolved_from, bool(valid))
                return
            y1 = _nearest_year(m1, d1, self.ref)
            if y1 is None:
                self.add(match.start(), match.end(), None, "range", resolved_from, False)
                return
        if y1 is None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        if y2 is None:
            y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
        begin, end = _make_date(y1, m1, d1), _make_date(y2, m2, d2)
        if begin is None or end is None or end <= begin:
            self.add(match.start(), match.end(), None, "range", resolved_from, False)
            return
        self.add(match.start(), match.end(), f"{begin.isoformat()}/{end.isoformat()}", "range",
                 resolved_from)

    def run(self) -> list[_Candidate]:
        text = self.text
        patterns = _patterns(self.languages)
        has_digit = any(c.isdigit() for c in text)
        if has_digit:
            self.explicit(patterns)
        self.months(patterns, has_digit)
        self.weekdays(patterns["weekday"])
        self.relatives()
        return self.candidates

    def explicit(self, patterns: dict[str, re.Pattern]) -> None:
        text = self.text
        for m in patterns["iso"].finditer(text):
            self.add_day(m, int(m["y1"]), int(m["mo1"]), int(m["d1"]))
        for m in patterns["numeric"].finditer(text):
            if _VERSION_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
                self.add(m.start(), m.end(), None, "day", "explicit", valid=False)
                continue
            day, month, year = int(m["d1"]), int(m["mo1"]), m["y1"]
            year = int(year) if len(year) == 4 else _expand_two_digit_year(int(year), self.ref)
            if month > 12 and day <= 12 and m["sep"] == "/":  # US order: 12/25/2024
                day, month = month, day
            self.add_day(m, year, month, day)
        for m in patterns["dmy_range"].finditer(text):
            y1 = int(m["y1"]) if m["y1"] else None
            y2 = int(m["y2"]) if m["y2"] else None
            self.add_range(m, (y1, self.month_number(m["m1"]), int(m["d1"])),
                           (y2, self.month_number(m["m2"]), int(m["d2"])))
        for m in patterns["day_range"].finditer(text):
            month, y2 = self.month_number(m["m2"]), int(m["y2"]) if m["y2"] else None
            self.add_range(m, (None, month, int(m["d1"])), (y2, month, int(m["d2"])))
        if "mdy_range" in patterns:
            for m in patterns["mdy_range"].finditer(text):
                month, y2 = self.month_number(m["m1"]), int(m["y2"]) if m["y2"] else None
                self.add_range(m, (None, month, int(m["d1"])), (y2, month, int(m["d2"])))
        for name in ("dmy", "mdy"):
            if name in patterns:
                for m in patterns[name].finditer(text):
                    year = int(m["y1"]) if m["y1"] else None
                    self.add_day(m, year, self.month_number(m["m1"]), int(m["d1"]))
        if "numeric_day_month" in patterns:
            for m in patterns["numeric_day_month"].finditer(text):
                fake = m  # the span is the date itself, not its preposition
                self.add_day(fake, None, int(m["mo1"]), int(m["d1"]), start=m.start("core"))
        for m in patterns["year_range"].finditer(text):
            y1, y2 = int(m["y1"]), int(m["y2"])
            if m["conn"].lower() in _AND_CONNECTORS and not m["lead"]:
                continue
            if y1 < y2 <= y1 + 100:
                self.add(m.start(), m.end(), f"{y1}/{y2}", "range", "explicit")
        for m in patterns["year"].finditer(text):
            if self.is_year_in_context(m.start(), m.end()):
                self.add(m.start(), m.end(), m["y1"], "year", "explicit")

    def is_year_in_context(self, start: int, end: int) -> bool:
        before = re.findall(r"[\w'’]+", self.text[max(0, start - 40):start])
        between = self.text[max(0, start - 3):start]
        words = [re.sub(r"^[ldj]['’]|^jusqu['’]", "", w.lower()) if not w.lower().startswith(
            "jusqu") else w.lower().replace("’", "'") for w in before[-2:]]
        previous = words[-1] if words else ""
        previous_raw = before[-1] if before else ""
        if between.strip() and not between.endswith(" "):
            return False  # glued to a word or sign: "€2024", "(2024"
        if previous in _YEAR_PREPOSITIONS or previous.endswith(("jahr", "jahres")):
            return True
        if previous in _EVENT_BEFORE:
            return True
        if previous in {"de", "of", "von", "d"} and len(words) > 1 and words[-2] in _EVENT_BEFORE:
            return True
        following = re.match(r"\s+([\w'’-]+)", self.text[end:end + 30])
        if following and following.group(1).lower() in _EVENT_AFTER:
            return (not previous_raw or previous_raw.lower() in _FUNCTION_WORDS
                    or not previous_raw[:1].isupper())
        return False

    def months(self, patterns: dict[str, re.Pattern], has_digit: bool) -> None:
        if has_digit:
            for m in patterns["month_year"].finditer(self.text):
                month = self.month_number(m["m1"])
                self.add(m.start(), m.end(), f"{int(m['y1']):04d}-{month:02d}", "month",
                         "explicit")
        for m in patterns["month"].finditer(self.text):
            month = self.month_number(m["m1"])
            start = m.start("m1") if m["prep"] else m.start()
            value = None
            if self.ref is not None:
                value = f"{_nearest_year(month, None, self.ref):04d}-{month:02d}"
            self.add(start, m.end(), value, "month", "inferred-year")

    def weekdays(self, pattern: re.Pattern) -> None:
        text = self.text
        for m in pattern.finditer(text):
            modifier = (m["mod"] or m["post"] or "").lower().split()[-1:] or [""]
            modifier = modifier[0]
            if not modifier or modifier in {"on", "am", "ce"}:
                if self.is_named_day(m.start("wd")):
                    continue
            start = m.start() if modifier not in {"on", "am", ""} else m.start("wd")
            time_of_day = _time_of(m)
            end = m.end() if time_of_day else _time_start(m)
            granularity = "time" if time_of_day else "day"
            if self.ref is None:
                self.add(start, end, None, granularity, "relative")
                continue
            weekday = self.vocabulary.weekdays[m["wd"].lower()]
            day = self.resolve_weekday(weekday, modifier, m.start())
            value = day.isoformat()
            if time_of_day:
                value += f"T{time_of_day[0]:02d}:{time_of_day[1]:02d}"
            self.add(start, end, value, granularity, "relative")

    def is_named_day(self, start: int) -> bool:
        """'Black Friday', 'Super Tuesday': a capitalised word glued before the weekday."""
        before = re.search(r"([\w'’]+)\s+$", self.text[max(0, start - 30):start])
        if not before:
            return False
        word = before.group(1)
        return word[:1].isupper() and word.lower() not in _FUNCTION_WORDS | {
            "on", "am", "ce", "this", "next", "last", "since", "until", "by", "seit", "bis", "ab",
            "dès", "depuis", "jusqu'à", "from", "vom", "von",
        } and not self.sentence_starts_at(before.start(1) + max(0, start - 30))

    def sentence_starts_at(self, position: int) -> bool:
        before = self.text[max(0, position - 3):position].strip()
        return not before or before[-1] in ".!?:\n\"“«„"

    def resolve_weekday(self, weekday: int, modifier: str, position: int) -> date:
        ref = self.ref
        ahead = (weekday - ref.weekday()) % 7
        if modifier in {"next", "coming", "kommenden", "nächsten", "prochain"}:
            return ref + timedelta(days=ahead or 7)
        if modifier in {"last", "past", "letzten", "vergangenen", "dernier", "passé"}:
            return ref - timedelta(days=(7 - ahead) % 7 or 7)
        if self.sentence_is_future(position):
            return ref + timedelta(days=ahead)
        return ref - timedelta(days=(7 - ahead) % 7)

    def sentence_is_future(self, position: int) -> bool:
        text = self.text
        begin = 0
        for end_mark in _SENTENCE_END.finditer(text, max(0, position - 300), position):
            begin = end_mark.end()
        after = _SENTENCE_END.search(text, position)
        sentence = text[begin:after.start() if after else len(text)]
        return any(_FUTURE_MARKERS[lang].search(sentence) for lang in self.languages)

    def relatives(self) -> None:
        for pattern, unit, offset in _relative_patterns(self.languages):
            for m in pattern.finditer(self.text):
                unit_name = unit or _UNITS[m["unit"].lower()]
                count = 1
                if _group(m, "n") is not None:
                    raw = m["n"].lower()
                    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
                granularity = {"week": "range"}.get(unit_name, unit_name)
                if self.ref is None:
                    self.add(m.start(), m.end(), None, granularity, "relative")
                    continue
                self.add(m.start(), m.end(), self.relative_value(unit_name, offset * count),
                         granularity, "relative")

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


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (a range wins over its parts)."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < end and start < c.end for start, end in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted((c for c in chosen if c.valid), key=lambda c: c.start)


def find_dates(text: str, language: str | None = None,
               published: str | None = None) -> list[DateMention]:
    """Date expressions in ``text``, normalised against ``published`` (ISO date or datetime).

    ``language`` is "en", "de" or "fr"; None guesses it from function words and falls back
    to all three. Without a publication date, year-less and relative dates come back with
    ``value=None`` rather than an invented year.
    """
    if not text:
        return []
    languages = (language,) if language in LANGUAGES else _guess_languages(text)
    ref = _parse_published(published)
    candidates = _Extractor(text, languages, ref).run()
    return [
        DateMention(text=text[c.start:c.end].rstrip(), start=c.start,
                    end=c.start + len(text[c.start:c.end].rstrip()), value=c.value,
                    granularity=c.granularity, resolved_from=c.resolved_from)
        for c in _select(candidates)
    ]
