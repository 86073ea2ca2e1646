"""Canonical entities and the alias tables that link mentions to them.

An entity has a stable id (``org:international-olympic-committee``), an English canonical
name, a type and aliases in several languages. Surface forms are compared through
``match_key`` (case, diacritics, punctuation and leading articles folded away) and, as a
fallback, ``stem_key`` (German inflection endings stripped too), so that
"Internationalen Olympischen Komitees" and "International Olympic Committee"'s German
name "Internationales Olympisches Komitee" meet on the same key.

Everything here is pure: the gazetteer is read once from the package data and cached.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import yaml

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.yml"

ENTITY_TYPES = ("PER", "ORG", "LOC", "EVENT", "PRODUCT", "MISC")
_ID_PREFIX = {"PER": "per", "ORG": "org", "LOC": "loc", "EVENT": "event", "PRODUCT": "product", "MISC": "misc"}

# Words that carry no identity: articles in the three languages, and the conjunctions
# that vary between "Procter & Gamble" / "Procter and Gamble".
_NOISE_WORDS = frozenset(
    "the a an der die das des dem den ein eine einer eines le la les l du de d et and und".split()
)
_GERMAN_ENDINGS = ("es", "en", "em", "er", "e", "s", "n")
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# How the adjectives in organisation names end: "Olymp-isch-e", "Internation-al-es", "Deut-sch-er".
_ADJECTIVE_STEMS = ("isch", "sch", "al", "ig", "lich", "iv", "ell", "är")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Entity:
    """A canonical entity with its names in all languages."""

    id: str
    name: str
    type: str = "ORG"
    category: str | None = None
    aliases: tuple[str, ...] = ()
    german: tuple[str, ...] = ()
    french: tuple[str, ...] = ()
    context: str | None = None  # id of the entity an article must mention for context_aliases
    context_aliases: tuple[str, ...] = ()  # generic names: "Executive Board"

    def names(self) -> tuple[str, ...]:
        """Every listed surface form, canonical name first."""
        return tuple(dict.fromkeys((self.name, *self.aliases, *self.german, *self.french)))

    def is_context_alias(self, text: str) -> bool:
        """Whether ``text`` is one of the generic names that need the context entity."""
        key = stem_key(text)
        return any(stem_key(alias) == key for alias in self.context_aliases)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "canonical": self.name,
            "type": self.type,
            "category": self.category,
            "aliases": list(self.names()[1:]),
        }


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics ("Malagò" -> "malago", "Fußball" -> "fussball")."""
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_key(text: str) -> str:
    """The folded words of ``text`` without articles, conjunctions and a trailing "'s"."""
    text = re.sub(r"['’]s\b", "", text)
    words = [w for w in _WORD.findall(fold(text)) if w not in _NOISE_WORDS]
    return " ".join(words)


def stem_key(text: str) -> str:
    """``match_key`` with German inflection endings removed from every longer word."""
    stems = []
    for word in match_key(text).split():
        if len(word) > 4 and not word.isdigit():
            for ending in _GERMAN_ENDINGS:
                if word.endswith(ending):
                    word = word[: -len(ending)]
                    break
        stems.append(word)
    return " ".join(stems)


def slugify(text: str) -> str:
    """A URL-safe slug: "Procter & Gamble" -> "procter-gamble"."""
    return "-".join(_WORD.findall(fold(text).replace("_", " ")))


def entity_id_for(label: str, name: str) -> str:
    """The id a new entity of type ``label`` named ``name`` gets: ``per:tony-parker``."""
    return f"{_ID_PREFIX.get(label, 'misc')}:{slugify(name)}"


