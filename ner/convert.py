"""Convert the German NER corpora into spaCy DocBin train/dev/test splits.

Sources (all CC-BY 4.0, see extract/models/de_ner/MODEL_CARD.md):
GermEval 2014 (outer tags), DFKI SmartData v3 (dev release) and DFKI MobIE,
plus the team's in-domain sentences in ``ner/data/de_indomain_train.jsonl``.

Every label is mapped onto PER / ORG / LOC / MISC. The splits are fixed and
deterministic, so the held-out test sets are the same on every machine:

* GermEval: ``NER-de-test-A.tsv`` sentences 2001-2550 are the test split;
  ``NER-de-dev.tsv`` sentences 1901-2200 are the dev split; the rest trains,
  repeated twice by default (--germeval-repeat).
* SmartData: documents are assigned by a hash of their id: 20 % test,
  10 % dev, 70 % train.
* MobIE: the official train+dev files train (unless --no-mobie), the official
  test file is held out.
* In-domain sentences: every sixth one is dev, the rest trains.

Usage: python -m ner.convert --data ../shared/data/ner --out ner/corpus
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.tokens import Doc, DocBin

LABELS = ("PER", "ORG", "LOC", "MISC")

GERMEVAL_TEST_START = 2000  # index into test-A: sentences from here on are test
GERMEVAL_DEV_START = 1900  # index into the dev file: sentences from here on are dev
INDOMAIN_DEV_EVERY = 6

# GermEval OTH covers titles, products, events, languages ... Mapped to MISC
# unless --drop-oth; -deriv ("deutschen") and -part ("SPD-Fraktion") tags are
# dropped because they are adjectives and compounds, not names to link.
GERMEVAL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}

# SmartData and MobIE annotate fine-grained traffic types. Streets, stops and
# cities are places (LOC); routes ("S4", "A7"), dates, numbers, triggers and
# positions are not names and become O.
DFKI_LABELS = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
}


class Sentence(NamedTuple):
    """Text with entity character spans (start, end, label)."""

    text: str
    spans: list[tuple[int, int, str]]


def spans_from_bio(tagged: list[tuple[int, int, str]], label_map: dict[str, str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, mapped label) from (start, end, BIO tag) tokens.

    Tags whose label is not in ``label_map`` count as O; an I- tag that does not
    continue a span of the same label starts a new one.
    """
    spans: list[tuple[int, int, str]] = []
    open_span: list | None = None
    for start, end, tag in tagged:
        prefix, _, raw_label = tag.partition("-")
        label = label_map.get(raw_label) if prefix in ("B", "I") else None
        if label and prefix == "I" and open_span and open_span[2] == label:
            open_span[1] = end
            continue
        if open_span:
            spans.append(tuple(open_span))
            open_span = None
        if label:
            open_span = [start, end, label]
    if open_span:
        spans.append(tuple(open_span))
    return spans


def sentence_from_tokens(tokens: list[tuple[str, str]], label_map: dict[str, str]) -> Sentence:
    """Sentence of (token, BIO tag) pairs joined with single spaces, with mapped spans."""
    tagged = []
    offset = 0
    for token, tag in tokens:
        tagged.append((offset, offset + len(token), tag))
        offset += len(token) + 1
    return Sentence(" ".join(token for token, _ in tokens), spans_from_bio(tagged, label_map))


def read_germeval(path: Path, drop_oth: bool) -> list[Sentence]:
    """GermEval 2014 TSV: index, token, outer tag, inner tag; uses the outer tag."""
    label_map = {k: v for k, v in GERMEVAL_LABELS.items() if not (drop_oth and k == "OTH")}
    sentences: list[Sentence] = []
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if tokens:
                sentences.append(sentence_from_tokens(tokens, label_map))
                tokens = []
            continue
        columns = line.split("\t")
        tokens.append((columns[1], columns[2]))
    if tokens:
        sentences.append(sentence_from_tokens(tokens, label_map))
    return sentences


def read_conll2003(path: Path) -> list[Sentence]:
    """MobIE CoNLL-2003 layout: token, POS, chunk, NER tag; blank lines end sentences."""
    sentences: list[Sentence] = []
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-") or not line.strip():
            if tokens:
                sentences.append(sentence_from_tokens(tokens, DFKI_LABELS))
                tokens = []
            continue
        columns = line.split("\t") if "\t" in line else line.split(" ")
        tokens.append((columns[0], columns[-1]))
    if tokens:
        sentences.append(sentence_from_tokens(tokens, DFKI_LABELS))
    return sentences


def read_concatenated_json(path: Path) -> list[dict]:
    """The SmartData release is a gzip of pretty-printed JSON objects, one after another."""
    raw = gzip.open(path, "rt", encoding="utf-8").read()
    decoder = json.JSONDecoder()
    objects, position = [], 0
    while True:
        while position < len(raw) and raw[position].isspace():
            position += 1
        if position >= len(raw):
            return objects
        obj, position = decoder.raw_decode(raw, position)
        objects.append(obj)


