"""A reader's path through the published KB, in a real browser.

Playwright for Python drives Debian's Chromium (``executable_path``; no browser is
downloaded, ``playwright install`` is never run) against Datasette serving the sample
crawl on a free loopback port, with the settings of ``presskb serve``: type words into
the quote search form, submit it, find the expected quote with its speaker and
organisation, open its stored article and its speaker's entity page.

Chromium and Playwright are required: without them these tests fail (``apt-get install
-y chromium``; ``pip install -e '.[test]'``). Requests to anything but 127.0.0.1 are
aborted. Screenshots go to a temporary folder, or to ``$PRESSKB_SCREENSHOTS`` (the
README's come from ``PRESSKB_SCREENSHOTS=docs/img pytest tests/test_ui_playwright.py``).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from datasette_server import CHROMIUM_FLAGS, free_port, serving
from presskb.cli import datasette_command

PAGE_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1200, "height": 860}


@pytest.fixture(scope="module")
def server(crawled):
    """Base URL of Datasette on the sample crawl, started as ``presskb serve`` starts it."""
    port = free_port()
    with serving(datasette_command(str(crawled[0]), "127.0.0.1", port)):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is not installed, and the browser tests need it: "
                    "pip install -e '.[test]' (its wheel carries the driver; no browser download).")
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Chromium is not installed, and the browser tests need it: "
                    "install it with `apt-get install -y chromium` (Debian package).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _loopback_only(route):
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="en-GB")
    context.route("**/*", _loopback_only)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    target = os.environ.get("PRESSKB_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def expected_quote(crawled, expected):
    """The first attributed quote of samples/expected.yml with its speaker and
    organisation, completed from the KB (its full text, article, entity ids)."""
    path, article, quote = next(
        (path, article, quote)
        for path, article in expected["articles"].items()
        for quote in article.get("quotes") or []
        if quote.get("speaker") and quote.get("organisation")
    )
    conn = sqlite3.connect(crawled[0])
    try:
        (row,) = conn.execute(
            """select q.text, q.speaker, q.organisation, q.speaker_entity_id, a.id, a.title, a.url, a.text,
                      (select canonical from entities where id = q.organisation_entity_id)
               from quotes q join articles a on a.id = q.article_id
               where q.text like ? || '%' and a.url like '%/' || ?""",
            [quote["starts_with"], path],
        ).fetchall()
    finally:
        conn.close()
    text, speaker, organisation, speaker_entity_id, article_id, title, url, article_text, org_canonical = row
    assert speaker == quote["speaker"] and title == article["title"]
    return {
        "starts_with": quote["starts_with"],
        "text": text,
        "speaker": speaker,
        # what the card may name: the organisation as written, or its entity
        "organisations": {n for n in (quote["organisation"], organisation, org_canonical) if n},
        "speaker_entity_id": speaker_entity_id,
        "article_id": article_id,
        "title": title,
        "url": url,
        "article_opening": " ".join(article_text.split()[:12]),
    }


def search_words(starts_with: str) -> str:
    """Two words of the quote a reader might remember: its two longest."""
    words = sorted(re.findall(r"\w+", starts_with), key=len, reverse=True)
    return " ".join(words[:2])


def test_a_reader_searches_quotes_and_follows_one_to_its_article_and_speaker(
        server, page, expected_quote, screenshots):
    quote = expected_quote
    words = search_words(quote["starts_with"])

    # The quote search page, as a reader finds it: a form.
    page.goto(f"{server}/kb/quote_search")
    form = page.locator("form.quote-search")
    form.locator('input[name="q"]').fill(words)
    with page.expect_navigation():
        form.locator('input[type="submit"]').click()

    assert "q=" in page.url
    assert form.locator('input[name="q"]').input_value() == words
    hit = page.locator("li.hit").filter(has_text=quote["starts_with"])
    assert hit.count() == 1, f"no single hit for {words!r} with {quote['starts_with']!r}"
    card = hit.first
    assert quote["text"][:60] in card.locator("blockquote").inner_text()
    who = card.locator("p.who").inner_text()
    assert quote["speaker"] in who
    assert any(name in who for name in quote["organisations"]), (who, quote["organisations"])
    assert card.locator("a.article").inner_text().strip() == quote["title"]
    assert card.locator("a.article").get_attribute("href") == quote["url"]
    # every search word the card shows is highlighted
    marks = [m.lower() for m in card.locator("blockquote mark").all_inner_texts()]
    assert marks and all(any(m.startswith(w.lower()[:5]) for w in words.split()) for m in marks)
    card.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "quote-search.png")

    # Its stored article: titled by the article, its text on the page.
    with page.expect_navigation():
        card.locator("a.stored").click()
    assert page.locator("h1").inner_text().strip() == quote["title"]
    assert page.title().startswith(quote["title"])
    assert quote["article_opening"] in " ".join(page.locator("body").inner_text().split())
    assert page.locator("a.source-url").get_attribute("href") == quote["url"]

    # Back to the results, then the speaker's entity page.
    page.go_back()
    card = page.locator("li.hit").filter(has_text=quote["starts_with"]).first
    with page.expect_navigation():
        card.locator("p.who a").filter(has_text=quote["speaker"]).click()
    assert urlsplit(page.url).path.startswith("/kb/entities/")
    heading = page.locator("h1").inner_text()
    assert quote["speaker"] in heading and "PER" in heading
    quotes_section = page.locator("section#quotes")
    assert quote["starts_with"] in quotes_section.inner_text()
    assert page.locator("section#aliases").inner_text().count(quote["speaker"]) >= 1
    page.screenshot(path=screenshots / "entity-page.png")


def test_the_charts_page_draws_its_charts(server, page, screenshots):
    response = page.goto(f"{server}/kb/-/charts")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    charts = page.locator("svg")
    assert charts.count() >= 1
    assert all(box and box["width"] > 100 and box["height"] > 20
               for box in (charts.nth(i).bounding_box() for i in range(charts.count())))
    page.screenshot(path=screenshots / "charts.png")
