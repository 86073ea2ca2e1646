"""presskb's Datasette pages, through Datasette's ASGI client on the sample crawl."""
import csv
import io
import sqlite3
from urllib.parse import urlsplit
from xml.etree import ElementTree

import lxml.html
import pytest
import yaml
from datasette.app import Datasette
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode

from presskb.cli import METADATA
from presskb.web.entity_page import (
    CONTEXT_CHARS,
    date_context,
    entity_page,
    merge_aliases,
    parse_json_list,
    with_bar_widths,
)
from presskb.web.quote_page import sentence_with_quote_marked

ATOM = "{http://www.w3.org/2005/Atom}"


def datasette_for(db_path) -> Datasette:
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return Datasette([str(db_path)], metadata=metadata)


@pytest.fixture
def datasette(crawled):
    return datasette_for(crawled[0])


@pytest.fixture
def kb(crawled):
    conn = sqlite3.connect(crawled[0])
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def entity_with_alias(kb, alias: str) -> sqlite3.Row:
    return kb.execute(
        "select * from entities where exists (select 1 from json_each(aliases) where value = ?)", [alias]
    ).fetchone()


async def html_of(datasette, path: str):
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return lxml.html.fromstring(response.text)


def section(page, section_id: str):
    (found,) = page.xpath(f'//section[@id="{section_id}"]')
    return found


