"""Politeness against loopback hosts: robots.txt, delays, Retry-After, backoff."""
import time

from crawlsite import Reply, Site, crawl_collect, make_source


def listing(paths) -> str:
    return "<html><body>" + "".join(f'<p><a href="{p}">{p}</a></p>' for p in paths) + "</body></html>"


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def test_robots_disallow_is_obeyed_and_robots_is_fetched_once_per_host():
    with Site("127.0.0.2") as site:
        # Our own group replaces the * group, which would forbid everything.
        site.page("/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: presskb\nDisallow: /news/private\n",
                  "text/plain")
        site.page("/news", listing(["/news/1", "/news/private-1", "/news/private/2"]))
        site.page("/more", listing(["/news/2"]))
        for path in ("/news/1", "/news/2", "/news/private-1", "/news/private/2"):
            site.page(path, "<html><body><p>story</p></body></html>")
        first = make_source("first", start_urls=[site.url("/news")], article_patterns=["/news/"])
        second = make_source("second", start_urls=[site.url("/more")], article_patterns=["/news/"])

        stats, results = crawl_collect([first, second])

    assert site.hits["/robots.txt"] == 1
    assert site.hits["/news/private-1"] == 0 and site.hits["/news/private/2"] == 0
    assert site.hits["/news/1"] == 1 and site.hits["/news/2"] == 1
    refused = [r for r in results if r.error == "robots-disallowed"]
    assert sorted(r.url.split("/", 3)[3] for r in refused) == ["news/private-1", "news/private/2"]
    assert all(r.status is None and r.body is None for r in refused)
    assert stats["first"]["failed"] == 2 and stats["second"]["failed"] == 0


def test_crawl_delay_and_per_host_delay_space_requests_while_hosts_run_in_parallel():
    with Site("127.0.0.2") as slow, Site("127.0.0.3") as fast:
        slow.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
        for site in (slow, fast):
            site.page("/", listing([f"/a/{i}" for i in range(5)]))
            site.route("/a/*", lambda request: Reply(200, b"<html><body><p>story</p></body></html>"))
        sources = [make_source(f"s{i}", start_urls=[site.url("/")], article_patterns=["/a/"])
                   for i, site in enumerate((slow, fast))]

        started = time.monotonic()
        crawl_collect(sources, per_host_delay=0.15)
        elapsed = time.monotonic() - started

    # 7 requests per host (robots, listing, 5 articles): 6 gaps each.
    assert min(gaps(slow.times())) >= 0.299
    assert min(gaps(fast.times())) >= 0.149
    # the hosts were crawled side by side: their requests interleave (the server's order,
    # not a wall-clock bound, so a loaded machine cannot fail it)
    assert min(slow.times()) < max(fast.times()) and min(fast.times()) < max(slow.times())
    assert max(fast.times()) < max(slow.times())  # the fast host was done first
    assert elapsed >= 6 * 0.3  # a lower bound: politeness, which load cannot break


def test_a_crawl_delay_beyond_the_limit_skips_the_host():
    with Site("127.0.0.2") as site:
        site.page("/robots.txt", "User-agent: *\nCrawl-delay: 86400\n", "text/plain")
        site.page("/", listing(["/a"]))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a"])

        stats, results = crawl_collect([source], max_crawl_delay=30)

    assert site.hits.total() == 1  # robots.txt only
    assert [r.error for r in results] == [None, "crawl-delay-too-long"]


def test_429_with_retry_after_is_waited_for_then_retried():
    with Site("127.0.0.2") as site:
        site.page("/", listing(["/a"]))
        site.route("/a", lambda request: Reply(429, b"slow down", {"Retry-After": "1"}) if request.hits == 1
                   else Reply(200, b"<html><body><p>story</p></body></html>"))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a"])

        stats, results = crawl_collect([source])

    first, second = site.times("/a")
    assert second - first >= 0.95
    attempts = [(r.status, r.error, r.will_retry, r.attempt) for r in results if r.kind == "article"]
    assert attempts == [(429, "http-429", True, 1), (200, None, False, 2)]
    assert stats["test"]["failed"] == 0


def test_retry_after_beyond_the_limit_gives_the_url_up():
    with Site("127.0.0.2") as site:
        site.page("/", listing(["/a"]))
        site.reply("/a", Reply(503, b"", {"Retry-After": "3600"}))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a"])

        stats, results = crawl_collect([source], max_retry_after=10)

    assert site.hits["/a"] == 1
    assert results[-1].error == "http-503:retry-after-too-long"
    assert stats["test"]["failed"] == 1


def test_server_errors_back_off_exponentially_and_client_errors_are_not_retried():
    with Site("127.0.0.2") as site:
        site.page("/", listing(["/flaky", "/broken", "/gone", "/missing"]))
        site.route("/flaky", lambda request: Reply(500) if request.hits == 1
                   else Reply(200, b"<html><body><p>story</p></body></html>"))
        site.reply("/broken", Reply(502))
        site.reply("/gone", Reply(410))
        source = make_source(start_urls=[site.url("/")], article_patterns=["/(flaky|broken|gone|missing)"])

        stats, results = crawl_collect([source], max_retries=2, backoff_base=0.1)

    assert site.hits["/flaky"] == 2
    assert site.hits["/broken"] == 3  # first try and two retries
    assert site.hits["/gone"] == 1 and site.hits["/missing"] == 1
    broken = site.times("/broken")
    assert gaps(broken)[0] >= 0.09 and gaps(broken)[1] >= 0.19  # 0.1 s, then 0.2 s
    final = {r.url.rsplit("/", 1)[1]: r.error for r in results if not r.will_retry and r.kind == "article"}
    assert final == {"flaky": None, "broken": "http-502", "gone": "http-410", "missing": "http-404"}
    assert stats["test"]["failed"] == 3


def test_a_failing_robots_txt_skips_the_host_and_a_missing_one_allows_everything():
    with Site("127.0.0.2") as failing, Site("127.0.0.3") as missing:
        failing.reply("/robots.txt", Reply(503))
        for site in (failing, missing):
            site.page("/", listing(["/a"]))
            site.page("/a", "<html><body><p>story</p></body></html>")
        sources = [make_source(name, start_urls=[site.url("/")], article_patterns=["/a"])
                   for name, site in (("failing", failing), ("missing", missing))]

        stats, results = crawl_collect(sources, max_retries=0)

    assert dict(failing.hits) == {"/robots.txt": 1}
    assert [r.error for r in results if r.source == "failing"] == ["http-503", "robots-unavailable"]
    assert missing.hits["/a"] == 1
    assert [r.error for r in results if r.source == "missing"] == [None, None, None]
