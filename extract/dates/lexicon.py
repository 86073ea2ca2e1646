"""Word lists for the date rules: CLDR locales, words that make a number a year or not,
weekday modifiers, and the tense markers that resolve bare weekdays and future months."""
from __future__ import annotations

import re



LANGUAGES = ("en", "de", "fr")

# CLDR locales read per language: de_AT adds "Jänner", the others regional spellings.
_LOCALES = {"en": ("en", "en_GB"), "de": ("de", "de_AT", "de_CH"), "fr": ("fr", "fr_CH")}
# Common abbreviations CLDR does not list.
_EXTRA_MONTHS = {"en": {"sept": 9}, "de": {"sep": 9, "febr": 2}, "fr": {"fév": 2, "sep": 9}}
# French writes month and day names in lower case; English and German capitalise them,
# and lower-case "may", "march" are ordinary words.
_LOWERCASE_NAMES = {"en": False, "de": False, "fr": True}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "ein": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
}

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
# Words before a year that make it a start or end point ("a partner since 2014", "bis 2030"),
# which says nothing about the year of the other dates in its sentence.
_BOUNDARY_BEFORE_YEAR = {
    "since", "until", "till", "by", "from", "before", "after", "through", "to", "seit", "bis",
    "ab", "vor", "nach", "depuis", "dès", "avant", "après", "jusqu'en", "jusqu'à",
    # comparisons: "up on 2023", "compared with 2023", "gegenüber 2023", "par rapport à 2023"
    "with", "than", "over", "on", "vs", "versus", "against", "gegenüber", "als", "zu", "à", "qu'en",
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


def _strip_elision(word: str) -> str:
    """'l'année' -> 'année', "d'ici" -> 'ici', "qu'en" -> 'en'; "jusqu'en" is kept whole."""
    word = word.lower().replace("’", "'")
    if word[1:2] == "'" and word[0] in "ldj":
        return word[2:]
    if word.startswith("qu'"):
        return word[3:]
    return word
