"""presskb's Datasette under any file name, its search syntax, facets, charts and the
edit history of a changed release: through Datasette's ASGI client."""
import hashlib
import shutil
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from datasette.app import Datasette
from datasette.utils import tilde_encode

import kb
from extract.records import Article
from presskb.cli import METADATA
from presskb.web.history import word_diff
from presskb.web.search import fts_query


def datasette_for(*paths) -> Datasette:
    return Datasette([str(p) for p in paths], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))


def local(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def page(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.text[:800])
    return lxml.html.fromstring(response.text)


async def rows(datasette, path, **params):
    response = await datasette.client.get(path, params={"_shape": "objects", **params})
    assert response.status_code == 200, (path, response.text[:800])
    return response.json()["rows"]


@pytest.fixture(scope="module")
def other_name(crawled, tmp_path_factory):
    """The sample KB copied to a file that is not called kb.sqlite."""
    path = tmp_path_factory.mktemp("renamed") / "press-archive.sqlite"
    shutil.copy(crawled[0], path)
    return path


@pytest.fixture
def other(other_name):
    return datasette_for(other_name)


@pytest.fixture
def sample(crawled):
    return datasette_for(crawled[0])


# -- any file name ---------------------------------------------------------------

async def test_a_kb_under_another_name_keeps_its_canned_queries_pages_and_facets(other, sample):
    db = "press-archive"
    home = await page(other, "/")
    for link in home.xpath('//a[starts-with(@href, "/-/kb/")]'):
        response = await other.client.get(link.get("href"))
        assert response.status_code == 302, link.get("href")
        assert response.headers["location"].startswith(f"/{db}/")
    # Canned queries, their custom page, descriptions and titles
    quote_search = await page(other, f"/{db}/quote_search?q=Olympic")
    assert quote_search.xpath('//form[@class="quote-search"]') and quote_search.xpath('//li[@class="hit"]')
    assert "/kb/" not in quote_search.xpath('//a[@class="atom-feed"]')[0].get("href")
    for query in ("quote_search", "article_search", "latest_partner_quotes", "crawl_health", "edited_articles"):
        assert (await other.client.get(f"/{db}/{query}.json")).status_code == 200, query
    assert "select" not in (await page(other, f"/{db}/crawl_health")).xpath("//title")[0].text_content()
    # Facets from the metadata, the entity page and the article page
    facets = (await other.client.get(f"/{db}/articles.json")).json()["facet_results"]
    assert {"source", "language", "month", "entity"} <= set(facets)
    entity_id = (await rows(other, f"/{db}/entities.json", canonical="International Olympic Committee"))[0]["id"]
    entity = await page(other, f"/{db}/entities/{tilde_encode(entity_id)}")
    assert entity.xpath('//section[@id="co-mentioned"]')
    same = await page(sample, f"/kb/entities/{tilde_encode(entity_id)}")
    assert len(entity.xpath("//section")) == len(same.xpath("//section"))
    feed = await other.client.get(f"/{db}/quotes_feed.atom")
    assert feed.status_code == 200 and b"<feed" in feed.content


async def test_two_databases_keep_their_own_names(crawled, other_name):
    both = datasette_for(crawled[0], other_name)
    for db in ("kb", "press-archive"):
        hit = (await page(both, f"/{db}/quote_search?q=Olympic")).xpath('//a[@class="stored"]')[0]
        assert hit.get("href").startswith(f"/{db}/articles/")


# -- search ------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("olymp*", '"olymp"*'),
    ("career OR careers", '"career" OR "careers"'),
    ('"closing ceremony"', '"closing ceremony"'),
    ("games -doping", '"games" NOT "doping"'),
    ("a b OR c", '("a" AND "b") OR "c"'),
    ('AND OR NOT ( " *', ""),
    ("col:umn NEAR(x)", '"col:umn" AND "NEAR(x)"'),
])
def test_what_a_reader_types_becomes_a_safe_fts5_query(typed, expected):
    assert fts_query(typed) == expected


