"""Failures are remembered across runs: a 404 waits days, a 410 is never asked for again,
a transient failure is retried next run, a success clears the memory. Real crawls of a
loopback site into a real kb.sqlite."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from crawlsite import Reply, Site, make_source

from crawler import CrawlConfig
from crawler.backoff import NEVER, next_attempt
from presskb.pipeline import run_crawl

ARTICLE = b"<html><body><article><p>" + b"A long enough story about the federation. " * 20 + b"</p></article></body></html>"


def run(db, source, tmp_path):
    return run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc"), nlp=False)


def test_failed_urls_wait_for_their_turn_and_a_success_clears_them(tmp_path):
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        site.page("/", "".join(f'<p><a href="/a/{name}">{name}</a></p>'
                               for name in ("good", "missing", "gone", "flaky")))
        site.page("/a/good", ARTICLE)
        site.reply("/a/missing", Reply(404, b"no"))
        site.reply("/a/gone", Reply(410, b"gone"))
        site.route("/a/flaky", lambda request: Reply(503, b"busy") if request.hits <= 3 else Reply(200, ARTICLE))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        run(db, source, tmp_path)
        first = dict(site.hits)
        stats = run(db, source, tmp_path).crawl["test"]
        # the 404 and the 410 are not asked for on the next night; the flaky page is
        assert site.hits["/a/missing"] == first["/a/missing"]
        assert site.hits["/a/gone"] == first["/a/gone"]
        assert site.hits["/a/flaky"] > first["/a/flaky"]
        assert stats["deferred"] == 2

        # days later the 404 is due again, the 410 never is
        conn = sqlite3.connect(db)
        conn.execute("update pages set retry_after = '2000-01-01T00:00:00.000000Z' where url like '%/missing'")
        conn.commit()
        run(db, source, tmp_path)
        assert site.hits["/a/missing"] == first["/a/missing"] + 1
        assert site.hits["/a/gone"] == first["/a/gone"]

    rows = dict(sqlite3.connect(db).execute("select url, failures from pages where url like '%/a/%'"))
    assert rows[site.url("/a/missing")] == 2 and rows[site.url("/a/gone")] == 1
    assert rows[site.url("/a/flaky")] == 0  # it succeeded in the end: the memory is cleared
    assert sqlite3.connect(db).execute(
        "select count(*) from articles where url = ?", [site.url("/a/flaky")]).fetchone()[0] == 1


def test_the_backoff_policy():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert next_attempt("http-410", 410, 1, now) == NEVER
    days = [datetime.fromisoformat(next_attempt("http-404", 404, n, now).replace("Z", "+00:00")) - now
            for n in (1, 2, 3, 8)]
    assert days == [timedelta(days=1), timedelta(days=2), timedelta(days=4), timedelta(days=30)]
    assert next_attempt("timeout", None, 1, now) is None and next_attempt("http-503", 503, 2, now) is None
    assert next_attempt("timeout", None, 3, now) is not None
    assert next_attempt("robots-disallowed", None, 5, now) is None
    assert next_attempt(None, 200, 0, now) is None


def test_discovery_documents_are_revalidated_and_read_from_the_archive_on_304(tmp_path):
    """A second night asks for the unchanged sitemap and listing with If-None-Match, gets
    304 and still knows their links (read back from the WARC); a changed sitemap is read
    anew and its new article fetched."""
    db = tmp_path / "kb.sqlite"
    version = {"n": 1}

    def conditional(body_for):
        def handler(request):
            etag = f'"v{version["n"]}"'
            if request.headers.get("if-none-match") == etag:
                return Reply(304, b"", {"ETag": etag})
            return Reply(200, body_for(), {"ETag": etag, "Content-Type": "application/xml"})
        return handler

    with Site("127.0.0.2") as site:
        def sitemap():
            urls = [f"/a/{i}" for i in range(version["n"] + 1)]
            return ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    + "".join(f"<url><loc>{site.url(u)}</loc></url>" for u in urls) + "</urlset>").encode()
        site.route("/sitemap.xml", conditional(sitemap))
        site.route("/a/*", lambda request: Reply(200, ARTICLE.replace(b"federation", request.path.encode())))
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])

        run(db, source, tmp_path)
        assert site.hits["/sitemap.xml"] == 1
        second = run(db, source, tmp_path).crawl["test"]
        conditional_asks = [h for _, path, h in site.log if path == "/sitemap.xml" and "if-none-match" in h]
        assert len(conditional_asks) == 1
        assert second["skipped"] == 2 and second["new"] == 0  # its links known from the archive

        version["n"] = 2  # the sitemap changes: a new ETag and a third article
        third = run(db, source, tmp_path).crawl["test"]
        assert third["new"] == 1 and site.hits["/a/2"] == 1
