"""What the entity page shows about one entity, read from kb.sqlite.

Every query is bounded by a LIMIT (and by Datasette's SQL time limit); a query
that runs out of time leaves its section empty with a note instead of failing
the page.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from datasette.database import QueryInterrupted

# The latest articles the co-mention, quote and date sections look at.
RECENT_ARTICLES = 500
MONTHS = 36
CO_MENTIONED = 15
LATEST_ARTICLES = 20
QUOTES = 25
DATES = 40
ALIAS_ROWS = 200
CONTEXT_CHARS = 120

# Here and below, ``indexed by``: the date and language come from the covering index of
# m013, not from the article rows with their long texts, so an entity named in most
# articles costs index reads.
ALIASES_SEEN_SQL = """
select m.text as alias, a.language, count(*) as n
from mentions m join articles a indexed by articles_id_published_language on a.id = m.article_id
where m.entity_id = :id
group by m.text, a.language
order by n desc
limit :limit
"""

MENTIONS_PER_MONTH_SQL = """
select coalesce(substr(a.published, 1, 7), 'undated') as month,
       count(*) as mentions, count(distinct a.id) as articles
from mentions m join articles a indexed by articles_id_published_language on a.id = m.article_id
where m.entity_id = :id
group by month
order by month desc
limit :limit
"""

# The latest articles mentioning the entity: the page lists the first few, and
# the co-mention, quote and date sections look only at these articles, so an
# entity named in every article still costs bounded joins.
RECENT_ARTICLES_SQL = """
with recent as (
    select m.article_id as id, count(*) as mentions, a.published
    from mentions m join articles a indexed by articles_id_published_language on a.id = m.article_id
    where m.entity_id = :id
    group by m.article_id
    order by a.published desc
    limit :limit
)
select a.id, a.title, a.url, a.published, a.language,
       coalesce(s.title, a.source) as source, r.mentions
from recent r
join articles a on a.id = r.id
left join sources s on s.name = a.source
order by a.published desc
"""

CO_MENTIONED_SQL = """
select e.id, e.canonical, e.type, count(distinct m.article_id) as articles
from mentions m join entities e on e.id = m.entity_id
where m.article_id in (select value from json_each(:articles)) and m.entity_id != :id
group by e.id
order by articles desc, e.canonical
limit :limit
"""

# A person's own quotes; for an organisation, the quotes whose organisation is linked to
# it (quotes.organisation_entity_id), and quotes in its articles whose
# speaker's organisation names it as a whole word ("Services aux athlètes du
# CIO" names the IOC by its alias "CIO") or that the organisation itself speaks.
# Each branch of the union reads one index (speaker_entity_id, organisation_entity_id,
# article_id), so an entity quoted across a million quotes costs index lookups, not a scan.
QUOTES_SQL = """
select q.text, q.speaker, q.speaker_entity_id, q.role, q.organisation, q.language,
       a.title as article, a.url, a.published, coalesce(s.title, a.source) as source
from quotes q
join articles a on a.id = q.article_id
left join sources s on s.name = a.source
where q.rowid in (
    select rowid from quotes where speaker_entity_id = :id
    union
    select rowid from quotes where organisation_entity_id = :id
    union
    select q2.rowid from quotes q2
    where :is_org and q2.article_id in (select value from json_each(:articles)) and exists (
        select 1 from json_each(:names) n
        where instr(' ' || lower(q2.organisation) || ' ', ' ' || lower(n.value) || ' ') > 0
           or lower(q2.speaker) = lower(n.value)))
order by a.published desc, q.start
limit :limit
"""

# The text around each date (CONTEXT_CHARS each side), cut to its paragraph by date_context().
DATES_SQL = """
select d.first_day, d.value, d.text, d.granularity, d.start, d.end,
       max(0, d.start - :context) as snippet_start,
       substr(a.text, max(0, d.start - :context) + 1, d.end - max(0, d.start - :context) + :context) as snippet,
       a.title as article, a.url
