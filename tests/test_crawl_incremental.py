"""Incremental recrawls (skips, conditional GETs, unchanged hashes) and the WARC archive."""
import gzip
import hashlib
import io
from datetime import date, timedelta

from warcio.archiveiterator import ArchiveIterator

from crawler import iter_warc
from crawlsite import Reply, Site, crawl_collect, make_source


class Store:
    """What a knowledge base remembers between runs: validators of good fetches."""

    def __init__(self):
        self.pages: dict[str, dict] = {}

    def known(self, url: str) -> dict | None:
        return self.pages.get(url)

    def remember(self, results) -> None:
        for r in results:
            if r.body is not None and not r.error:
                self.pages[r.url] = {"etag": r.etag, "last_modified": r.last_modified,
                                     "content_hash": r.content_hash, "fetched_at": r.fetched_at}


def etag_page(body: bytes):
    """A handler answering 304 when the client already has this body."""
    etag = '"' + hashlib.md5(body).hexdigest() + '"'

    def handler(request):
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"ETag": etag, "Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"})

    return handler


def site_with_sitemap(site: Site, lastmod: dict[str, str]) -> None:
    urls = "".join(f"<url><loc>{site.url(p)}</loc><lastmod>{d}</lastmod></url>" for p, d in lastmod.items())
    site.route("/sitemap.xml", lambda request: Reply(
        200, f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
        content_type="application/xml"))


def test_second_run_skips_known_articles_and_revalidates_only_those_dated_later(tmp_path):
    store = Store()
    with Site("127.0.0.2") as site:
        for i in range(1, 4):
            site.route(f"/a/{i}", etag_page(f"<html><body><p>story {i}</p></body></html>".encode()))
        site_with_sitemap(site, {"/a/1": "2024-01-01", "/a/2": "2024-01-01", "/a/3": "2024-01-01"})
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])

        first, results = crawl_collect([source])
        store.remember(results)
        # /a/3 is edited after our fetch: the sitemap says so with a later lastmod.
        site_with_sitemap(site, {"/a/1": "2024-01-01", "/a/2": "2024-01-01", "/a/3": "2999-01-01"})
        second, results = crawl_collect([source], known=store.known)

    assert first["test"]["fetched"] == 5 and first["test"]["not_modified"] == 0
    assert site.hits["/a/1"] == 1 and site.hits["/a/2"] == 1
    assert site.hits["/a/3"] == 2
    conditional = site.log[-1][2]
    assert conditional["if-none-match"] and conditional["if-modified-since"] == "Tue, 05 Mar 2024 10:00:00 GMT"
    revalidated = [r for r in results if r.kind == "article"]
    assert [(r.status, r.not_modified, r.body) for r in revalidated] == [(304, True, None)]
    assert second["test"]["skipped"] == 2 and second["test"]["not_modified"] == 1


def test_a_date_only_lastmod_on_the_day_of_the_last_fetch_revalidates_the_article():
    store = Store()
    with Site("127.0.0.2") as site:
        for i in (1, 2):
            site.route(f"/a/{i}", etag_page(f"<html><body><p>story {i}</p></body></html>".encode()))
        site_with_sitemap(site, {"/a/1": "2024-01-01", "/a/2": "2024-01-01"})
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])

        _, results = crawl_collect([source])
        store.remember(results)
        fetched = date.fromisoformat(store.pages[site.url("/a/1")]["fetched_at"][:10])
        # /a/1 is edited later on the day of our fetch: a date-only lastmod cannot
        # say it came after the fetch, so it counts as possibly later. /a/2's day is over.
        site_with_sitemap(site, {"/a/1": fetched.isoformat(), "/a/2": (fetched - timedelta(days=1)).isoformat()})
        stats, results = crawl_collect([source], known=store.known)

    assert site.hits["/a/1"] == 2 and site.hits["/a/2"] == 1
    assert [(r.url, r.not_modified) for r in results if r.kind == "article"] == [(site.url("/a/1"), True)]
    assert stats["test"]["skipped"] == 1 and stats["test"]["not_modified"] == 1


def test_recheck_known_sends_conditional_gets_and_an_unchanged_hash_counts_as_not_modified():
    store = Store()
    with Site("127.0.0.2") as site:
        site.route("/a/etag", etag_page(b"<html><body><p>with etag</p></body></html>"))
        site.reply("/a/plain", Reply(200, b"<html><body><p>no validators</p></body></html>"))
        site.page("/", '<p><a href="/a/etag">1</a></p><p><a href="/a/plain">2</a></p>')
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        _, results = crawl_collect([source])
        store.remember(results)
        stats, results = crawl_collect([source], known=store.known, recheck_known=True)

    by_path = {r.url.rsplit("/", 1)[1]: r for r in results if r.kind == "article"}
    assert (by_path["etag"].status, by_path["etag"].not_modified) == (304, True)
    assert (by_path["plain"].status, by_path["plain"].not_modified) == (200, True)
    assert by_path["plain"].content_hash == store.pages[site.url("/a/plain")]["content_hash"]
    assert stats["test"]["not_modified"] == 2 and stats["test"]["skipped"] == 0


