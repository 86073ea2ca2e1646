"""Entity recognition and linking benchmark.

Scores two systems on each test set, exact span + type:
  model  the statistical model alone (spaCy labels mapped to PER/ORG/LOC/EVENT/PRODUCT/MISC)
  full   extract.entities.find_entities: gazetteer rulers + model + rules + linking
and prints per-type precision/recall/F1, micro scores over PER/ORG/LOC and over all five
types, linking accuracy and words per second per core (CPU time) on article-length texts.

Test sets:
- bench/data/ner_en.jsonl, bench/data/ner_de.jsonl: in-domain press-release and news
  sentences written and annotated for this benchmark (never used for training). Records
  ``{"text", "spans": [{"start", "end", "label", "entity_id"?}]}``. Guidelines: PER people
  (no titles), ORG organisations, companies, teams, federations; LOC countries, cities,
  regions, venues; EVENT named events incl. Games editions ("Paris 2024", "Olympic Games");
  PRODUCT named products, platforms, programmes; nationality adjectives and generic
  "the Games" are not entities. ``entity_id`` marks the canonical entity where the
  gazetteer or an in-text full name defines it; linking accuracy is measured on those.
- GermEval 2014 held-out sentences: test-A sentences 2001-2550 (the split the German model
  does not train on, see ner/convert.py); outer tags, PER/ORG/LOC scored, -deriv/-part
  tags are not entities; OTH is not scored (predicted MISC/EVENT/PRODUCT are ignored).
  Tokens are joined with single spaces.

Predicted MISC is never scored (no test set annotates it).

Usage (from the repository root):
  python -m bench.ner_eval [--germeval ../shared/data/ner/de/germeval2014/NER-de-test-A.tsv]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: the figure is per core
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract import entities, pipelines  # noqa: E402

TYPES = ("PER", "ORG", "LOC", "EVENT", "PRODUCT")
CORE = ("PER", "ORG", "LOC")
GERMEVAL_HELD_OUT_START = 2000  # 0-based sentence index in test-A: held out from training
GERMEVAL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def read_jsonl(path: Path) -> list[dict]:
    """Records of an annotated test set."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _records(sentences: list[list[tuple[str, str]]], labels: dict[str, str]) -> list[dict]:
    """Test records from sentences of (token, BIO tag): tokens joined with single spaces,
    spans of the tags ``labels`` maps (others are O)."""
    records = []
    for sentence in sentences:
        text, spans, offset, current = [], [], 0, None
        for token, tag in sentence:
            begin, end = offset, offset + len(token)
            text.append(token)
            offset = end + 1
            prefix, _, label = tag.partition("-")
            label = labels.get(label)
            if label and prefix == "I" and current and current["label"] == label:
                current["end"] = end
            elif label:
                current = {"start": begin, "end": end, "label": label}
                spans.append(current)
            else:
                current = None
        records.append({"text": " ".join(text), "spans": spans})
    return records


def _sentences(path: Path, token_column: int, tag_column: int,
               comments: bool = False) -> list[list[tuple[str, str]]]:
    """Tab-separated token lines, blank lines ending sentences (with ``comments``, lines
    opening with "#" are comments; in a tweet corpus "#farms" is a token)."""
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if comments and line.startswith("#"):
            continue
        if not line.strip():
            if tokens:
                sentences.append(tokens)
            tokens = []
            continue
        columns = line.split("\t")
        if len(columns) > max(token_column, tag_column):
            tokens.append((columns[token_column], columns[tag_column].strip()))
    return sentences


def read_germeval(path: Path, start: int) -> list[dict]:
    """GermEval sentences from index ``start`` on, as test records (outer PER/ORG/LOC)."""
    return _records(_sentences(path, 1, 2, comments=True)[start:], GERMEVAL_LABELS)


def read_btc(path: Path) -> list[dict]:
    """Broad Twitter Corpus CoNLL (token TAB BIO tag; blank lines end tweets), PER/ORG/LOC."""
    return _records(_sentences(path, 0, -1), {label: label for label in CORE})


def model_predictions(nlp, texts: list[str]) -> list[list[dict]]:
    """Spans the statistical model alone predicts, labels mapped to ours."""
    predictions = []
    for doc in nlp.pipe(texts, batch_size=64):
        spans = []
        for ent in doc.ents:
            label = pipelines.LABEL_MAP.get(ent.label_)
            if label:
                spans.append({"start": ent.start_char, "end": ent.end_char, "label": label})
        predictions.append(spans)
    return predictions


def full_predictions(texts: list[str], language: str) -> list[list[dict]]:
    """Spans (with entity ids) that ``find_entities`` returns."""
    return [
        [
            {"start": m.start, "end": m.end, "label": m.label, "entity_id": m.entity_id}
            for m in entities.find_entities(text, language)
        ]
        for text in texts
    ]


ARTICLE_RECORDS = 25  # test records joined into one article-length text for timing
TIMING_ROUNDS = 3


def speed(nlp, texts: list[str], language: str) -> float:
    """Words per CPU second on article-length texts (``ARTICLE_RECORDS`` records joined), one
    parse per article: the statistical model alone when ``nlp`` is given, else
    ``find_entities``."""
    articles = ["\n\n".join(texts[i : i + ARTICLE_RECORDS]) for i in range(0, len(texts), ARTICLE_RECORDS)]
    words = sum(len(a.split()) for a in articles) * TIMING_ROUNDS
    # CPU time of this (single-threaded) process: words per second per core, unaffected by
    # other processes competing for the machine.
    started = time.process_time()
    for _ in range(TIMING_ROUNDS):
        for article in articles:
            if nlp is not None:
                nlp(article)
            else:
                entities.find_entities(article, language)
    return words / (time.process_time() - started)


