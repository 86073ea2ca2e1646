"""The records that cross a module boundary.

Every extracted fact carries ``start``/``end`` character offsets into
``Article.text`` so Datasette can show the evidence and reprocessing can be
checked against the stored text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Mention:
    """A named entity mentioned in the text."""

    text: str
    start: int
    end: int
    label: str  # PER | ORG | LOC | EVENT | PRODUCT | MISC
    canonical: str | None = None  # canonical entity name, when linked
    entity_id: str | None = None  # stable id of the canonical entity
    method: str = "model"  # model | gazetteer | rule | kb
    confidence: float = 1.0
    sentence: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Quote:
    """A direct quote and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_entity_id: str | None = None
    role: str | None = None
    organisation: str | None = None
    language: str | None = None
    cue: str | None = None  # the attribution cue: "said", "sagte", "selon", ":"
    confidence: float = 0.0
    sentence: str | None = None  # the text around the quote, for display
    organisation_entity_id: str | None = None  # the canonical entity of ``organisation``

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class DateMention:
    """A date stated in the text, normalised."""

    text: str
    start: int
    end: int
    value: str | None  # ISO 8601: 2024-12-03, 2024-12, 2024, 2024-12-03/2024-12-09, 2024-12-03T10:00
    granularity: str  # day | month | year | range | time
    resolved_from: str = "explicit"  # explicit | inferred-year | relative

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Link:
    """A teaser link found on a listing or hub page, with its date if shown."""

    url: str
    title: str | None = None
    date: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LanguageRun:
    """Consecutive paragraphs of ``Article.text`` in one language: ``start``/``end`` are
    offsets into the text (a run starts at a paragraph's first character and ends at a
    paragraph's last), ``probability`` is langdetect's for that language (low for short
    or uncertain runs)."""

    start: int
    end: int
    language: str | None
    probability: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Article:
    """What ``extract_article`` makes of one HTML page."""

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    text: str = ""
    language: str | None = None
    language_probability: float | None = None
    # the text's paragraphs grouped by language, in order and covering every paragraph;
    # one run for a single-language text, none for an empty one
    language_runs: list[LanguageRun] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    description: str | None = None
    page_type: str = "article"  # article | listing | other
    word_count: int = 0
    text_hash: str | None = None
    links: list[Link] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
