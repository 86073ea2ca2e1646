"""Named entities in English, German and French article text, linked to canonical entities.

One spaCy parse per article, routed by language (``parse``); the same ``Doc`` can be handed
to the quote stage and back to ``find_entities`` so the text is parsed once. Each pipeline
applies the domain gazetteer with EntityRulers *before* its statistical NER, so gazetteer
names are fixed and the model labels around them. Afterwards:

- German hyphen compounds whose first part is a gazetteer name ("DOSB-Präsident") yield a
  mention of that part;
- person rules ("NAME, ROLE of/von/de ORG", "ROLE NAME") add speakers and officials the
  model missed; a model mention that opens with a known first name (``data/first_names.txt``)
  is a person, not an organisation ("Noah Lyles"), and a lone tagged first name takes the
  surname after it ("Armand" -> "Armand Duplantis");
- names the KB has confirmed (``known_entities``) are matched in every language;
- model mentions are linked through the alias tables (case, diacritics, German inflection);
- people are chained within the article ("Parker" -> "Tony Parker").

This module gathers the candidates and resolves them; the people rules are in
``entity_people``, the KB's names in ``known_entities``, the candidate record in
``entity_candidates``.

Languages without a model get no entities (``parse`` returns None) rather than wrong ones.
A missing or unreadable model is logged and that language runs on gazetteer and rules only.
"""
from __future__ import annotations

import bisect
import logging
import re
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span

from extract.entity_candidates import _LINKED_MODEL_CONFIDENCE, CONFIDENCE, Candidate, Occupancy
from extract.entity_people import _first_name_people, _link_people
from extract.known_entities import KnownEntities, _as_known
from extract.linking import Entity, entity_id_for, gazetteer_index, load_gazetteer, place_index
from extract.org_patterns import strong_organisations
from extract.person_roles import PersonRole, _is_role, _role_rules
from extract.pipelines import _label_of, parse
from extract.records import Mention

log = logging.getLogger(__name__)


# --- mentions -----------------------------------------------------------------------------




# Domain words the models tag although they name nothing ("Olympic" in "Olympic partner").
_NOT_ENTITIES = frozenset(
    "Olympic Paralympic Olympian Olympians Paralympian Paralympians Olympisch Olympische Olympischen "
    "Olympioniken Olympionike olympique olympiques Games Spiele Jeux".split()
)
# Lower-case articles, and English "The", are not part of a name; "Der Spiegel" and
# "La Presse" keep theirs.
_LEADING_DETERMINER = re.compile(r"^(?:the|The|der|die|das|des|dem|den|le|la|les|l')\s+")
_TRAILING_POSSESSIVE = re.compile(r"['’]s$")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Model span without a leading article, a trailing possessive or anything after a line
    break (names never run across paragraphs): names only."""
    line_break = text.find("\n", start, end)
    if line_break != -1:
        end = line_break
    surface = text[start:end]
    article = _LEADING_DETERMINER.match(surface)
    if article:
        start += article.end()
    possessive = _TRAILING_POSSESSIVE.search(text[start:end])
    if possessive:
        end = start + possessive.start()
    # Not ".": it ends abbreviations that belong to names ("Thomas L.", "Oscar II.").
    while end > start and (text[end - 1] in ",;:!?\"“”„«»()" or text[end - 1].isspace()):
        end -= 1
    return start, end


# Words that turn a preceding name into the name of an event, venue or organisation:
# "UEFA" + "Champions League", "FIFA" + "World Cup", "Allianz" + "Arena".
_NAME_HEADS = {
    **dict.fromkeys("Arena Stadium Stadion Stade Park Centre Center Hall Halle".split(), "LOC"),
    **dict.fromkeys(
        "Championships Championship Cup League Liga Euro Open Tour Trophy Series Summit Convention Games Spiele "
        "Weltmeisterschaft Weltmeisterschaften Europameisterschaft Meisterschaft Meisterschaften Marathon "
        "Grand Prix Classic Festival Forum".split(),
        "EVENT",
    ),
    **dict.fromkeys("Group Holding Foundation Stiftung Bank Club Gruppe".split(), "ORG"),
}
_MAX_EXTENSION_TOKENS = 4


def _extended_names(doc: Doc, gazetteer_spans: Sequence[Span]) -> list[tuple[Span, str]]:
    """Gazetteer organisations that are only the first part of a longer name, extended to
    it: "UEFA Euro 2024" (EVENT), "FIFA World Cup" (EVENT), "Allianz Arena" (LOC). Events
    stay as they are: "Paris 2024 Games" is still Paris 2024."""
    extended = []
    for span in gazetteer_spans:
        if span.label_ != "ORG":
            continue
        end, label = None, None
        i = span.end
        while i < len(doc) and i - span.end < _MAX_EXTENSION_TOKENS and not doc[i].is_sent_start:
            token = doc[i]
            if token.text in _NAME_HEADS:
                end, label = i + 1, _NAME_HEADS[token.text]
            elif token.like_num and end == i:
                end = i + 1
            elif not (token.text[:1].isupper() and token.is_alpha):
                break
            i += 1
        if end is not None and not doc[span.end : end].ents:
            extended.append((doc[span.start : end], label))
    return extended


def _without_context_misses(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Drop generic gazetteer names ("Executive Board") in articles that never mention the
    entity that gives them their meaning (the IOC)."""
    mentioned = {c.entity.id for c in candidates if c.entity is not None}
    return [
        c
        for c in candidates
        if c.entity is None
        or not c.entity.context_aliases
        or c.entity.context in mentioned
        or not c.entity.is_context_alias(text[c.start : c.end])
    ]


