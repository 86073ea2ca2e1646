"""Dates stated in article text (EN/DE/FR), normalised to ISO 8601.

``find_dates`` returns every date expression it recognises as a ``DateMention``:
explicit dates ("3 December 2024", "03.12.2024", "le 1er décembre 2024"), year-less
dates whose year is inferred from the publication date ("am 9. Dezember"), ranges
("du 3 au 9 décembre", "18-20 June"), months ("im Juli"), years in a date or event context
("since 1932", "Olympische Spiele 2024") or used as a time adverbial ("compares with 2021",
"2023 wurden ..."), and weekday / relative expressions ("on Tuesday", "gestern",
"la semaine prochaine") resolved against the publication date; a bare weekday takes the
tense of its own clause ("the board, which met on Tuesday, will ...": the past Tuesday).

Rules rather than ``dateparser.search``: on the dev set the rules are far more accurate
and about two orders of magnitude faster (``bench/dates_eval.py --engine dateparser``).
Month and weekday names come from Babel's CLDR data rather than hand-typed lists.

Speed: every pattern starts with a digit, a month/weekday name or a fixed word, so the
regex engine skips most positions in C; optional words in front of a date ("from",
"vom", "Tuesday,") are looked up backwards from each hit rather than scanned for.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from extract.records import DateMention

LANGUAGES = ("en", "de", "fr")

# CLDR locales read per language: de_AT adds "Jänner", the others regional spellings.
_LOCALES = {"en": ("en", "en_GB"), "de": ("de", "de_AT", "de_CH"), "fr": ("fr", "fr_CH")}
# Common abbreviations CLDR does not list.
_EXTRA_MONTHS = {"en": {"sept": 9}, "de": {"sep": 9, "febr": 2}, "fr": {"fév": 2, "sep": 9}}
# French writes month and day names in lower case; English and German capitalise them,
# and lower-case "may", "march" are ordinary words.
_LOWERCASE_NAMES = {"en": False, "de": False, "fr": True}

_DASH = "[-\u2010-\u2015]"
# A year ends where the number ends: not "2020+5", "2024/25", "2024-113", "2024.5".
_YEAR_END = r"(?![\w+/]|[.,:]\d|-\d)"
# Numbers glued to these on the left are parts of something else (prices, scores, codes).
_NOT_BEFORE = r"[\w.,/+:-]"
# The second year of "2025-2028" and the second day of "18-20 June" follow a dash.
_NOT_BEFORE_RANGE_END = r"[\w.,/+:]"


def _year(name: str, followed: str = _YEAR_END, preceded: str = _NOT_BEFORE) -> str:
    # Starts with a literal digit branch so the engine can skip to candidate positions.
    return rf"(?P<{name}>(?:1[89]|2[01])(?<!{preceded}\d\d)\d\d){followed}"


def _day(name: str, suffixes: str = r"st|nd|rd|th|er|\.", preceded: str = _NOT_BEFORE) -> str:
    return rf"(?P<{name}>\d(?<!{preceded}\d)\d?)(?:{suffixes})?(?!\d)"


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "ein": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
}
_NUMBER = r"\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

# Words after which a bare four-digit number is a year ("since 1932", "bis 2028").
_YEAR_PREPOSITIONS = {
    "in", "since", "by", "until", "till", "through", "to", "from", "before", "after", "of",
    "during", "around", "year", "season", "half", "quarter", "fiscal", "calendar", "early",
    "late",
    "im", "seit", "bis", "ab", "vor", "nach", "jahr", "jahre", "jahres", "anfang", "ende",
    "mitte", "saison", "quartal", "halbjahr",
    "en", "depuis", "avant", "après", "dès", "jusqu'en", "jusqu'à", "ici", "année", "an",
    "semestre", "trimestre", "exercice", "fin", "début",
}
# Event words before a year ("Olympische Spiele 2024", "Jeux Olympiques de 2028") ...
_EVENT_BEFORE = {
    "games", "olympics", "paralympics", "olympiad", "convention", "conference", "congress",
    "championships", "cup", "edition", "session", "spiele", "winterspiele", "sommerspiele",
    "olympia", "konferenz", "kongress", "weltmeisterschaft", "wm", "em", "meisterschaft",
    "ausgabe", "auflage", "jeux", "jo", "olympiques", "paralympiques", "hiver", "été",
    "conférence", "congrès", "championnats", "édition", "coupe",
}
# ... and after it ("the 2026 Winter Games", "the 2025 Convention").
_EVENT_AFTER = {
    "olympic", "olympics", "paralympic", "paralympics", "games", "winter", "summer", "youth",
    "convention", "conference", "congress", "edition", "season", "world", "championships",
    "session", "olympische", "olympischen", "spiele", "winterspiele", "sommerspiele",
    "ausgabe", "auflage", "saison", "jeux", "édition",
}
_YEAR_CONTEXT = _YEAR_PREPOSITIONS | _EVENT_BEFORE
# Words before a number that make it a quantity, price or label, not a year.
_NOT_YEAR_BEFORE = {
    "about", "nearly", "almost", "some", "approximately", "roughly", "only", "just",
    "exactly", "total", "cost", "costs", "version", "v", "release", "build", "update", "no",
    "nr", "number", "page", "room", "gate", "seat", "code", "flight", "bib", "section",
    "rund", "etwa", "über", "fast", "knapp", "ca", "circa", "nur", "insgesamt", "kostet",
    "kosten", "nummer", "seite", "environ", "près", "quelque", "quelques", "seulement", "coûte",
    "coûtent", "numéro", "salle", "années", "x", "×",
}
# Lower-case words that may follow a bare year used as a time adverbial ("2023 was ...",
# "compares with 2021 when ..."); any other word after it may be what it counts.
_WORDS_AFTER_YEAR = {
    "en": {"was", "were", "is", "has", "had", "will", "would", "could", "should", "might",
           "must", "did", "saw", "brought", "marked", "proved", "ended", "began", "showed",
           "became", "remains", "remained", "and", "or", "but", "when", "while", "with", "than",
           "as", "after", "before", "for", "in", "at", "on", "to", "by", "because", "so", "the",
           "compared", "versus", "vs", "onwards", "already", "again", "too", "also"},
    "de": {"war", "waren", "wurde", "wurden", "hat", "hatte", "haben", "ist", "sind", "wird",
           "werden", "soll", "sollen", "und", "oder", "aber", "als", "mit", "um", "im", "in",
           "auf", "nach", "vor", "bei", "für", "noch", "schon", "bereits", "erneut", "wieder",
           "mehr", "weniger", "erstmals", "stieg", "sank", "lag", "gab"},
    "fr": {"a", "ont", "avait", "avaient", "sera", "seront", "était", "étaient", "fut", "est",
           "sont", "et", "ou", "où", "avec", "contre", "à", "au", "aux", "en", "pour", "par",
           "lorsque", "quand", "alors", "puis", "déjà", "aussi", "encore", "le", "la", "les",
           "marque", "reste", "restera", "devrait", "comme", "mais", "dans", "sur", "selon"},
}
# German lower-case words after a number that still make it a count ("2024 neue Mitglieder").
_NOT_YEAR_AFTER_DE = {"neue", "neuen", "weitere", "weiteren", "zusätzliche", "zusätzlichen",
                      "mal", "junge", "jungen", "aktive", "aktiven", "verschiedene", "pro"}
# Units written in lower case after a number ("1968 cm³", "1814 kg").
_UNITS_AFTER_NUMBER = {"km", "m", "cm", "mm", "kg", "g", "t", "l", "ml", "h", "min", "kw", "ps",
                       "mw", "gb", "mb", "px", "mio", "mrd", "ha", "cm³"}
_CONNECTORS_AFTER_YEAR = {"and", "or", "to", "und", "oder", "bis", "et", "ou", "à"}
_PUNCTUATION = ".,;:()[]\"“”«»„"
# Words that may stand right before an event year. Any other capitalised word names the
# event itself ("Paris 2024", "LA 2028", "Agenda 2020"), which is not a date.
_FUNCTION_WORDS = {
    "the", "a", "an", "this", "that", "its", "their", "our", "for", "at", "of", "and", "on",
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "für", "bei", "und",
    "am", "le", "la", "les", "l", "un", "une", "du", "de", "pour", "et", "aux", "au", "ce",
}
_PREFIX_WINDOW = 40
_FUTURE_SHIFT_DAYS = 31

_RANGE_CONNECTOR = (
    rf"(?:{_DASH}|(?i:to|till|until|through|and|bis(?:\s+zum)?|und|au|jusqu['’]au|et))"
)
_ARTICLE = r"(?:(?i:the|dem|den|zum|le)\s+)"
_AND_CONNECTORS = {"and", "und", "et"}
_NEXT_WORDS = {"next", "coming", "kommenden", "nächsten", "prochain"}
_LAST_WORDS = {"last", "past", "letzten", "vergangenen", "dernier", "passé"}
_PLAIN_WEEKDAY_WORDS = {"", "on", "am", "this", "diesen", "ce"}
# Capitalised words that may stand before an English weekday without naming a day
# ("Since Monday"); any other capitalised word makes a name: "Black Friday", "Super Tuesday".
_WORDS_BEFORE_WEEKDAY = {
    "on", "since", "until", "by", "from", "before", "after", "this", "next", "last", "every",
}
# German and French news put bare weekdays after names ("Victoire de Lyon samedi"), so there
# only these words make a named day: "Schwarzer Freitag", "Mardi gras".
_NAMED_DAY_WORDS_BEFORE = {"schwarzer", "schwarzen", "weißer", "weißen", "blauer", "blauen",
                           "stiller", "stillen", "grüner", "grünen"}
_NAMED_DAY_WORDS_AFTER = {"gras", "saint"}

_FUTURE_MARKERS = {
    "en": re.compile(r"\b(?:will|shall|'ll|is to|are to|is set to|are set to|is due|are due|"
                     r"scheduled|plans? to|upcoming|going to)\b", re.I),
    "de": re.compile(r"\b(?:wird|werden|soll|sollen|will|wollen|findet|finden|beginnt|beginnen|"
                     r"startet|starten|geplant|plant|planen)\b", re.I),
    "fr": re.compile(r"\b(?:sera|seront|va|vont|aura|auront|devrait|devraient|doit|doivent|"
                     r"prévue?s?|\w+(?:era|ira|ront)|"
                     # "tiendra", "pourra", "devra", in lower case: not "Laura"
                     r"(?-i:[a-zàâçéèêîôû]+(?:dra|rra|ura|vra)))\b", re.I),
}
# Verbs in the past; the future markers are checked first, so "scheduled" stays future.
_PAST_MARKERS = {
    "en": re.compile(r"\b(?:was|were|had|did|said|met|held|took|made|won|lost|beat|gave|told|"
                     r"saw|came|went|began|ran|chose|spoke|(?!(?:need|speed|indeed|exceed|"
                     r"proceed|succeed)\b)[a-z]+ed)\b"),
    "de": re.compile(r"\b(?:war|waren|wurde|wurden|hatte|hatten|hat|haben|"
                     # strong preterites, also of compounds ("zusammentrat", "bekam")
                     r"[a-zäöüß]*(?:trat|traf|fand|kam|gab|nahm|sprach|begann|gewann|stand|"
                     r"ging|hielt|lief|fiel|zog|verlor)(?:en)?|"
                     r"[a-zäöüß]*ge[a-zäöüß]{3,}(?:t|en)|"  # participles: "angereist"
                     # preterite of weak verbs: "tagte", "meldeten" (not "nächste", "heute")
                     r"(?!(?:heute|gute|guten|zweite|zweiten|dritte|dritten|vierte|vierten|"
                     r"weite|weiten|mitte)\b)[a-zäöüß]{2,}[^\Wsz]ten?)\b"),
    "fr": re.compile(r"\b(?:a|ont|avait|avaient|était|étaient|fut|furent|eut|s['’]est|"
                     r"se sont|[a-zéèêàâîôûç]{2,}(?:ait|aient))\b"),
}
_TENSE_MARKERS = {"future": _FUTURE_MARKERS, "past": _PAST_MARKERS}
# Where a clause ends: punctuation, conjunctions, relative and complement words.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\b(?:and|but|that|which|who|whom|whose|where|while|whereas|"
    r"und|aber|sondern|dass|weil|nachdem|während|welche[rsmn]?|"
    r"et|mais|qui|que|qu['’]|dont|où|lorsque|quand)\b", re.I)
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?=\s)|\n")


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words``, factored as a trie so each position costs little."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(root)


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
        "numeric": rf"(?P<d1>\d(?<!{_NOT_BEFORE}\d)\d?)(?P<sep>[./-])(?P<mo1>\d\d?)(?P=sep)"
        rf"(?:(?P<y1>\d{{4}}|\d\d)(?![\w/-]|[.,:]\d){time_of_day}|(?<=\.)(?![\w.]|\s*\d))",
        # "3 December [2024] [at 10:00]", "3–9 December", "28 August to 8 September 2024".
        "day_first": rf"{_day('d1')}\s*(?:(?:of\s+)?(?P<m1>{month})(?:\s*,?\s+{_year('y1')})?)?"
        rf"(?:{range_tail})?(?(m2)|(?(m1){time_of_day}|(?!)))",
    }
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


@dataclass
class _Candidate:
    start: int
    end: int
    value: str | None
    granularity: str
    resolved_from: str
    valid: bool = True  # an impossible date still blocks the pieces inside it


def _guess_languages(text: str) -> tuple[str, ...]:
    """The text's language from function words; all three when there is too little to tell."""
    sample = text[:3000].lower()
    counts = {
        "en": len(re.findall(r"\b(?:the|and|of|to|with|for|that|is|was)\b", sample)),
        "de": len(re.findall(r"\b(?:der|die|und|das|ist|mit|für|den|von|nicht|auf)\b", sample)),
        "fr": len(re.findall(r"\b(?:le|la|les|et|des|est|pour|une|dans|du|que)\b", sample)),
    }
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] >= 3 and ranked[0] >= 2 * ranked[1]:
        return (max(counts, key=counts.get),)
    return LANGUAGES