def german_inflections(name: str) -> set[str]:
    """Inflected forms of a German name: adjectives before the head noun take every ending
    (e/en/er/es/em), the head noun its genitive/dative forms, so "Internationales Olympisches
    Komitee" also yields "Internationalen Olympischen Komitees"."""
    words = name.split()
    if len(words) < 2:
        # Single words take only the genitive -s ("Sportgerichtshofs"); more would invent
        # words ("Olympia" -> "Olympian").
        return {name, name + "s"} if name[-1:].isalpha() and name[-1] not in "sxzß" else {name}
    adjectives = []
    for i, word in enumerate(words[:-1]):
        follows_capital = words[i + 1][:1].isupper()
        ending = next((e for e in ("en", "er", "es", "em", "e") if word.endswith(e)), None)
        stem = word[: -len(ending)] if ending else word
        if not (word[:1].isupper() and follows_capital and ending and stem.endswith(_ADJECTIVE_STEMS)):
            break
        adjectives.append(stem)
    head = len(adjectives)
    if head >= len(words) or not words[head][:1].isupper():
        return {name}
    head_stem = words[head]
    # Genitive -s/-es; dative plural -n only after -e ("Spiele" -> "Spielen").
    suffixes = ("", "s", "n") if head_stem.endswith("e") else ("", "s", "es")
    variants = set()
    adjective_endings = _ADJECTIVE_ENDINGS if adjectives else ("",)
    for ending in adjective_endings:
        for suffix in suffixes:
            parts = [stem + ending for stem in adjectives] + [head_stem + suffix] + words[head + 1 :]
            variants.add(" ".join(parts))
    variants.add(name)
    return variants


def surface_forms(entity: Entity) -> set[str]:
    """The strings a phrase matcher should find for ``entity``: every name, its German
    inflections and its diacritics-free spelling."""
    forms = set(entity.names()) | set(entity.context_aliases)
    for german in entity.german + entity.context_aliases:
        forms |= german_inflections(german)
    forms |= {_strip_diacritics(f) for f in forms}
    return {f for f in forms if f.strip()}


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


_GAMES_NAMES = {
    "summer": {
        "en": ("Olympic Games", "Olympics", "Summer Olympics", "Summer Olympic Games", "Olympic Summer Games"),
        "de": ("Olympische Spiele", "Olympische Sommerspiele"),
        "fr": ("Jeux Olympiques", "JO", "Jeux olympiques d'été"),
    },
    "winter": {
        "en": ("Olympic Winter Games", "Winter Olympics", "Winter Olympic Games"),
        "de": ("Olympische Winterspiele",),
        "fr": ("Jeux olympiques d'hiver", "JO d'hiver"),
    },
    "youth": {
        "en": ("Youth Olympic Games", "Summer Youth Olympic Games", "YOG"),
        "de": ("Olympische Jugendspiele", "Olympische Jugend-Sommerspiele"),
        "fr": ("Jeux olympiques de la jeunesse", "JOJ"),
    },
    "youth-winter": {
        "en": ("Winter Youth Olympic Games", "Youth Olympic Winter Games", "Winter YOG"),
        "de": ("Olympische Jugend-Winterspiele",),
        "fr": ("Jeux olympiques de la jeunesse d'hiver", "JOJ d'hiver"),
    },
}
# Editions from this year on may be named without the year ("the Paris Olympics"); older
# ones would collide with the recent edition in the same city.
_FIRST_YEAR_NAMED_WITHOUT_YEAR = 2016


