"""Facets and filters a researcher expects on articles and quotes, beyond Datasette's
column facets: publication month, source (by name) and entity.

- ``month``: articles by ``substr(published, 1, 7)``; quotes by their article's
  month. Filter: ``?_month=2025-06``.
- ``source``: quotes by their article's source, shown by its title. Filter:
  ``?_source=ioc_news``. (Articles facet on their ``source`` column, which shows the
  source's title as the label.)
- ``entity``: articles by the canonical entities they mention (one count per
  article); quotes by the entities mentioned inside the quoted words. Filter:
  ``?_entity=ID``.

In ``datasette-metadata.yml``: ``facets: [{month: published}, {entity: mentions}]``
(the config value is only a label for the facet). ``counted`` is Datasette's column
facet with the cache below: ``{counted: speaker_entity_id}``.

Counts of a whole table (the page a reader lands on, no filter) are cached per
database file: computed once with no time limit, kept until the file or its WAL
changes (a crawl wrote), and warmed when Datasette starts, so a table page at a
million quotes does not count them again on every view. A filtered page counts live
under Datasette's ``facet_time_limit_ms``; a facet that runs out is listed as timed
out. (``bench/kb_bench.py`` measures both.)
"""
from __future__ import annotations

import asyncio
import os

from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet, Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

MONTH_PARAM, SOURCE_PARAM, ENTITY_PARAM = "_month", "_source", "_entity"


def month_bounds(month: str) -> tuple[str, str] | None:
    """``'2025-06'`` -> ``('2025-06', '2025-07')``, string bounds of ISO timestamps."""
    try:
        year, mon = (int(part) for part in month.split("-"))
    except ValueError:
        return None
    if not (1 <= mon <= 12 and 1000 <= year <= 9999):
        return None
    following = f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"
    return f"{year:04d}-{mon:02d}", following


FACET_SQL = {
    ("month", "articles"): """
        select substr(t.published, 1, 7) as value, substr(t.published, 1, 7) as label, count(*) as count
        from ({sql}) t where t.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
        group by value order by value desc limit {limit}""",
    ("month", "quotes"): """
        select substr(a.published, 1, 7) as value, substr(a.published, 1, 7) as label, count(*) as count
        from ({sql}) t join articles a on a.id = t.article_id
        where a.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
        group by value order by value desc limit {limit}""",
    ("source", "quotes"): """
        select a.source as value, coalesce(s.title, a.source) as label, count(*) as count
        from ({sql}) t join articles a on a.id = t.article_id left join sources s on s.name = a.source
        group by a.source order by count desc, label limit {limit}""",
    ("entity", "articles"): """
        select m.entity_id as value, e.canonical || ' (' || e.type || ')' as label,
               count(distinct t.id) as count
        from ({sql}) t join mentions m on m.article_id = t.id join entities e on e.id = m.entity_id
        group by m.entity_id order by count desc, label limit {limit}""",
    ("entity", "quotes"): """
        select m.entity_id as value, e.canonical || ' (' || e.type || ')' as label,
               count(distinct t.id) as count
        from ({sql}) t join mentions m on m.article_id = t.article_id
             and m.start >= t.start and m."end" <= t."end"
        join entities e on e.id = m.entity_id
        group by m.entity_id order by count desc, label limit {limit}""",
}

PARAMS = {"month": MONTH_PARAM, "source": SOURCE_PARAM, "entity": ENTITY_PARAM}


WARM_ENV = "PRESSKB_WARM_FACETS"  # set by ``presskb serve``: warm the cache at start


def _file_state(datasette, database: str):
    """What changes whenever the database file is written: size and mtime of the file
    and of its WAL. ``None`` for a database without a file (memory)."""
    path = datasette.get_database(database).path
    if not path:
        return None
    state = []
    for name in (path, path + "-wal"):
        try:
            st = os.stat(name)
            state.append((st.st_size, st.st_mtime_ns))
        except OSError:
            state.append(None)
    return tuple(state)


def is_whole_table(sql: str, params) -> bool:
    """Whether a table page's SQL selects the whole table (no filter of any kind)."""
    return not params and " where " not in sql.lower()


async def facet_execute(datasette, database: str, sql: str, params, whole_table: bool):
    """A facet query: from the cache (computed once, no time limit) for a whole table,
    else live under ``facet_time_limit_ms`` (raises QueryInterrupted when it runs out)."""
    state = _file_state(datasette, database) if whole_table else None
    if state is None:
        return await datasette.execute(database, sql, params, truncate=False,
                                       custom_time_limit=datasette.setting("facet_time_limit_ms"))
    cache = datasette.__dict__.setdefault("_presskb_facet_cache", {})
    entry = cache.get(database)
    if entry is None or entry[0] != state:
        entry = cache[database] = (state, {})
    key = (sql, tuple(sorted((params or {}).items())))
    if key not in entry[1]:
        # One computation per query, however many readers wait for it; no time limit
        # (Datasette's execute can only lower its limit), in Datasette's read threads.
        entry[1][key] = asyncio.ensure_future(_count_once(datasette, database, sql, params))
    try:
        return await asyncio.shield(entry[1][key])
    except Exception:
        entry[1].pop(key, None)  # not kept: the next reader tries again
        raise


