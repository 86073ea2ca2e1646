"""robots.txt costs what changed: a second night asks for it with a conditional GET and,
on a 304, reads its rules back from the archived body of the last good fetch. Real crawls
of a loopback site into a real kb.sqlite."""
from __future__ import annotations

import sqlite3

from crawlsite import Reply, Site, make_source

from crawler import CrawlConfig
from presskb.pipeline import run_crawl

ARTICLE = b"<html><body><article><p>" + b"A long enough story about the federation. " * 20 + b"</p></article></body></html>"


def run(db, source, tmp_path, **config):
    return run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc", **config),
                     nlp=False)


def robots_site(site, version, *, last_modified=False):
    def robots(request):
        body = f"User-agent: *\nDisallow: /private/\nDisallow: /v{version['n']}/\n".encode()
        if last_modified:
            stamp = f"Mon, 0{version['n']} Jan 2024 00:00:00 GMT"
            if request.headers.get("if-modified-since") == stamp:
                return Reply(304, b"", {"Last-Modified": stamp}, content_type=None)
            return Reply(200, body, {"Last-Modified": stamp}, "text/plain")
        etag = f'"r{version["n"]}"'
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag}, content_type=None)
        return Reply(200, body, {"ETag": etag}, "text/plain")

    site.route("/robots.txt", robots)
    site.page("/", '<a href="/a/1">1</a> <a href="/private/2">2</a> <a href="/v1/3">3</a> <a href="/v2/4">4</a>')
    site.route("/a/*", lambda request: Reply(200, ARTICLE))
    site.route("/private/*", lambda request: Reply(200, ARTICLE))
    site.route("/v1/*", lambda request: Reply(200, ARTICLE))
    site.route("/v2/*", lambda request: Reply(200, ARTICLE))
    return make_source(start_urls=[site.url("/")], article_patterns=["/a/", "/private/", "/v1/", "/v2/"])


def robots_asks(site):
    return [headers for _, path, headers in site.log if path == "/robots.txt"]


def test_an_unchanged_robots_txt_is_revalidated_and_its_rules_still_apply(tmp_path):
    db = tmp_path / "kb.sqlite"
    version = {"n": 1}
    with Site("127.0.0.2") as site:
        source = robots_site(site, version)
        run(db, source, tmp_path)
        assert site.hits["/private/2"] == 0 and site.hits["/v1/3"] == 0
        run(db, source, tmp_path, recheck_known=False)
        asks = robots_asks(site)
        assert len(asks) == 2 and "if-none-match" not in asks[0] and asks[1]["if-none-match"] == '"r1"'
        # the rules read back from the archive on the 304 are still obeyed
        assert site.hits["/private/2"] == 0 and site.hits["/v1/3"] == 0

        version["n"] = 2  # robots.txt changes: read anew, the new rule applies
        run(db, source, tmp_path)
        assert site.hits["/v1/3"] == 1 and site.hits["/v2/4"] == 1  # /v2/ was fetched the first night
    row = sqlite3.connect(db).execute(
        "select status, etag, warc_file is not null from pages where url like '%/robots.txt'").fetchone()
    assert row == (200, '"r2"', 1)


def test_last_modified_is_enough_and_a_304_keeps_the_validators(tmp_path):
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        source = robots_site(site, {"n": 1}, last_modified=True)
        run(db, source, tmp_path)
        run(db, source, tmp_path)
        run(db, source, tmp_path)
        asks = robots_asks(site)
        assert [a.get("if-modified-since") for a in asks] == [None, "Mon, 01 Jan 2024 00:00:00 GMT",
                                                              "Mon, 01 Jan 2024 00:00:00 GMT"]
        assert site.hits["/private/2"] == 0
    conn = sqlite3.connect(db)
    status, last_modified = conn.execute(
        "select status, last_modified from pages where url like '%/robots.txt'").fetchone()
    assert status == 304 and last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_a_304_whose_archived_body_is_gone_is_asked_for_again_in_full(tmp_path):
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        source = robots_site(site, {"n": 1})
        run(db, source, tmp_path)
        for warc in (tmp_path / "warc").glob("*.warc*"):
            warc.unlink()  # the archive was pruned or lost
        run(db, source, tmp_path)
        asks = robots_asks(site)
        assert [("if-none-match" in a) for a in asks] == [False, True, False]
        assert site.hits["/private/2"] == 0  # the rules were read from the full refetch


def test_recheck_asks_for_robots_txt_in_full(tmp_path):
    db = tmp_path / "kb.sqlite"
    with Site("127.0.0.2") as site:
        source = robots_site(site, {"n": 1})
        run(db, source, tmp_path)
        run(db, source, tmp_path, recheck_known=True)
        assert ["if-none-match" in a for a in robots_asks(site)] == [False, False]
