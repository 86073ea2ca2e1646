"""What the KB knows, fed back into extraction: the names it has confirmed, matched in any
article (``KnownEntities``), the mentions it may learn new entities from
(``learn_entities``), and the gazetteer as KB rows (``gazetteer_entities``)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

from spacy.tokens import Doc

from extract.entity_candidates import CONFIDENCE, Candidate
from extract.entity_people import _may_be_person_name
from extract.linking import (
    AliasIndex,
    Entity,
    entities_from_records,
    entity_id_for,
    fold,
    gazetteer_index,
    load_gazetteer,
    load_places,
)
from extract.records import Mention

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

    def find(self, doc: Doc) -> list[Candidate]:
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
                    Candidate(span.start_char, span.end_char, entity.type, "kb", entity, CONFIDENCE["kb"])
                )
                i += n
            else:
                i += 1
        # A bare surname from the KB ("Richter", "Grant", "Han") stands for the person only
        # in an article that names them in full: elsewhere it is a word or someone else.
        named_in_full = {c.entity.id for c in found if c.entity.type == "PER" and " " in doc.text[c.start:c.end].strip()}
        return [c for c in found if c.entity.type != "PER" or " " in doc.text[c.start:c.end].strip()
                or c.entity.id in named_in_full]


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