async def _count_once(datasette, database: str, sql: str, params):
    def run(conn):
        cursor = conn.execute(sql, params or {})
        return Results(cursor.fetchall(), False, cursor.description)

    return await datasette.get_database(database).execute_fn(run)


class _CachingDatasette:
    """The Datasette object as a column facet sees it: ``execute`` goes through the
    facet cache; everything else is Datasette's."""

    def __init__(self, datasette, whole_table: bool):
        self._datasette, self._whole_table = datasette, whole_table

    def __getattr__(self, name):
        return getattr(self._datasette, name)

    async def execute(self, database, sql, params=None, truncate=False, custom_time_limit=None, **kw):
        return await facet_execute(self._datasette, database, sql, params, self._whole_table)


class CountedColumnFacet(ColumnFacet):
    """Datasette's column facet (same results, same filters), its whole-table counts
    cached. Configured as ``{counted: column}``."""

    type = "counted"

    async def suggest(self):
        return []

    async def facet_results(self):
        real = self.ds
        self.ds = _CachingDatasette(real, is_whole_table(self.sql, self.params))
        try:
            return await super().facet_results()
        finally:
            self.ds = real


class _PresskbFacet(Facet):
    type = None

    async def facet_results(self):
        results, timed_out = [], []
        template = FACET_SQL.get((self.type, self.table))
        if template is None:
            return results, timed_out
        param = PARAMS[self.type]
        chosen = self.request.args.getlist(param)
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            try:
                rows = await facet_execute(self.ds, self.database, template.format(sql=self.sql, limit=size + 1),
                                           self.params, is_whole_table(self.sql, self.params))
            except QueryInterrupted:
                timed_out.append(self.type)
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = value in chosen
                path = (path_with_removed_args(self.request, {param: value}) if selected
                        else path_with_added_args(self.request, {param: value}))
                values.append({"value": value, "label": row["label"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                               "selected": selected})
            results.append({
                "name": self.type, "type": self.type, "results": values,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": None})),
                "truncated": len(rows.rows) > size,
            })
        return results, timed_out


class MonthFacet(_PresskbFacet):
    type = "month"


class SourceFacet(_PresskbFacet):
    type = "source"


class EntityFacet(_PresskbFacet):
    type = "entity"


FACET_CLASSES = [MonthFacet, SourceFacet, EntityFacet, CountedColumnFacet]


async def warm(datasette, database: str, client_paths: list[str]) -> None:
    """Ask for the table pages once, so that their whole-table facet counts are cached
    before a reader comes (run in the background at start)."""
    for path in client_paths:
        try:
            await datasette.client.get(path)
        except Exception:  # noqa: BLE001 - a warm-up must never take Datasette down
            pass


def filters_for(request, table: str) -> FilterArguments | None:
    """The ``_month``, ``_source`` and ``_entity`` filters on articles and quotes."""
    if table not in ("articles", "quotes"):
        return None
    where, params, human = [], {}, []
    for n, month in enumerate(request.args.getlist(MONTH_PARAM)):
        bounds = month_bounds(month)
        if bounds is None:
            where.append("0")
            human.append(f"published in {month!r} (not a YYYY-MM month)")
            continue
        params[f"pk_m{n}a"], params[f"pk_m{n}b"] = bounds
        clause = f"published >= :pk_m{n}a and published < :pk_m{n}b"
        where.append(clause if table == "articles"
                     else f"article_id in (select id from articles where {clause})")
        human.append(f"published in {month}")
    for n, source in enumerate(request.args.getlist(SOURCE_PARAM)):
        params[f"pk_s{n}"] = source
        where.append(f"source = :pk_s{n}" if table == "articles"
                     else f"article_id in (select id from articles where source = :pk_s{n})")
        human.append(f"source is {source}")
    for n, entity in enumerate(request.args.getlist(ENTITY_PARAM)):
        params[f"pk_e{n}"] = entity
        if table == "articles":
            where.append(f"id in (select article_id from mentions where entity_id = :pk_e{n})")
            human.append(f"mentions entity {entity}")
        else:
            where.append(
                f"exists (select 1 from mentions m where m.article_id = quotes.article_id"
                f" and m.entity_id = :pk_e{n} and m.start >= quotes.start and m.\"end\" <= quotes.\"end\")")
            human.append(f"mentions entity {entity} in the quote")
    if not where:
        return None
    return FilterArguments(where, params, human)