def score(gold: list[list[dict]], predicted: list[list[dict]], types: tuple[str, ...]) -> dict:
    """Per-type and micro counts/P/R/F1 (exact span + type), and linking accuracy."""
    tp, fp, fn = Counter(), Counter(), Counter()
    linked_gold = linked_found = linked_right = 0
    for gold_spans, predicted_spans in zip(gold, predicted):
        g = {(s["start"], s["end"], s["label"]) for s in gold_spans if s["label"] in types}
        p = {(s["start"], s["end"], s["label"]) for s in predicted_spans if s["label"] in types}
        for key in g & p:
            tp[key[2]] += 1
        for key in p - g:
            fp[key[2]] += 1
        for key in g - p:
            fn[key[2]] += 1
        by_span = {(s["start"], s["end"]): s.get("entity_id") for s in predicted_spans}
        for s in gold_spans:
            if s.get("entity_id"):
                linked_gold += 1
                if (s["start"], s["end"]) in by_span:
                    linked_found += 1
                    linked_right += by_span[(s["start"], s["end"])] == s["entity_id"]
    rows = {}
    for name, labels in [(t, (t,)) for t in types] + [("micro " + "/".join(CORE), CORE), ("micro all", types)]:
        t = sum(tp[x] for x in labels)
        f = sum(fp[x] for x in labels)
        n = sum(fn[x] for x in labels)
        precision = t / (t + f) if t + f else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows[name] = {"gold": t + n, "p": precision, "r": recall, "f1": f1}
    rows["linking"] = {
        "gold": linked_gold,
        "accuracy_found": linked_right / linked_found if linked_found else None,
        "accuracy_all": linked_right / linked_gold if linked_gold else None,
    }
    return rows


def run(name: str, records: list[dict], language: str, types: tuple[str, ...]) -> None:
    texts = [r["text"] for r in records]
    gold = [r["spans"] for r in records]
    words = sum(len(t.split()) for t in texts)
    print(f"\n## {name}: {len(records)} records, {words} words, language {language}")
    info = pipelines.pipeline_info(language)
    print(f"model: {info.model or 'none (gazetteer and rules only)'}" + (f"; error: {info.error}" if info.error else ""))
    results = {}
    nlp, _, _ = pipelines.load_model(language)
    if nlp is not None:
        results["model"] = (score(gold, model_predictions(nlp, texts), types), speed(nlp, texts, language))
    results["full"] = (score(gold, full_predictions(texts, language), types), speed(None, texts, language))

    print(f"| {'type':18} | {'gold':>5} | " + " | ".join(f"{s} P / R / F1".ljust(24) for s in results) + " |")
    print(f"|{'-' * 20}|{'-' * 7}|" + "|".join("-" * 26 for _ in results) + "|")
    for row in list(types) + ["micro " + "/".join(CORE), "micro all"]:
        if row not in next(iter(results.values()))[0]:
            continue
        cells = []
        for system, (scores, _) in results.items():
            s = scores[row]
            cells.append(f"{s['p']:.3f} / {s['r']:.3f} / {s['f1']:.3f}".ljust(24))
        print(f"| {row:18} | {next(iter(results.values()))[0][row]['gold']:>5} | " + " | ".join(cells) + " |")
    print(f"| {'words/s':18} | {'':>5} | " + " | ".join(f"{speed:,.0f}".ljust(24) for _, speed in results.values()) + " |")
    linking = results["full"][0]["linking"]
    if linking["gold"]:
        print(
            f"linking (full): {linking['gold']} gold mentions with an entity id; accuracy where the span was found "
            f"{linking['accuracy_found']:.3f}, end to end {linking['accuracy_all']:.3f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--en", type=Path, default=Path("bench/data/ner_en.jsonl"))
    parser.add_argument("--de", type=Path, default=Path("bench/data/ner_de.jsonl"))
    parser.add_argument("--germeval", type=Path, default=Path("../shared/data/ner/de/germeval2014/NER-de-test-A.tsv"))
    parser.add_argument("--btc", type=Path, default=Path("../shared/data/ner/en/btc/g.conll"),
                        help="an English public set nobody here tuned on: Broad Twitter Corpus section G "
                             "(mainstream news tweets)")
    args = parser.parse_args(argv)
    print("command: python -m bench.ner_eval " + " ".join(argv if argv is not None else sys.argv[1:]))
    run("in-domain EN", read_jsonl(args.en), "en", TYPES)
    run("in-domain DE", read_jsonl(args.de), "de", TYPES)
    if args.germeval.exists():
        run("GermEval 2014 held-out (test-A 2001-2550)", read_germeval(args.germeval, GERMEVAL_HELD_OUT_START),
            "de", CORE)
    else:
        print(f"\nGermEval file {args.germeval} not found; skipped")
    if args.btc.exists():
        run(f"Broad Twitter Corpus, {args.btc.name} (English public set, not tuned on)", read_btc(args.btc),
            "en", CORE)


if __name__ == "__main__":
    main()
