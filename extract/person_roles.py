"""Person rules over a parse: "NAME, ROLE of/von/de ORG" and "ROLE NAME" find the
speakers and officials the small models miss, with their role and organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from spacy.tokens import Doc, Span

from extract.names import first_names
from extract.pipelines import _label_of

# --- person rules -------------------------------------------------------------------------

_ROLE_WORDS = frozenset(
    """president vice-president chairman chairwoman chair chairperson ceo cfo coo cto cmo
    director director-general secretary-general spokesperson spokesman spokeswoman head founder
    co-founder minister mayor governor premier coach captain manager ambassador officer executive
    chief deputy general secretary member commissioner
    präsident präsidentin vizepräsident vizepräsidentin vorsitzender vorsitzende vorstandsvorsitzender
    vorstandsvorsitzende vorstandschef vorstandschefin chef chefin geschäftsführer geschäftsführerin
    direktor direktorin generaldirektor generaldirektorin generalsekretär generalsekretärin sprecher
    sprecherin gründer gründerin mitgründer mitgründerin minister ministerin bürgermeister
    bürgermeisterin trainer trainerin bundestrainer bundestrainerin kapitän kapitänin botschafter
    botschafterin leiter leiterin sportdirektor sportdirektorin mitglied
    président présidente directeur directrice porte-parole fondateur fondatrice ministre maire
    entraîneur entraîneuse secrétaire pdg patron patronne dirigeant dirigeante
    olympian olympians champion medallist medalist athlete player star
    olympionike olympioniken olympiasieger olympiasiegerin weltmeister weltmeisterin athlet athletin
    sportler sportlerin profi
    championne athlète joueur joueuse olympien olympienne médaillé médaillée""".split()
)
# German compounds end in a role: "DOSB-Präsident", "Bundesinnenministerin", "IOC-Sprecher".
_ROLE_SUFFIXES = (
    "präsident", "präsidentin", "chef", "chefin", "direktor", "direktorin", "trainer", "trainerin",
    "sprecher", "sprecherin", "minister", "ministerin", "vorsitzender", "vorsitzende", "geschäftsführer",
    "geschäftsführerin", "bürgermeister", "bürgermeisterin", "gründer", "gründerin", "botschafter",
    "botschafterin", "leiter", "leiterin", "generalsekretär",
    # sporting descriptions: "Weitspringerin", "Basketballspieler", "Olympiasiegerin"
    "sieger", "siegerin", "spieler", "spielerin", "springer", "springerin", "läufer", "läuferin",
    "fahrer", "fahrerin", "schwimmer", "schwimmerin", "fechter", "fechterin",
)
_ROLE_OF = frozenset("of at von vom der des de du d' for für".split())
_NAME_PARTICLES = frozenset("de von van der den da di bin al le la du zu dos del ter".split())
# Capitalised words that start sentences or precede names but are never part of them.
_NOT_NAME = frozenset(
    """The A An This That His Her Its Their Our Der Die Das Den Dem Des Ein Eine Einer Le La Les Un Une
    He She It We They Er Sie Es Wir Il Elle Mr Mrs Ms Dr Prof Herr Frau Monsieur Madame Sir Dame
    In On At For With By From After Before Im Am Bei Mit Nach Vor Für Laut Auch Und And But Mais Et""".split()
)
_TITLES = frozenset("mr mrs ms dr prof herr frau monsieur madame mme mlle sir dame".split())
_MAX_NAME_TOKENS = 5


def _is_role(token_text: str) -> bool:
    lower = token_text.lower()
    return lower in _ROLE_WORDS or (len(lower) > 6 and lower.endswith(_ROLE_SUFFIXES))


def _is_name_word(token) -> bool:
    text = token.text
    return (
        len(text) > 1
        and text[0].isupper()
        and not text.isupper()
        and any(c.isalpha() for c in text)
        and text not in _NOT_NAME
        and not _is_role(text)
        and not token.like_num
    )


def _without_late_particle(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Cut a name at a particle after its second word: "Mike Jackson von AutoNation" is
    Mike Jackson of AutoNation, while "Jessica von Bredow-Werndl" keeps her "von"."""
    for i in range(start + 2, end):
        if doc[i].lower_ in _NAME_PARTICLES:
            return start, i
    return start, end


def _name_before(doc: Doc, end: int, blocked: set[int]) -> tuple[int, int] | None:
    """Token range of a 2+ word name ending right before token ``end``."""
    i = end - 1
    words = 0
    start = None
    while i >= 0 and end - i <= _MAX_NAME_TOKENS + 2 and i not in blocked:
        token = doc[i]
        if _is_name_word(token):
            words += 1
            start = i
        elif token.text == "-" and i > 0 and not doc[i - 1].whitespace_ and not token.whitespace_:
            pass
        elif token.lower_ in _NAME_PARTICLES and start is not None and i > 0 and _is_name_word(doc[i - 1]):
            pass
        else:
            break
        i -= 1
    if start is None or words < 2:
        return None
    start, end = _without_late_particle(doc, start, end)
    return (start, end) if end - start >= 2 else None


