"""presskb's Datasette plugin: page templates and the queries behind them.

- the entity page (``row-kb-entities.html``): aliases, mentions per month,
  co-mentioned entities, latest articles, quotes and dates;
- the quote search page (``query-kb-quote_search.html``): one card per quote
  with its speaker, article and context, and links to the Atom feed and CSV
  of the same search;
- JSON list columns (authors, aliases, ...) shown as lists.
"""
from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components
from markupsafe import Markup, escape

from .entity_page import entity_page, parse_json_list
from .quote_page import FIELD_LABELS, form_choices, sentence_with_quote_marked, speaker_entity_ids

DATABASE = "kb"
ENTITY_TEMPLATE = f"row-{DATABASE}-entities.html"
QUOTE_SEARCH_TEMPLATE = f"query-{DATABASE}-quote_search.html"

# Columns that hold a JSON list of strings (see kb/migrations.py).
JSON_LIST_COLUMNS = {"authors", "aliases", "start_urls", "feeds", "sitemaps", "allowed_hosts", "redirects"}


def row_url(datasette, table: str, pk: str) -> str:
    return datasette.urls.row(DATABASE, table, tilde_encode(pk))


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if database != DATABASE or request is None:
        return {}
    if template == ENTITY_TEMPLATE:
        return _entity_vars(datasette, request)
    if template == QUOTE_SEARCH_TEMPLATE:
        return _quote_search_vars(datasette, request)
    return {}


async def _entity_vars(datasette, request) -> dict:
    db = datasette.get_database(DATABASE)
    (entity_id,) = urlsafe_components(request.url_vars["pks"])
    found = (await db.execute("select * from entities where id = :id", {"id": entity_id})).rows
    if not found:
        return {}
    entity = dict(found[0])
    return {
        "entity": entity,
        "page": await entity_page(db, entity),
        "row_url": lambda table, pk: row_url(datasette, table, pk),
    }


async def _quote_search_vars(datasette, request) -> dict:
    db = datasette.get_database(DATABASE)
    # The feed and the citations take the words only, not the other filters.
    words = urlencode({"q": request.args.get("q", "")})

    async def speaker_links(rows) -> dict[str, str]:
        ids = await speaker_entity_ids(db, [row["speaker"] for row in rows])
        return {speaker: row_url(datasette, "entities", entity_id) for speaker, entity_id in ids.items()}

    return {
        "feed_url": f"{datasette.urls.query(DATABASE, 'quotes_feed', format='atom')}?{words}",
        "citations_csv_url": f"{datasette.urls.query(DATABASE, 'quote_citations', format='csv')}?{words}",
        "field_labels": FIELD_LABELS,
        "choices": await form_choices(db),
        # Async: the template calls it with the rows it renders (Jinja awaits it).
        "speaker_links": speaker_links,
        "sentence_with_quote_marked": sentence_with_quote_marked,
    }


@hookimpl
def render_cell(value, column):
    if column not in JSON_LIST_COLUMNS:
        return None
    if value == "[]":
        return Markup("&nbsp;")
    items = parse_json_list(value)
    if not items:
        return None
    return Markup(", ").join(
        Markup('<a href="{0}">{0}</a>').format(item) if item.startswith(("http://", "https://")) else escape(item)
        for item in items
    )