_MAX_COMPOUND_CHARS = 80


def _compound_prefixes(doc: Doc, exact_names: Mapping[str, Entity], taken: list[Candidate]) -> list[Candidate]:
    """Gazetteer names that open a hyphen compound the tokenizer kept whole:
    "DOSB-Präsident", "Allianz-Chef", "IOC-Exekutive"."""
    found = []
    occupied = Occupancy()
    for candidate in taken:
        occupied.add(candidate.start, candidate.end)
    for token in doc:
        # Compounds are short; a long hyphenated token is noise and would cost quadratic time.
        if "-" not in token.text[1:-1] or len(token.text) > _MAX_COMPOUND_CHARS:
            continue
        parts = token.text.split("-")
        # The longest leading part that is a name: "Coca-Cola-Chef" -> "Coca-Cola".
        prefixes = ("-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1))
        prefix, entity = next(((p, exact_names[p]) for p in prefixes if p in exact_names), (None, None))
        # Only organisations: "Olympia-Bewerbung" is a bid, not the Games.
        if entity is None or entity.type != "ORG":
            continue
        start = token.idx
        candidate = Candidate(start, start + len(prefix), entity.type, "gazetteer", entity, CONFIDENCE["gazetteer"])
        if occupied.free(candidate.start, candidate.end):
            found.append(candidate)
    return found


@lru_cache(maxsize=1)
def _exact_single_word_names() -> dict[str, Entity]:
    """Single-word gazetteer names (case-sensitive) -> entity, for compound prefixes."""
    names: dict[str, Entity] = {}
    for entity in load_gazetteer():
        for name in entity.names():
            if " " not in name:
                names.setdefault(name, entity)
    return names


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring (in order) method rank, then length."""
    rank = {"gazetteer": 0, "rule": 1, "kb": 2, "model": 3}
    chosen: list[Candidate] = []
    taken = Occupancy()
    for candidate in sorted(candidates, key=lambda c: (rank[c.method], -(c.end - c.start), c.start)):
        if taken.free(candidate.start, candidate.end):
            taken.add(candidate.start, candidate.end)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _sentence_finder(doc: Doc):
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    texts: dict[int, str] = {}

    def sentence_at(char: int) -> str:
        i = max(0, bisect.bisect_right(starts, char) - 1)
        if i not in texts:
            texts[i] = sentences[i].text.strip()
        return texts[i]

    return sentence_at


def _candidates(
    doc: Doc, text: str, known: KnownEntities | None
) -> tuple[list[Candidate], list[tuple[tuple[int, int], str, Span | None]]]:
    index = gazetteer_index()
    ents = list(doc.ents)
    fixed = [ent for ent in ents if ent.ent_id_]
    candidates: list[Candidate] = []
    for ent in ents:
        label = _label_of(ent)
        if label is None:
            continue
        if ent.ent_id_:
            # Case-insensitive gazetteer matches must still look like names.
            entity = index.by_id.get(ent.ent_id_)
            if entity is None or (ent.text[:1].islower() and not any(n[:1].islower() for n in entity.names())):
                continue
            candidates.append(Candidate(ent.start_char, ent.end_char, entity.type, "gazetteer", entity,
                                         CONFIDENCE["gazetteer"]))
        elif len(ent) == 1 and "-" in ent.text and _is_role(ent.text):
            continue  # "Allianz-Chef" is a person's role; its organisation is found below
        else:
            start, end = _trimmed(text, ent.start_char, ent.end_char)
            if end > start and text[start:end] not in _NOT_ENTITIES:
                candidates.append(Candidate(start, end, label, "model", None, CONFIDENCE["model"]))
    for span, label in _extended_names(doc, fixed):
        candidates = [c for c in candidates if not (c.method == "gazetteer" and c.start == span.start_char)]
        candidates.append(Candidate(span.start_char, span.end_char, label, "rule", None, CONFIDENCE["rule"]))
    gazetteer_found = [c for c in candidates if c.method == "gazetteer"]
    candidates += _compound_prefixes(doc, _exact_single_word_names(), gazetteer_found)
    candidates = _without_context_misses(text, candidates)
    roles = _role_rules(doc, fixed)
    for (first, last), _, _ in roles:
        span = doc[first:last]
        candidates.append(Candidate(span.start_char, span.end_char, "PER", "rule", None, CONFIDENCE["rule"]))
    if known is not None:
        candidates += known.find(doc)
    # names closed by a legal form or opened by a club prefix ("Freenet AG", "TSV Dewangen")
    # (not one that starts inside another mention: "Bank of America Corp." stays the model's)
    starts = [(c.start, c.end) for c in candidates]
    candidates += [Candidate(a, b, "ORG", "rule", None, CONFIDENCE["rule"])
                   for a, b in strong_organisations(text)
                   if not any(s < a < e for s, e in starts)]
    chosen = _resolve_overlaps(candidates)
    places = place_index()
    for c in chosen:
        if c.entity is None and c.method == "model":
            surface = text[c.start : c.end]
            entity = index.lookup(surface, c.label) or (known.index.lookup(surface, c.label) if known else None)
            # The models often call a well-known place a person ("Dakar") or an organisation.
            entity = entity or places.lookup(surface)
            if entity is not None:
                c.entity, c.label, c.confidence = entity, entity.type, _LINKED_MODEL_CONFIDENCE
    _first_name_people(doc, text, chosen)
    _apply_acronym_definitions(text, chosen)
    for c in chosen:
        if c.entity is not None:
            c.canonical, c.entity_id = c.entity.name, c.entity.id
    return _link_people(text, chosen, index), roles


_DEFINITION_GAP = re.compile(r"\s*\(\s*$")


def _apply_acronym_definitions(text: str, candidates: list[Candidate]) -> None:
    """"Deutscher Schwimm-Verband (DSV)": within this article "DSV" means what the long
    name means, whatever the gazetteer says about "DSV" (the ski association)."""
    defined: dict[str, Candidate] = {}
    for previous, current in zip(candidates, candidates[1:]):
        acronym = text[current.start : current.end]
        if (
            acronym.isupper()
            and " " not in acronym
            and text[current.end : current.end + 1] == ")"
            and _DEFINITION_GAP.fullmatch(text[previous.end : current.start])
            and previous.label == current.label
            and len(text[previous.start : previous.end]) > len(acronym)
        ):
            defined[acronym] = previous
    for c in candidates:
        long_form = defined.get(text[c.start : c.end])
        if long_form is not None and long_form is not c:
            c.entity = long_form.entity
            if c.entity is None:
                c.canonical = text[long_form.start : long_form.end]


def find_entities(
    text: str,
    language: str | None,
    doc: Doc | None = None,
    known_entities: KnownEntities | Iterable[Mapping] | None = None,
) -> list[Mention]:
    """The entity mentions in ``text``, linked to canonical entities where possible.

    ``doc`` is ``parse(text, language)`` when the caller already has it. ``known_entities``
    are KB records ``{id, canonical, type, aliases}`` (or a prepared ``KnownEntities``)
    to match in addition to the gazetteer (method "kb"). Unsupported languages give []."""
    if doc is None:
        doc = parse(text, language)
    if doc is None or len(doc) == 0:
        return []
    text = doc.text  # rebuilt from the tokens on every access: read it once
    candidates, _ = _candidates(doc, text, _as_known(known_entities))
    sentence_at = _sentence_finder(doc)
    return [
        Mention(
            text=text[c.start : c.end],
            start=c.start,
            end=c.end,
            label=c.label,
            canonical=c.canonical,
            entity_id=c.entity_id,
            method=c.method,
            confidence=c.confidence,
            sentence=sentence_at(c.start),
        )
        for c in candidates
    ]


def find_person_roles(text: str, language: str | None, doc: Doc | None = None) -> list[PersonRole]:
    """People with the role and organisation stated next to their name, e.g. "Kuo Zhang,
    Präsident von Alibaba.com" -> role "Präsident", organisation Alibaba.com."""
    if doc is None:
        doc = parse(text, language)
    if doc is None or len(doc) == 0:
        return []
    index = gazetteer_index()
    fixed = [ent for ent in doc.ents if ent.ent_id_]
    roles = []
    for (first, last), role, org in _role_rules(doc, fixed):
        name = doc[first:last]
        person = index.lookup(name.text, "PER")
        organisation = index.by_id.get(org.ent_id_) if org is not None else None
        roles.append(
            PersonRole(
                name=name.text,
                start=name.start_char,
                end=name.end_char,
                role=role,
                organisation=organisation.name if organisation else (org.text if org is not None else None),
                organisation_id=organisation.id if organisation else None,
                entity_id=person.id if person else entity_id_for("PER", name.text),
            )
        )
    return roles


