"""What a user sees: presskb's Datasette pages rendered by headless Chromium.

Datasette runs as a real server on a free loopback port; Chromium loads the
pages and dumps the DOM it built. Chromium is required: without it these tests
fail (install it with ``apt-get install -y chromium``).
"""
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import urlencode, urljoin

import lxml.html
import pytest
from datasette.utils import tilde_encode

from datasette_server import CHROMIUM_FLAGS, free_port, serving
from presskb.cli import METADATA

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
PAGE_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def chromium():
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "Chromium is not installed, and the UI tests need it: "
        "install it with `apt-get install -y chromium` (Debian package)."
    )


@pytest.fixture(scope="module")
def server(crawled):
    """Base URL of a Datasette server on the sample crawl."""
    yield from serve(crawled[0])


def serve(db_path):
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(db_path),
               "-m", str(METADATA), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def dom(chromium, tmp_path):
    """``dom(url)``: the DOM Chromium builds for ``url``, parsed."""

    def load(url: str):
        result = subprocess.run(
            [chromium, "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
        assert result.stdout.strip(), f"Chromium rendered nothing for {url}"
        return lxml.html.fromstring(result.stdout)

    return load


@pytest.fixture
def kb(crawled):
    conn = sqlite3.connect(crawled[0])
    yield conn
    conn.close()


def test_quote_search_form_shows_results_for_a_query(server, dom, kb):
    speaker, quote = kb.execute(
        "select speaker, text from quotes where speaker is not null order by id limit 1"
    ).fetchone()
    words = speaker.split()[-1]

    # Fill in the form as Chromium rendered it, then submit it as the browser would (GET).
    empty = dom(f"{server}/kb/quote_search")
    (form,) = empty.xpath('//form[@class="quote-search"]')
    fields = {field.get("name"): field.get("value") or "" for field in form.xpath(".//input[@name] | .//select[@name]")}
    assert "q" in fields
    fields["q"] = words
    results = dom(f"{urljoin(server, form.get('action'))}?{urlencode(fields)}")

    assert results.xpath('//input[@name="q"]')[0].get("value") == words
    hits = results.xpath('//li[@class="hit"]')
    assert hits
    assert any(
        quote in hit.xpath(".//blockquote")[0].text_content()
        and speaker in hit.xpath('.//p[@class="who"]')[0].text_content()
        and hit.xpath('.//a[@class="article"]/@href')[0].startswith("http")
        for hit in hits
    )


def test_entity_page_lists_co_mentioned_entities(server, dom, kb):
    entity_id, canonical = kb.execute(
        """select e.id, e.canonical from entities e join mentions m on m.entity_id = e.id
           group by e.id order by count(distinct m.article_id) desc, e.id limit 1"""
    ).fetchone()
    co_mentioned = {
        row[0]
        for row in kb.execute(
            """select distinct e2.canonical from mentions m
               join mentions m2 on m2.article_id = m.article_id and m2.entity_id != m.entity_id
               join entities e2 on e2.id = m2.entity_id
               where m.entity_id = ?""",
            [entity_id],
        )
    }

    page = dom(f"{server}/kb/entities/{tilde_encode(entity_id)}")

    assert canonical in page.xpath("//h1")[0].text_content()
    links = page.xpath('//section[@id="co-mentioned"]//a')
    assert links
    assert {link.text_content() for link in links} <= co_mentioned
    assert all(link.get("href").startswith("/kb/entities/") for link in links)


def test_quote_search_highlights_the_words_found_in_each_quote(server, dom):
    results = dom(f"{server}/kb/quote_search?{urlencode({'q': 'olymp*'})}")
    hits = results.xpath('//li[@class="hit"]')
    assert hits
    # (a quote found by its speaker's organisation has no mark in its words)
    marks = results.xpath('//li[@class="hit"]//blockquote//mark')
    assert marks
    assert all(m.text_content().lower().startswith("olymp") for m in marks)


@pytest.fixture(scope="module")
def edited_server(tmp_path_factory):
    """A Datasette server on a KB holding one release stored twice, its text edited."""
    import hashlib

    import kb as kb_api
    from extract.records import Article

    first = ("The IOC and Alibaba Cloud opened a coaching lab in Milan on Monday. "
             "Coaches from forty National Olympic Committees will take part. The lab runs until March.")
    second = first.replace("forty", "fifty-two").replace("until March.", "until April. Registration is open.")
    path = tmp_path_factory.mktemp("edited") / "kb.sqlite"
    db = kb_api.open_db(path)
    kb_api.upsert_sources(db, [{"name": "ioc", "title": "IOC", "kind": "ioc", "language": "en"}])
    for text, seen in ((first, "2025-03-12T08:00:00+00:00"), (second, "2025-03-13T08:00:00+00:00")):
        article = Article(url="https://example.org/news/lab.html", title="Partners open the Olympic AI lab",
                          text=text, language="en", published="2025-03-12", word_count=len(text.split()),
                          text_hash=hashlib.sha256(text.encode()).hexdigest())
        article_id, _ = kb_api.store_article(db, article, source="ioc", url="https://example.org/news/lab.html",
                                             seen_at=seen)
    db.close()
    for base_url in serve(path):
        yield base_url, article_id


def test_edit_history_shows_the_changed_words_from_the_article_page(edited_server, dom):
    base_url, article_id = edited_server
    article_page = dom(f"{base_url}/kb/articles/{tilde_encode(article_id)}")
    (link,) = article_page.xpath('//a[@class="history"]')
    assert "2 versions" in link.text_content()
    history = dom(urljoin(base_url, link.get("href")))
    versions = history.xpath('//section[@class="version"]')
    assert [v.get("id") for v in versions] == ["version-2", "version-1"]
    deleted = " ".join(d.text_content() for d in versions[0].xpath('.//div[@class="diff"]/del'))
    inserted = " ".join(i.text_content() for i in versions[0].xpath('.//div[@class="diff"]/ins'))
    assert "forty" in deleted and "March." in deleted
    assert "fifty-two" in inserted and "Registration is open." in inserted
    assert "Milan" not in deleted + inserted
