"""Discovery against loopback sites: listings, pagination, sitemaps, feeds, traps."""
import gzip

from crawlsite import Reply, Site, crawl_collect, make_source


def article_page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article><p>{title} text.</p></article></body></html>"


def test_listing_links_lead_to_articles_with_dates_and_pagination_inside_the_source_only():
    with Site("127.0.0.2") as site, Site("127.0.0.3") as other:
        site.page("/news", f"""<html><body><ul>
            <li><a href="/news/1">One</a> <span>12 March 2024</span></li>
            <li><a href="/news/2?utm_source=x">Two</a> <time datetime="2024-02-01">1 Feb</time></li>
            <li><a href="/news/1#comments">One again</a></li>
            <li><a href="{other.base}/news/9">Elsewhere</a></li>
            <li><a href="/about">About</a></li>
            </ul><a href="/news?page=2">next</a></body></html>""")
        site.page("/news?page=2", '<html><body><p><a href="/news/3">Three</a> 3. März 2024</p></body></html>')
        for i in (1, 2, 3):
            site.page(f"/news/{i}", article_page(f"Story {i}"))
        other.page("/news/9", article_page("Other"))
        source = make_source(start_urls=[site.url("/news")], article_patterns=[r"/news/\d+$"],
                             listing_patterns=[r"/news\?page=\d+$"])

        stats, results = crawl_collect([source])

    articles = {r.url: r for r in results if r.kind == "article"}
    assert set(articles) == {site.url("/news/1"), site.url("/news/2"), site.url("/news/3")}
    assert articles[site.url("/news/1")].date_hint == "2024-03-12"
    assert articles[site.url("/news/2")].date_hint == "2024-02-01"
    assert articles[site.url("/news/3")].date_hint == "2024-03-03"
    assert all(r.body and r.content_hash and r.status == 200 for r in articles.values())
    assert site.hits["/news/1"] == 1 and site.hits["/news/2"] == 1
    assert site.hits["/about"] == 0
    assert other.hits.total() == 0
    assert stats["test"]["discovered"] == 3 and stats["test"]["failed"] == 0


def test_robots_announced_sitemap_index_news_sitemap_gzip_child_and_filters():
    with Site("127.0.0.2") as site:
        base = site.base
        site.page("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap-index.xml\n", "text/plain")
        site.page("/sitemap-index.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2024-06-02</lastmod></sitemap>
              <sitemap><loc>{base}/sitemap-old.xml.gz</loc><lastmod>2024-01-01</lastmod></sitemap>
              <sitemap><loc>{base}/sitemap-videos.xml</loc></sitemap>
            </sitemapindex>""", "application/xml")
        site.page("/sitemap-news.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url><loc>{base}/news/fresh</loc><lastmod>2024-06-03T09:00:00+02:00</lastmod>
                <news:news><news:publication_date>2024-06-01T08:00:00Z</news:publication_date>
                <news:title>Fresh</news:title></news:news></url>
              <url><loc>{base}/video/1</loc></url>
            </urlset>""", "application/xml")
        old = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{base}/news/old</loc><lastmod>2023-12-24</lastmod></url></urlset>"""
        site.page("/sitemap-old.xml.gz", gzip.compress(old.encode()), "application/x-gzip")
        site.page("/news/fresh", article_page("Fresh"))
        site.page("/news/old", article_page("Old"))
        site.page("/", "<html><body>Home</body></html>")
        # The home page is only the entry point to the host; robots.txt announces the rest.
        source = make_source(start_urls=[site.url("/")], article_patterns=["/news/"],
                             sitemap_patterns=["sitemap-(index|news|old)"])

        stats, results = crawl_collect([source])

    by_url = {r.url: r for r in results}
    assert by_url[site.url("/news/fresh")].date_hint == "2024-06-01"
    assert by_url[site.url("/news/old")].date_hint == "2023-12-24"
    assert by_url[site.url("/news/old")].referrer == site.url("/sitemap-old.xml.gz")
    assert site.hits["/sitemap-videos.xml"] == 0  # not wanted by sitemap_patterns
    assert site.hits["/video/1"] == 0  # not an article URL
    assert site.hits["/robots.txt"] == 1
    assert [r.kind for r in results].count("sitemap") == 3


def test_rss_and_atom_feed_entries_become_articles_with_dates():
    with Site("127.0.0.2") as site, Site("127.0.0.3") as other:
        site.page("/rss.xml", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>A</title><link>{site.base}/a</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
            <item><title>X</title><link>{other.base}/x</link></item>
            </channel></rss>""", "application/rss+xml")
        site.page("/atom.xml", f"""<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><title>B</title><link href="{site.base}/b"/><updated>2024-04-07T12:00:00Z</updated></entry>
            </feed>""", "application/atom+xml")
        site.page("/a", article_page("A"))
        site.page("/b", article_page("B"))
        source = make_source(feeds=[site.url("/rss.xml"), site.url("/atom.xml")])

        stats, results = crawl_collect([source])

    dates = {r.url: r.date_hint for r in results if r.kind == "article"}
    assert dates == {site.url("/a"): "2024-03-05", site.url("/b"): "2024-04-07"}
    assert other.hits.total() == 0
    assert stats["test"]["discovered"] == 2


