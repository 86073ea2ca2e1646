"""Sample site → crawl → extract → kb.sqlite → Datasette, with every part real."""
import json
import sqlite3
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from datasette.app import Datasette

from presskb.cli import METADATA


def article_rows(db_path):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    return {row["url"]: dict(row) for row in conn.execute("select * from articles")}


def table_counts(db_path):
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like '%fts%'")]
    return {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}


def test_every_expected_article_is_stored_clean(crawled, expected, sample_site):
    db_path, _, _ = crawled
    rows = article_rows(db_path)
    assert len(rows) == len(expected["articles"])
    for path, facts in expected["articles"].items():
        row = rows[f"{sample_site.base_url}/{path}"]
        assert row["title"] == facts["title"], path
        assert row["language"] == facts["language"], path
        assert row["published"][:10] == facts["published"], path
        for fragment in facts["must_contain"]:
            assert fragment in row["text"], (path, fragment)
        for noise in facts["must_not_contain"]:
            assert noise not in row["text"], (path, noise)


def test_hub_listing_and_blocked_pages_are_not_articles(crawled, expected, sample_site):
    db_path, _, hits = crawled
    urls = set(article_rows(db_path))
    for path in expected["non_articles"]:
        assert f"{sample_site.base_url}/{path}" not in urls
    for path in expected["never_fetched"]:
        assert hits.get(f"/{path}", 0) == 0, path
    # the hub page was crawled for links, and its menu text is in no article
    assert hits.get("/olympics/partners/alibaba/", 0) + hits.get(
        "/olympics/partners/alibaba/index.html", 0) >= 1
    conn = sqlite3.connect(db_path)
    assert conn.execute(
        "select count(*) from articles where text like '%Philatelic and Numismatic%'").fetchone()[0] == 0


def test_failures_are_recorded_as_pages(crawled, expected, sample_site):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    for path in expected["not_found"]:
        status, error = conn.execute(
            "select status, error from pages where url = ?", [f"{sample_site.base_url}/{path}"]
        ).fetchone()
        assert status == 404 and error
    robots = conn.execute("select count(*) from pages where kind = 'robots'").fetchone()[0]
    assert robots == 1


def test_facts_are_extracted_with_offsets(crawled):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    texts = dict(conn.execute("select id, text from articles"))
    for table, column in (("quotes", "text"), ("dates", "text"), ("mentions", "text")):
        rows = conn.execute(f"select article_id, start, [end], {column} from {table}").fetchall()
        assert rows, table
        for article_id, start, end, value in rows:
            span = texts[article_id][start:end]
            if table == "quotes":
                # a split quote joins its parts; its first words start the span
                assert span[:20] == value[:20], (table, span, value)
            else:
                assert span == value, (table, span, value)


def test_quotes_have_their_speakers_roles_and_organisations(crawled, expected, sample_site):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    wrong, total = [], 0
    for path, facts in expected["articles"].items():
        url = f"{sample_site.base_url}/{path}"
        quotes = conn.execute(
            "select q.text, q.speaker, q.role, q.organisation from quotes q "
            "join articles a on a.id = q.article_id where a.url = ?", [url]).fetchall()
        for gold in facts.get("quotes", []):
            total += 1
            got = [tuple(q[1:]) for q in quotes if q[0].startswith(gold["starts_with"])]
            want = (gold["speaker"], gold.get("role"), gold.get("organisation"))
            if got != [want]:
                wrong.append((gold["starts_with"], got, want))
    assert total == 24 and not wrong, wrong


def test_quote_texts_end_without_dangling_punctuation(crawled):
    db_path, _, _ = crawled
    texts = [t for (t,) in sqlite3.connect(db_path).execute("select text from quotes")]
    assert texts and not [t for t in texts if t.rstrip()[-1:] in ",;:–—"], texts


def test_rerun_changes_no_row_counts(crawled, crawl_into, sample_sources, tmp_path):
    db_path, first, _ = crawled
    before = table_counts(db_path)
    second = crawl_into(db_path, sample_sources, tmp_path / "warc")
    assert table_counts(db_path) == before
    assert first.articles["new"] > 0
    assert second.articles.get("new", 0) == 0 and second.articles.get("changed", 0) == 0


