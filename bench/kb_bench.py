"""The published KB's pages at scale: what a reader's browser asks Datasette for, timed
through Datasette's own ASGI client with the project's metadata, plugin and the settings
``presskb serve`` passes (``presskb.cli.DATASETTE_SETTINGS``), on synthetic KBs of
growing size.

    python bench/kb_bench.py                                # 10k, 50k and 200k articles
    python bench/kb_bench.py --sizes 10000 --runs 5         # a quick look
    python bench/kb_bench.py --sizes 200000 --dir /tmp/kbs --keep   # reuse built files

Each KB is built by ``bench/search_bench.py``'s generator (real schema through
``kb.open_db``, bulk-loaded, FTS5 rebuilt once; EN and DE text over a Zipf vocabulary,
about 20,000 speakers; ``--quotes-per-article`` quotes per article), then given entities
(the speakers, 400 organisations, 300 places), the quotes' ``speaker_entity_id`` and
``--mentions-per-article`` Zipf-weighted mentions per article, and ``analyze``d.

Pages (HTML unless marked JSON): the articles table with its facets (source, language,
month, entity), the quotes table with its facets, a month facet on quotes, quote search
for a common word, a rare word and with no words (HTML and JSON), the page of the most
mentioned organisation, the charts page and an article page. Each is asked for ``--runs``
times after one warm-up; median and p95 in ms, with non-200 answers and facets that
timed out counted. Figures are printed, never asserted. Goals (issue 13): JSON p95 <
100 ms and HTML p95 < 300 ms at 200,000 articles.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import kb  # noqa: E402
import search_bench  # noqa: E402
from presskb.cli import DATASETTE_SETTINGS, METADATA  # noqa: E402

ORG_WORDS = ("Olympic Sports Cloud Energy Federation Committee Union Bank Motors Media Airlines Foods "
             "Athletics Skating Ski Football Games Foundation Systems Network").split()
PLACES = ("Milan Cortina Paris Lausanne Brisbane Dakar Tokyo Beijing Sapporo Oslo Munich Lyon Zurich Rome "
          "Sydney Seoul Nairobi Lima Quebec Vienna").split()


def p95(values: list[float]) -> float:
    return search_bench.p95(values)


def add_entities(path: Path, mentions_per_article: int, seed: int = 17) -> dict:
    """Entities (speakers, organisations, places), speaker links and mentions, bulk-loaded."""
    rng = random.Random(seed)
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=off")
    speakers = [r[0] for r in conn.execute("select distinct speaker from quotes where speaker is not null")]
    orgs = sorted({r[0] for r in conn.execute("select distinct organisation from quotes where organisation is not null")})
    orgs += [f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {n}" for n in range(400 - len(orgs))]
    places = [f"{rng.choice(PLACES)} {n}" if n >= len(PLACES) else PLACES[n] for n in range(300)]

    def eid(kind: str, name: str) -> str:
        return f"{kind.lower()}:" + hashlib.sha1(name.encode()).hexdigest()[:12]

    entities = ([(eid("PER", s), s, "PER") for s in speakers] + [(eid("ORG", o), o, "ORG") for o in orgs]
                + [(eid("LOC", p), p, "LOC") for p in places])
    with conn:
        conn.executemany("insert or ignore into entities (id, canonical, type, aliases, origin, confirmed)"
                         " values (?, ?, ?, json_array(?), 'model', 1)", [(i, c, t, c) for i, c, t in entities])
        conn.execute("create temp table speaker_ids (name text primary key, id text)")
        conn.executemany("insert into speaker_ids values (?, ?)", [(c, i) for i, c, t in entities if t == "PER"])
        conn.execute("update quotes set speaker_entity_id = (select id from speaker_ids where name = quotes.speaker)")
        # Mentions: organisations and places Zipf-weighted (a few very frequent), plus the
        # article's quoted speakers.
        pool = [e for e in entities if e[2] != "PER"]
        rng.shuffle(pool)
        cum = list(__import__("itertools").accumulate(1 / (r + 1) for r in range(len(pool))))
        speakers_of = {}
        for article_id, speaker in conn.execute("select article_id, speaker from quotes where speaker is not null"):
            speakers_of.setdefault(article_id, set()).add(speaker)

        def mentions():
            for article_id, length in conn.execute("select id, length(text) from articles").fetchall():
                picked = {e[0]: e for e in rng.choices(pool, cum_weights=cum, k=mentions_per_article)}
                picked.update({eid("PER", s): (eid("PER", s), s, "PER") for s in speakers_of.get(article_id, ())})
                for entity_id, name, label in picked.values():
                    start = rng.randrange(max(length - len(name), 1))
                    yield (article_id, entity_id, name, label, start, start + len(name), "model", 0.9)

        conn.executemany("insert into mentions (article_id, entity_id, text, label, start, [end], method,"
                         " confidence) values (?, ?, ?, ?, ?, ?, ?, ?)", mentions())
    conn.execute("analyze")
    counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("entities", "mentions")}
    conn.close()
    return {"entities_s": time.perf_counter() - started, **counts}


async def pages(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    article_id = conn.execute("select id from articles order by rowid limit 1 offset 7").fetchone()[0]
    org = conn.execute("""select entity_id from mentions where label = 'ORG' group by entity_id
                          order by count(*) desc limit 1""").fetchone()[0]
    month = conn.execute("select substr(max(published), 1, 7) from articles").fetchone()[0]
    conn.close()
    from datasette.utils import tilde_encode
    return [
        ("articles + facets", "/kb/articles"),
        ("articles month filter", f"/kb/articles?_month={month}"),
        ("quotes + facets", "/kb/quotes"),
        ("quotes month facet", "/kb/quotes?_facet_month=article_id&_facet_source=article"),
        ("quote search: common", "/kb/quote_search?q=olympic"),
        ("quote search: rare", "/kb/quote_search?q=brisbane"),
        ("quote search: none", "/kb/quote_search"),
        ("JSON search: common", "/kb/quote_search.json?q=olympic&_shape=objects"),
        ("JSON search: none", "/kb/quote_search.json?_shape=objects"),
        ("entity (top org)", f"/kb/entities/{tilde_encode(org)}"),
        ("charts", "/kb/-/charts"),
        ("article page", f"/kb/articles/{tilde_encode(article_id)}"),
    ]


async def time_pages(path: Path, runs: int) -> list[dict]:
    from datasette.app import Datasette

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    datasette = Datasette([str(path)], metadata=metadata, settings=DATASETTE_SETTINGS)
    await datasette.invoke_startup()
    out = []
    for name, url in await pages(path):
        times, failed, timed_out = [], 0, 0
        for n in range(runs + 1):
            started = time.perf_counter()
            response = await datasette.client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if n == 0:
                continue  # warm-up
            times.append(elapsed)
            failed += response.status_code != 200
            timed_out += "timed out" in response.text
        out.append({"page": name, "url": url, "median": statistics.median(times), "p95": p95(times),
                    "failed": failed, "timed_out": timed_out})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,200000", help="articles per KB, comma-separated")
    parser.add_argument("--quotes-per-article", type=float, default=5.0)
    parser.add_argument("--mentions-per-article", type=int, default=8)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--dir", type=Path, help="build the KBs here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="reuse KBs already in --dir; keep them afterwards")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    tmp = None
    folder = args.dir
    if folder is None:
        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in sizes:
        path = folder / f"kb-{size}" / "kb.sqlite"  # served as /kb/
        n_quotes = int(size * args.quotes_per_article)
        if path.exists() and not args.keep:
            sys.exit(f"{path} exists; pass --keep to reuse it")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            print(f"building {size:,} articles, {n_quotes:,} quotes ...", flush=True)
            stats = search_bench.build(path, size, n_quotes)
            extra = add_entities(path, args.mentions_per_article)
            print(f"  insert {stats['insert_s']:.1f} s ({stats['rows_per_s']:,.0f} rows/s), FTS5 rebuild "
                  f"{stats['fts_rebuild_s']:.1f} s, entities + mentions {extra['entities_s']:.1f} s "
                  f"({extra['entities']:,} entities, {extra['mentions']:,} mentions)", flush=True)
        kb.open_db(path).close()  # migrations a kept file may lack (indexes)
        print(f"  file {path.stat().st_size / 2**20:,.0f} MiB; timing pages ...", flush=True)
        results[size] = asyncio.run(time_pages(path, args.runs))

    print(f"\nDatasette pages through the ASGI client (ms; {args.runs} runs after a warm-up; "
          f"settings {DATASETTE_SETTINGS}; sqlite {sqlite3.sqlite_version})")
    header = f"{'page':24}" + "".join(f" | {f'{s // 1000}k med':>9} {'p95':>7}" for s in sizes) + " | notes"
    print(header)
    print("-" * len(header))
    for i, first in enumerate(results[sizes[0]]):
        cells, notes = "", []
        for size in sizes:
            row = results[size][i]
            cells += f" | {row['median']:>9.0f} {row['p95']:>7.0f}"
            if row["failed"]:
                notes.append(f"{size // 1000}k: {row['failed']} non-200")
            if row["timed_out"]:
                notes.append(f"{size // 1000}k: 'timed out' on {row['timed_out']}")
        print(f"{first['page']:24}{cells} | {'; '.join(notes)}")
    print(f"\nreproduce: python bench/kb_bench.py --sizes {args.sizes} --runs {args.runs} "
          f"--quotes-per-article {args.quotes_per_article:g} --mentions-per-article {args.mentions_per_article}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