def test_on_result_outcomes_are_counted():
    with Site("127.0.0.2") as site:
        site.page("/", '<p><a href="/a/1">1</a></p><p><a href="/a/2">2</a></p>')
        site.route("/a/*", lambda request: Reply(200, STORY))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
        from crawler import CrawlConfig, crawl

        outcomes = {"/a/1": "new", "/a/2": "changed"}
        stats = crawl([source], CrawlConfig(per_host_delay=0, trust_env=False, progress=False),
                      on_result=lambda r: outcomes.get("/" + r.url.split("/", 3)[3]))

    assert (stats["test"]["new"], stats["test"]["changed"]) == (1, 1)


STORY = b"<html><body><p>story</p></body></html>"


def test_every_exchange_is_archived_with_offsets_and_rebuilt_from_warc(tmp_path):
    with Site("127.0.0.2") as site:
        site.page("/", '<p><a href="/a/moved">1</a></p><p><a href="/a/missing">2</a></p>')
        site.reply("/a/moved", Reply(301, b"", {"Location": "/a/here"}))
        site.reply("/a/here", Reply(200, STORY))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        _, first = crawl_collect([source], warc_dir=tmp_path)
        _, second = crawl_collect([source], warc_dir=tmp_path)

    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 2  # one per run
    for result in first:
        assert result.warc_file and result.warc_offset is not None
        with open(result.warc_file, "rb") as stream:
            stream.seek(result.warc_offset)
            record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == result.final_url
    records = [r.rec_type for r in ArchiveIterator(open(files[0], "rb"))]
    # warcinfo, then robots, listing, the redirect hop, its target and the 404: a pair each.
    assert records == ["warcinfo"] + ["response", "request"] * 5

    rebuilt = list(iter_warc(tmp_path))
    assert len(rebuilt) == 2 * 4  # redirect hops are not results
    moved = [r for r in rebuilt if r.url == site.url("/a/moved")]
    assert len(moved) == 2
    assert moved[0].final_url == site.url("/a/here") and moved[0].body == STORY
    assert moved[0].redirects == [site.url("/a/moved")] and moved[0].kind == "article"
    assert moved[0].content_hash == next(r.content_hash for r in first if r.url == site.url("/a/moved"))
    missing = [r for r in rebuilt if r.url.endswith("/a/missing")][0]
    assert missing.status == 404 and missing.body is None and missing.error == "http-404"


def test_warc_files_rotate_past_the_size_limit(tmp_path):
    with Site("127.0.0.2") as site:
        site.page("/", "".join(f'<p><a href="/a/{i}">{i}</a></p>' for i in range(6)))
        site.route("/a/*", lambda request: Reply(200, STORY + request.path.encode() * 500))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        _, results = crawl_collect([source], warc_dir=tmp_path, warc_max_bytes=2_000)

    assert len(list(tmp_path.glob("*.warc.gz"))) >= 3
    assert {r.url for r in iter_warc(tmp_path) if r.kind == "article"} == {r.url for r in results if r.kind == "article"}


def test_a_damaged_warc_is_read_up_to_the_damage(tmp_path):
    with Site("127.0.0.2") as site:
        site.page("/", "".join(f'<p><a href="/a/{i}">{i}</a></p>' for i in range(5)))
        site.route("/a/*", lambda request: Reply(200, STORY * 50))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
        crawl_collect([source], warc_dir=tmp_path)
    [warc] = tmp_path.glob("*.warc.gz")
    data = warc.read_bytes()
    whole = list(iter_warc(warc))

    warc.write_bytes(data[:-700] + b"\x00garbage" * 50)
    damaged = list(iter_warc(warc))

    assert len(whole) == 7  # robots, listing, five articles
    assert 0 < len(damaged) < len(whole)
    assert [r.url for r in damaged] == [r.url for r in whole[:len(damaged)]]


