"""presskb's Datasette plugin: page templates and the queries behind them.

- the entity page (``presskb-entity.html``): aliases, mentions per month,
  co-mentioned entities, latest articles, quotes and dates;
- the quote search page (``presskb-quote_search.html``): one card per quote
  with its speaker (linked to their entity), the stored article and the source
  URL, the matched words highlighted, and links to the Atom feed and CSV of the
  same search;
- the article page (``presskb-article.html``): titled by the article, with a link
  to its edit history (``/<db>/-/history/<id>``: versions and word diffs);
- charts (``/<db>/-/charts``): inline SVG, no JavaScript;
- ``presskb_fts(q)``: what a reader types (words, ``olymp*``, ``OR``, phrases,
  ``-word``) as a safe FTS5 query, for the canned queries;
- month, source and entity facets and filters on articles and quotes;
- JSON list columns (authors, aliases, ...) shown as lists, FTS5 snippets with
  their ``<mark>``s kept.

Everything works whatever the database file is called (see ``kbname``): the
``kb`` block of ``datasette-metadata.yml`` applies to every presskb database, and
``/-/kb/<path>`` redirects to ``/<that database>/<path>``.
"""
from __future__ import annotations

from urllib.parse import quote as url_quote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components
from datasette.utils.asgi import NotFound, Response
from jinja2 import BaseLoader, TemplateNotFound
from markupsafe import Markup, escape

from . import kbname
from .charts import charts
from .entity_page import entity_page, parse_json_list
from .facets import FACET_CLASSES, WARM_ENV, filters_for, warm
from .history import history
from .quote_page import FIELD_LABELS, form_choices, sentence_with_quote_marked, speaker_entity_ids
from .search import fts_query, marked_html, stem_marks

# Columns that hold a JSON list of strings (see kb/migrations.py).
JSON_LIST_COLUMNS = {"authors", "aliases", "start_urls", "feeds", "sitemaps", "allowed_hosts", "redirects"}
# Columns of canned queries that hold FTS5 snippet() or highlight() output.
MARKED_COLUMNS = {"snippet", "quote_marked", "title_marked", "title"}
# Canned-query columns holding an article id, shown as a link to its page or history.
ARTICLE_LINK_COLUMNS = {"stored_article": "stored text", "edit_history": "edit history"}


def row_url(datasette, database: str, table: str, pk: str) -> str:
    return datasette.urls.row(database, table, tilde_encode(pk))


@hookimpl
def get_metadata(datasette, key, database, table):
    return kbname.metadata_for(datasette)


@hookimpl
def prepare_connection(conn):
    conn.create_function("presskb_fts", 1, fts_query, deterministic=True)
    # the same for quotes_fts, whose text_stems column also matches German and French stems
    conn.create_function("presskb_fts_quotes", 1, lambda q: fts_query(q, "text_stems"), deterministic=True)
    conn.create_function("presskb_stem_marks", 3, stem_marks, deterministic=True)


@hookimpl
def startup(datasette):
    """Under ``presskb serve``: count each presskb table's facets once in the
    background, so that the first reader does not wait for them."""
    import asyncio
    import os

    if not os.environ.get(WARM_ENV):
        return None

    async def inner():
        for name in list(datasette.databases):
            if kbname.is_kb(datasette, name):
                base = datasette.urls.table(name, "articles").rsplit("/", 1)[0]
                datasette._presskb_warm = asyncio.get_running_loop().create_task(
                    warm(datasette, name, [f"{base}/articles", f"{base}/quotes", f"{base}/-/charts"]))

    return inner


@hookimpl
def register_facet_classes():
    return FACET_CLASSES


@hookimpl
def filters_from_request(request, database, table, datasette):
    if not kbname.is_kb(datasette, database):
        return None
    return filters_for(request, table)


class _AliasLoader(BaseLoader):
    """Datasette's per-database template names (``query-<db>-quote_search.html``) ->
    presskb's templates, for every presskb database whatever its name."""

    def __init__(self, datasette, fallback):
        self.datasette, self.fallback = datasette, fallback

    def get_source(self, environment, template):
        ours = kbname.template_for(self.datasette, template)
        if ours is None:
            raise TemplateNotFound(template)
        return self.fallback.get_source(environment, ours)

    def list_templates(self):
        return []  # aliases only; the templates themselves are listed by the fallback


@hookimpl
def prepare_jinja2_environment(env, datasette):
    from jinja2 import ChoiceLoader

    env.loader = ChoiceLoader([_AliasLoader(datasette, env.loader), env.loader])
    env.filters["marked"] = marked_html


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if request is None or not kbname.is_kb(datasette, database):
        return {}
    ours = kbname.template_for(datasette, template)
    if ours == "presskb-entity.html":
        return _entity_vars(datasette, database, request)
    if ours == "presskb-quote_search.html":
        return _quote_search_vars(datasette, database, request)
    if ours == "presskb-article.html":
        return _article_vars(datasette, database, request)
    return {}


