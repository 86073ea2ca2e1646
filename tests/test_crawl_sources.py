"""The sources file: loading, validation, the offline check, the summary printer."""
from pathlib import Path

import pytest

from crawler import SourcesError, check_sources, format_summary, load_sources
from crawlsite import Site

ROOT = Path(__file__).resolve().parent.parent

VALID = """
sources:
  - name: sample
    title: Sample news
    kind: trade_press
    language: de
    start_urls: ["{{BASE}}/news/"]
    feeds: "{{BASE}}/feed.xml"
    article_patterns: ['/news/\\d+']
    listing_patterns: ['/news/\\?page=\\d+']
    drop_selectors: [".teaser", "aside"]
    delay: 2
"""


def test_placeholder_is_replaced_and_hosts_default_to_the_entry_points():
    [source] = load_sources(VALID, base_url="http://127.0.0.1:8123/")

    assert source.start_urls == ["http://127.0.0.1:8123/news/"]
    assert source.feeds == ["http://127.0.0.1:8123/feed.xml"]
    assert source.allowed_hosts == ["127.0.0.1"]
    assert source.is_article("http://127.0.0.1:8123/news/12") and not source.is_article("http://x/about")
    assert source.is_listing("http://127.0.0.1:8123/news/?page=2")
    assert (source.language, source.delay, source.robots_sitemaps) == ("de", 2.0, True)


def test_subdomains_of_allowed_hosts_are_allowed_and_lookalikes_are_not():
    [source] = load_sources("- {name: s, kind: ioc, start_urls: ['https://olympics.com/ioc/news']}")

    assert source.allows_host("https://www.olympics.com/x")
    assert not source.allows_host("https://olympics.com.evil.example/x")
    assert not source.allows_host("https://notolympics.com/x")


@pytest.mark.parametrize("entry, message", [
    ("- {name: a, kind: blog, start_urls: ['https://a.org/']}", "'kind' must be one of"),
    ("- {name: a, kind: ioc, start_urls: ['/relative']}", "not an absolute http(s) URL"),
    ("- {name: a, kind: ioc, article_patterns: ['(unclosed']}", "article_patterns"),
    ("- {name: a, kind: ioc, max_pages: -3}", "'max_pages' must be a non-negative number"),
    ("- {name: a, kind: ioc, startUrls: []}", "unknown keys"),
    ("- {name: Bad Name, kind: ioc}", "'name' must be"),
    ("- {name: a, kind: ioc}\n- {name: a, kind: ioc}", "duplicate source names: a"),
    ("sources: 12", "expected a list"),
    ("- [unbalanced", "not valid YAML"),
])
def test_invalid_sources_files_are_rejected_with_a_clear_message(entry, message):
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_sources(entry)


def test_offline_check_reports_errors_and_warnings():
    sources = load_sources("""
- name: broken
  kind: partner
  language: english
  start_urls: ["https://news.example.com/"]
  allowed_hosts: ["example.org", "https://example.com/path"]
  content_selector: "div["
- name: fine
  kind: partner
  language: en
  feeds: ["https://news.example.com/"]
  article_patterns: ["/news/"]
""")

    report = check_sources(sources)

    errors = [f.message for f in report.errors if f.source == "broken"]
    assert any("not in allowed_hosts" in m for m in errors)
    assert any("bare host name" in m for m in errors)
    assert any("does not parse" in m for m in errors)
    assert any("ISO 639" in f.message for f in report.warnings)
    assert not [f for f in report.errors if f.source == "fine"]
    assert any("listed by 2 sources" in f.message for f in report.warnings)
    assert "3 error(s)" in report.text


def test_the_real_sources_file_loads_and_passes_the_offline_check():
    sources = load_sources(ROOT / "sources.yml")

    report = check_sources(sources)

    assert report.errors == []
    kinds = {s.kind for s in sources}
    assert kinds == {"ioc", "partner", "trade_press"}
    assert {"en", "de", "fr"} <= {s.language for s in sources}
    assert all(s.article_patterns for s in sources)


def test_summary_lists_every_source_and_a_total():
    stats = {"ioc": {"discovered": 12, "fetched": 9, "failed": 1}, "kicker": {"discovered": 3, "fetched": 3}}

    text = format_summary(stats)

    lines = text.splitlines()
    assert any("ioc" in line and "12" in line and "9" in line for line in lines)
    assert any("kicker" in line for line in lines)
    assert any("total" in line and "15" in line and "12" in line for line in lines)


def test_probe_reports_what_each_entry_point_serves():
    with Site("127.0.0.2") as site:
        site.page("/robots.txt", f"User-agent: *\nCrawl-delay: 0\nDisallow: /closed\nSitemap: {site.base}/s.xml\n",
                  "text/plain")
        site.page("/feed.xml", f"""<rss version="2.0"><channel>
            <item><link>{site.base}/news/1</link></item><item><link>{site.base}/about</link></item>
            </channel></rss>""", "application/rss+xml")
        site.page("/news", '<a href="/news/2">2</a><a href="/news/3">3</a><a href="/jobs">jobs</a>')
        sources = load_sources(f"""
- name: probed
  kind: trade_press
  start_urls: ["{site.base}/news", "{site.base}/closed/news"]
  feeds: ["{site.base}/feed.xml", "{site.base}/missing.xml"]
  article_patterns: ['/news/\\d+$']
""")

        report = check_sources(sources, probe=True, delay=0, trust_env=False)

    lines = report.text.splitlines()
    assert any("robots.txt: 200" in line and "1 sitemap(s)" in line for line in lines)
    assert any("/feed.xml: 200; 2 feed entries, 1 match article_patterns" in line for line in lines)
    assert any("/news: 200; 3 links, 2 match article_patterns" in line for line in lines)
    assert any("/missing.xml: 404" in line and line.startswith("warning") for line in lines)
    assert any("/closed/news: disallowed by robots.txt" in line for line in lines)
    assert site.hits["/closed/news"] == 0


def test_progress_shows_on_request_and_is_silent_when_not_a_terminal(capsys):
    from crawlsite import crawl_collect, make_source

    with Site("127.0.0.2") as site:
        site.page("/", '<p><a href="/a/1">1</a></p>')
        site.page("/a/1", "<html><body><p>story</p></body></html>")
        source = make_source(start_urls=[site.url("/")], article_patterns=["/a/"])

        crawl_collect([source], progress=None)
        silent = capsys.readouterr()
        crawl_collect([source], progress=True)
        shown = capsys.readouterr()

    assert silent.err == "" and silent.out == ""
    assert "crawl" in shown.err and "3/3" in shown.err and "/a/1" in shown.err
