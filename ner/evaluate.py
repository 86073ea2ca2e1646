"""Score a German NER pipeline on the held-out DocBin splits.

Matching is exact on character offsets and label, so the score does not depend
on how the pipeline tokenises. Prints per-type precision / recall / F1 per
split and the overall figure over PER/ORG/LOC (the types the targets name).

Usage: python -m ner.evaluate --model extract/models/de_ner --corpus ner/corpus
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

TEST_SPLITS = ("test_germeval", "test_smartdata", "test_mobie")
CORE_TYPES = ("PER", "ORG", "LOC")


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f": round(f1, 4), "n": tp + fn}


def score_split(nlp, path: Path) -> dict:
    """Per-type and PER/ORG/LOC overall scores of ``nlp`` on one DocBin, plus words/s."""
    gold_docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    counts: dict[str, Counter] = {}
    words = 0
    started = time.perf_counter()
    predicted_docs = list(nlp.pipe(doc.text for doc in gold_docs))
    elapsed = time.perf_counter() - started
    for gold, predicted in zip(gold_docs, predicted_docs):
        words += len(predicted)
        gold_spans = {(e.start_char, e.end_char, e.label_) for e in gold.ents}
        predicted_spans = {(e.start_char, e.end_char, e.label_) for e in predicted.ents}
        for label in {s[2] for s in gold_spans | predicted_spans}:
            g = {s for s in gold_spans if s[2] == label}
            p = {s for s in predicted_spans if s[2] == label}
            c = counts.setdefault(label, Counter())
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
    per_type = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())}
    core = Counter()
    for label in CORE_TYPES:
        core.update(counts.get(label, Counter()))
    return {
        "per_type": per_type,
        "overall_per_org_loc": prf(core["tp"], core["fp"], core["fn"]),
        "sentences": len(gold_docs),
        "words_per_second": round(words / elapsed) if elapsed else 0,
    }


def format_table(scores: dict[str, dict]) -> str:
    """A plain-text table: one row per split and type."""
    lines = [f"{'split':16} {'type':14} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for split, result in scores.items():
        rows = list(result["per_type"].items()) + [("PER+ORG+LOC", result["overall_per_org_loc"])]
        for label, s in rows:
            lines.append(f"{split:16} {label:14} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['n']:6d}")
        lines.append(f"{split:16} words/s {result['words_per_second']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=Path("extract/models/de_ner"))
    parser.add_argument("--corpus", type=Path, default=Path("ner/corpus"))
    parser.add_argument("--splits", nargs="+", default=list(TEST_SPLITS))
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args()

    nlp = spacy.load(args.model)
    scores = {split: score_split(nlp, args.corpus / f"{split}.spacy") for split in args.splits}
    print(format_table(scores))
    print(f"reproduce: python -m ner.evaluate --model {args.model} --corpus {args.corpus}")
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
