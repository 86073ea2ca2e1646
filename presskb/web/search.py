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

from kb.stemming import query_stems, word_stem

# A phrase in double quotes (the closing quote may be missing), or a run of non-space.
_TOKEN = re.compile(r'"([^"]*)"?(\*?)|(\S+)')
_OPERATORS = {"OR", "AND", "NOT"}
# What survives inside one FTS5 string: everything but the double quote.
_WORDISH = re.compile(r"\w", re.UNICODE)
MAX_TERMS = 32  # a pasted paragraph is searched by its first 32 terms


def _term(text: str, prefix: bool, stems_column: str | None = None) -> str | None:
    text = " ".join(text.replace('"', " ").split())
    if not _WORDISH.search(text):
        return None
    term = f'"{text}"' + ("*" if prefix else "")
    if stems_column is None or prefix or " " in text:
        return term
    stems = query_stems(text)
    if not stems:
        return term
    return "(" + " OR ".join([term, *(f'{stems_column} : "{stem}"' for stem in stems)]) + ")"


def fts_query(query: str | None, stems_column: str | None = None) -> str:
    """The FTS5 MATCH expression for ``query``; ``''`` when nothing is searchable. With
    ``stems_column`` (``text_stems`` of quotes_fts), a word also matches its German and
    French Snowball stems there (``kb.stemming``)."""
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
            term = _term(bare.rstrip("*"), prefix, stems_column)
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
_WORDS = re.compile(r"[^\W\d_]+")


def stem_marks(marked: str | None, language: str | None, query: str | None) -> str | None:
    """FTS5's highlight of a quote, plus ``<mark>``s around the words that matched through
    their German or French stems (``text_stems``), which highlight() cannot see: "Olympic"
    marks "Olympischen" in a German quote. (SQL function ``presskb_stem_marks``.)"""
    if not marked or not query:
        return marked
    wanted = {stem for token in _TOKEN.finditer(query) if token.group(3)
              for stem in query_stems(token.group(3).lstrip("-").rstrip("*"))}
    if not wanted:
        return marked
    out, at = [], 0
    inside = False
    for m in re.finditer(r"<mark>|</mark>|[^\W\d_]+", marked):
        if m.group() in (MARK_OPEN, MARK_CLOSE):
            inside = m.group() == MARK_OPEN
            continue
        stem = word_stem(m.group(), language) if not inside else None
        # the index also Porter-stems the stems ("olympic" and "olymp" meet as "olymp"):
        # a stem that begins the other's counts
        if stem and len(stem) >= 4 and any(w.startswith(stem) or stem.startswith(w) for w in wanted):
            out += [marked[at:m.start()], MARK_OPEN, m.group(), MARK_CLOSE]
            at = m.end()
    return "".join(out) + marked[at:] if out else marked


def marked_html(value: str | None):
    """A snippet or highlight from FTS5 with ``<mark>`` around the hits: escaped, with
    only those marks kept as HTML."""
    from markupsafe import Markup, escape

    text = str(escape(value or ""))
    return Markup(text.replace("&lt;mark&gt;", MARK_OPEN).replace("&lt;/mark&gt;", MARK_CLOSE))