def fetched_state(db_path):
    """Every row of every table, keyed by table; of pages only those of stored
    articles (robots.txt, sitemaps, feeds, listings and failures are fetched again)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    tables = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like '%fts%'")]
    state = {}
    for table in tables:
        where = " where article_id is not null" if table == "pages" else ""
        state[table] = sorted(tuple(dict(row).items()) for row in conn.execute(f"select * from [{table}]{where}"))
    return state


def test_a_recrawl_of_an_unchanged_site_refreshes_only_last_seen_of_the_skipped_articles(
        tmp_path, crawl_into, sample_sources, sample_site):
    from kb.store import _instant

    db_path = tmp_path / "kb.sqlite"
    first = crawl_into(db_path, sample_sources, tmp_path / "warc")
    before, counts = fetched_state(db_path), table_counts(db_path)
    first_crawl_ended = max(_instant(fetched_at) for (fetched_at,) in
                            sqlite3.connect(db_path).execute("select fetched_at from pages"))
    hits = dict(sample_site.hits)
    second = crawl_into(db_path, sample_sources, tmp_path / "warc")
    after = fetched_state(db_path)

    # Nothing dates the articles after the first crawl: all of them are skipped, none refetched.
    articles = article_rows(db_path)
    skipped = sum(source["skipped"] for source in second.crawl.values())
    assert first.articles["new"] == len(articles) and skipped >= len(articles)
    assert second.extracted == 0 and sum(s["fetched"] for s in second.crawl.values()) > 0
    paths = [unquote(urlsplit(url).path) for url in articles]
    assert all(hits.get(path) and sample_site.hits[path] == hits[path] for path in paths)
    assert table_counts(db_path) == counts
    # last_seen moved on, past every fetch of the first crawl ...
    for url, row in articles.items():
        assert _instant(row["last_seen"]) > first_crawl_ended, url
        assert _instant(row["last_seen"]) > _instant(row["first_seen"]), url
    # ... and nothing else changed: no other column, no fact, no article page row.
    without_last_seen = lambda rows: [tuple(kv for kv in row if kv[0] != "last_seen") for row in rows]
    assert without_last_seen(after.pop("articles")) == without_last_seen(before.pop("articles"))
    assert after == before


def test_a_revalidated_unchanged_article_gets_last_seen_of_its_fetch(tmp_path, sample_sources):
    from crawler import CrawlConfig
    from kb.store import _instant
    from presskb.pipeline import run_crawl

    db_path = tmp_path / "kb.sqlite"
    run_crawl(db_path, sample_sources, CrawlConfig(per_host_delay=0.0))
    before = fetched_state(db_path)
    second = run_crawl(db_path, sample_sources, CrawlConfig(per_host_delay=0.0, recheck_known=True))

    articles = article_rows(db_path)
    assert second.articles["unchanged"] >= len(articles) and second.extracted == 0
    conn = sqlite3.connect(db_path)
    for url, row in articles.items():
        (fetched_at,) = conn.execute("select fetched_at from pages where article_id = ? order by fetched_at desc",
                                     [row["id"]]).fetchone()
        assert row["last_seen"] == fetched_at and _instant(row["last_seen"]) > _instant(row["first_seen"]), url
    after = fetched_state(db_path)
    without_last_seen = lambda rows: [tuple(kv for kv in row if kv[0] != "last_seen") for row in rows]
    assert without_last_seen(after["articles"]) == without_last_seen(before["articles"])
    assert {t: rows for t, rows in after.items() if t not in ("articles", "pages")} == {
        t: rows for t, rows in before.items() if t not in ("articles", "pages")}


@pytest.fixture
def datasette(crawled):
    db_path, _, _ = crawled
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return Datasette([str(db_path)], metadata=metadata)


async def test_datasette_serves_every_configured_table(datasette):
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    tables = metadata["databases"]["kb"]["tables"]
    for table in tables:
        response = await datasette.client.get(f"/kb/{table}.json?_shape=objects")
        assert response.status_code == 200, table
    for query in metadata["databases"]["kb"]["queries"]:
        response = await datasette.client.get(f"/kb/{query}.json?_shape=objects")
        assert response.status_code == 200, (query, response.text[:300])


async def test_datasette_full_text_search_and_facets(datasette):
    response = await datasette.client.get("/kb/articles.json?_search=Athlete365&_shape=objects")
    rows = response.json()["rows"]
    assert rows and all("Athlete365" in (r["title"] + r["text"]) for r in rows)
    response = await datasette.client.get("/kb/articles.json?_facet=language")
    facets = {f["value"]: f["count"] for f in response.json()["facet_results"]["language"]["results"]}
    assert {"en", "de", "fr"} <= set(facets)


async def test_quote_search_finds_a_german_quote_by_speaker(datasette, crawled, expected):
    german = [facts for facts in expected["articles"].values() if facts["language"] == "de"]
    gold = german[0]["quotes"][0]
    response = await datasette.client.get(
        "/kb/quote_search.json?_shape=objects&q=" + gold["speaker"].split()[-1])
    rows = response.json()["rows"]
    assert any(r["speaker"] == gold["speaker"] and r["language"] == "de" for r in rows), rows[:3]
    assert all(r["article"] and r["url"] for r in rows)


async def test_scheduled_between_query(datasette, expected):
    gold = next(d for facts in expected["articles"].values() for d in facts.get("dates", [])
                if len(str(d["value"])) == 10)
    day = str(gold["value"])
    response = await datasette.client.get(
        f"/kb/scheduled_between.json?_shape=objects&from={day}&to={day}")
    rows = response.json()["rows"]
    assert any(r["value"].startswith(day) or "/" in r["value"] for r in rows), json.dumps(rows)[:300]


def test_an_edited_press_release_keeps_its_previous_version(tmp_path, expected):
    import shutil

    from crawler import CrawlConfig, load_sources
    from presskb.pipeline import run_crawl
    from presskb.sample_site import SAMPLE_SOURCES, SITE_DIR, SampleSite

    root = tmp_path / "site"
    shutil.copytree(SITE_DIR, root)
    path = next(p for p in expected["articles"] if p.startswith("olympics/news/"))
    fragment = expected["articles"][path]["must_contain"][1]
    db_path = tmp_path / "kb.sqlite"
    with SampleSite(root=root) as site:
        sources = [s for s in load_sources(SAMPLE_SOURCES, base_url=site.base_url)
                   if s.name == "olympics"]
        first = run_crawl(db_path, sources, CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "w"))
        page = root / path
        page.write_text(page.read_text(encoding="utf-8").replace(fragment, fragment + " (updated)"),
                        encoding="utf-8")
        second = run_crawl(db_path, sources, CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "w",
                                                          recheck_known=True))
    assert first.articles["new"] >= 1
    assert second.articles["changed"] == 1 and second.articles.get("new", 0) == 0
    conn = sqlite3.connect(db_path)
    (text,) = conn.execute("select text from articles where url = ?", [f"{site.base_url}/{path}"]).fetchone()
    assert fragment + " (updated)" in text
    versions = conn.execute("select text from article_versions").fetchall()
    assert len(versions) == 1 and "(updated)" not in versions[0][0] and fragment in versions[0][0]