async def test_prefix_or_and_phrase_search_find_quotes_with_the_words_highlighted(sample, kb_conn):
    def texts(found):
        return {r["quote"] for r in found}

    olymp = await rows(sample, "/kb/quote_search.json", q="Olymp*")
    olympic = await rows(sample, "/kb/quote_search.json", q="Olympic")
    assert olympic and texts(olympic) <= texts(olymp)
    assert any("Olympisch" in t or "olympisch" in t for t in texts(olymp))  # German forms by prefix
    either = await rows(sample, "/kb/quote_search.json", q="career OR storytelling")
    assert texts(await rows(sample, "/kb/quote_search.json", q="career")) < texts(either)
    quote = next(r for r in olympic if len(r["quote"].split()) > 4)
    words = " ".join(quote["quote"].split()[1:4]).strip(".,;:!?“”\"")
    phrase = await rows(sample, "/kb/quote_search.json", q=f'"{words}"')
    assert quote["quote"] in texts(phrase)
    for r in olympic:  # marks in the quote's words (a hit on the organisation has none there)
        assert ("<mark>" in r["quote_marked"]) == ("olymp" in r["quote"].lower())
        assert r["quote_marked"].replace("<mark>", "").replace("</mark>", "") == r["quote"]
    html = await page(sample, "/kb/quote_search?q=Olympic")
    marks = html.xpath("//li[@class='hit']//blockquote/mark")
    assert marks and all(m.text_content().lower().startswith("olymp") for m in marks)


async def test_article_search_shows_highlighted_snippets_and_links(sample):
    html = await page(sample, "/kb/article_search?q=olymp*")
    snippets = html.xpath("//td[contains(@class, 'col-snippet')]")
    assert snippets and all(s.xpath(".//mark") for s in snippets)
    stored = html.xpath("//td[contains(@class, 'col-stored_article')]/a")[0].get("href")
    assert (await sample.client.get(stored)).status_code == 200


# -- facets --------------------------------------------------------------------------

async def test_articles_facet_by_month_source_name_and_entity(sample, kb_conn):
    facets = (await sample.client.get("/kb/articles.json")).json()["facet_results"]
    months = {r["value"]: r["count"] for r in facets["month"]["results"]}
    expected = dict(kb_conn.execute(
        "select substr(published, 1, 7), count(*) from articles where published is not null group by 1"))
    assert months == expected
    titles = dict(kb_conn.execute("select name, title from sources"))
    assert {r["label"] for r in facets["source"]["results"]} <= set(titles.values())
    ioc = next(r for r in facets["entity"]["results"] if r["label"].startswith("International Olympic Committee"))
    filtered = (await sample.client.get(local(ioc["toggle_url"]))).json()
    assert len(filtered["rows"]) == ioc["count"] == kb_conn.execute(
        "select count(distinct article_id) from mentions where entity_id = ?", [ioc["value"]]).fetchone()[0]
    month, n = next(iter(expected.items()))
    assert len(await rows(sample, "/kb/articles.json", _month=month)) == n


async def test_quotes_facet_by_source_month_speaker_and_entity(sample, kb_conn):
    facets = (await sample.client.get("/kb/quotes.json")).json()["facet_results"]
    sources = {r["value"]: (r["label"], r["count"]) for r in facets["source"]["results"]}
    expected = {name: (title, n) for name, title, n in kb_conn.execute(
        "select a.source, s.title, count(*) from quotes q join articles a on a.id = q.article_id"
        " join sources s on s.name = a.source group by a.source")}
    assert sources == expected
    source, (_, n) = next(iter(expected.items()))
    assert len(await rows(sample, "/kb/quotes.json", _source=source)) == n
    months = {r["value"]: r["count"] for r in facets["month"]["results"]}
    assert sum(months.values()) == kb_conn.execute(
        "select count(*) from quotes q join articles a on a.id = q.article_id where a.published is not null"
    ).fetchone()[0]
    speakers = {r["label"] for r in facets["speaker_entity_id"]["results"]}
    assert "Claire Montandon" in speakers
    entity = facets["entity"]["results"][0]
    assert len(await rows(sample, "/kb/quotes.json", _entity=entity["value"])) == entity["count"]
    assert await rows(sample, "/kb/quotes.json", _month="not-a-month") == []


# -- charts ----------------------------------------------------------------------------

