"""The NLP stage over cleaned text: entities, quotes and dates.

The text is parsed once (by the model for its language) and the parse is
shared: entities come from it, and the quote stage takes the people and
organisations it found to name speakers.

A text whose language runs (``Article.language_runs``) span more than one language
with a model (en, de, fr) is analysed run by run instead: each run is parsed by its own
language's model, its entities, quotes and dates found in it, and their offsets shifted
back to the whole text; a run in another language goes with the article's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .article import extract_article as clean_article
from .dates import find_dates
from .entities import find_entities
from .linking import entity_id_for
from .pipelines import MAX_TEXT_CHARS, parse
from .language import TINY_CONFIDENCE
from .quotes import find_quotes
from .records import Article, DateMention, LanguageRun, Mention, Quote

MODEL_LANGUAGES = ("en", "de", "fr")


@dataclass
class Analysis:
    entities: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "entities": [m.to_dict() for m in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "dates": [d.to_dict() for d in self.dates],
        }


def analyse_text(
    text: str,
    language: str | None = None,
    published: str | None = None,
    known_entities: list[dict] | None = None,
    source: str | None = None,
    runs: list[LanguageRun] | None = None,
) -> Analysis:
    """Entities, quotes and dates of a plain text.

    ``language`` routes the models (no entities for a language without a
    model); ``published`` (ISO) resolves year-less and relative dates;
    ``known_entities`` are names the KB has confirmed, matched in every
    language; ``source`` (the page's URL) tells the order of day and month in
    numeric dates where the text does not. ``runs`` (the text's language runs) in
    more than one model language analyse each run with its own language.
    """
    if not text or not text.strip():
        return Analysis()
    segments = _segments(text, language, runs)
    if len(segments) > 1:
        analysis = _analyse_segments(text, segments, published, known_entities, source)
    else:
        doc = parse(text, language)
        entities = find_entities(text, language, doc=doc, known_entities=known_entities)
        quotes = find_quotes(text, language, people=entities)
        dates = find_dates(text, language, published, source=source)
        analysis = Analysis(entities=entities, quotes=quotes, dates=dates)
    link_organisations(analysis.quotes, analysis.entities)
    analysis.entities = link_speakers(text, analysis.quotes, analysis.entities)
    return analysis


_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*|(?:von|van|de|der|den|du|da|di|le|la|al|bin|ibn)")


def _person_shaped(name: str) -> bool:
    """2-4 words, capitalised but for name particles, no acronym, no digit: what the
    attribution stage calls a person and an entity may be made of."""
    words = name.split()
    return 2 <= len(words) <= 4 and words[-1][:1].isupper() and all(
        _NAME_WORD.fullmatch(w) and not (w.isupper() and len(w) > 1) and not any(c.isdigit() for c in w)
        for w in words)


def link_speakers(text: str, quotes: list[Quote], entities: list[Mention]) -> list[Mention]:
    """Every quoted person gets an entity: a speaker the entity stage did not find (a name
    read from the attribution alone, "Jae-won Park, Vice President of …, said") becomes a
    person mention at its first occurrence outside quotes, linked to a new pending entity,
    unless the article's mentions already name it. Returns the mentions, in text order."""
    named = {(m.canonical or m.text): m.entity_id for m in entities if m.label == "PER" and m.entity_id}
    organisations = {m.canonical or m.text for m in entities if m.label == "ORG"}
    quoted = [(q.start, q.end) for q in quotes]
    added: list[Mention] = []
    for q in quotes:
        name = q.speaker
        if not name or q.speaker_entity_id or name in organisations or not _person_shaped(name):
            continue
        if name in named:
            q.speaker_entity_id = named[name]
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            start, end = m.start(), m.end()
            if any(a <= start < b for a, b in quoted) or any(
                    x.start < end and start < x.end for x in (*entities, *added)):
                continue
            entity_id = entity_id_for("PER", name)
            added.append(Mention(text=name, start=start, end=end, label="PER", canonical=name,
                                 entity_id=entity_id, method="rule", confidence=0.6))
            named[name] = q.speaker_entity_id = entity_id
            break
    return sorted([*entities, *added], key=lambda m: m.start) if added else entities


_ARTICLES = re.compile(r"^(?:the|der|die|das|des|dem|den|le|la|les|l['’])\s+", re.I)


def _org_key(name: str) -> str:
    return _ARTICLES.sub("", " ".join(name.split())).casefold()


def link_organisations(quotes: list[Quote], entities: list[Mention]) -> None:
    """Each quote's organisation as the canonical entity the article's linked organisation
    mentions name: a mention whose text or canonical name is the organisation (articles
    aside), else one whose whole name it contains or that contains it ("Head of Marketing
    at Alibaba Cloud Intelligence" → Alibaba Cloud); the nearest to the quote wins."""
    orgs = [m for m in entities if m.label == "ORG" and m.entity_id]
    if not orgs:
        return
    for q in quotes:
        if not q.organisation:
            continue
        key = _org_key(q.organisation)
        exact = [m for m in orgs if key in (_org_key(m.text), _org_key(m.canonical or ""))]
        partial = exact or [m for m in orgs if len(_org_key(m.text)) >= 3 and (
            re.search(rf"(?<!\w){re.escape(_org_key(m.text))}(?!\w)", key)
            or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", _org_key(m.canonical or m.text)))]
        if partial:
            nearest = min(partial, key=lambda m: abs(m.start - q.start))
            q.organisation_entity_id = nearest.entity_id


def _segments(text: str, language: str | None, runs: list[LanguageRun] | None) -> list[tuple[int, int, str | None]]:
    """``(start, end, language)`` spans to analyse apart: one per change of model language
    among ``runs`` (a run in a language without a model takes ``language``); a single
    span when the runs name at most one model language."""
    if not runs or len({r.language for r in runs if r.language in MODEL_LANGUAGES}) < 2:
        return [(0, len(text), language)]
    segments: list[tuple[int, int, str | None]] = []
    for run in runs:
        code = run.language if run.language in MODEL_LANGUAGES else language
        if segments and segments[-1][2] == code:
            segments[-1] = (segments[-1][0], run.end, code)
        else:
            segments.append((run.start, run.end, code))
    return segments


def _analyse_segments(text, segments, published, known_entities, source) -> Analysis:
    analysis = Analysis()
    for start, end, language in segments:
        part = text[start:end]
        if not part.strip():
            continue
        # the parse covers the text's first MAX_TEXT_CHARS, as a single parse does
        parsed = part[: max(0, MAX_TEXT_CHARS - start)]
        doc = parse(parsed, language) if parsed else None
        entities = find_entities(parsed, language, doc=doc, known_entities=known_entities) if doc is not None else []
        quotes = find_quotes(part, language, people=entities)
        dates = find_dates(part, language, published, source=source)
        analysis.entities += [replace(m, start=m.start + start, end=m.end + start) for m in entities]
        analysis.quotes += [
            replace(q, start=q.start + start, end=q.end + start, language=q.language or language)
            for q in quotes
        ]
        analysis.dates += [replace(d, start=d.start + start, end=d.end + start) for d in dates]
    return analysis


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    overrides: dict | None = None,
    published_hint: str | None = None,
    language_hint: str | None = None,
    known_entities: list[dict] | None = None,
    nlp: bool = True,
) -> Article:
    """HTML page → Article with clean text, metadata and (with ``nlp``) its facts.

    ``published_hint`` is a date from a feed, sitemap or listing, used only when
    the page itself states none; ``language_hint`` (the source's language) is
    used only when the text is too short for detection.
    """
    article = clean_article(html, url, overrides=overrides)
    if not article.published and published_hint:
        article.published = published_hint
    if article.text and language_hint and len(article.language_runs) <= 1 and (
        not article.language or (article.language_probability or 0.0) <= TINY_CONFIDENCE
    ):
        # too little text to tell (or a tiny one's guess): the source's language
        article.language = language_hint
        article.language_runs = [replace(run, language=language_hint) for run in article.language_runs]
    if nlp and article.page_type == "article" and article.text and not article.error:
        try:
            analysis = analyse_text(
                article.text, article.language, article.published, known_entities=known_entities,
                source=article.canonical_url or url, runs=article.language_runs,
            )
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError) as error:
            # The clean text is still worth storing; the facts are left empty.
            article.error = f"analysis failed: {type(error).__name__}: {error}"
            return article
        article.entities, article.quotes, article.dates = (
            analysis.entities,
            analysis.quotes,
            analysis.dates,
        )
    return article
