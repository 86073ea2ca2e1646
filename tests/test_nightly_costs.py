"""A second night costs what changed: pagination pages behind an unchanged listing page are
read from the archive without a request, and an edit a sitemap announces is fetched even
when a listing's teaser (the publication date) was read first. Real crawls of a loopback
site into a real kb.sqlite."""
from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone

from crawlsite import Reply, Site, make_source

from crawler import CrawlConfig
from presskb.pipeline import run_crawl

ARTICLE = b"<html><body><article><p>" + b"A long enough story about the federation. " * 20 + b"</p></article></body></html>"


def run(db, source, tmp_path, **config):
    return run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc", **config),
                     nlp=False).crawl["test"]


def etagged(body_for):
    """A handler answering 304 to the ETag of the body it would send."""
    def handler(request):
        body = body_for(request)
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag}, content_type=None)
        return Reply(200, body, {"ETag": etag})
    return handler


def listing_site(site, newest):
    """Listing pages of 3 articles each, newest first, ?page=N for older ones."""
    def listing(request):
        number = int(request.path.rsplit("=", 1)[1]) if "page=" in request.path else 1
        ids = list(range(newest["n"], 0, -1))[(number - 1) * 3:number * 3]
        more = f'<a href="/news/?page={number + 1}">older</a>' if number * 3 < newest["n"] else ""
        return ("".join(f'<p><a href="/a/{i}">{i}</a></p>' for i in ids) + more).encode()

    site.route("/news/", etagged(listing))
    site.route("/a/*", lambda request: Reply(200, ARTICLE.replace(b"federation", request.path.encode())))
    return make_source(start_urls=[site.url("/news/")], article_patterns=["/a/"],
                       listing_patterns=[r"/news/\?page=\d+$"])


def test_pagination_behind_an_unchanged_listing_page_is_read_from_the_archive(tmp_path):
    db = tmp_path / "kb.sqlite"
    newest = {"n": 9}
    with Site("127.0.0.2") as site:
        source = listing_site(site, newest)
        first = run(db, source, tmp_path)
        assert first["new"] == 9 and site.hits["/news/?page=3"] == 1
        second = run(db, source, tmp_path)
        # the start page answered 304: pages 2 and 3 are not asked for, their links still read
        assert site.hits["/news/"] == 2 and site.hits["/news/?page=2"] == 1 and site.hits["/news/?page=3"] == 1
        assert second["reused"] == 2 and second["skipped"] == 9 and second["new"] == 0

        newest["n"] = 10  # a new article: the start page changes, the older pages are asked for again
        third = run(db, source, tmp_path)
        assert third["new"] == 1 and third["reused"] == 0
        assert site.hits["/news/?page=2"] == 2 and site.hits["/news/?page=4"] == 1

        run(db, source, tmp_path, recheck_known=True)  # --recheck asks for every page
        assert site.hits["/news/?page=2"] == 3


def test_a_reused_page_whose_archive_is_gone_is_asked_for(tmp_path):
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        source = listing_site(site, {"n": 6})
        run(db, source, tmp_path)
        for warc in (tmp_path / "warc").glob("*.warc*"):
            warc.unlink()
        second = run(db, source, tmp_path)
        # each page answers 304 to the conditional GET, and with no archived body to read
        # it back from is asked for once more in full: its links are not lost
        assert site.hits["/news/"] == 3 and site.hits["/news/?page=2"] == 3
        assert second["reused"] == 0 and second["skipped"] == 6


def test_an_edit_dated_by_the_sitemap_is_fetched_though_the_listing_was_read_first(tmp_path):
    db = tmp_path / "kb.sqlite"
    state = {"lastmod": "2024-01-01T00:00:00Z", "text": b"first"}
    with Site("127.0.0.2") as site:
        site.route("/robots.txt", lambda r: Reply(
            200, f"User-agent: *\nSitemap: {site.url('/sitemap.xml')}\n".encode(), content_type="text/plain"))
        # the listing's teaser shows the publication date, which never changes
        site.page("/", '<ul><li><a href="/a/1">One</a> <time datetime="2024-01-01">1 January 2024</time></li></ul>')
        site.route("/sitemap.xml", lambda r: Reply(200, (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'<url><loc>{site.url("/a/1")}</loc><lastmod>{state["lastmod"]}</lastmod></url></urlset>').encode(),
            content_type="application/xml"))
        site.route("/a/*", lambda r: Reply(200, ARTICLE.replace(b"federation", state["text"])))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
        run(db, source, tmp_path)
        time.sleep(1.1)
        state["lastmod"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        state["text"] = b"second"
        second = run(db, source, tmp_path)
        order = [path for _, path, _ in site.log]
        assert order.index("/", 4) < order.index("/sitemap.xml", 4)  # the listing was read first
        assert site.hits["/a/1"] == 2 and second["changed"] == 1 and second["skipped"] == 0
        third = run(db, source, tmp_path)  # nothing changed since: not fetched again
        assert site.hits["/a/1"] == 2 and third["skipped"] == 1


def test_a_host_that_stops_answering_spends_its_retry_budget_and_is_given_up(tmp_path):
    """robots.txt and the listing answer, then every article times out: after
    max_host_failures attempts in a row without an answer the rest of the host's queue is
    refused at once (host-unreachable), not tried three times each."""
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        site.page("/", "".join(f'<p><a href="/a/{i}">{i}</a></p>' for i in range(20)))
        site.route("/a/*", lambda request: Reply(200, chunks=[b"<html>", b"late"], chunk_delay=2.0))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
        stats = run(db, source, tmp_path, read_timeout=0.3, timeout=5.0, backoff_base=0.01, max_host_failures=4)
        article_hits = sum(n for path, n in site.hits.items() if path.startswith("/a/"))
        assert article_hits == 4
        assert stats["failed"] == 20
    conn = sqlite3.connect(db)
    errors = dict(conn.execute("select error, count(*) from pages where kind = 'article' group by error"))
    assert errors["host-unreachable"] >= 18
    # given up for this run only: the URLs are not remembered as failed
    assert conn.execute("select count(*) from pages where error = 'host-unreachable' and retry_after is not null"
                        ).fetchone()[0] == 0
