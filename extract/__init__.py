"""Pure extraction: HTML + URL in, an Article record out. No I/O."""
from .records import Article, DateMention, Link, Mention, Quote

__all__ = ["Article", "DateMention", "Link", "Mention", "Quote"]
