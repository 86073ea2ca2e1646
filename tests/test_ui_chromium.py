"""What a user sees: presskb's Datasette pages rendered by headless Chromium.

Datasette runs as a real server on a free loopback port; Chromium loads the
pages and dumps the DOM it built. Chromium is required: without it these tests
fail (install it with ``apt-get install -y chromium``).
"""
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlencode, urljoin

import httpx
import lxml.html
import pytest
from datasette.utils import tilde_encode

from presskb.cli import METADATA

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 20
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(crawled):
    """Base URL of a Datasette server on the sample crawl."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(crawled[0]),
         "-m", str(METADATA), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"Datasette exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                httpx.get(f"{base_url}/-/versions.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not answer on {base_url} within {START_TIMEOUT_S} s")
                time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def dom(chromium, tmp_path):
    """``dom(url)``: the DOM Chromium builds for ``url``, parsed."""

    def load(url: str):
        result = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
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
