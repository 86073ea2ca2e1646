"""Extraction in worker processes: the same KB as in one process, outcomes counted,
a dead worker costs no page."""
import os
import signal
import sqlite3

from crawler import CrawlConfig
from crawler.records import FetchResult
from presskb.pipeline import run_crawl
from presskb.workers import ExtractionPool

FACTS = {
    "articles": "select url, title, language, published, text_hash from articles order by url",
    "quotes": "select a.url, q.text, q.speaker, q.role, q.organisation from quotes q "
              "join articles a on a.id = q.article_id order by a.url, q.start",
    "mentions": "select a.url, m.start, m.end, m.entity_id from mentions m "
                "join articles a on a.id = m.article_id order by a.url, m.start",
}


def facts(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in FACTS.items()}
    finally:
        conn.close()


def test_two_workers_build_the_same_kb_as_one_process(tmp_path, sample_sources, crawled):
    db_one, stats_one, _ = crawled
    db_two = tmp_path / "kb.sqlite"
    stats_two = run_crawl(db_two, sample_sources, CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc"),
                          workers=2)
    assert facts(db_two) == facts(db_one)
    assert facts(db_two)["quotes"]  # the comparison is not between two empty KBs
    assert stats_two.articles == stats_one.articles
    # the crawl's per-source counts include the pages stored after their fetch
    for source, counts in stats_one.crawl.items():
        assert stats_two.crawl[source].get("new", 0) == counts.get("new", 0), source
    # a second run with workers finds everything unchanged and duplicates nothing
    again = run_crawl(db_two, sample_sources, CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc",
                                                          recheck_known=True), workers=2)
    assert again.articles.get("new", 0) == 0
    assert facts(db_two) == facts(db_one)


def _page(n: int) -> FetchResult:
    body = (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            + "<p>The committee met on Tuesday and agreed the plan for the new season, "
              "its chair said after the vote in the city hall.</p>" * 4
            + "</article></body></html>").encode()
    return FetchResult(url=f"http://127.0.0.1/story/{n}", source="s", kind="article", status=200,
                       body=body, content_type="text/html", charset="utf-8")


def test_a_killed_worker_costs_no_page():
    pool = ExtractionPool(2, known_entities=None, nlp=False)
    try:
        assert pool.submit(_page(0), None, False)
        first = list(pool.completed(block=True))
        assert first[0][2].title == "Story 0"
        for pid in list(pool.executor._processes):
            os.kill(pid, signal.SIGKILL)
        submitted = [pool.submit(_page(n), None, False) for n in range(1, 6)]
        done = list(pool.completed(block=True))
        # pages the broken pool took are extracted here; those it refused, the caller does
        assert len(done) == sum(submitted)
        assert all(article.title == f"Story {result.url.rsplit('/', 1)[1]}" for result, _, article in done)
        # the broken pool takes no more pages: the pipeline extracts them itself
        assert not pool.submit(_page(9), None, False)
        assert pool.broken
    finally:
        pool.close()