async def test_charts_page_draws_svg_bars(sample, kb_conn):
    html = await page(sample, "/kb/-/charts")
    chart = html.xpath('//section[@id="articles-per-month"]')[0]
    bars = chart.xpath(".//svg//rect")
    assert sum(int(b.xpath("./title")[0].text.rsplit(": ", 1)[1]) for b in bars) == kb_conn.execute(
        "select count(*) from articles where published is not null").fetchone()[0]
    assert html.xpath('//section[@id="quotes-per-speaker"]//svg//rect')
    assert (await sample.client.get("/-/kb/-/charts")).headers["location"] == "/kb/-/charts"


async def test_charts_page_shows_the_crawl_health_of_the_latest_runs(tmp_path, crawled):
    import shutil
    import sqlite3

    import kb as kb_api

    db_path = tmp_path / "kb.sqlite"
    shutil.copy(crawled[0], db_path)
    db = kb_api.open_db(db_path)
    run_id = kb_api.start_run(db, "nightly", ["alpha", "beta"])
    kb_api.finish_run(db, run_id, status="some-failed", exit_code=1, failed_sources=["beta"],
                      counts={"alpha": {"new": 3, "changed": 1, "failed": 0},
                              "beta": {"new": 0, "changed": 0, "failed": 5}})
    db.close()
    html = await page(datasette_for(db_path), "/kb/-/charts")
    titles = [t.text for t in html.xpath('//section[@id="crawl-health"]//svg//rect/title')]
    # one column for the run: the two sources' counts summed per series
    assert any("new articles" in t and t.endswith(": 3") for t in titles), titles
    assert any("failed fetches" in t and t.endswith(": 5") for t in titles), titles
    assert sqlite3.connect(db_path).execute("select count(*) from runs").fetchone()[0] == 1


# -- edit history ----------------------------------------------------------------------

def article(text: str, title: str = "Partners open the Olympic AI lab") -> Article:
    return Article(url="https://example.org/news/lab.html", title=title, text=text, language="en",
                   published="2025-03-12", word_count=len(text.split()),
                   text_hash=hashlib.sha256(text.encode()).hexdigest())


FIRST = ("The IOC and Alibaba Cloud opened a coaching lab in Milan on Monday. "
         "Coaches from forty National Olympic Committees will take part. " * 3 + "The lab runs until March.")
SECOND = FIRST.replace("forty", "fifty-two").replace("The lab runs until March.",
                                                      "The lab runs until April. Registration is open.")


@pytest.fixture
def edited(tmp_path):
    path = tmp_path / "edits.sqlite"
    db = kb.open_db(path)
    kb.upsert_sources(db, [{"name": "ioc", "title": "IOC", "kind": "ioc", "language": "en"}])
    aid, status = kb.store_article(db, article(FIRST), source="ioc", url="https://example.org/news/lab.html",
                                   seen_at="2025-03-12T08:00:00+00:00")
    assert status == "new"
    assert kb.store_article(db, article(SECOND, "Partners open the Olympic AI coaching lab"), source="ioc",
                            url="https://example.org/news/lab.html", seen_at="2025-03-13T08:00:00+00:00")[1] == "changed"
    db.close()
    return path, aid


def test_word_diff_marks_insertions_and_deletions_and_folds_the_rest():
    segments = word_diff(FIRST, SECOND, context=4)
    deleted = " ".join(s.text.strip() for s in segments if s.op == "delete")
    inserted = " ".join(s.text.strip() for s in segments if s.op == "insert")
    assert "forty" in deleted and "March." in deleted and "fifty-two" in inserted and "Registration" in inserted
    assert "Milan" not in deleted + inserted
    assert any(s.op == "fold" for s in segments)
    assert "".join(s.text for s in word_diff(FIRST, SECOND, context=10_000) if s.op != "delete") == SECOND
    assert word_diff("", "New text.")[0].op == "insert" and word_diff("Same.", "Same.")[0].op == "equal"