# The only words a title-case headline may leave in lower case (AP style: "Coventry
# Visits Milan ahead of the Games").
_HEADLINE_LOWER_WORDS = frozenset(
    "a about after against ahead amid among an and as at before but by during for from in into nor of off on or "
    "out over per so than the to up via vs with yet".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def _in_title_case_line(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands in a headline set in title case ("Sports Minister Anna
    Keller Visits Training Centre"): at least four words of four or more letters on its
    line, all capitalised, and no lower-case word other than short function words. A
    sentence full of names still has a lower-case verb ("met", "is led by"); German
    sentence-case headlines never qualify. Computed once per line."""
    cache = doc.user_data.setdefault("presskb_title_case_lines", {})
    text = doc.text
    line_start = text.rfind("\n", 0, doc[i].idx) + 1
    if line_start not in cache:
        line_end = text.find("\n", doc[i].idx)
        line = _POSSESSIVE.sub("", text[line_start : line_end if line_end != -1 else len(text)])
        words = _WORD.findall(line)
        long_words = [w for w in words if len(w) >= 4 and w not in _HEADLINE_LOWER_WORDS]
        cache[line_start] = (
            len(long_words) >= 4
            and all(w[0].isupper() for w in long_words)
            and all(w[0].isupper() or w in _HEADLINE_LOWER_WORDS or w in _NAME_PARTICLES for w in words)
        )
    return cache[line_start]


def _name_after(doc: Doc, start: int, blocked: set[int]) -> tuple[int, int] | None:
    """Token range of a 2+ word name starting at token ``start`` (hyphen-joined parts count
    as one word: "Anne-Sophie"). In a title-case headline every word is capitalised, so
    there a name ends after its second word ("Minister Anna Keller Visits Training
    Centre"), or its third when that ends the line and the second is a first name ("Anna
    Maria Keller")."""
    if start >= len(doc):
        return None
    i = start
    units: list[list[int]] = []  # [first, end) token ranges of the name's words
    while i < len(doc) and i - start < _MAX_NAME_TOKENS + 2 and i not in blocked:
        token = doc[i]
        if _is_name_word(token):
            joined = units and units[-1][1] == i - 1 and doc[i - 1].text == "-"
            if joined:
                units[-1][1] = i + 1
            else:
                units.append([i, i + 1])
        elif token.text == "-" and units and units[-1][1] == i and not doc[i - 1].whitespace_ and not token.whitespace_:
            pass
        elif token.lower_ in _NAME_PARTICLES and units and units[-1][1] == i and i + 1 < len(doc) and _is_name_word(doc[i + 1]):
            pass
        else:
            break
        if i + 1 < len(doc) and doc[i + 1].is_sent_start:
            break
        i += 1
    if len(units) < 2:
        return None
    if len(units) > 2 and _in_title_case_line(doc, start):
        third_ends_line = len(units) == 3 and (
            units[2][1] >= len(doc) or "\n" in doc[units[2][1] - 1].whitespace_ or not doc[units[2][1]].is_alpha
        )
        keep = 3 if third_ends_line and doc[units[1][0] : units[1][1]].text in first_names() else 2
        units = units[:keep]
    start, end = _without_late_particle(doc, start, units[-1][1])
    return (start, end) if end - start >= 2 else None


def _after_genitive_place(doc: Doc, start: int, ents_by_start: Mapping[int, Span]) -> int:
    """Where a name after a role starts, skipping a place in between: "Präsident
    Frankreichs Emmanuel Macron" (a place entity, or in German a genitive -s word
    followed by two more capitalised words)."""
    place = ents_by_start.get(start)
    if place is not None and _label_of(place) == "LOC":
        return place.end
    if (
        doc.lang_ == "de"
        and start + 2 < len(doc)
        and doc[start].text.endswith("s")
        and all(_is_name_word(doc[i]) for i in range(start, start + 3))
    ):
        return start + 1
    return start


@dataclass
class PersonRole:
    """A person with the role and organisation the text gives them ("Kuo Zhang, President
    of Alibaba.com"). Offsets are those of the name."""

    name: str
    start: int
    end: int
    role: str
    organisation: str | None = None
    organisation_id: str | None = None
    entity_id: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _organisation_near(first: int, last: int, organisations: Mapping[int, Span]) -> Span | None:
    """The first organisation (or Games) entity starting in tokens [first, last)."""
    for i in range(first, last):
        if i in organisations:
            return organisations[i]
    return None


def _role_rules(doc: Doc, fixed: Sequence[Span]) -> list[tuple[tuple[int, int], str, Span | None]]:
    """(name token range, role text, organisation span) for every "NAME, ROLE of ORG" and
    "[ORG] ROLE NAME" found; names never overlap ``fixed`` (gazetteer) spans."""
    ents_by_start = {e.start: e for e in doc.ents}
    organisations = {start: e for start, e in ents_by_start.items() if e.label_ in ("ORG", "EVENT")}
    blocked = {i for span in fixed for i in range(span.start, span.end)}
    found = []
    for i, token in enumerate(doc):
        # A multi-word role ("Chief Executive") is handled from its first word.
        if not _is_role(token.text) or i in blocked or (i > 0 and _is_role(doc[i - 1].text)):
            continue
        # "NAME, [the/a/former/IOC ...] ROLE [of ORG]"
        comma = i - 1
        while comma >= 0 and i - comma <= 3 and doc[comma].text != "," and not doc[comma].is_sent_start:
            comma -= 1
        if comma >= 1 and doc[comma].text == ",":
            name = _name_before(doc, comma, blocked)
            if name:
                role_end = i + 1
                while role_end < len(doc) and _is_role(doc[role_end].text):
                    role_end += 1
                role = doc[comma + 1 : role_end].text
                org = None
                if role_end < len(doc) and doc[role_end].lower_ in _ROLE_OF:
                    org = _organisation_near(role_end, min(len(doc), role_end + 5), organisations)
                org = org or _organisation_near(comma + 1, i, organisations)
                found.append((name, role, org))
                continue
        # "[ORG] ROLE NAME": the name follows the last role word.
        role_end = i + 1
        while role_end < len(doc) and _is_role(doc[role_end].text):
            role_end += 1
        name = _name_after(doc, _after_genitive_place(doc, role_end, ents_by_start), blocked)
        if name:
            org = _organisation_near(max(0, i - 3), i, organisations)
            found.append((name, doc[i:role_end].text, org))
    return found
