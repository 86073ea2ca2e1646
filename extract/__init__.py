"""Pure extraction: HTML + URL in, an Article record out. No I/O.

``extract_article`` cleans a page and fills its facts; ``analyse_text`` runs the
NLP stage (entities, quotes, dates) on plain text.
"""
from .analyse import Analysis, analyse_text, extract_article
from .article import extract_article as clean_article
from .records import Article, DateMention, Link, Mention, Quote

__all__ = [
    "Analysis",
    "Article",
    "DateMention",
    "Link",
    "Mention",
    "Quote",
    "analyse_text",
    "clean_article",
    "extract_article",
]