async def test_a_changed_release_shows_its_versions_and_a_readable_diff(edited):
    path, aid = edited
    datasette = datasette_for(path)
    db = path.stem
    article_page = await page(datasette, f"/{db}/articles/{tilde_encode(aid)}")
    assert article_page.xpath("//title")[0].text_content().startswith("Partners open the Olympic AI coaching lab")
    link = article_page.xpath('//a[@class="history"]')[0]
    assert "2 versions" in link.text_content()
    history = await page(datasette, link.get("href"))
    versions = history.xpath('//section[@class="version"]')
    assert [v.get("id") for v in versions] == ["version-2", "version-1"]
    latest = versions[0]
    assert {d.text_content().strip() for d in latest.xpath('.//div[@class="diff"]/del')} >= {"forty"}
    inserted = " ".join(i.text_content() for i in latest.xpath('.//div[@class="diff"]/ins'))
    assert "fifty-two" in inserted and "Registration is open." in inserted
    assert "coaching" in " ".join(i.text_content() for i in latest.xpath('.//p[contains(@class, "title-diff")]/ins'))
    listed = await rows(datasette, f"/{db}/edited_articles.json")
    assert [(r["edit_history"], r["versions"]) for r in listed] == [(aid, 2)]
    assert (await datasette.client.get(f"/{db}/-/history/no-such-article")).status_code == 404


async def test_an_unedited_article_has_a_one_version_history(sample, kb_conn):
    aid = kb_conn.execute("select id from articles where id not in (select article_id from article_versions)"
                          " limit 1").fetchone()[0]
    html = await page(sample, f"/kb/-/history/{aid}")
    assert "Only one version" in html.text_content()


@pytest.fixture
def kb_conn(crawled):
    import sqlite3

    conn = sqlite3.connect(crawled[0])
    yield conn
    conn.close()


# -- at scale: settings, cached whole-table counts ------------------------------------

def test_serve_turns_facet_suggestions_off_and_sets_time_limits():
    from presskb.cli import DATASETTE_SETTINGS, datasette_command

    command = datasette_command("kb.sqlite", "127.0.0.1", 8001)
    pairs = {command[i + 1]: command[i + 2] for i, arg in enumerate(command) if arg == "--setting"}
    assert pairs["suggest_facets"] == "off"
    assert int(pairs["sql_time_limit_ms"]) == DATASETTE_SETTINGS["sql_time_limit_ms"] >= 1000
    assert "facet_time_limit_ms" in pairs and pairs["truncate_cells_html"] == "300"


