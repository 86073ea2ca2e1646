"""Hostile and broken responses: redirects, size and time caps, bad bodies, charsets."""
import gzip
import socket

from crawlsite import Reply, Site, crawl_collect, make_source

STORY = b"<html><body><p>story</p></body></html>"


def fetch_articles(site: Site, paths: list[str], **config):
    """Crawl a listing of ``paths`` on the site; returns (stats, article results by path)."""
    site.page("/", "<html><body>" + "".join(f'<p><a href="{p}">{p}</a></p>' for p in paths) + "</body></html>")
    source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])
    stats, results = crawl_collect([source], **config)
    by_path = {r.url.split("/", 3)[3]: r for r in results if r.kind == "article" and not r.will_retry}
    return stats, by_path


def redirect(target: str, status: int = 301) -> Reply:
    return Reply(status, b"", {"Location": target})


def test_redirect_chain_is_followed_and_recorded():
    with Site("127.0.0.2") as site:
        site.reply("/a/start", redirect("/a/step"))
        site.reply("/a/step", redirect(site.url("/a/final"), 302))
        site.reply("/a/final", Reply(200, STORY))

        stats, results = fetch_articles(site, ["/a/start"])

    result = results["a/start"]
    assert result.status == 200 and result.body == STORY and result.error is None
    assert result.final_url == site.url("/a/final")
    assert result.redirects == [site.url("/a/start"), site.url("/a/step")]
    assert site.hits["/a/start"] == site.hits["/a/step"] == site.hits["/a/final"] == 1


def test_redirect_loops_and_endless_chains_stop():
    with Site("127.0.0.2") as site:
        site.reply("/a/ping", redirect("/a/pong"))
        site.reply("/a/pong", redirect("/a/ping"))
        site.route("/a/n/*", lambda request: redirect(f"/a/n/{int(request.path.rsplit('/', 1)[1]) + 1}"))

        stats, results = fetch_articles(site, ["/a/ping", "/a/n/0"], max_redirects=10)

    assert results["a/ping"].error == "redirect-loop"
    assert site.hits["/a/ping"] == 1 and site.hits["/a/pong"] == 1
    assert results["a/n/0"].error == "too-many-redirects"
    assert sum(n for path, n in site.hits.items() if path.startswith("/a/n/")) == 11
    assert results["a/n/0"].body is None and len(results["a/n/0"].redirects) == 11
    assert stats["test"]["failed"] == 2


def test_redirect_to_another_host_is_recorded_not_followed():
    with Site("127.0.0.2") as site, Site("127.0.0.3") as other:
        site.reply("/a/away", redirect(other.url("/a/there")))
        other.reply("/a/there", Reply(200, STORY))

        stats, results = fetch_articles(site, ["/a/away"])

    result = results["a/away"]
    assert result.error == "off-source-redirect"
    assert result.status == 301 and result.final_url == other.url("/a/there")
    assert other.hits.total() == 0


def test_a_trickling_page_is_cut_at_its_deadline_and_not_retried():
    with Site("127.0.0.2") as site:
        site.reply("/a/slow", Reply(200, chunks=[b"<html>"] * 50, chunk_delay=0.2))
        site.reply("/a/ok", Reply(200, STORY))

        stats, results = fetch_articles(site, ["/a/slow", "/a/ok"], timeout=0.5, max_retries=1, backoff_base=0.01)

    assert results["a/slow"].error == "deadline" and results["a/slow"].body is None
    assert site.hits["/a/slow"] == 1  # a retry would trickle as long again
    assert results["a/ok"].body == STORY


def test_a_silent_server_times_out_and_is_retried_a_bounded_number_of_times():
    with Site("127.0.0.2") as site:
        site.reply("/a/silent", Reply(200, chunks=[b"<html>", b"late"], chunk_delay=1.0))
        site.reply("/a/ok", Reply(200, STORY))

        stats, results = fetch_articles(site, ["/a/silent", "/a/ok"], read_timeout=0.3, max_retries=1,
                                        backoff_base=0.01)

    assert results["a/silent"].error == "timeout" and results["a/silent"].body is None
    assert site.hits["/a/silent"] == 2
    assert results["a/ok"].body == STORY


def test_oversized_bodies_are_cut_off_streamed_or_declared():
    with Site("127.0.0.2") as site:
        site.reply("/a/stream", Reply(200, chunks=(b"x" * 65536 for _ in range(10_000))))
        site.reply("/a/declared", Reply(200, b"y" * 300_000))
        site.reply("/a/fine", Reply(200, STORY))

        stats, results = fetch_articles(site, ["/a/stream", "/a/declared", "/a/fine"], max_bytes=200_000)

    assert results["a/stream"].error == "too-large" and results["a/stream"].body is None
    assert results["a/declared"].error == "too-large"
    assert results["a/fine"].body == STORY