def local_path(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def test_ioc_entity_page_shows_aliases_co_mentions_and_articles(datasette, kb):
    ioc = entity_with_alias(kb, "IOC")
    assert ioc is not None
    page = await html_of(datasette, datasette.urls.row("kb", "entities", tilde_encode(ioc["id"])))
    assert ioc["canonical"] in page.xpath("//h1")[0].text_content()

    shown_aliases = {td.text_content() for td in section(page, "aliases").xpath(".//tbody/tr/td[1]")}
    assert set(parse_json_list(ioc["aliases"])) <= shown_aliases
    # Names seen in articles carry their articles' languages: the IOC is named in en, de and fr.
    languages = " ".join(td.text_content() for td in section(page, "aliases").xpath(".//tbody/tr/td[2]"))
    for language in ("en", "de", "fr"):
        assert language in languages

    co_mentioned_ids = {
        row[0]
        for row in kb.execute(
            """select distinct m2.entity_id from mentions m
               join mentions m2 on m2.article_id = m.article_id and m2.entity_id != m.entity_id
               where m.entity_id = ?""",
            [ioc["id"]],
        )
    }
    links = section(page, "co-mentioned").xpath(".//a")
    assert links
    for link in links:
        other = (await datasette.client.get(local_path(link.get("href")))).text
        other_page = lxml.html.fromstring(other)
        other_id = other_page.xpath("//h1/following-sibling::p[1]/code")[0].text
        assert other_id in co_mentioned_ids
        assert link.text_content() in other_page.xpath("//h1")[0].text_content()

    article_urls = {
        row[0]
        for row in kb.execute(
            "select distinct a.url from mentions m join articles a on a.id = m.article_id where m.entity_id = ?",
            [ioc["id"]],
        )
    }
    shown_urls = {a.get("href") for a in section(page, "articles").xpath(".//tbody/tr/td[2]/a[1]")}
    assert shown_urls and shown_urls <= article_urls
    latest_url = kb.execute(
        """select a.url from mentions m join articles a on a.id = m.article_id
           where m.entity_id = ? order by a.published desc limit 1""",
        [ioc["id"]],
    ).fetchone()[0]
    assert latest_url in shown_urls


async def test_person_page_lists_their_quotes_and_organisation_page_its_peoples(datasette, kb):
    speaker = kb.execute(
        """select q.speaker_entity_id, q.text, q.organisation from quotes q
           join entities e on e.id = q.speaker_entity_id where e.type = 'PER' limit 1"""
    ).fetchone()
    assert speaker is not None
    page = await html_of(datasette, f"/kb/entities/{tilde_encode(speaker['speaker_entity_id'])}")
    quotes = [q.text_content() for q in section(page, "quotes").xpath(".//blockquote")]
    assert any(speaker["text"] in q for q in quotes)

    organisation = entity_with_alias(kb, speaker["organisation"])
    assert organisation is not None and organisation["type"] == "ORG"
    org_page = await html_of(datasette, f"/kb/entities/{tilde_encode(organisation['id'])}")
    org_quotes = [q.text_content() for q in section(org_page, "quotes").xpath(".//blockquote")]
    assert any(speaker["text"] in q for q in org_quotes)


async def test_an_entity_with_no_mentions_or_odd_aliases_renders(crawled, tmp_path):
    db_path = tmp_path / "kb.sqlite"
    with sqlite3.connect(crawled[0]) as source, sqlite3.connect(db_path) as conn:
        source.backup(conn)
        conn.execute(
            "insert into entities (id, canonical, type, aliases) values (?, ?, 'PER', ?)",
            ["per:nobody / <script>", "Nobody <script>", "not json ["],
        )
    datasette = datasette_for(db_path)
    page = await html_of(datasette, f"/kb/entities/{tilde_encode('per:nobody / <script>')}")
    (content,) = page.xpath('//div[@class="presskb"]')
    assert content.xpath(".//h1")[0].text_content().startswith("Nobody <script>")
    assert not content.xpath(".//script")
    assert "Not mentioned in any article." in content.text_content()
    missing = await datasette.client.get("/kb/entities/per~3Anobody-else")
    assert missing.status_code == 404


async def test_quote_search_shows_speaker_article_and_context(datasette, kb):
    quote = kb.execute(
        """select q.text, q.speaker, q.speaker_entity_id, a.title, a.url from quotes q
           join articles a on a.id = q.article_id where q.speaker_entity_id is not null limit 1"""
    ).fetchone()
    assert quote is not None
    page = await html_of(datasette, f"/kb/quote_search?q={quote['speaker']}")
    hits = [
        hit for hit in page.xpath('//li[@class="hit"]')
        if quote["text"] in hit.xpath(".//blockquote")[0].text_content()
    ]
    assert len(hits) == 1
    (hit,) = hits
    speaker_link = hit.xpath('.//p[@class="who"]/a')[0]
    assert speaker_link.text_content() == quote["speaker"]
    assert speaker_link.get("href") == datasette.urls.row("kb", "entities", tilde_encode(quote["speaker_entity_id"]))
    article_link = hit.xpath('.//a[@class="article"]')[0]
    assert article_link.get("href") == quote["url"]
    assert article_link.text_content() == quote["title"]
    # Every hit matches the search: the speaker is the searched name.
    for other in page.xpath('//li[@class="hit"]'):
        assert quote["speaker"] in other.xpath('.//p[@class="who"]')[0].text_content()


async def test_quote_search_links_to_a_valid_atom_feed_and_citation_csv(datasette, kb):
    speaker = kb.execute("select speaker from quotes where speaker is not null limit 1").fetchone()[0]
    expected = kb.execute("select count(*) from quotes where speaker = ?", [speaker]).fetchone()[0]
    page = await html_of(datasette, f"/kb/quote_search?q={speaker}")

    feed_href = page.xpath('//a[@class="atom-feed"]')[0].get("href")
    assert urlsplit(feed_href).path == "/kb/quotes_feed.atom"
    feed = await datasette.client.get(local_path(feed_href))
    assert feed.status_code == 200
    root = ElementTree.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) >= expected
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert any(speaker in entry.find(f"{ATOM}title").text for entry in entries)

    csv_href = page.xpath('//a[@class="citations-csv"]')[0].get("href")
    assert urlsplit(csv_href).path == "/kb/quote_citations.csv"
    response = await datasette.client.get(local_path(csv_href))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert "citation" in rows[0]
    assert len(rows) >= expected
    assert any(speaker in row["citation"] and row["url"] in row["citation"] for row in rows)


