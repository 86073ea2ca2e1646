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

Languages without a model get no entities (``parse`` returns None) rather than wrong ones.
A missing or unreadable model is logged and that language runs on gazetteer and rules only.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span

from extract.linking import (
    AliasIndex,
    Entity,
    entities_from_records,
    entity_id_for,
    fold,
    gazetteer_index,
    load_gazetteer,
    load_places,
    place_index,
)
from extract.names import FAMILY_NAMES_FIRST, first_names
from extract.org_patterns import strong_organisations
from extract.person_roles import (
    PersonRole,
    _NAME_PARTICLES,
    _TITLES,
    _is_name_word,
    _is_role,
    _role_rules,
)
from extract.pipelines import _label_of, parse
from extract.records import Mention

log = logging.getLogger(__name__)

CONFIDENCE = {"gazetteer": 0.95, "kb": 0.85, "model": 0.8, "rule": 0.75}
_LINKED_MODEL_CONFIDENCE = 0.9
_CHAINED_CONFIDENCE = 0.7
_SURNAME_CONFIDENCE = 0.6


# --- mentions -----------------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    end: int
    label: str
    method: str
    entity: Entity | None = None
    confidence: float = 0.0
    canonical: str | None = None
    entity_id: str | None = None


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


def _without_context_misses(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
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


def _surname_end(doc: Doc, i: int, taken: "_Occupancy") -> int | None:
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


def _first_name_people(doc: Doc, text: str, chosen: list[_Candidate]) -> None:
    """The small statistical models often call a person an organisation ("Noah Lyles" ORG)
    or tag only the first name ("Armand" in "Armand Duplantis"). Unlinked model ORG
    mentions that look like a person by ``_looks_like_person`` become PER; a lone tagged
    first name takes the one surname after it when no other mention claims it. MISC
    mentions (works, products, venues named after people) are left alone."""
    taken = _Occupancy()
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


_MAX_COMPOUND_CHARS = 80


def _compound_prefixes(doc: Doc, exact_names: Mapping[str, Entity], taken: list[_Candidate]) -> list[_Candidate]:
    """Gazetteer names that open a hyphen compound the tokenizer kept whole:
    "DOSB-Präsident", "Allianz-Chef", "IOC-Exekutive"."""
    found = []
    occupied = _Occupancy()
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
        candidate = _Candidate(start, start + len(prefix), entity.type, "gazetteer", entity, CONFIDENCE["gazetteer"])
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


_WORDS = re.compile(r"\w+")


class KnownEntities:
    """Names the KB has confirmed, compiled for matching in any article.

    Built from KB records ``{id, canonical, type, aliases}``; single-word names match
    case-sensitively, longer ones on folded words."""

    def __init__(self, records: Iterable[Mapping] | Iterable[Entity]):
        records = list(records)
        self.entities = [r for r in records if isinstance(r, Entity)] + entities_from_records(
            r for r in records if not isinstance(r, Entity)
        )
        self.index = AliasIndex.build(self.entities)
        self.single: dict[str, Entity] = {}
        self.multi: dict[tuple[str, ...], Entity] = {}
        owners: dict[object, set[str]] = {}
        for entity in self.entities:
            for name in entity.names():
                words = tuple(_WORDS.findall(fold(name)))
                key = name if len(words) == 1 else words
                owners.setdefault(key, set()).add(entity.id)
                if len(words) == 1 and len(name) > 2:
                    self.single.setdefault(name, entity)
                elif len(words) > 1:
                    self.multi.setdefault(words, entity)
        # A name two entities share ("Brooks" for Nadia Brooks and Brooks Athletic) names
        # neither: it is never matched from the KB.
        for key, ids in owners.items():
            if len(ids) > 1:
                (self.single if isinstance(key, str) else self.multi).pop(key, None)
        self.max_words = max((len(k) for k in self.multi), default=1)
        self.first_words = {k[0] for k in self.multi}

    def find(self, doc: Doc) -> list[_Candidate]:
        """Every occurrence of a known name in ``doc``, longest first at each position."""
        # The words of each token: tokenizers differ ("Vasquez-Lindqvist" is one token in
        # German, three in English), names are compared word by word.
        words = [tuple(_WORDS.findall(fold(t.text))) for t in doc]
        found = []
        i = 0
        while i < len(doc):
            match = None
            if words[i] and words[i][0] in self.first_words:
                # Punctuation tokens have no words, so a name may span more tokens than words.
                for n in range(min(2 * self.max_words, len(doc) - i), 0, -1):
                    key = tuple(w for token_words in words[i : i + n] for w in token_words)
                    entity = self.multi.get(key)
                    if entity is not None and words[i + n - 1]:
                        match = (n, entity)
                        break
            if match is None and doc[i].text in self.single:
                match = (1, self.single[doc[i].text])
            if match:
                n, entity = match
                span = doc[i : i + n]
                found.append(
                    _Candidate(span.start_char, span.end_char, entity.type, "kb", entity, CONFIDENCE["kb"])
                )
                i += n
            else:
                i += 1
        # A bare surname from the KB ("Richter", "Grant", "Han") stands for the person only
        # in an article that names them in full: elsewhere it is a word or someone else.
        named_in_full = {c.entity.id for c in found if c.entity.type == "PER" and " " in doc.text[c.start:c.end].strip()}
        return [c for c in found if c.entity.type != "PER" or " " in doc.text[c.start:c.end].strip()
                or c.entity.id in named_in_full]


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, preferring (in order) method rank, then length."""
    rank = {"gazetteer": 0, "rule": 1, "kb": 2, "model": 3}
    chosen: list[_Candidate] = []
    taken = _Occupancy()
    for candidate in sorted(candidates, key=lambda c: (rank[c.method], -(c.end - c.start), c.start)):
        if taken.free(candidate.start, candidate.end):
            taken.add(candidate.start, candidate.end)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


class _Occupancy:
    """Character ranges already claimed by a mention."""

    def __init__(self) -> None:
        self.chars: set[int] = set()

    def free(self, start: int, end: int) -> bool:
        return self.chars.isdisjoint(range(start, end))

    def add(self, start: int, end: int) -> None:
        self.chars.update(range(start, end))


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


def _link_people(text: str, candidates: list[_Candidate], index: AliasIndex) -> list[_Candidate]:
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
    by_word: dict[str, list[_Candidate]] = {}
    for f in full_names:
        for word in {fold(w) for w in f.canonical.split()}:
            by_word.setdefault(word, []).append(f)

    starts_by_word = {word: [f.start for f in names] for word, names in by_word.items()}

    def chain(word: str, position: int) -> _Candidate | None:
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
    taken = _Occupancy()
    for c in candidates:
        taken.add(c.start, c.end)
    surnames = {f.canonical.split()[-1] for f in full_names if len(f.canonical.split()[-1]) > 2}
    for surname in surnames:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            probe = _Candidate(match.start(), match.end(), "PER", "rule")
            if not taken.free(probe.start, probe.end):
                continue
            taken.add(probe.start, probe.end)
            person = chain(surname, match.start())
            probe.canonical, probe.entity_id = person.canonical, person.entity_id
            probe.confidence = _CHAINED_CONFIDENCE
            added.append(probe)
    return sorted(candidates + added, key=lambda c: c.start)


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
) -> tuple[list[_Candidate], list[tuple[tuple[int, int], str, Span | None]]]:
    index = gazetteer_index()
    ents = list(doc.ents)
    fixed = [ent for ent in ents if ent.ent_id_]
    candidates: list[_Candidate] = []
    for ent in ents:
        label = _label_of(ent)
        if label is None:
            continue
        if ent.ent_id_:
            # Case-insensitive gazetteer matches must still look like names.
            entity = index.by_id.get(ent.ent_id_)
            if entity is None or (ent.text[:1].islower() and not any(n[:1].islower() for n in entity.names())):
                continue
            candidates.append(_Candidate(ent.start_char, ent.end_char, entity.type, "gazetteer", entity,
                                         CONFIDENCE["gazetteer"]))
        elif len(ent) == 1 and "-" in ent.text and _is_role(ent.text):
            continue  # "Allianz-Chef" is a person's role; its organisation is found below
        else:
            start, end = _trimmed(text, ent.start_char, ent.end_char)
            if end > start and text[start:end] not in _NOT_ENTITIES:
                candidates.append(_Candidate(start, end, label, "model", None, CONFIDENCE["model"]))
    for span, label in _extended_names(doc, fixed):
        candidates = [c for c in candidates if not (c.method == "gazetteer" and c.start == span.start_char)]
        candidates.append(_Candidate(span.start_char, span.end_char, label, "rule", None, CONFIDENCE["rule"]))
    gazetteer_found = [c for c in candidates if c.method == "gazetteer"]
    candidates += _compound_prefixes(doc, _exact_single_word_names(), gazetteer_found)
    candidates = _without_context_misses(text, candidates)
    roles = _role_rules(doc, fixed)
    for (first, last), _, _ in roles:
        span = doc[first:last]
        candidates.append(_Candidate(span.start_char, span.end_char, "PER", "rule", None, CONFIDENCE["rule"]))
    if known is not None:
        candidates += known.find(doc)
    # names closed by a legal form or opened by a club prefix ("Freenet AG", "TSV Dewangen")
    # (not one that starts inside another mention: "Bank of America Corp." stays the model's)
    starts = [(c.start, c.end) for c in candidates]
    candidates += [_Candidate(a, b, "ORG", "rule", None, CONFIDENCE["rule"])
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


def _apply_acronym_definitions(text: str, candidates: list[_Candidate]) -> None:
    """"Deutscher Schwimm-Verband (DSV)": within this article "DSV" means what the long
    name means, whatever the gazetteer says about "DSV" (the ski association)."""
    defined: dict[str, _Candidate] = {}
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


def _as_known(known_entities) -> KnownEntities | None:
    if known_entities is None or isinstance(known_entities, KnownEntities):
        return known_entities
    frozen = tuple(
        (r.get("id"), r.get("canonical") or r.get("name"), r.get("type"), tuple(r.get("aliases") or ()))
        for r in known_entities
    )
    return _compiled_known(frozen) if frozen else None


@lru_cache(maxsize=4)
def _compiled_known(frozen: tuple) -> KnownEntities:
    """The same KB names arrive with every article: compile them once."""
    return KnownEntities(
        {"id": entity_id, "canonical": name, "type": label, "aliases": list(aliases)}
        for entity_id, name, label, aliases in frozen
    )


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


_LEARNABLE_LABELS = ("PER", "ORG", "EVENT", "PRODUCT")


def learn_entities(
    mentions: Iterable[Mention],
    min_mentions: int = 2,
    sources: Mapping[str, set[str]] | None = None,
    min_sources: int = 2,
) -> list[dict]:
    """Candidate KB entities from model- and rule-found mentions: records
    ``{id, canonical, type, aliases, mentions}`` for names seen at least ``min_mentions``
    times that the gazetteer does not know. Only names that identify something on their
    own qualify: several words ("Tony Parker"), or an acronym of three letters or more.
    The KB stores them for review and feeds the confirmed ones back as ``known_entities``.
    With ``sources`` (entity id -> the sources that mention it), a name is learned only
    once ``min_sources`` distinct sources use it: one outlet's misreading stays pending."""
    groups: dict[str, dict] = {}
    index = gazetteer_index()
    for mention in mentions:
        if mention.method not in ("model", "rule") or mention.label not in _LEARNABLE_LABELS:
            continue
        name = mention.canonical or mention.text
        words = name.split()
        if not (len(words) >= 2 or (len(name) >= 3 and name.isupper() and name.isalpha())):
            continue
        if mention.label == "PER" and not _may_be_person_name(words):
            continue
        if index.lookup(name, mention.label) is not None:
            continue
        entity_id = mention.entity_id or entity_id_for(mention.label, name)
        group = groups.setdefault(
            entity_id, {"id": entity_id, "canonical": name, "type": mention.label, "aliases": [], "mentions": 0}
        )
        group["mentions"] += 1
        if mention.text != group["canonical"] and mention.text not in group["aliases"]:
            group["aliases"].append(mention.text)
    return [g for g in groups.values() if g["mentions"] >= min_mentions and (
        sources is None or len(sources.get(g["id"], ())) >= min_sources)]


def gazetteer_entities() -> list[dict]:
    """The gazetteer (entities and places) as KB ``entities`` rows:
    {id, canonical, type, category, aliases}."""
    return [entity.to_dict() for entity in load_gazetteer() + load_places()]