async def test_whole_table_counts_are_cached_until_the_file_changes(crawled, tmp_path):
    import sqlite3

    from presskb.cli import DATASETTE_SETTINGS

    path = tmp_path / "kb.sqlite"
    shutil.copy(crawled[0], path)
    datasette = Datasette([str(path)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
                          settings=DATASETTE_SETTINGS)

    async def languages(query=""):
        facets = (await datasette.client.get(f"/kb/quotes.json{query}")).json()["facet_results"]
        assert facets["language"]["type"] == "counted"
        return {r["value"]: r["count"] for r in facets["language"]["results"]}

    conn = sqlite3.connect(path)
    expected = dict(conn.execute("select language, count(*) from quotes where language is not null group by 1"))
    assert await languages() == expected
    assert await languages() == expected  # from the cache
    # A filtered page counts live, and its values filter as Datasette's column facet does.
    language, n = next(iter(expected.items()))
    assert await languages(f"?language={language}") == {language: n}
    # A write (a crawl) changes the file: the next page counts again.
    article_id = conn.execute("select id from articles limit 1").fetchone()[0]
    with conn:
        conn.execute("insert into quotes (article_id, text, language, start, [end]) values (?, 'Neu', 'xx', 0, 3)",
                     [article_id])
    conn.close()
    assert (await languages())["xx"] == 1
    html = await page(datasette, "/kb/-/charts")
    assert html.xpath("//svg")


# -- canned queries for the real questions ---------------------------------------------

async def test_who_is_quoted_most_on_a_topic_counts_quotes_that_mention_it(sample, kb_conn):
    found = await rows(sample, "/kb/quoted_most_on_topic.json", topic="olymp*", since="")
    expected = {}
    for speaker, text in kb_conn.execute("select speaker, text from quotes where speaker is not null"):
        if "olymp" in text.lower():
            expected[speaker] = expected.get(speaker, 0) + 1
    assert found and {r["quotes"] for r in found} <= set(expected.values())
    assert sum(r["quotes"] for r in found) == sum(expected.values())
    assert [r["quotes"] for r in found] == sorted((r["quotes"] for r in found), reverse=True)
    assert await rows(sample, "/kb/quoted_most_on_topic.json", topic="olymp*", since="2999-01-01") == []


async def test_two_entities_mentioned_together_are_the_articles_naming_both(sample, kb_conn):
    first, second = kb_conn.execute(
        """select e1.canonical, e2.canonical from mentions m1 join mentions m2
             on m2.article_id = m1.article_id and m2.entity_id > m1.entity_id
           join entities e1 on e1.id = m1.entity_id join entities e2 on e2.id = m2.entity_id
           group by m1.entity_id, m2.entity_id order by count(distinct m1.article_id) desc limit 1""").fetchone()
    expected = {r[0] for r in kb_conn.execute(
        """select a.id from articles a where
             exists (select 1 from mentions m join entities e on e.id = m.entity_id
                     where m.article_id = a.id and e.canonical like '%' || ? || '%')
         and exists (select 1 from mentions m join entities e on e.id = m.entity_id
                     where m.article_id = a.id and e.canonical like '%' || ? || '%')""", [first, second])}
    found = await rows(sample, "/kb/mentioned_together.json", first=first, second=second)
    assert expected and {r["stored_article"] for r in found} == expected
    assert all(r["first_entity"] and r["second_entity"] for r in found)
    assert await rows(sample, "/kb/mentioned_together.json", first=first, second="") == []


async def test_coverage_per_source_per_week_adds_up_to_every_dated_article(sample, kb_conn):
    found = await rows(sample, "/kb/coverage_per_source_week.json", source="", since="")
    assert sum(r["articles"] for r in found) == kb_conn.execute(
        "select count(*) from articles where published is not null").fetchone()[0]
    assert sum(r["quotes"] for r in found) == kb_conn.execute(
        "select count(*) from quotes q join articles a on a.id = q.article_id where a.published is not null"
    ).fetchone()[0]
    source = found[0]["source_id"]
    one = await rows(sample, "/kb/coverage_per_source_week.json", source=source, since="")
    assert {r["source_id"] for r in one} == {source}
    assert all(r["week"][:4].isdigit() and r["week"][4:6] == "-W" for r in found)


async def test_new_since_a_date_lists_articles_first_stored_from_then(sample, kb_conn):
    firsts = sorted(r[0] for r in kb_conn.execute("select first_seen from articles"))
    since = firsts[len(firsts) // 2]
    found = await rows(sample, "/kb/new_since.json", since=since, source="")
    assert len(found) == sum(1 for f in firsts if f >= since)
    assert all(r["first_seen"] >= since for r in found)
    assert await rows(sample, "/kb/new_since.json", since="2999-01-01", source="") == []
    html = await page(sample, "/kb/new_since?since=2000-01-01&source=")
    assert "New since a date" in html.xpath("//title")[0].text_content()


async def test_article_page_shows_the_whole_text_in_a_readable_column(crawled):
    import sqlite3

    import yaml
    from datasette.app import Datasette

    from presskb.cli import METADATA

    db_path, _, _ = crawled
    article_id, text = sqlite3.connect(db_path).execute(
        "select id, text from articles order by length(text) desc limit 1").fetchone()
    ds = Datasette([str(db_path)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))
    response = await ds.client.get(f"/{db_path.stem}/articles/{article_id}")
    assert response.status_code == 200
    column = response.text.split('<div class="article-text">', 1)
    assert len(column) == 2
    last_words = " ".join(text.split()[-6:])
    import html
    assert last_words in " ".join(html.unescape(column[1]).split())


async def test_german_and_french_word_forms_are_found_by_their_stems(sample):
    # "Olympische" is not a word of any quote; a German quote says "Olympischen"
    found = await rows(sample, "/kb/quote_search.json", q="Olympische")
    german = [r for r in found if "Olympischen" in r["quote"]]
    assert german and all(r["language"] == "de" for r in german)
    assert all("<mark>Olympischen</mark>" in r["quote_marked"] for r in german)
    assert await rows(sample, "/kb/quote_search.json", q="Olympischx") == []


def test_a_word_also_matches_its_stems_in_the_stems_column_only_for_quotes():
    assert fts_query("Präsident") == '"Präsident"'
    assert fts_query("Präsident", "text_stems") == '("Präsident" OR text_stems : "prasident")'
    assert fts_query("olymp* Präsident", "text_stems").startswith('"olymp"* AND (')
    assert fts_query('"Olympische Spiele"', "text_stems") == '"Olympische Spiele"'