def test_calendar_trap_and_relative_link_trap_are_bounded():
    with Site("127.0.0.2") as site:
        def calendar(request):
            month = int(request.path.rsplit("=", 1)[1])
            body = (f'<a href="/calendar?month={month + 1}">next</a>'
                    f'<a href="/calendar?month={month - 1}">previous</a>'
                    f'<a href="/event/{month}">event</a>')
            return Reply(200, body.encode())

        site.route("/calendar", calendar)
        site.route("/event/*", lambda request: Reply(200, article_page("Event").encode()))
        site.route("/trap/*", lambda request: Reply(200, b'<a href="deeper/">deeper</a>'))
        source = make_source(start_urls=[site.url("/calendar?month=100"), site.url("/trap/")],
                             article_patterns=["/event/"], listing_patterns=[r"/calendar\?month=", "/trap/"])

        stats, results = crawl_collect([source], max_listing_depth=4, max_listing_pages=30)

    calendar_hits = sum(n for path, n in site.hits.items() if path.startswith("/calendar"))
    trap_hits = sum(n for path, n in site.hits.items() if path.startswith("/trap/"))
    event_hits = sum(n for path, n in site.hits.items() if path.startswith("/event/"))
    assert calendar_hits == 1 + 2 * 4  # the start month plus two new months per pagination level
    assert event_hits == calendar_hits
    assert trap_hits <= 1 + 4
    assert stats["test"]["failed"] == 0


def test_page_budget_counts_every_request_but_robots():
    with Site("127.0.0.2") as site:
        site.page("/news", "".join(f'<a href="/n/{i}">{i}</a>' for i in range(20)))
        for i in range(20):
            site.page(f"/n/{i}", article_page(str(i)))
        source = make_source(start_urls=[site.url("/news")], article_patterns=["/n/"], max_pages=5)

        stats, results = crawl_collect([source], max_pages=8)

    assert site.hits.total() - site.hits["/robots.txt"] == 5
    assert stats["test"]["discovered"] == 20


def test_a_sitemap_shared_by_two_sources_is_fetched_once_and_read_for_each():
    with Site("127.0.0.2") as site:
        site.page("/robots.txt", f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n", "text/plain")
        urls = "".join(f"<url><loc>{site.base}{p}</loc></url>" for p in ("/ioc/1", "/partners/1", "/misc"))
        site.page("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                  "application/xml")
        site.page("/", "<html><body>home</body></html>")
        site.route("/ioc/*", lambda request: Reply(200, article_page("IOC").encode()))
        site.route("/partners/*", lambda request: Reply(200, article_page("Partner").encode()))
        ioc = make_source("ioc", kind="ioc", start_urls=[site.url("/")], article_patterns=["/ioc/"])
        partners = make_source("partners", kind="partner", sitemaps=[site.url("/sitemap.xml")],
                               article_patterns=["/partners/"])

        stats, results = crawl_collect([ioc, partners])

    assert site.hits["/sitemap.xml"] == 1 and site.hits["/"] == 1
    assert {(r.source, r.url.split("/", 3)[3]) for r in results if r.kind == "article"} == {
        ("ioc", "ioc/1"), ("partners", "partners/1")}
    assert site.hits["/misc"] == 0


def test_huge_sitemaps_are_bounded_by_the_discovery_cap():
    with Site("127.0.0.2") as site:
        entries = "".join(f"<url><loc>{site.base}/a/{i}</loc></url>" for i in range(5000))
        site.page("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
                  "application/xml")
        site.route("/a/*", lambda request: Reply(200, article_page("A").encode()))
        source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])

        stats, results = crawl_collect([source], max_discovered=300, max_pages=50)

    assert stats["test"]["discovered"] == 300
    assert site.hits.total() - site.hits["/robots.txt"] == 50


def test_items_dated_before_since_are_ignored():
    with Site("127.0.0.2") as site:
        site.page("/rss.xml", f"""<rss version="2.0"><channel>
            <item><link>{site.base}/old</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
            <item><link>{site.base}/new</link><pubDate>Sat, 01 Jun 2024 10:00:00 GMT</pubDate></item>
            <item><link>{site.base}/undated</link></item></channel></rss>""", "application/rss+xml")
        for path in ("/old", "/new", "/undated"):
            site.page(path, article_page(path))
        source = make_source(feeds=[site.url("/rss.xml")])

        crawl_collect([source], since="2024-03-01")

    assert (site.hits["/old"], site.hits["/new"], site.hits["/undated"]) == (0, 1, 1)


def test_dates_out_of_range_in_utc_are_unreadable_not_a_crash():
    # Each is a valid ISO time whose UTC instant lies before year 1 or after 9999.
    low, high = "0001-01-01T00:00:00+01:00", "9999-12-31T23:30-05:00"
    with Site("127.0.0.2") as site:
        site.page("/news", f"""<html><body><ul>
            <li><a href="/news/1">One</a> <time datetime="{low}">long ago</time></li>
            <li><a href="/news/2">Two</a> <time datetime="{high}">far ahead</time></li>
            </ul><p><a href="/news/3">Three</a> <time datetime="2024-02-01">1 Feb</time></p></body></html>""")
        site.page("/sitemap.xml", f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>{site.base}/news/4</loc><lastmod>{low}</lastmod></url>
            <url><loc>{site.base}/news/5</loc><lastmod>{high}</lastmod></url></urlset>""", "application/xml")
        for i in range(1, 6):
            site.page(f"/news/{i}", article_page(f"Story {i}"))
        source = make_source(start_urls=[site.url("/news")], sitemaps=[site.url("/sitemap.xml")],
                             article_patterns=[r"/news/\d+$"])

        stats, results = crawl_collect([source])

    hints = {r.url.rsplit("/", 1)[1]: r.date_hint for r in results if r.kind == "article"}
    assert hints == {"1": None, "2": None, "3": "2024-02-01", "4": None, "5": None}
    assert stats["test"]["failed"] == 0
