"""The shipped German NER pipeline: loads fast, is small, tags press German."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "extract" / "models" / "de_ner"
INDOMAIN_TRAIN = ROOT / "ner" / "data" / "de_indomain_train.jsonl"
INDOMAIN_TEST = ROOT / "bench" / "data" / "ner_de.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL_DIR)


def entities(nlp, text: str) -> set[tuple[str, str]]:
    return {(ent.text, ent.label_) for ent in nlp(text).ents}


def test_loads_from_the_repository():
    nlp = spacy.load(MODEL_DIR)  # load time: bench/ner_eval.py
    assert "ner" in nlp.pipe_names


def test_model_directory_is_under_15_mb():
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file())
    assert size < 15_000_000  # the issue: < 15 MB


def test_model_card_is_shipped():
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for attribution in ("GermEval", "SmartData", "MobIE", "CC BY 4.0", "ner.train_de"):
        assert attribution in card


def test_exposes_only_the_agreed_labels(nlp):
    assert set(nlp.get_pipe("ner").labels) <= {"PER", "ORG", "LOC", "MISC"}


def test_tags_person_and_organisation_in_press_sentence(nlp):
    found = entities(nlp, "Angela Merkel besuchte am Montag die Zentrale von Siemens in München.")
    assert ("Angela Merkel", "PER") in found
    assert ("Siemens", "ORG") in found
    assert ("München", "LOC") in found


def test_tags_speaker_with_role(nlp):
    found = entities(
        nlp,
        "„Wir sind sehr zufrieden“, sagte Stefan Hoffmann, Präsident des Deutschen Schwimm-Verbandes.",
    )
    assert ("Stefan Hoffmann", "PER") in found
    assert any(label == "ORG" and "Schwimm-Verband" in text for text, label in found)


def test_empty_and_long_text_finish(nlp):
    assert list(nlp("").ents) == []
    long_text = "Die Sitzung in Hamburg dauerte lange. " * 3000
    doc = nlp(long_text)
    assert len(doc) > 20000


@pytest.mark.skipif(not INDOMAIN_TEST.exists(), reason="no in-domain test set in this checkout")
def test_training_sentences_are_not_in_the_test_set():
    def texts(path: Path) -> set[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {" ".join(json.loads(line)["text"].split()) for line in lines if line.strip()}

    assert not texts(INDOMAIN_TRAIN) & texts(INDOMAIN_TEST)


@pytest.mark.skipif(not INDOMAIN_TEST.exists(), reason="no in-domain test set in this checkout")
def test_no_training_sentence_paraphrases_a_test_sentence():
    """Near-duplicates (word-set Jaccard >= 0.6) would inflate the in-domain score."""

    def word_sets(path: Path) -> list[tuple[str, set[str]]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        return [(t, set(re.findall(r"\w+", t.lower()))) for t in texts]

    test = word_sets(INDOMAIN_TEST)
    close = [
        (train_text, test_text)
        for train_text, a in word_sets(INDOMAIN_TRAIN)
        for test_text, b in test
        if len(a & b) / len(a | b) >= 0.6
    ]
    assert close == []
def load_ner_module(name: str):
    """A module of ner/, which is a script folder, not an installed package."""
    spec = importlib.util.spec_from_file_location(f"ner_{name}", ROOT / "ner" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_conversion_maps_outer_bio_tags_to_spans():
    convert = load_ner_module("convert")

    sentence = convert.sentence_from_tokens(
        [("Thomas", "B-PER"), ("Bach", "I-PER"), ("in", "O"), ("Lausanne", "B-LOC"),
         ("deutschen", "B-LOCderiv"), ("IOC", "I-ORG")],
        convert.GERMEVAL_LABELS,
    )
    assert sentence.text == "Thomas Bach in Lausanne deutschen IOC"
    assert [(sentence.text[s:e], label) for s, e, label in sentence.spans] == [
        ("Thomas Bach", "PER"), ("Lausanne", "LOC"), ("IOC", "ORG"),
    ]


def test_pretraining_text_takes_german_pages_and_training_text_once(tmp_path):
    import gzip

    from spacy.tokens import DocBin

    pretrain_text = load_ner_module("pretrain_text")
    german = "Das Internationale Olympische Komitee hat am Montag in Lausanne neue Regeln beschlossen."
    english = "The International Olympic Committee adopted new rules in Lausanne on Monday afternoon."
    (tmp_path / "html").mkdir()
    pages = {"de1": ("de", german), "en1": ("en", english)}
    for page_id, (_, paragraph) in pages.items():
        html = f"<html><body><article><h1>Titel</h1><p>{paragraph}</p><p>{paragraph} Mehr dazu.</p></article></body></html>"
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    truth = {page_id: {"lang": lang} for page_id, (lang, _) in pages.items()}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    nlp = spacy.blank("de")
    train = DocBin(docs=[nlp("Kirsty Coventry führt das IOC."), nlp(german)])
    train.to_disk(tmp_path / "train.spacy")

    written = pretrain_text.write_pretraining_jsonl(tmp_path, tmp_path / "train.spacy", tmp_path / "out.jsonl")

    texts = [json.loads(line)["text"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert written == len(texts) == len(set(texts))
    assert german in texts and "Kirsty Coventry führt das IOC." in texts
    assert not any("International Olympic Committee" in text for text in texts)


def test_lexicon_flags_names_places_and_genitives_but_not_function_words():
    lexicon = load_ner_module("lexicon")
    table = lexicon.build_table(
        [
            {"first_name": ["Ben", "Die"], "last_name": ["Stiller"], "place_de": ["Zürich", "Bad Homburg"]},
            {"region": ["Deutschland", "Vereinigte Staaten"], "org": ["IOC"], "other": ["Olympische Spiele"]},
            {"place": ["Ardakan"], "common_noun": ["Oper", "Essen"], "proper_noun": ["Schubert"]},
        ]
    )
    flags = {word: {f for f, x in zip(lexicon.FEATURES, vector) if x} for word, vector in table.items()}
    assert flags["Ben"] == {"first_name"}
    assert flags["Stiller"] == {"last_name"}
    assert flags["Zürich"] == {"place"} and flags["Zürichs"] == {"place"}
    assert flags["Deutschlands"] == {"region"}
    assert flags["Homburg"] == {"name_part"} and flags["Staaten"] == {"name_part"}
    assert flags["IOC"] == {"org"} and "IOCs" not in flags  # acronyms get no genitive
    assert "Stillers" not in flags  # people's genitives are left to the model
    assert "Die" not in flags and "Bad" in flags  # stop words never flagged
    assert flags["Ardakan"] == {"place"} and "Ardakans" not in flags  # genitives only for German-source places
    assert flags["Oper"] == {"common_noun"} and flags["Schubert"] == {"proper_noun"}


def test_lexicon_vectors_are_read_by_word_form(tmp_path):
    lexicon = load_ner_module("lexicon")
    table = lexicon.build_table([{"place": ["Klagenfurt"], "first_name": ["Karoline"]}])
    nlp = spacy.load(lexicon.write_vectors(table, tmp_path / "lexicon"))
    doc = nlp("Karoline fuhr nach Klagenfurt und klagenfurt.")
    vectors = {token.text: token.vector.tolist() for token in doc if token.has_vector}
    place = lexicon.INDEX["place"]
    assert set(vectors) == {"Karoline", "Klagenfurt"}  # case-sensitive; other words: no vector
    assert vectors["Klagenfurt"][place] == 1.0 and vectors["Karoline"][place] == 0.0
