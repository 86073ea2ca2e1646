"""Charts as plain inline SVG (no JavaScript, nothing fetched): articles and quotes per
month by source, quotes per speaker and per organisation, the crawl's health per run,
articles per source by language. (datasette-dashboards was checked: it renders on
Datasette 0.65, but fetches each chart's SQL from the browser through ``/<db>.json?sql=``,
which needs execute-sql — a published instance without arbitrary SQL would show no
charts — and its configuration names the database, where presskb's pages work under any
file name.) Each query is bounded and runs under Datasette's SQL time limit; one that
runs out leaves its chart out with a note."""
from __future__ import annotations

from datasette.database import QueryInterrupted
from markupsafe import Markup, escape

MONTHS = 24
TOP = 15
RUNS = 14
PALETTE = ["#4a7fc1", "#e0803a", "#5aa05a", "#c45a5a", "#8c6bb1", "#c2a03a", "#3aa6a6", "#a0a0a0"]

CHARTS = [
    ("articles-per-month", "Articles per month, by source", "stacked", """
        select substr(a.published, 1, 7) as x, coalesce(s.title, a.source) as series, count(*) as n
        from articles a left join sources s on s.name = a.source
        where a.published >= (select substr(date(max(published), '-{months} months'), 1, 7) from articles)
          and a.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
        group by x, series order by x"""),
    ("quotes-per-month", "Quotes per month, by source", "stacked", """
        select substr(a.published, 1, 7) as x, coalesce(s.title, a.source) as series, count(*) as n
        from quotes q join articles a on a.id = q.article_id left join sources s on s.name = a.source
        where a.published >= (select substr(date(max(published), '-{months} months'), 1, 7) from articles)
          and a.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
        group by x, series order by x"""),
    ("quotes-per-speaker", "Most quoted people", "bars", """
        select speaker as x, null as series, count(*) as n from quotes where speaker is not null
        group by speaker order by n desc, speaker limit {top}"""),
    ("quotes-per-organisation", "Quotes per organisation", "bars", """
        select organisation as x, null as series, count(*) as n from quotes where organisation is not null
        group by organisation order by n desc, organisation limit {top}"""),
    ("crawl-health", "Crawl health: new articles and failed fetches per run (last {runs} runs)", "stacked", """
        with recent as (select id, started, counts from runs
                        where json_valid(counts) order by id desc limit {runs})
        select substr(r.started, 1, 16) as x, o.series, sum(coalesce(json_extract(c.value, o.path), 0)) as n
        from recent r, json_each(r.counts) c,
             (select 'new articles' as series, '$.new' as path
              union all select 'changed articles', '$.changed'
              union all select 'failed fetches', '$.failed') o
        where json_type(c.value) = 'object'
        group by r.id, o.series order by r.id"""),
    ("articles-per-source", "Articles per source, by language", "hstacked", """
        select coalesce(s.title, a.source) as x, coalesce(a.language, '?') as series, count(*) as n
        from articles a left join sources s on s.name = a.source
        group by x, series order by x"""),
]


def _series_colours(series: list[str]) -> dict[str, str]:
    return {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(series)}


def _legend(colours: dict[str, str]) -> Markup:
    items = Markup("").join(
        Markup('<li><span class="swatch" style="background:{}"></span>{}</li>').format(colour, name)
        for name, colour in colours.items())
    return Markup('<ul class="legend">{}</ul>').format(items)


def stacked_columns(rows: list[dict], width: int = 720, height: int = 220) -> Markup:
    """Vertical bars per x (months), stacked by series; hover titles give the counts."""
    xs = sorted({r["x"] for r in rows})
    series = sorted({r["series"] for r in rows}, key=lambda s: -sum(r["n"] for r in rows if r["series"] == s))
    colours = _series_colours(series)
    totals = {x: sum(r["n"] for r in rows if r["x"] == x) for x in xs}
    top = max(totals.values(), default=0) or 1
    left, bottom = 36, 40
    step = (width - left) / max(len(xs), 1)
    parts = [Markup('<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#999"/>').format(left, height - bottom, width)]
    parts.append(Markup('<text x="{}" y="12" class="axis">{}</text>').format(0, top))
    for i, x in enumerate(xs):
        y = height - bottom
        for name in series:
            n = sum(r["n"] for r in rows if r["x"] == x and r["series"] == name)
            if not n:
                continue
            h = (height - bottom - 16) * n / top
            y -= h
            parts.append(Markup(
                '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{} {}: {}</title></rect>'
            ).format(left + i * step + 1, y, max(step - 2, 1), h, colours[name], x, name, n))
        parts.append(Markup('<text x="{:.1f}" y="{}" class="axis" transform="rotate(45 {:.1f} {})">{}</text>').format(
            left + i * step + 2, height - bottom + 12, left + i * step + 2, height - bottom + 12, x))
    svg = Markup('<svg viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img">{2}</svg>').format(
        width, height, Markup("").join(parts))
    return svg + _legend(colours)


def horizontal_bars(rows: list[dict], width: int = 720, bar: int = 18) -> Markup:
    """One horizontal bar per x (stacked by series when there is one)."""
    xs = list(dict.fromkeys(r["x"] for r in rows))
    series = sorted({r["series"] for r in rows if r["series"] is not None})
    colours = _series_colours(series)
    totals = {x: sum(r["n"] for r in rows if r["x"] == x) for x in xs}
    top = max(totals.values(), default=0) or 1
    label_w = 230
    height = bar * len(xs) + 4
    parts = []
    for i, x in enumerate(xs):
        y = i * bar + 2
        parts.append(Markup('<text x="{}" y="{}" class="label" text-anchor="end">{}</text>').format(
            label_w - 6, y + bar - 5, (str(x)[:34] + "…") if len(str(x)) > 35 else x))
        at = label_w
        for r in (r for r in rows if r["x"] == x):
            w = (width - label_w - 50) * r["n"] / top
            colour = colours.get(r["series"], PALETTE[0])
            name = f"{x} ({r['series']})" if r["series"] is not None else x
            parts.append(Markup(
                '<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            ).format(at, y, max(w, 1), bar - 4, colour, name, r["n"]))
            at += w
        parts.append(Markup('<text x="{:.1f}" y="{}" class="axis">{}</text>').format(at + 4, y + bar - 5, totals[x]))
    svg = Markup('<svg viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img">{2}</svg>').format(
        width, height, Markup("").join(parts))
    return svg + (_legend(colours) if series else Markup(""))


async def charts(db, datasette=None, database: str | None = None) -> list[dict]:
    """The charts; given ``datasette`` and ``database``, their counts come from the
    whole-table cache of ``facets.py`` (computed once per change of the file)."""
    from .facets import facet_execute

    out = []
    for chart_id, title, kind, sql in CHARTS:
        entry = {"id": chart_id, "title": title.format(runs=RUNS), "svg": None, "timed_out": False}
        try:
            sql = sql.format(months=MONTHS, top=TOP, runs=RUNS)
            result = (await facet_execute(datasette, database, sql, {}, True) if datasette is not None
                      else await db.execute(sql))
            rows = [dict(r) for r in result.rows]
        except QueryInterrupted:
            entry["timed_out"] = True
            out.append(entry)
            continue
        if rows:
            entry["svg"] = stacked_columns(rows) if kind == "stacked" else horizontal_bars(rows)
        out.append(entry)
    return out


def escape_text(value) -> Markup:
    return escape(value)
