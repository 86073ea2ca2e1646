"""presskb's pages under any database file name.

``datasette-metadata.yml`` describes the knowledge base under the key ``kb`` (the
name of ``kb.sqlite``). Datasette names a database after its file, so
``presskb serve --db other.sqlite`` serves a database called ``other``: this module
finds the databases that are presskb knowledge bases (they have ``articles`` and
``quotes`` tables) and gives each the ``kb`` block of the metadata (tables, facets,
canned queries), the plugin's pages and templates, whatever it is called.
"""
from __future__ import annotations

import copy
import json
import sqlite3
import weakref
from urllib.parse import quote

from datasette.utils import to_css_class

METADATA_KEY = "kb"  # the database's key in datasette-metadata.yml
# Template names Datasette asks for -> presskb's template, for a KB called {db}.
TEMPLATES = {
    "query-{db}-quote_search.html": "presskb-quote_search.html",
    "row-{db}-entities.html": "presskb-entity.html",
    "row-{db}-articles.html": "presskb-article.html",
    "query-{db}.html": "presskb-query.html",
}

_kb_names: "weakref.WeakKeyDictionary[object, dict[str, bool]]" = weakref.WeakKeyDictionary()


def _looks_like_kb(database) -> bool:
    if database.is_memory or not database.path:
        return False
    try:
        conn = sqlite3.connect(f"file:{quote(str(database.path))}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return {"articles", "quotes"} <= names


def is_kb(datasette, name: str | None) -> bool:
    """Whether the database ``name`` is a presskb knowledge base (cached per name)."""
    if not name or name.startswith("_"):
        return False
    known = _kb_names.setdefault(datasette, {})
    if name not in known:
        database = datasette.databases.get(name)
        known[name] = database is not None and (name == METADATA_KEY or _looks_like_kb(database))
    return known[name]


def kb_names(datasette) -> list[str]:
    return [name for name in list(datasette.databases) if is_kb(datasette, name)]


def first_kb(datasette) -> str | None:
    names = kb_names(datasette)
    return METADATA_KEY if METADATA_KEY in names else (names[0] if names else None)


def metadata_for(datasette) -> dict:
    """The ``kb`` block of the metadata under the name of every other KB served, its
    ``/kb/`` links pointed at that database."""
    local = getattr(datasette, "_metadata_local", None) or {}
    block = (local.get("databases") or {}).get(METADATA_KEY)
    if not block:
        return {}
    databases = {}
    for name in kb_names(datasette):
        if name == METADATA_KEY or name in (local.get("databases") or {}):
            continue
        text = json.dumps(block).replace(f"/{METADATA_KEY}/", f"/{quote(name)}/")
        databases[name] = copy.deepcopy(json.loads(text))
    return {"databases": databases} if databases else {}


def template_for(datasette, name: str) -> str | None:
    """presskb's template for the template name Datasette looks up, if one is ours."""
    for pattern, ours in TEMPLATES.items():
        prefix, suffix = pattern.split("{db}")
        if name.startswith(prefix) and name.endswith(suffix):
            wanted = name[len(prefix): len(name) - len(suffix)]
            if any(to_css_class(db) == wanted for db in kb_names(datasette)):
                return ours
    return None