def _parse_published(published: str | None) -> date | None:
    """The publication day; None when missing, unreadable or outside 1800-2199."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    return day if 1800 <= day.year <= 2199 else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: date) -> int | None:
    """The year (ref's, the one before or after) that puts month[/day] nearest to ref."""
    best, best_distance = None, None
    for year in (ref.year, ref.year - 1, ref.year + 1):
        if day is None:
            distance = abs((year * 12 + month) - (ref.year * 12 + ref.month)) * 31
        else:
            candidate = _make_date(year, month, day)
            if candidate is None:
                continue
            distance = abs((candidate - ref).days)
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    return best


def _expand_two_digit_year(yy: int, ref: date | None) -> int:
    """'24' -> 2024: the century that puts the year at most 19 years after the publication
    year; without one, 00-69 are 2000-2069 and 70-99 are 1970-1999 (the POSIX rule)."""
    pivot = ref.year + 19 if ref else 2069
    year = pivot // 100 * 100 + yy
    return year - 100 if year > pivot else year


def _week_range(day: date) -> str:
    monday = day - timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _add_months(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


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


class _Extractor:
    def __init__(self, text: str, languages: tuple[str, ...], ref: date | None):
        self.text = text
        self.languages = languages
        self.ref = ref
        self.grammar = _grammar(languages)
        self.candidates: list[_Candidate] = []
        # (tense, begin, end) -> found: several dates often share one sentence
        self.markers_found: dict[tuple[str, int, int], bool] = {}

    def run(self) -> list[_Candidate]:
        text, grammar = self.text, self.grammar
        for name, pattern in grammar.digit_patterns.items():
            handler = getattr(self, f"on_{name}")
            for match in pattern.finditer(text):
                handler(match)
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

    def add(self, start, end, value, granularity, resolved_from, valid=True):
        self.candidates.append(_Candidate(start, end, value, granularity, resolved_from, valid))

    def month_number(self, name: str) -> int:
        return self.grammar.vocabulary.months[name.rstrip(".").lower()]

    def infer_year(self, month: int, day: int | None, position: int) -> int | None:
        """The nearest year, or the next one when a future-tense sentence would put the
        date more than a month in the past ("the finalists will be named in July").
        None for 29 February with no leap year near the reference."""
        year = _nearest_year(month, day, self.ref)
        if year is None:
            return None
        last_day = _make_date(year, month, day) if day else _make_date(
            *_add_months(date(year, month, 1), 1), 1) - timedelta(days=1)
        if (self.ref - last_day).days > _FUTURE_SHIFT_DAYS and self.sentence_is_future(position):
            return year + 1
        return year

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
            if self.ref is None:
                self.add(start, end, None, granularity, resolved_from)
                return
            year = self.infer_year(month, day, start)
            if year is None:
                self.add(start, end, None, granularity, resolved_from, valid=False)
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
            if self.ref is None:
                self.add(start, end, None, "range", resolved_from)
                return True
            y1 = self.infer_year(m1, d1, start)
            if y1 is None:
                self.add(start, end, None, "range", resolved_from, valid=False)
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

    def on_numeric(self, m: re.Match) -> None:
        day, month, year = int(m["d1"]), int(m["mo1"]), m["y1"]
        if year is None:  # German "bis 31.03."
            if "de" in self.languages and self.prefix(_NUMERIC_DAY_PREPOSITION, m.start()):
                self.add_day(m.start(), m, None, month, day)
            return
        if self.prefix(_VERSION_BEFORE, m.start()):
            self.add(m.start(), m.end(), None, "day", "explicit", valid=False)
            return
        year = int(year) if len(year) == 4 else _expand_two_digit_year(int(year), self.ref)
        if month > 12 and day <= 12 and m["sep"] == "/":  # US order: 12/25/2024
            day, month = month, day
        self.add_day(m.start(), m, year, month, day)

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
        value = None
        if self.ref is not None:
            value = f"{self.infer_year(month, None, m.start()):04d}-{month:02d}"
        start = modifier.start() if modifier else m.start()
        self.add(start, m.end(), value, "month", "inferred-year")

    def on_weekday(self, m: re.Match) -> None:
        found = self.prefix(_WEEKDAY_MODIFIER, m.start())
        modifier = (found.group().split()[-1] if found else (m["post"] or "")).lower()
        if modifier in _PLAIN_WEEKDAY_WORDS and self.is_named_day(m):
            return
        start = found.start() if found and modifier not in {"on", "am"} else m.start()
        time_of_day = _time_of(m)
        end = m.end()
        granularity = "time" if time_of_day else "day"
        if self.ref is None:
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
        value = None if self.ref is None else self.relative_value(unit, offset)
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


def _strip_elision(word: str) -> str:
    """'l'année' -> 'année', "d'ici" -> 'ici', "qu'en" -> 'en'; "jusqu'en" is kept whole."""
    word = word.lower().replace("’", "'")
    if word[1:2] == "'" and word[0] in "ldj":
        return word[2:]
    if word.startswith("qu'"):
        return word[3:]
    return word


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (a range wins over its parts)."""
    starts: list[int] = []  # chosen spans, sorted by start; they never overlap
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        index = bisect.bisect_left(starts, candidate.end)
        # the chosen span starting last before this one ends is the only one that may overlap
        if index and chosen[index - 1].end > candidate.start:
            continue
        starts.insert(index, candidate.start)
        chosen.insert(index, candidate)
    return [c for c in chosen if c.valid]


def find_dates(text: str, language: str | None = None,
               published: str | None = None) -> list[DateMention]:
    """Date expressions in ``text``, normalised against ``published`` (ISO date or datetime).

    ``language`` is "en", "de" or "fr"; None (or any other value) guesses it from function
    words and falls back to all three. Without a publication date, year-less and relative dates come back with
    ``value=None`` rather than an invented year.
    """
    if not text:
        return []
    languages = (language,) if language in LANGUAGES else _guess_languages(text)
    candidates = _Extractor(text, languages, _parse_published(published)).run()
    mentions = []
    for c in _select(candidates):
        surface = text[c.start:c.end].rstrip()
        mentions.append(DateMention(text=surface, start=c.start, end=c.start + len(surface),
                                    value=c.value, granularity=c.granularity,
                                    resolved_from=c.resolved_from))
    return mentions