def games_entities(edition: Mapping) -> list[Entity]:
    """The Games edition described by a gazetteer ``games:`` entry, and its Organising
    Committee when one is listed."""
    year = int(edition["year"])
    kind = edition["kind"]
    cities = {lang: _as_tuple(edition.get(lang)) for lang in ("en", "de", "fr")}
    name = f"{cities['en'][0]} {year}"
    names = {"en": set(), "de": set(), "fr": set()}
    for lang in names:
        for city in cities[lang]:
            names[lang].add(f"{city} {year}")
            for games in _GAMES_NAMES[kind][lang]:
                if lang == "en":
                    names[lang] |= {f"{games} {city} {year}", f"{city} {year} {games}", f"{year} {city} {games}",
                                    f"{year} {games}"}
                    if year >= _FIRST_YEAR_NAMED_WITHOUT_YEAR:
                        names[lang] |= {f"{city} {games}", f"{games} in {city}"}
                elif lang == "de":
                    names[lang] |= {f"{games} {city} {year}", f"{games} {year} in {city}", f"{games} {year}"}
                    if year >= _FIRST_YEAR_NAMED_WITHOUT_YEAR:
                        names[lang] |= {f"{games} in {city}", f"{games} von {city}"}
                else:
                    names[lang] |= {f"{games} de {city} {year}", f"{games} {city} {year}", f"{games} {year}"}
                    if year >= _FIRST_YEAR_NAMED_WITHOUT_YEAR:
                        names[lang].add(f"{games} de {city}")
    entities = [
        Entity(
            id=entity_id_for("EVENT", name),
            name=name,
            type="EVENT",
            category="games",
            aliases=tuple(sorted(names["en"] - {name})),
            german=tuple(sorted(names["de"])),
            french=tuple(sorted(names["fr"])),
        )
    ]
    ocog = edition.get("ocog")
    if ocog:
        entities.append(
            Entity(
                id=ocog.get("id") or entity_id_for("ORG", ocog["name"]),
                name=ocog["name"],
                type="ORG",
                category="ocog",
                aliases=_as_tuple(ocog.get("aliases")),
                german=_as_tuple(ocog.get("de")) + (f"Organisationskomitee {name}", f"Organisationskomitee von {name}"),
                french=_as_tuple(ocog.get("fr")) + (f"Comité d'organisation de {name}",),
            )
        )
    return entities


def parse_gazetteer(data: Mapping) -> list[Entity]:
    """Entities from the parsed gazetteer YAML (``entities:`` and ``games:`` lists)."""
    entities = []
    for row in data.get("entities") or ():
        label = row.get("type", "ORG")
        if label not in ENTITY_TYPES:
            raise ValueError(f"gazetteer entry {row.get('name')!r}: unknown type {label!r}")
        entities.append(
            Entity(
                id=row.get("id") or entity_id_for(label, row["name"]),
                name=row["name"],
                type=label,
                category=row.get("category"),
                aliases=_as_tuple(row.get("aliases")),
                german=_as_tuple(row.get("de")),
                french=_as_tuple(row.get("fr")),
                context=row.get("context"),
                context_aliases=_as_tuple(row.get("context_aliases")),
            )
        )
    for edition in data.get("games") or ():
        entities.extend(games_entities(edition))
    seen = set()
    for entity in entities:
        if entity.id in seen:
            raise ValueError(f"gazetteer: duplicate id {entity.id}")
        seen.add(entity.id)
    for entity in entities:
        if entity.context_aliases and entity.context not in seen:
            raise ValueError(f"gazetteer entry {entity.id}: context_aliases need a known context id")
    return entities


def parse_places(data: Mapping) -> list[Entity]:
    """Places from the parsed gazetteer YAML (``places:`` rows [id, English, German,
    French, other names...])."""
    places = []
    for row in data.get("places") or ():
        entity_id, english, german, french, *others = (str(value) for value in row)
        places.append(
            Entity(id=entity_id, name=english, type="LOC", category="place", aliases=tuple(others),
                   german=(german,), french=(french,))
        )
    return places