def test_a_failed_refetch_does_not_hide_an_edit_made_before_it(tmp_path):
    """Fetched at T1, edited, a refetch fails at T2: the next run still compares
    the sitemap's lastmod with T1, the last good fetch, and fetches the edit."""
    import kb
    from crawler import CrawlConfig, crawl

    db = kb.open_db(tmp_path / "kb.sqlite")
    kb.upsert_sources(db, [{"name": "test"}])
    config = CrawlConfig(per_host_delay=0.0, timeout=5.0, max_retries=0, trust_env=False, progress=False)

    def run(source):
        return crawl([source], config, known=lambda url: kb.fetch_validators(db, url),
                     on_result=lambda result: kb.record_fetch(db, result.to_dict()))

    page = {"body": b"<html><body><p>first text</p></body></html>", "down": False}
    with Site("127.0.0.2") as site:
        site.route("/a/1", lambda request: Reply(503, b"busy", {"ETag": '"busy"'}) if page["down"]
                   else etag_page(page["body"])(request))
        site_with_sitemap(site, {"/a/1": "2024-01-01"})
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])
        url = site.url("/a/1")

        run(source)
        first = kb.fetch_validators(db, url)
        # That first fetch was on 1 March 2024 (T1).
        t1 = "2024-03-01T10:00:00.000000Z"
        db["pages"].update(kb.store.page_id_for(url), {"fetched_at": t1})
        # Edited in June; the refetch the sitemap asks for (now, T2) fails.
        page.update(body=b"<html><body><p>edited text</p></body></html>", down=True)
        site_with_sitemap(site, {"/a/1": "2024-06-01T12:00:00+00:00"})
        failed = run(source)
        after_failure = kb.fetch_validators(db, url)
        row = db["pages"].get(kb.store.page_id_for(url))
        # The site is back; the sitemap still dates the edit in June, before T2.
        page["down"] = False
        again = run(source)

    assert failed["test"]["failed"] == 1 and (row["status"], row["error"]) == (503, "http-503")
    assert after_failure == {**first, "fetched_at": t1}  # validators and time of the good fetch
    assert site.hits["/a/1"] == 3 and again["test"]["skipped"] == 0
    final = db["pages"].get(kb.store.page_id_for(url))
    assert (final["status"], final["error"]) == (200, None)
    assert final["content_hash"] == hashlib.sha256(page["body"]).hexdigest()


def test_a_known_fetch_time_out_of_range_in_utc_is_unreadable_not_a_crash():
    # Valid ISO times whose UTC instant lies before year 1 or after 9999: like an
    # unreadable time, they date nothing, so the article counts as not dated later.
    fetched = {"/a/1": "0001-01-01T00:00:00+01:00", "/a/2": "9999-12-31T23:30-05:00"}
    with Site("127.0.0.2") as site:
        for path in fetched:
            site.route(path, etag_page(STORY))
        site_with_sitemap(site, {"/a/1": "2024-06-01T12:00:00Z", "/a/2": "2024-06-01T12:00:00Z"})
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])
        known = {site.url(path): {"etag": '"x"', "last_modified": None, "content_hash": "x", "fetched_at": at}
                 for path, at in fetched.items()}

        stats, _ = crawl_collect([source], known=known.get)

    assert stats["test"]["skipped"] == 2 and site.hits["/a/1"] == site.hits["/a/2"] == 0


def _members(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each gzip member (one WARC record each) of a crawler WARC."""
    offsets = []
    with io.BytesIO(data) as stream:
        records = ArchiveIterator(stream)
        for _ in records:
            offsets.append(records.get_record_offset())
    return list(zip(offsets, offsets[1:] + [len(data)]))


def _archived_story(tmp_path):
    with Site("127.0.0.2") as site:
        site.page("/", "".join(f'<p><a href="/a/{i}">{i}</a></p>' for i in range(3)))
        site.route("/a/*", lambda request: Reply(200, STORY * 40))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
        _, results = crawl_collect([source], warc_dir=tmp_path)
    [warc] = tmp_path.glob("*.warc.gz")
    article = next(r for r in results if r.kind == "article")
    return warc, article


def test_a_record_whose_payload_does_not_match_its_digest_is_never_replayed(tmp_path):
    warc, article = _archived_story(tmp_path)
    data = warc.read_bytes()
    start, end = next(m for m in _members(data) if m[0] == article.warc_offset)
    raw = gzip.decompress(data[start:end])
    tampered = gzip.compress(raw.replace(b"story", b"STORY", 1))
    warc.write_bytes(data[:start] + tampered + data[end:])

    damaged: list = []
    replayed = list(iter_warc(warc, damaged=damaged))
    assert article.url not in {r.url for r in replayed}
    assert len(replayed) == 4  # robots, listing and the two other articles
    assert [(offset, "digest" in why) for _, offset, why in damaged] == [(article.warc_offset, True)]


def test_a_record_cut_short_by_a_kill_is_skipped_not_replayed_as_a_good_page(tmp_path):
    warc, _ = _archived_story(tmp_path)
    data = warc.read_bytes()
    members = _members(data)
    # the last article's response: cut inside its payload, as a kill during the write does
    last_response = [m for m in members][-2]
    start, end = last_response
    raw = gzip.decompress(data[start:end])
    cut = gzip.compress(raw[: len(raw) - 500])  # a well-formed member holding half a record
    warc.write_bytes(data[:start] + cut)

    damaged: list = []
    replayed = list(iter_warc(warc, damaged=damaged))
    assert all(r.warc_offset != start for r in replayed)
    assert all(r.body is None or r.content_hash == hashlib.sha256(r.body).hexdigest() for r in replayed)
    assert [offset for _, offset, _ in damaged] == [start]
