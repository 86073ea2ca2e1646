"""People in the entity stage: what a person's name looks like, model mentions that are
people after all ("Noah Lyles" tagged ORG, "Armand" without "Duplantis"), and the chaining
of short references to the full name the article gives ("Parker" -> "Tony Parker")."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Sequence

from spacy.tokens import Doc

from extract.entity_candidates import _CHAINED_CONFIDENCE, _SURNAME_CONFIDENCE, Candidate, Occupancy
from extract.linking import AliasIndex, Entity, entity_id_for, fold, load_gazetteer, place_index
from extract.names import FAMILY_NAMES_FIRST, first_names
from extract.person_roles import _NAME_PARTICLES, _TITLES, _is_name_word

# Words that keep a name starting with a first name an organisation or a place
# ("Louis Vuitton Foundation", "Max Planck Institute", "Georg Simon Ohm Hochschule").
_ORGANISATION_WORDS = frozenset(
    "Group Holding Holdings Foundation Stiftung Bank Club Gruppe Inc Inc. Ltd Ltd. AG GmbH SE SA S.A. LLC "
    "Company Corporation Corp Corp. University Universität Université College Institute Institut School Schule "
    "Hochschule Committee Komitee Comité Association Verband Federation Föderation Fédération Team Racing FC SC "
    "SV TSV Records Media Motors Airlines Airport Flughafen Arena Stadium Stadion Stade Hall Halle Park Center "
    "Centre Cup Trophy Award Awards Prize Preis Prix Festival Foundation Fund Trust Hotel Hospital Klinikum "
    "Academy Akademie Académie Design Sports Sport Council Rat Agency Agentur Partners Capital Ventures Solutions "
    "Systems Technologies Labs Studios Entertainment Pictures Productions Network Networks Verlag "
    "Athletic Athletics Apparel Sportswear Brands Brand Label Wear Electronics Motors Bank".split()
)


def _looks_like_person(words: Sequence[str]) -> bool:
    """"Léon Marchand", "Simona Galik Moore", "Anne-Sophie Voumard": a name-shaped run
    (``_may_be_person_name``) opening with a known first name."""
    return bool(words) and words[0] in first_names() and _may_be_person_name(words)


def _may_be_person_name(words: Sequence[str]) -> bool:
    """2-4 capitalised words (particles allowed, not last) without an acronym ("Hertha
    BSC"), an organisation word ("Porsche Design", "Brooks Athletic") or a known place
    ("Bell Canada") after the first. No first-name list is needed, so family-name-first
    names ("Han Seo-yeon") pass: what a learned person must look like."""
    places = place_index()
    return (
        2 <= len(words) <= 4
        and words[-1][:1].isupper()
        and all((w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha()) or w in _NAME_PARTICLES for w in words)
        and not any(
            (w.isupper() and len(w) > 1) or w in _ORGANISATION_WORDS or places.lookup(w) is not None for w in words[1:]
        )
    )


def _surname_end(doc: Doc, i: int, taken: "Occupancy") -> int | None:
    """End token of the one surname starting at token ``i``: up to two particles ("von",
    "de la"), one name word and its hyphen-joined parts ("Bredow-Werndl"), not claimed by
    another mention. None when there is none."""
    j = i
    while j < len(doc) and j - i < 2 and doc[j].lower_ in _NAME_PARTICLES:
        j += 1
    if j >= len(doc) or doc[j].is_sent_start or not _is_name_word(doc[j]):
        return None
    j += 1
    while (
        j + 1 < len(doc)
        and doc[j].text == "-"
        and not doc[j - 1].whitespace_
        and not doc[j].whitespace_
        and _is_name_word(doc[j + 1])
    ):
        j += 2
    return j if taken.free(doc[i].idx, doc[j - 1].idx + len(doc[j - 1])) else None


def _first_name_people(doc: Doc, text: str, chosen: list[Candidate]) -> None:
    """The small statistical models often call a person an organisation ("Noah Lyles" ORG)
    or tag only the first name ("Armand" in "Armand Duplantis"). Unlinked model ORG
    mentions that look like a person by ``_looks_like_person`` become PER; a lone tagged
    first name takes the one surname after it when no other mention claims it. MISC
    mentions (works, products, venues named after people) are left alone."""
    taken = Occupancy()
    for c in chosen:
        taken.add(c.start, c.end)
    for c in chosen:
        if c.method != "model" or c.entity is not None or c.label not in ("ORG", "PER"):
            continue
        words = text[c.start : c.end].split()
        # a family name given first takes its given name ("Chen" → "Chen Qigang") when the
        # model called it a person
        family_first = c.label == "PER" and len(words) == 1 and words[0] in FAMILY_NAMES_FIRST
        if len(words) == 1 and (words[0] in first_names() or family_first):
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            end = _surname_end(doc, span.end, taken) if span is not None else None
            looks = (_may_be_person_name if family_first and words[0] not in first_names()
                     else _looks_like_person)
            if end is not None and looks(doc[span.start : end].text.split()):
                extended_end = doc[end - 1].idx + len(doc[end - 1])
                taken.add(c.end, extended_end)
                c.end, c.label = extended_end, "PER"
        elif c.label == "ORG" and _looks_like_person(words):
            c.label = "PER"


def _strip_title(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _gazetteer_surnames() -> dict[str, Entity]:
    """Folded surname -> gazetteer person, for surnames only one listed person has."""
    owners: dict[str, Entity | None] = {}
    for entity in load_gazetteer():
        if entity.type == "PER":
            surname = fold(entity.name.split()[-1])
            owners[surname] = entity if surname not in owners else None
    return {k: v for k, v in owners.items() if v is not None}


def _link_people(text: str, candidates: list[Candidate], index: AliasIndex) -> list[Candidate]:
    """Give people canonical names and ids; chain short references ("Parker", "Zhang") to
    the full name nearest before them (else after), and add uncovered surname mentions."""
    full_names = []
    for c in candidates:
        if c.label == "PER" and len(text[c.start : c.end].split()) >= 2:
            name = _strip_title(text[c.start : c.end])
            if len(name.split()) < 2 and c.entity is None:
                continue  # "Mme Montandon", "Dr. Keller": a title and a surname, chained below
            known = c.entity or index.lookup(name, "PER")
            c.canonical = known.name if known else name
            c.entity_id = known.id if known else entity_id_for("PER", name)
            full_names.append(c)

    # folded name word -> the full names containing it, in text order
    by_word: dict[str, list[Candidate]] = {}
    for f in full_names:
        for word in {fold(w) for w in f.canonical.split()}:
            by_word.setdefault(word, []).append(f)

    starts_by_word = {word: [f.start for f in names] for word, names in by_word.items()}

    def chain(word: str, position: int) -> Candidate | None:
        key = fold(word)
        matches = by_word.get(key)
        if not matches:
            return None
        before = bisect.bisect_left(starts_by_word[key], position)
        return matches[before - 1] if before else matches[0]

    for c in candidates:
        surface = text[c.start : c.end]
        if len(surface.split()) != 1 and c.label == "PER" and c.entity is None:
            surface = _strip_title(surface)  # "Mme Montandon" refers as "Montandon" does
        if len(surface.split()) != 1 or c.method not in ("model", "rule"):
            continue
        person = chain(surface, c.start)
        if person is not None:
            c.label, c.canonical, c.entity_id = "PER", person.canonical, person.entity_id
            c.confidence = min(c.confidence, _CHAINED_CONFIDENCE)
        elif c.label == "PER" and c.entity_id is None:
            known = _gazetteer_surnames().get(fold(surface))
            if known is not None:
                c.canonical, c.entity_id, c.confidence = known.name, known.id, _SURNAME_CONFIDENCE

    added = []
    taken = Occupancy()
    for c in candidates:
        taken.add(c.start, c.end)
    surnames = {f.canonical.split()[-1] for f in full_names if len(f.canonical.split()[-1]) > 2}
    for surname in surnames:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            probe = Candidate(match.start(), match.end(), "PER", "rule")
            if not taken.free(probe.start, probe.end):
                continue
            taken.add(probe.start, probe.end)
            person = chain(surname, match.start())
            probe.canonical, probe.entity_id = person.canonical, person.entity_id
            probe.confidence = _CHAINED_CONFIDENCE
            added.append(probe)
    return sorted(candidates + added, key=lambda c: c.start)