@lru_cache(maxsize=4)
def _gazetteer_data(path: str | None) -> dict:
    source = Path(path) if path else GAZETTEER_PATH
    with open(source, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> tuple[Entity, ...]:
    """The gazetteer's entities matched in text (the package's ``data/gazetteer.yml``
    unless ``path``): organisations, Games, people, products; not the places."""
    return tuple(parse_gazetteer(_gazetteer_data(path)))


@lru_cache(maxsize=4)
def load_places(path: str | None = None) -> tuple[Entity, ...]:
    """The gazetteer's places: countries, continents and Olympic cities."""
    return tuple(parse_places(_gazetteer_data(path)))


def entities_from_records(records: Iterable[Mapping]) -> list[Entity]:
    """Entities from KB records ``{id, canonical, type, aliases}`` (the ``known_entities``
    the KB feeds back); records without an id or a usable name are skipped."""
    entities = []
    for record in records:
        name = (record.get("canonical") or record.get("name") or "").strip()
        label = record.get("type") or "ORG"
        if not name or label not in ENTITY_TYPES:
            continue
        entities.append(
            Entity(
                id=record.get("id") or entity_id_for(label, name),
                name=name,
                type=label,
                category=record.get("category"),
                aliases=_as_tuple(record.get("aliases")),
            )
        )
    return entities


# Model labels that may be corrected to the type of a gazetteer entity they match: the
# statistical models often call an event or a product an organisation and vice versa, but
# a person is never a company.
_INTERCHANGEABLE = frozenset(("ORG", "LOC", "EVENT", "PRODUCT", "MISC"))


def compatible(model_label: str, entity_type: str) -> bool:
    """Whether a mention labelled ``model_label`` may be linked to an entity of ``entity_type``."""
    if model_label == entity_type:
        return True
    return model_label in _INTERCHANGEABLE and entity_type in _INTERCHANGEABLE


def _is_acronym(name: str) -> bool:
    """"IOC", "DOSB", "P&G": one upper-case word, compared with its case ("Coe" is not "COE")."""
    return " " not in name and len(name) <= 8 and name.isupper()


def _acronym_key(name: str) -> str:
    return "=" + name


_LEADING_ARTICLE = re.compile(r"^(?:the|der|die|das|des|dem|den|le|la|les|l')\s+", re.IGNORECASE)


def _strip_article(text: str) -> str:
    return _LEADING_ARTICLE.sub("", text.strip())


@dataclass
class AliasIndex:
    """Surface form -> entity, by exact folded key first, then by German-stemmed key.

    A key claimed by two different entities is ambiguous and links to neither; earlier
    sources (the gazetteer) win over later ones (KB-learned names) for the same key."""

    by_key: dict[str, Entity | None] = field(default_factory=dict)
    by_stem: dict[str, Entity | None] = field(default_factory=dict)
    by_id: dict[str, Entity] = field(default_factory=dict)

    @classmethod
    def build(cls, *sources: Iterable[Entity]) -> "AliasIndex":
        index = cls()
        for rank, source in enumerate(sources):
            index._add_source(source, rank)
        return index

    def _add_source(self, entities: Iterable[Entity], rank: int) -> None:
        key_owner: dict[str, Entity | None] = {}
        stem_owner: dict[str, Entity | None] = {}
        for entity in entities:
            self.by_id.setdefault(entity.id, entity)
            for name in entity.names() + tuple(
                g for german in entity.german for g in german_inflections(german)
            ):
                keys = ((key_owner, _acronym_key(name)),) if _is_acronym(name) else (
                    (key_owner, match_key(name)), (stem_owner, stem_key(name)))
                for table, key in keys:
                    if not key:
                        continue
                    owner = table.get(key, entity)
                    table[key] = entity if owner is not None and owner.id == entity.id else None
        for table, new in ((self.by_key, key_owner), (self.by_stem, stem_owner)):
            for key, entity in new.items():
                if key not in table:
                    table[key] = entity

    def lookup(self, text: str, label: str | None = None) -> Entity | None:
        """The entity ``text`` names, if the tables know it and its type fits ``label``."""
        text = _strip_article(text)
        if _is_acronym(text):
            entity = self.by_key.get(_acronym_key(text))
            return entity if entity is not None and (label is None or compatible(label, entity.type)) else None
        for table, key in ((self.by_key, match_key(text)), (self.by_stem, stem_key(text))):
            entity = table.get(key)
            if entity is not None and (label is None or compatible(label, entity.type)):
                return entity
        return None


@lru_cache(maxsize=4)
def gazetteer_index(path: str | None = None) -> AliasIndex:
    """The alias index of the gazetteer's entities, then its places (cached)."""
    return AliasIndex.build(load_gazetteer(path), load_places(path))


@lru_cache(maxsize=4)
def place_index(path: str | None = None) -> AliasIndex:
    """The alias index of the gazetteer's places alone (cached)."""
    return AliasIndex.build(load_places(path))
