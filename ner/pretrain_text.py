"""Collect unlabelled German text for pretraining the NER tok2vec layer.

Two sources, written as spaCy JSONL (``{"text": ...}`` per line):

* the main text of the German pages of the trafilatura extraction benchmark
  (``ground-truth.json`` entries with ``lang == "de"``, HTML in ``html/<id>.html.gz``),
  one paragraph per line. Only the raw text is used, to teach the encoder German
  word shapes and characters; no labels and no benchmark answers are involved.
* the text of the NER training split (``train.spacy``) without its labels.

The held-out test splits and the in-domain test set are never read here.

Usage: python -m ner.pretrain_text --pages ../shared/data/extraction/trafilatura \
           --train ner/corpus/train.spacy --out ner/corpus/pretrain.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import spacy
import trafilatura
from spacy.tokens import DocBin

MIN_PARAGRAPH_CHARS = 40  # shorter lines are menus, captions and bylines
MAX_PARAGRAPH_CHARS = 5000  # bounds the work per line on odd pages


def german_page_paragraphs(pages: Path) -> list[str]:
    """Paragraphs of the main text of every German page in a trafilatura benchmark folder."""
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    paragraphs = []
    for page_id in sorted(truth):
        if truth[page_id].get("lang") != "de":
            continue
        html_file = pages / "html" / f"{page_id}.html.gz"
        if not html_file.exists():
            continue
        html = gzip.decompress(html_file.read_bytes()).decode("utf-8", errors="replace")
        text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
        paragraphs += [
            line.strip()[:MAX_PARAGRAPH_CHARS]
            for line in text.splitlines()
            if len(line.strip()) >= MIN_PARAGRAPH_CHARS
        ]
    return paragraphs


def training_texts(train_docbin: Path) -> list[str]:
    """The texts of the training split, labels discarded."""
    nlp = spacy.blank("de")
    return [doc.text for doc in DocBin().from_disk(train_docbin).get_docs(nlp.vocab)]


def write_pretraining_jsonl(pages: Path, train_docbin: Path, out: Path) -> int:
    """Write the deduplicated pretraining texts to ``out``; returns how many lines it wrote."""
    seen: set[str] = set()
    texts = []
    for text in german_page_paragraphs(pages) + training_texts(train_docbin):
        if text not in seen:
            seen.add(text)
            texts.append(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=Path("../shared/data/extraction/trafilatura"))
    parser.add_argument("--train", type=Path, default=Path("ner/corpus/train.spacy"))
    parser.add_argument("--out", type=Path, default=Path("ner/corpus/pretrain.jsonl"))
    args = parser.parse_args()
    print(f"{write_pretraining_jsonl(args.pages, args.train, args.out)} texts → {args.out}")


if __name__ == "__main__":
    main()
