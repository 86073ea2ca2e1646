"""Pure extraction: HTML + URL in, an Article record out. No I/O.

``extract_article`` cleans a page and fills its facts; ``analyse_text`` runs the
NLP stage (entities, quotes, dates) on plain text.

The names below are loaded on first use, so that importing a small helper
(``extract.decoding``, ``extract.metadata``) — as the crawler does — does not
load spaCy and the language models.
"""
from __future__ import annotations

import importlib
import importlib.util

_EXPORTS = {
    "Analysis": ("analyse", "Analysis"),
    "analyse_text": ("analyse", "analyse_text"),
    "extract_article": ("analyse", "extract_article"),
    "clean_article": ("article", "extract_article"),
    "Article": ("records", "Article"),
    "DateMention": ("records", "DateMention"),
    "Link": ("records", "Link"),
    "Mention": ("records", "Mention"),
    "Quote": ("records", "Quote"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    elif importlib.util.find_spec(f".{name}", __name__) is not None:  # a submodule: extract.entities
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
