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
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from crawler import CrawlConfig, iter_warc, load_sources  # noqa: E402
from extract import analyse_text, clean_article  # noqa: E402
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

    clean_times, nlp_times, traf_times, words = [], [], [], 0
    for _ in range(args.repeats):
        for page in pages:
            t0 = time.perf_counter()
            trafilatura.extract(page.body, include_comments=False)
            t1 = time.perf_counter()
            article = clean_article(page.body, page.url)
            t2 = time.perf_counter()
            analyse_text(article.text, article.language, article.published)
            t3 = time.perf_counter()
            traf_times.append(t1 - t0)
            clean_times.append(t2 - t1)
            nlp_times.append(t3 - t2)
            words += article.word_count
    n = len(clean_times)
    ms = lambda xs: 1000 * statistics.mean(xs)  # noqa: E731

    print(f"sample site: {sum(s['fetched'] for s in stats.crawl.values())} requests, "
          f"{len(pages)} article pages; first crawl {first:.2f} s (models loaded on first use), "
          f"rerun {second:.2f} s")
    print("rows: " + ", ".join(f"{t} {c}" for t, c in counts.items()))
    print(f"\nper article page, warm, mean of {n} ({args.repeats} passes, {words / n:.0f} words/page):")
    print(f"  {'stage':<34}{'ms/page':>10}")
    print(f"  {'plain trafilatura (baseline)':<34}{ms(traf_times):>10.1f}")
    print(f"  {'presskb cleaning':<34}{ms(clean_times):>10.1f}"
          f"   ({statistics.mean(traf_times) / statistics.mean(clean_times):.2f}x baseline throughput)")
    print(f"  {'presskb NLP (entities+quotes+dates)':<34}{ms(nlp_times):>10.1f}")
    print(f"  {'presskb total':<34}{ms(clean_times) + ms(nlp_times):>10.1f}")
    print("\ncommand: python bench/pipeline_bench.py --repeats", args.repeats)


if __name__ == "__main__":
    main()