@pytest.mark.parametrize("words", ['"Liu', "AND OR NOT (", "*", "x" * 5000, "Olympische Spiele ü ß"])
async def test_quote_search_survives_odd_input(datasette, words):
    response = await datasette.client.get("/kb/quote_search", params={"q": words, "date_from": "not a date"})
    assert response.status_code == 200
    assert 'class="quote-search"' in response.text


@pytest.mark.parametrize("words", ['"', " "])
async def test_quote_search_with_no_searchable_words_lists_all_quotes(datasette, words):
    response = await datasette.client.get("/kb/quote_search", params={"q": words})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.text)
    assert page.xpath('//form[@class="quote-search"]//input[@name="q"]')
    assert page.xpath('//li[@class="hit"]')
    for query in ("quotes_feed.json", "quote_citations.json", "what_did_x_say_about_y.json"):
        response = await datasette.client.get(f"/kb/{query}", params={"q": words, "topic": words,
                                                                      "speaker": ""})
        assert response.status_code == 200, (query, response.text[:200])


async def test_json_list_columns_are_shown_as_lists(datasette, kb):
    ioc = entity_with_alias(kb, "IOC")
    page = await html_of(datasette, f"/kb/entities?id={ioc['id']}")
    cell = page.xpath('//td[contains(@class, "col-aliases")]')[0].text_content()
    assert "[" not in cell and '"' not in cell
    assert cell.split(", ") == parse_json_list(ioc["aliases"])


async def test_sections_that_run_out_of_time_are_marked_not_fatal():
    class TimedOutDatabase:
        async def execute(self, sql, params):
            raise QueryInterrupted(None, sql, params)

    entity = {"id": "org:x", "canonical": "X", "type": "ORG", "aliases": '["X", "Ex"]'}
    page = await entity_page(TimedOutDatabase(), entity)
    sections = [page.aliases, page.months, page.co_mentioned, page.articles, page.quotes, page.dates]
    assert all(section.timed_out for section in sections)
    # The known aliases need no query.
    assert {alias.name for alias in page.aliases.rows} == {"X", "Ex"}


def test_merge_aliases_puts_seen_names_first_with_languages():
    seen = [
        {"alias": "IOC", "language": "en", "n": 3},
        {"alias": "IOC", "language": "de", "n": 2},
        {"alias": "CIO", "language": "fr", "n": 1},
    ]
    merged = merge_aliases(["CIO", "IOC", "Comité International Olympique"], seen)
    assert [(a.name, a.languages, a.mentions) for a in merged] == [
        ("IOC", ["de", "en"], 5),
        ("CIO", ["fr"], 1),
        ("Comité International Olympique", [], 0),
    ]


def test_bar_widths_are_relative_to_the_busiest_month():
    rows = [
        {"month": "undated", "mentions": 1},
        {"month": "2025-12", "mentions": 4},
        {"month": "2025-11", "mentions": 2},
    ]
    assert [(r["month"], r["width"]) for r in with_bar_widths(rows)] == [
        ("2025-11", 50),
        ("2025-12", 100),
        ("undated", 25),
    ]
    assert with_bar_widths([]) == []


def test_json_lists_and_marked_sentences_handle_odd_values():
    assert parse_json_list('["a", null, 3]') == ["a", "3"]
    for odd in (None, "", "[", '{"a": 1}', "plain", 7):
        assert parse_json_list(odd) == []
    marked = sentence_with_quote_marked("He said: <b>“Go now”</b>.", "Go now")
    assert str(marked) == "He said: &lt;b&gt;“<mark>Go now</mark>”&lt;/b&gt;."
    assert str(sentence_with_quote_marked(None, "x")) == ""
    assert str(sentence_with_quote_marked("<i>", "absent")) == "&lt;i&gt;"


