"""The NLP stage over cleaned text: entities, quotes and dates.

The text is parsed once (by the model for its language) and the parse is
shared: entities come from it, and the quote stage takes the people and
organisations it found to name speakers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .article import extract_article as clean_article
from .dates import find_dates
from .entities import find_entities, parse
from .quotes import find_quotes
from .records import Article, DateMention, Mention, Quote


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
) -> Analysis:
    """Entities, quotes and dates of a plain text.

    ``language`` routes the models (no entities for a language without a
    model); ``published`` (ISO) resolves year-less and relative dates;
    ``known_entities`` are names the KB has confirmed, matched in every
    language; ``source`` (the page's URL) tells the order of day and month in
    numeric dates where the text does not.
    """
    if not text or not text.strip():
        return Analysis()
    doc = parse(text, language)
    entities = find_entities(text, language, doc=doc, known_entities=known_entities)
    quotes = find_quotes(text, language, people=entities)
    dates = find_dates(text, language, published, source=source)
    return Analysis(entities=entities, quotes=quotes, dates=dates)


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
    if article.text and not article.language and language_hint:
        article.language = language_hint
    if nlp and article.page_type == "article" and article.text and not article.error:
        try:
            analysis = analyse_text(
                article.text, article.language, article.published, known_entities=known_entities,
                source=article.canonical_url or url,
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