def smartdata_sentences(document: dict) -> list[Sentence]:
    """Sentences of one SmartData document, spans taken from its BIO token tags."""
    text = document["text"]["string"]
    sentences = []
    for sentence in document["sentences"]["array"]:
        s_start, s_end = sentence["span"]["start"], sentence["span"]["end"]
        # SmartData writes ORGANIZATION_COMPANY where MobIE writes organization-company.
        tagged = [
            (
                token["span"]["start"] - s_start,
                token["span"]["end"] - s_start,
                token["ner"]["string"][:2] + token["ner"]["string"][2:].lower().replace("_", "-"),
            )
            for token in sentence["tokens"]["array"]
        ]
        sentence_text = text[s_start:s_end]
        if sentence_text.strip():
            sentences.append(Sentence(sentence_text, spans_from_bio(tagged, DFKI_LABELS)))
    return sentences


def smartdata_split(document_id: str) -> str:
    """Fixed split of a SmartData document: 'test', 'dev' or 'train'."""
    bucket = int(hashlib.sha1(document_id.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if bucket < 2 else "dev" if bucket == 2 else "train"


def read_indomain(path: Path, drop_misc: bool) -> list[Sentence]:
    """JSON lines {"text": ..., "spans": [{"start", "end", "label"}]}."""
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            spans = [
                (s["start"], s["end"], s["label"])
                for s in record["spans"]
                if not (drop_misc and s["label"] == "MISC")
            ]
            sentences.append(Sentence(record["text"], spans))
    return sentences


def to_docbin(nlp, sentences: list[Sentence], stats: Counter) -> DocBin:
    """DocBin of tokenised sentences; spans not on token boundaries are counted and dropped."""
    docbin = DocBin(store_user_data=False)
    for sentence in sentences:
        doc: Doc = nlp.make_doc(sentence.text)
        entities = []
        for start, end, label in sentence.spans:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or any(span.start < e.end and e.start < span.end for e in entities):
                stats["dropped_spans"] += 1
                continue
            entities.append(span)
            stats[label] += 1
        doc.ents = entities
        docbin.add(doc)
        stats["sentences"] += 1
    return docbin


def build_splits(
    data: Path,
    indomain: Path | None,
    drop_oth: bool,
    indomain_repeat: int,
    train_mobie: bool,
    germeval_repeat: int,
) -> dict[str, list[Sentence]]:
    """All named splits: train, dev and one test split per source."""
    germeval = data / "de" / "germeval2014"
    dev_file = read_germeval(germeval / "NER-de-dev.tsv", drop_oth)
    test_a = read_germeval(germeval / "NER-de-test-A.tsv", drop_oth)
    splits: dict[str, list[Sentence]] = {
        # Repeating GermEval weighs the news/Wikipedia sentences against the
        # larger traffic-report corpora.
        "train": (dev_file[:GERMEVAL_DEV_START] + test_a[:GERMEVAL_TEST_START]) * germeval_repeat,
        "dev": dev_file[GERMEVAL_DEV_START:],
        "test_germeval": test_a[GERMEVAL_TEST_START:],
        "test_smartdata": [],
    }
    for document in read_concatenated_json(data / "de" / "smartdata" / "v3_20200302_dev.json.gz"):
        split = smartdata_split(str(document["id"]))
        splits["test_smartdata" if split == "test" else split].extend(smartdata_sentences(document))
    mobie = data / "de" / "mobie"
    if train_mobie:
        splits["train"] += read_conll2003(mobie / "train.conll2003") + read_conll2003(mobie / "dev.conll2003")
    splits["test_mobie"] = read_conll2003(mobie / "test.conll2003")
    if indomain is not None:
        own = read_indomain(indomain, drop_misc=drop_oth)
        own_dev = own[::INDOMAIN_DEV_EVERY]
        own_train = [s for i, s in enumerate(own) if i % INDOMAIN_DEV_EVERY]
        splits["dev"] += own_dev
        # Repeated because a few hundred press sentences would otherwise drown
        # in thousands of Wikipedia and traffic sentences.
        splits["train"] += own_train * indomain_repeat
        splits["dev_indomain"] = own_dev
    return splits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    parser.add_argument("--out", type=Path, default=Path("ner/corpus"))
    parser.add_argument("--indomain", type=Path, default=Path("ner/data/de_indomain_train.jsonl"))
    parser.add_argument("--no-indomain", action="store_true", help="leave the in-domain sentences out")
    parser.add_argument(
        "--drop-oth", action="store_true", help="no MISC: GermEval OTH and in-domain MISC become O"
    )
    parser.add_argument("--indomain-repeat", type=int, default=3)
    parser.add_argument("--germeval-repeat", type=int, default=2, help="times the GermEval training sentences repeat")
    parser.add_argument("--no-mobie", action="store_true", help="keep MobIE out of training (its test split stays)")
    args = parser.parse_args()

    nlp = spacy.blank("de")
    indomain = None if args.no_indomain else args.indomain
    splits = build_splits(
        args.data,
        indomain,
        args.drop_oth,
        args.indomain_repeat,
        train_mobie=not args.no_mobie,
        germeval_repeat=args.germeval_repeat,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, sentences in splits.items():
        stats: Counter = Counter()
        to_docbin(nlp, sentences, stats).to_disk(args.out / f"{name}.spacy")
        print(f"{name:16} " + " ".join(f"{k}={v}" for k, v in sorted(stats.items())))


if __name__ == "__main__":
    main()
