"""Quote search at a million quotes: the ``quote_search`` canned query (FTS5 first,
ranked by bm25, presskb_fts syntax) beside a plain LIKE scan over the same rows, in the
same run, on a synthetic KB with the real schema (kb migrations).

    python bench/search_bench.py                       # 1,000,000 quotes, 200,000 articles
    python bench/search_bench.py --quotes 100000 --articles 20000 --runs 20
    python bench/search_bench.py --db /tmp/kb-1m.sqlite --keep   # reuse the built file next time

The KB is built with ``kb.open_db`` (every migration), then filled by ``executemany``
in one transaction with the full-text triggers dropped, the FTS5 indexes rebuilt once
and the triggers put back (what a bulk load should do; ``kb.store_article`` is not
what is measured here). Texts are generated: EN and DE sentences over a Zipf-weighted
vocabulary with sports words, about 20,000 speakers. Each query kind runs ``--runs``
times through sqlite3 with ``presskb_fts`` registered (median and p95, ms), the LIKE
baseline fewer times when it is slow. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
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

import kb  # noqa: E402
from presskb.web import prepare_connection  # noqa: E402

EN = ("the and of to in we our is for with this that will athletes olympic games team sport world "
      "partner future support young people career careers coach coaches training season medal medals "
      "winter summer skating hockey skiing closing ceremony opening venue venues cloud data technology "
      "sustainability climate football federation committee national proud excited together community "
      "fans broadcast digital innovation record history champion champions village volunteers city "
      "milan cortina paris los angeles brisbane programme lab youth equality safe clean doping anti "
      "values performance journey dream everyone chance stage moment celebrate build deliver").split()
DE = ("die der und das wir für mit ist ein eine zu den olympischen spiele sportler athleten mannschaft "
      "zukunft unterstützung junge menschen karriere trainer training saison medaille winterspiele "
      "sommerspiele eiskunstlauf eishockey skifahren schlussfeier eröffnungsfeier wettbewerb partner "
      "nachhaltigkeit klima fußball verband komitee stolz gemeinsam gemeinschaft fans digital "
      "innovation rekord geschichte meister dorf freiwillige stadt programm jugend gleichstellung").split()
FIRST = "Anna Jasmine Claire Helena Thomas Kirsty Marco Lena Pierre Yuki Samuel Ingrid Luca Amara Jonas".split()
LAST = ("Roth Liu Montandon Bach Coventry Berger Rossi Meyer Dubois Tanaka Okafor Larsen Weber Schmidt "
        "Novak Silva Kowalski Jensen Moreau Fischer Keller Ito Park Costa Nilsson").split()
ORGS = ["IOC", "International Olympic Committee", "Alibaba Cloud", "Samsung", "Omega", "Visa", "Deloitte",
        "DOSB", "FIS", "ISU", "World Athletics", None, None]

QUERIES = [  # (kind, q, extra parameters)
    ("common word", "olympic", {}),
    ("rare word", "brisbane", {}),
    ("two words", "young athletes", {}),
    ("prefix", "champ*", {}),
    ("OR", "skating OR hockey", {}),
    ("phrase", '"closing ceremony"', {}),
    ("German word form", "Olympischen", {}),
    ("word + speaker filter", "future", {"speaker": "Roth"}),
    ("no words (newest)", "", {}),
]
# The LIKE scan a search without the index would be: every quote's text, then the same joins.
LIKE_SQL = """
select q.text as quote, q.speaker, a.published, s.title as source, a.title as article, a.url
from quotes q join articles a on a.id = q.article_id join sources s on s.name = a.source
where {where}
order by a.published desc
limit 200
"""


def like_where(q: str, extra: dict) -> tuple[str, list]:
    words = [w.strip('"*') for w in q.replace('"', " \" ").split() if w not in ('"', "OR")]
    if not words:
        clause, params = "1", []
    elif " OR " in q:
        clause, params = " or ".join("q.text like ?" for _ in words), [f"%{w}%" for w in words]
    elif q.startswith('"'):
        clause, params = "q.text like ?", ["%" + " ".join(words) + "%"]
    else:
        clause, params = " and ".join("q.text like ?" for _ in words), [f"%{w}%" for w in words]
    if extra.get("speaker"):
        clause, params = f"({clause}) and q.speaker like ?", params + [f"%{extra['speaker']}%"]
    return clause, params


def sentence(rng: random.Random, vocab: list[str], weights: list[float], low: int, high: int) -> str:
    words = rng.choices(vocab, cum_weights=weights, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def build(path: Path, n_articles: int, n_quotes: int, seed: int = 13) -> dict:
    rng = random.Random(seed)
    started = time.perf_counter()
    db = kb.open_db(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=off")
    triggers = conn.execute("select name, sql from sqlite_master where type = 'trigger'"
                            " and (tbl_name in ('quotes', 'articles'))").fetchall()
    for name, _ in triggers:
        conn.execute(f"drop trigger [{name}]")
    # A realistic spread: 20,000 generated filler words around the named ones, which sit
    # at ranks 10, 40, 70, ... of a Zipf curve (the first ten are function words).
    syllables = ["ka", "lo", "mi", "ter", "bra", "un", "sol", "ve", "den", "ri", "gas", "po", "lin", "ast"]
    fillers = list({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(40_000)})[:20_000]
    vocab, zipf = {}, {}
    for lang, named in (("en", EN), ("de", DE)):
        words = list(named[:10])
        rest, pool = list(named[10:]), iter(fillers)
        while rest:
            words.append(rest.pop(0))
            words.extend(next(pool) for _ in range(29))
        words.extend(pool)
        vocab[lang] = words
        zipf[lang] = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(words))))
    sources = [(f"source{n}", f"Source {n}", ["ioc", "partner", "trade_press"][n % 3], "en") for n in range(40)]
    speakers = list({f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}" for n in range(20_000)})
    with conn:
        conn.executemany("insert into sources (name, title, kind, language) values (?, ?, ?, ?)", sources)

        def articles():
            for n in range(n_articles):
                lang = "de" if n % 4 == 3 else "en"
                text = ". ".join(sentence(rng, vocab[lang], zipf[lang], 8, 20) for _ in range(4)) + "."
                day = f"20{20 + n * 6 // n_articles:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+00:00"
                aid = hashlib.sha1(str(n).encode()).hexdigest()[:16]
                yield (aid, sources[n % len(sources)][0], f"https://example.org/{n}", sentence(rng, vocab[lang], zipf[lang], 5, 10),
                       text, lang, day, len(text.split()), day)

        conn.executemany("insert into articles (id, source, url, title, text, language, published, word_count,"
                         " first_seen) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", articles())
        ids = [r[0] for r in conn.execute("select id, language from articles order by rowid")]
        langs = [r[0] for r in conn.execute("select language from articles order by rowid")]

        def quotes():
            for n in range(n_quotes):
                i = n * n_articles // n_quotes
                lang = langs[i]
                text = sentence(rng, vocab[lang], zipf[lang], 8, 30)
                if n % 97 == 0:  # a set phrase in about 1 % of the quotes
                    text += " at the closing ceremony" if lang == "en" else " bei der Schlussfeier"
                yield (ids[i], text, rng.choice(speakers), rng.choice(ORGS), lang, 0, len(text), text)

        conn.executemany("insert into quotes (article_id, text, speaker, organisation, language, start, [end],"
                         " sentence) values (?, ?, ?, ?, ?, ?, ?, ?)", quotes())
    loaded = time.perf_counter()
    with conn:
        conn.execute("insert into quotes_fts (quotes_fts) values ('rebuild')")
        conn.execute("insert into articles_fts (articles_fts) values ('rebuild')")
        for _, sql in triggers:
            conn.execute(sql)
    conn.execute("analyze")
    conn.close()
    done = time.perf_counter()
    return {"insert_s": loaded - started, "fts_rebuild_s": done - loaded,
            "rows_per_s": (n_articles + n_quotes) / (loaded - started)}


def timed(conn, sql: str, params, runs: int) -> tuple[list[float], int]:
    times, count = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        count = len(conn.execute(sql, params).fetchall())
        times.append((time.perf_counter() - t) * 1000)
    return times, count


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="build here (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="reuse --db when it exists; keep it afterwards")
    args = parser.parse_args()

    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "kb-bench.sqlite"
    if path.exists() and not args.keep:
        sys.exit(f"{path} exists; pass --keep to reuse it")
    if not path.exists():
        print(f"building {args.articles:,} articles and {args.quotes:,} quotes in {path} ...", flush=True)
        stats = build(path, args.articles, args.quotes)
        print(f"built: insert {stats['insert_s']:.1f} s ({stats['rows_per_s']:,.0f} rows/s), "
              f"FTS5 rebuild {stats['fts_rebuild_s']:.1f} s, file {path.stat().st_size / 2**20:,.0f} MiB")

    meta = yaml.safe_load((ROOT / "datasette-metadata.yml").read_text(encoding="utf-8"))
    quote_search = meta["databases"]["kb"]["queries"]["quote_search"]["sql"]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    prepare_connection(conn)  # presskb_fts, presskb_fts_quotes, presskb_stem_marks: as Datasette has them
    n_quotes = conn.execute("select count(*) from quotes").fetchone()[0]
    blank = {"q": "", "speaker": "", "organisation": "", "language": "", "source": "", "date_from": "", "date_to": ""}
    print(f"\nquote_search vs LIKE scan at {n_quotes:,} quotes (sqlite {sqlite3.sqlite_version}; ms; "
          f"{args.runs} runs, baseline {args.baseline_runs})")
    print(f"{'query':24} {'q':22} {'rows':>5} {'median':>8} {'p95':>8} | {'LIKE rows':>9} {'median':>8} {'p95':>8} {'speed-up':>8}")
    for kind, q, extra in QUERIES:
        params = {**blank, "q": q, **extra}
        times, rows = timed(conn, quote_search, params, args.runs)
        where, like_params = like_where(q, extra)
        base, base_rows = timed(conn, LIKE_SQL.format(where=where), like_params, args.baseline_runs)
        print(f"{kind:24} {q[:22]:22} {rows:>5} {statistics.median(times):>8.1f} {p95(times):>8.1f} | "
              f"{base_rows:>9} {statistics.median(base):>8.1f} {p95(base):>8.1f} "
              f"{statistics.median(base) / max(statistics.median(times), 1e-6):>7.1f}x")
    print("\nLIKE rows differ where LIKE cannot stem, match word forms or rank: it is the cost baseline, not"
          " the quality one.")
    print(f"reproduce: python bench/search_bench.py --quotes {args.quotes} --articles {args.articles} --runs {args.runs}")
    conn.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
