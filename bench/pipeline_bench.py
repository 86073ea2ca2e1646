"""End-to-end figures on the bundled sample site: crawl → extract → kb.sqlite.

Prints pages fetched, rows per table, the crawl's wall time, and per-page
extraction time split into cleaning (HTML → text and metadata) and the NLP stage
(entities, quotes, dates), with plain trafilatura on the same pages in the same
process as the baseline.

    python bench/pipeline_bench.py [--repeats 5]
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from crawler import CrawlConfig, iter_warc, load_sources  # noqa: E402
from extract import clean_article  # noqa: E402
from extract.dates import find_dates  # noqa: E402
from extract.entities import find_entities, parse  # noqa: E402
from extract.quotes import find_quotes  # noqa: E402
from presskb.pipeline import run_crawl  # noqa: E402
from presskb.sample_site import SAMPLE_SOURCES, SampleSite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, SampleSite() as site:
        db_path, warc_dir = Path(tmp) / "kb.sqlite", Path(tmp) / "warc"
        sources = load_sources(SAMPLE_SOURCES, base_url=site.base_url)
        started = time.perf_counter()
        stats = run_crawl(db_path, sources, CrawlConfig(per_host_delay=0.0, warc_dir=warc_dir))
        first = time.perf_counter() - started
        started = time.perf_counter()
        run_crawl(db_path, sources, CrawlConfig(per_host_delay=0.0, warc_dir=warc_dir))
        second = time.perf_counter() - started
        conn = sqlite3.connect(db_path)
        tables = ["sources", "pages", "articles", "entities", "mentions", "quotes", "dates"]
        counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        pages = [r for r in iter_warc(warc_dir) if r.kind == "article" and r.body]

    # CPU time of this process (all its threads): figures per core, whatever the
    # machine's other load.
    clock = time.process_time
    stages = {name: [] for name in ("trafilatura", "clean", "parse+entities", "quotes", "dates")}
    words = 0
    for _ in range(args.repeats):
        for page in pages:
            t0 = clock()
            trafilatura.extract(page.body, include_comments=False)
            t1 = clock()
            article = clean_article(page.body, page.url)
            t2 = clock()
            doc = parse(article.text, article.language)
            mentions = find_entities(article.text, article.language, doc=doc)
            t3 = clock()
            find_quotes(article.text, article.language, people=mentions)
            t4 = clock()
            find_dates(article.text, article.language, article.published)
            t5 = clock()
            for name, spent in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                stages[name].append(spent)
            words += article.word_count
    n = len(stages["clean"])
    total = {name: sum(times) for name, times in stages.items()}
    nlp = total["parse+entities"] + total["quotes"] + total["dates"]

    print(f"sample site: {sum(s['fetched'] for s in stats.crawl.values())} requests, "
          f"{len(pages)} article pages; first crawl {first:.2f} s wall (models loaded on first use), "
          f"rerun {second:.2f} s")
    print("rows: " + ", ".join(f"{t} {c}" for t, c in counts.items()))
    print(f"\nper article page, warm, CPU time, {n} pages ({args.repeats} passes, {words / n:.0f} words/page):")
    print(f"  {'stage':<36}{'ms/page':>9}{'words/s':>10}")
    for name, label in (("trafilatura", "plain trafilatura (baseline)"), ("clean", "presskb cleaning"),
                        ("parse+entities", "spaCy parse + entities + linking"), ("quotes", "quotes"),
                        ("dates", "dates")):
        print(f"  {label:<36}{1000 * total[name] / n:>9.1f}{words / total[name]:>10.0f}")
    print(f"  {'NLP stage (entities+quotes+dates)':<36}{1000 * nlp / n:>9.1f}{words / nlp:>10.0f}")
    print(f"\ncleaning throughput vs plain trafilatura: {total['trafilatura'] / total['clean']:.2f}x; "
          f"quotes add {100 * total['quotes'] / (total['parse+entities'] + total['dates']):.1f}% to the "
          "rest of the NLP stage")
    print("\ncommand: python bench/pipeline_bench.py --repeats", args.repeats)


if __name__ == "__main__":
    main()
