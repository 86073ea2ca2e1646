"""What a reader types into a search box, as a safe SQLite FTS5 query.

- words: every word must occur (any word form: the index is stemmed);
- ``olymp*``: a prefix;
- ``"closing ceremony"``: a phrase (``"closing cer"*`` a phrase ending in a prefix);
- ``OR`` between two terms: either; ``-word`` or ``NOT word``: without it;
- anything else (brackets, stray quotes, colons, FTS5 keywords in lower case) is
  plain text, never FTS5 syntax, so no input is a syntax error.

``fts_query`` is registered as the SQL function ``presskb_fts(q)`` for the canned
queries; an input with nothing searchable gives ``''``.
"""
from __future__ import annotations

import re

# A phrase in double quotes (the closing quote may be missing), or a run of non-space.
_TOKEN = re.compile(r'"([^"]*)"?(\*?)|(\S+)')
_OPERATORS = {"OR", "AND", "NOT"}
# What survives inside one FTS5 string: everything but the double quote.
_WORDISH = re.compile(r"\w", re.UNICODE)
MAX_TERMS = 32  # a pasted paragraph is searched by its first 32 terms


def _term(text: str, prefix: bool) -> str | None:
    text = " ".join(text.replace('"', " ").split())
    if not _WORDISH.search(text):
        return None
    return f'"{text}"' + ("*" if prefix else "")


def fts_query(query: str | None) -> str:
    """The FTS5 MATCH expression for ``query``; ``''`` when nothing is searchable."""
    if not query:
        return ""
    out: list[str] = []  # terms and operators, alternating as FTS5 wants them
    pending: str | None = None  # an operator waiting for its right-hand term
    for match in _TOKEN.finditer(query):
        phrase, phrase_star, bare = match.groups()
        negate = False
        if bare is not None:
            if bare in _OPERATORS:
                pending = bare if out else None
                continue
            if bare.startswith("-") and len(bare) > 1:
                negate, bare = True, bare[1:]
            prefix = bare.endswith("*")
            term = _term(bare.rstrip("*"), prefix)
        else:
            term = _term(phrase, bool(phrase_star))
        if term is None:
            continue
        if negate:
            pending = "NOT" if out else None
            if pending is None:
                continue  # "-word" alone: nothing to subtract it from
        if out:
            out.append(pending or "AND")
        out.append(term)
        pending = None
        if len(out) >= 2 * MAX_TERMS - 1:
            break
    # FTS5's NOT binds tighter than AND and OR does not: group left to right so that
    # "a b OR c" is (a AND b) OR c, as a reader means it.
    expression = out[0] if out else ""
    for at in range(1, len(out) - 1, 2):
        expression = f"({expression}) {out[at]} {out[at + 1]}" if at > 1 else f"{expression} {out[at]} {out[at + 1]}"
    return expression


MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def marked_html(value: str | None):
    """A snippet or highlight from FTS5 with ``<mark>`` around the hits: escaped, with
    only those marks kept as HTML."""
    from markupsafe import Markup, escape

    text = str(escape(value or ""))
    return Markup(text.replace("&lt;mark&gt;", MARK_OPEN).replace("&lt;/mark&gt;", MARK_CLOSE))