def test_date_context_stays_in_the_dates_paragraph():
    text = "First paragraph.\nThe Games open on 6 February 2026 in Milan.\nLast one."
    start = text.index("6 February")
    row = {"start": start, "end": start + len("6 February 2026"), "snippet_start": 0, "snippet": text}
    assert date_context(row) == ("The Games open on ", "6 February 2026", " in Milan.")

    long_text = "x" * 500 + " on 6 May " + "y" * 500
    start = long_text.index("6 May")
    snippet_start = start - CONTEXT_CHARS
    snippet = long_text[snippet_start:start + len("6 May") + CONTEXT_CHARS]
    before, date, after = date_context(
        {"start": start, "end": start + 5, "snippet_start": snippet_start, "snippet": snippet})
    assert before.startswith("…") and before.endswith(" on ")
    assert date == "6 May"
    assert after.endswith("…")

    # Offsets beyond the stored text (an edited article) give an empty date, not an error.
    assert date_context({"start": 90, "end": 95, "snippet_start": 80, "snippet": "short"})[1] == ""
    assert date_context({"start": None, "end": None, "snippet_start": None, "snippet": None}) == ("", "", "")


async def test_quote_search_finds_word_forms(datasette, kb):
    """Stemmed full-text search: the singular finds the plural and back."""
    async def hits(q):
        response = await datasette.client.get(f"/kb/quote_search.json?_shape=objects&q={q}")
        assert response.status_code == 200, response.text
        return {r["quote"] for r in response.json()["rows"]}

    assert await hits("career") and await hits("career") == await hits("careers")
    assert await hits("athlete") == await hits("athletes") and len(await hits("athlete")) > 1


async def test_partner_quotes_are_partners_and_only_partners(datasette, kb):
    response = await datasette.client.get("/kb/latest_partner_quotes.json?_shape=objects")
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    partners = {r["partner"] for r in rows}
    assert {"Samsung", "Omega"} <= partners, partners
    assert not [r for r in rows if r["organisation"] in ("IOC", "International Olympic Committee", "CIO")]


async def test_what_did_x_say_about_y_matches_the_quote_not_the_article(datasette, kb):
    quotes = kb.execute("select speaker, text from quotes where speaker is not null").fetchall()
    speaker, text = quotes[0]
    word = max(text.split(), key=len).strip(".,;:!?“”\"")
    other = kb.execute("select a.text from articles a join quotes q on q.article_id = a.id where q.speaker = ?",
                       [speaker]).fetchone()[0]
    absent = next(w for w in sorted(set(other.split()), key=len, reverse=True)
                  if w.isalpha() and all(w.lower() not in t.lower() for s, t in quotes if s == speaker))
    async def hits(topic):
        response = await datasette.client.get(
            "/kb/what_did_x_say_about_y.json", params={"_shape": "objects", "speaker": speaker, "topic": topic})
        assert response.status_code == 200, response.text
        return response.json()["rows"]

    assert await hits(word)
    assert await hits(absent) == []  # in the article, said by nobody in a quote


async def test_scheduled_between_asks_from_before_to_and_starts_context_at_a_word(datasette, kb):
    response = await datasette.client.get("/kb/scheduled_between")
    names = [i.get("name") for i in lxml.html.fromstring(response.text).xpath("//form//input")
             if i.get("name") in ("from", "to")]
    assert names == ["from", "to"]
    rows = (await datasette.client.get("/kb/scheduled_between.json?_shape=objects&from=2025-01-01&to=2026-12-31")).json()["rows"]
    assert rows
    for row in rows:
        start = kb.execute("select text from articles where url = ?", [row["url"]]).fetchone()[0]
        at = start.find(row["context"][:40])
        assert at == 0 or not start[at - 1].isalnum(), row["context"][:40]


async def test_the_organisation_filter_finds_an_organisation_under_all_its_names(datasette, kb):
    async def orgs(name):
        response = await datasette.client.get("/kb/quote_search.json",
                                              params={"_shape": "objects", "q": "", "organisation": name})
        assert response.status_code == 200, response.text
        return [r["organisation"] for r in response.json()["rows"]]

    full = await orgs("International Olympic Committee")
    assert set(full) >= {"IOC", "CIO"}, full
    assert sorted(await orgs("IOC")) == sorted(full) == sorted(await orgs("cio"))