from dates d join articles a on a.id = d.article_id
where d.article_id in (select value from json_each(:articles))
order by d.first_day desc, d.article_id, d.start
limit :limit
"""


@dataclass
class Section:
    """Rows of one section of the page; ``timed_out`` when its query ran too long."""

    rows: list[dict] = field(default_factory=list)
    timed_out: bool = False


@dataclass
class Alias:
    name: str
    languages: list[str]
    mentions: int


@dataclass
class EntityPage:
    aliases: Section
    months: Section
    co_mentioned: Section
    articles: Section
    quotes: Section | None
    dates: Section


async def _section(db, sql: str, params: dict) -> Section:
    try:
        results = await db.execute(sql, params)
    except QueryInterrupted:
        return Section(timed_out=True)
    return Section(rows=[dict(row) for row in results.rows])


def parse_json_list(value) -> list[str]:
    """The strings of a JSON list column; [] for anything else."""
    if not isinstance(value, str) or not value.startswith("["):
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [str(item) for item in items if item is not None]


def merge_aliases(known: list[str], seen: list[dict]) -> list[Alias]:
    """Known aliases plus surface forms seen in articles, with their languages.

    Seen forms come first, most mentioned first; known aliases never seen in
    an article follow with no language.
    """
    by_name: dict[str, Alias] = {}
    for row in seen:
        alias = by_name.setdefault(row["alias"], Alias(row["alias"], [], 0))
        if row["language"] and row["language"] not in alias.languages:
            alias.languages.append(row["language"])
        alias.mentions += row["n"]
    for name in known:
        by_name.setdefault(name, Alias(name, [], 0))
    for alias in by_name.values():
        alias.languages.sort()
    return sorted(by_name.values(), key=lambda a: (-a.mentions, a.name.lower()))


def with_bar_widths(rows: list[dict]) -> list[dict]:
    """Months oldest first, each with ``width``: its mentions as % of the busiest month."""
    busiest = max((row["mentions"] for row in rows), default=0)
    dated = sorted((r for r in rows if r["month"] != "undated"), key=lambda r: r["month"])
    undated = [r for r in rows if r["month"] == "undated"]
    return [
        {**row, "width": round(100 * row["mentions"] / busiest) if busiest else 0}
        for row in dated + undated
    ]


def date_context(row: dict) -> tuple[str, str, str]:
    """(text before, the date as written, text after), within the date's paragraph.

    ``row`` has the ``snippet`` of article text starting at offset ``snippet_start``
    and the date's ``start``/``end`` offsets in the article. A cut-off end is
    shown as "…".
    """
    snippet = row.get("snippet") or ""
    snippet_start = row.get("snippet_start") or 0
    at = max(0, min(len(snippet), (row.get("start") or 0) - snippet_start))
    end = max(at, min(len(snippet), (row.get("end") or 0) - snippet_start))
    before, after = snippet[:at], snippet[end:]
    paragraph_start = before.rfind("\n")
    if paragraph_start >= 0:
        before = before[paragraph_start + 1:]
    elif snippet_start > 0:
        before = "…" + before
    paragraph_end = after.find("\n")
    if paragraph_end >= 0:
        after = after[:paragraph_end]
    elif len(snippet) == end + CONTEXT_CHARS:
        after += "…"
    return before, snippet[at:end], after


async def entity_page(db, entity: dict) -> EntityPage:
    """All sections of the page of ``entity`` (a row of the entities table)."""
    entity_id = entity["id"]
    known = parse_json_list(entity.get("aliases"))
    # Independent queries run together: Datasette runs each in its own thread.
    seen, months, recent = await asyncio.gather(
        _section(db, ALIASES_SEEN_SQL, {"id": entity_id, "limit": ALIAS_ROWS}),
        _section(db, MENTIONS_PER_MONTH_SQL, {"id": entity_id, "limit": MONTHS}),
        _section(db, RECENT_ARTICLES_SQL, {"id": entity_id, "limit": RECENT_ARTICLES}),
    )
    aliases = Section(rows=merge_aliases(known, seen.rows), timed_out=seen.timed_out)
    months.rows = with_bar_widths(months.rows)
    articles = Section(rows=recent.rows[:LATEST_ARTICLES], timed_out=recent.timed_out)
    in_articles = {"id": entity_id, "articles": json.dumps([row["id"] for row in recent.rows])}
    names = sorted({entity.get("canonical") or "", *known} - {""})
    quotes_params = {**in_articles, "is_org": entity.get("type") == "ORG", "names": json.dumps(names), "limit": QUOTES}
    co_mentioned, dates, quotes = await asyncio.gather(
        _section(db, CO_MENTIONED_SQL, {**in_articles, "limit": CO_MENTIONED}),
        _section(db, DATES_SQL, {**in_articles, "context": CONTEXT_CHARS, "limit": DATES}),
        _section(db, QUOTES_SQL, quotes_params) if entity.get("type") in ("PER", "ORG") else _no_section(),
    )
    dates.rows = [{**row, "context": date_context(row)} for row in dates.rows]
    return EntityPage(aliases, months, co_mentioned, articles, quotes, dates)


async def _no_section() -> None:
    return None