def test_gzip_bomb_is_stopped_at_the_decompressed_cap():
    bomb = gzip.compress(b" " * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    with Site("127.0.0.2") as site:
        site.reply("/a/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
        site.reply("/a/zipped", Reply(200, gzip.compress(STORY), {"Content-Encoding": "gzip"}))

        stats, results = fetch_articles(site, ["/a/bomb", "/a/zipped"], max_bytes=1_000_000)

    assert results["a/bomb"].error == "decompressed-too-large" and results["a/bomb"].body is None
    assert results["a/zipped"].body == STORY


def test_binary_empty_and_non_html_bodies_are_recorded_not_delivered():
    with Site("127.0.0.2") as site:
        site.reply("/a/pdf", Reply(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 20))
        site.reply("/a/empty", Reply(200, b""))
        site.reply("/a/blank", Reply(200, b"  \n "))
        site.reply("/a/json", Reply(200, b'{"a": 1}', content_type="application/json"))

        stats, results = fetch_articles(site, ["/a/pdf", "/a/empty", "/a/blank", "/a/json"])

    assert {path: r.error for path, r in results.items()} == {
        "a/pdf": "binary-content", "a/empty": "empty-body", "a/blank": "empty-body", "a/json": "not-html",
    }
    assert all(r.status == 200 and r.body is None for r in results.values())


def test_malformed_html_listing_still_yields_links_and_the_page_is_delivered():
    with Site("127.0.0.2") as site:
        site.page("/", b"<html><body><div><p><a href='/a/1'>one<table><tr><td><a href=/a/2>two</div>"
                       b"<<<>>> <a href=\"/a/3\" <a href='/a/4'>four")
        site.route("/a/*", lambda request: Reply(200, b"<p>unclosed <b>bold <i>story"))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        stats, results = crawl_collect([source])

    fetched = sorted(r.url.rsplit("/", 1)[1] for r in results if r.kind == "article" and r.body)
    assert {"1", "2"} <= set(fetched)
    assert stats["test"]["failed"] == 0


def test_windows_1252_german_page_comes_out_with_correct_umlauts():
    text = "Größter Erfolg für Müller: „Wir sind überglücklich“, sagte die Präsidentin – 5 € Spende."
    page = f"<html><head><title>Test</title></head><body><p>{text}</p></body></html>".encode("cp1252")
    with Site("127.0.0.2") as site:
        site.reply("/a/undeclared", Reply(200, page, content_type="text/html"))
        site.reply("/a/latin1", Reply(200, page, content_type="text/html; charset=ISO-8859-1"))
        meta = page.replace(b"<head>", b'<head><meta charset="windows-1252">')
        site.reply("/a/meta", Reply(200, meta, content_type="text/html"))
        site.reply("/a/utf8", Reply(200, page.decode("cp1252").encode("utf-8"), content_type="text/html"))

        stats, results = fetch_articles(site, ["/a/undeclared", "/a/latin1", "/a/meta", "/a/utf8"])

    for path, result in results.items():
        assert text in result.text(), path
    assert results["a/latin1"].charset == "cp1252"
    assert results["a/utf8"].charset == "utf-8"


def test_an_unreachable_host_is_recorded_and_the_other_sources_still_crawl():
    with socket.socket() as probe:
        probe.bind(("127.0.0.4", 0))
        dead_port = probe.getsockname()[1]
    with Site("127.0.0.2") as site:
        site.page("/", '<p><a href="/a/1">one</a></p>')
        site.reply("/a/1", Reply(200, STORY))
        dead = make_source("dead", start_urls=[f"http://127.0.0.4:{dead_port}/"], article_patterns=["/a/"])
        alive = make_source("alive", start_urls=[site.url("/")], article_patterns=["/a/"])

        stats, results = crawl_collect([dead, alive], max_retries=0)

    dead_results = [r for r in results if r.source == "dead"]
    assert [(r.kind, r.error) for r in dead_results] == [("robots", "connect-error"), ("listing", "robots-unavailable")]
    assert [r.body for r in results if r.source == "alive" and r.kind == "article"] == [STORY]
    assert stats["dead"]["failed"] >= 1


def test_content_encodings_are_decoded_or_refused():
    import zlib

    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(STORY) + raw.flush()
    with Site("127.0.0.2") as site:
        site.reply("/a/deflate", Reply(200, zlib.compress(STORY), {"Content-Encoding": "deflate"}))
        site.reply("/a/raw-deflate", Reply(200, raw_deflate, {"Content-Encoding": "deflate"}))
        site.reply("/a/brotli", Reply(200, b"\x1b\x03\x00", {"Content-Encoding": "br"}))
        site.reply("/a/corrupt", Reply(200, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}))

        stats, results = fetch_articles(site, ["/a/deflate", "/a/raw-deflate", "/a/brotli", "/a/corrupt"])

    assert results["a/deflate"].body == STORY and results["a/raw-deflate"].body == STORY
    assert results["a/brotli"].error == "unsupported-content-encoding"
    assert results["a/corrupt"].error == "bad-content-encoding"