async def _entity_vars(datasette, database, request) -> dict:
    db = datasette.get_database(database)
    (entity_id,) = urlsafe_components(request.url_vars["pks"])
    found = (await db.execute("select * from entities where id = :id", {"id": entity_id})).rows
    if not found:
        return {}
    entity = dict(found[0])
    return {
        "entity": entity,
        "page": await entity_page(db, entity),
        "row_url": lambda table, pk: row_url(datasette, database, table, pk),
    }


async def _article_vars(datasette, database, request) -> dict:
    db = datasette.get_database(database)
    (article_id,) = urlsafe_components(request.url_vars["pks"])
    rows = (await db.execute(
        "select a.id, a.title, a.url, a.published, a.language, a.text, coalesce(s.title, a.source) as source_title,"
        " (select count(*) from article_versions v where v.article_id = a.id) as versions"
        " from articles a left join sources s on s.name = a.source where a.id = :id", {"id": article_id})).rows
    if not rows:
        return {}
    return {"article": dict(rows[0]), "history_url": history_url(datasette, database, article_id)}


def history_url(datasette, database: str, article_id: str) -> str:
    return datasette.urls.database(database) + "/-/history/" + url_quote(article_id, safe="")


async def _quote_search_vars(datasette, database, request) -> dict:
    db = datasette.get_database(database)
    # The feed and the citations take the words only, not the other filters.
    words = urlencode({"q": request.args.get("q", "")})

    async def speaker_links(rows) -> dict[str, str]:
        ids = await speaker_entity_ids(db, [row["speaker"] for row in rows])
        return {speaker: row_url(datasette, database, "entities", entity_id) for speaker, entity_id in ids.items()}

    return {
        "feed_url": f"{datasette.urls.query(database, 'quotes_feed', format='atom')}?{words}",
        "citations_csv_url": f"{datasette.urls.query(database, 'quote_citations', format='csv')}?{words}",
        "field_labels": FIELD_LABELS,
        "choices": await form_choices(db, datasette, database),
        # Async: the template calls it with the rows it renders (Jinja awaits it).
        "speaker_links": speaker_links,
        "sentence_with_quote_marked": sentence_with_quote_marked,
        "article_url": lambda article_id: row_url(datasette, database, "articles", article_id),
    }


async def _history_page(datasette, request):
    database, article_id = request.url_vars["database"], request.url_vars["article_id"]
    if not kbname.is_kb(datasette, database):
        raise NotFound("Not a presskb database")
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "article_versions")), ("view-database", database), "view-instance"])
    found = await history(datasette.get_database(database), article_id)
    if found is None:
        raise NotFound("No such article")
    return Response.html(await datasette.render_template("presskb-history.html", {
        "database": database, "article_id": article_id,
        "article_url": row_url(datasette, database, "articles", article_id), **found,
    }, request=request))


async def _charts_page(datasette, request):
    database = request.url_vars["database"]
    if not kbname.is_kb(datasette, database):
        raise NotFound("Not a presskb database")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    return Response.html(await datasette.render_template("presskb-charts.html", {
        "database": database, "charts": await charts(datasette.get_database(database), datasette, database),
    }, request=request))


async def _to_kb(datasette, request):
    """``/-/kb/<path>`` -> ``/<the presskb database>/<path>``: links that work
    whatever the file is called."""
    name = kbname.first_kb(datasette)
    if name is None:
        raise NotFound("No presskb database is served")
    path = request.url_vars["path"]
    target = datasette.urls.database(name) + (f"/{path}" if path else "")
    if request.query_string:
        target += f"?{request.query_string}"
    return Response.redirect(target)


@hookimpl
def register_routes():
    return [
        (r"^/-/kb/?(?P<path>.*)$", _to_kb),
        (r"^/(?P<database>[^/]+)/-/history/(?P<article_id>[^/]+)$", _history_page),
        (r"^/(?P<database>[^/]+)/-/charts$", _charts_page),
    ]


@hookimpl
def render_cell(value, column, table, database, datasette):
    if column in MARKED_COLUMNS and isinstance(value, str) and table is None:
        return marked_html(value)
    if column in ARTICLE_LINK_COLUMNS and isinstance(value, str) and table is None:
        href = (history_url(datasette, database, value) if column == "edit_history"
                else row_url(datasette, database, "articles", value))
        return Markup('<a href="{}">{}</a>').format(href, ARTICLE_LINK_COLUMNS[column])
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
