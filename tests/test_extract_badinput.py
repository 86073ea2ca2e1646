"""extract_article on bad input: an Article with ``error`` set, never an exception,
always in bounded time."""
from __future__ import annotations

import time

import pytest

from extract.article import MAX_CONTAINER_DEPTH, extract_article
from extract.records import Article

PROSE = ("The federation confirmed the new calendar on Monday after a long meeting with the "
         "clubs, and said that the first matches would be played in the spring. ")


def _timed(html, url=None):
    """The article and, for the record, the seconds it took (durations are measured by
    the benchmarks under bench/, never asserted here)."""
    started = time.perf_counter()
    article = extract_article(html, url)
    return article, time.perf_counter() - started


@pytest.mark.parametrize("html", [b"", "", "   \n\t ", b"\n\n"])
def test_empty_input_sets_error(html):
    article, _ = _timed(html)
    assert isinstance(article, Article)
    assert article.error == "empty input"
    assert article.text == ""


@pytest.mark.parametrize("payload", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    b"%PDF-1.7\n" + bytes(range(256)) * 8,
    b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8,
    "text with NUL\x00 bytes\x00\x00 inside" * 20,
])
def test_binary_input_sets_error(payload):
    article, _ = _timed(payload)
    assert article.error is not None and "binary" in article.error
    assert article.text == ""


def test_truncated_html_keeps_the_text_it_has():
    page = f"<html><head><title>Cut off</title></head><body><article><p>{PROSE * 3}</p><p>{PROSE}"
    article, _ = _timed(page[: len(page) - 40])
    assert article.error is None
    assert article.text.startswith("The federation confirmed the new calendar")


@pytest.mark.parametrize("page", [
    "<<<>>><p><div></p></span>&&&;<<",
    "<html><body><p>unclosed <b><i><u>" + PROSE * 4,
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;&a;</x>",
    "plain text without any markup at all, " * 20,
    "<html><head><script>" + "x" * 100_000,
])
def test_malformed_html_never_raises(page):
    article, _ = _timed(page)
    assert isinstance(article, Article)


def test_undecodable_bytes_do_not_raise():
    article, _ = _timed(bytes(range(128, 256)) * 200)
    assert isinstance(article, Article)
    assert article.error is not None
    assert article.text == ""


def test_five_thousand_nested_tables_bounded_time_with_error():
    page = ("<html><body>" + "<table><tr><td>" * 5000 + "deep text"
            + "</td></tr></table>" * 5000 + "</body></html>")
    article, _ = _timed(page)
    assert article.error == f"document nested deeper than {MAX_CONTAINER_DEPTH} levels"


def test_hundred_thousand_unclosed_divs_bounded_time():
    article, _ = _timed("<div>" * 100_000 + "x")
    assert article.error is not None


def test_large_flat_page_bounded_time():
    page = "<html><body>" + "".join(f"<p>{i} {PROSE}</p>" for i in range(5000)) + "</body></html>"
    article, _ = _timed(page)
    assert article.error is None
    assert article.word_count > 10_000


def test_malformed_urls_in_page_and_argument_are_ignored():
    page = ('<html><head><link rel="canonical" href="http://[ccpa-preferences]/x"></head><body>'
            '<a href="http://[not-an-ip]/story">A teaser headline with enough words</a>'
            f"<article><p>{PROSE * 3}</p></article></body></html>")
    article, _ = _timed(page, "http://[bad-host/page")
    assert article.error is None
    assert article.canonical_url is None
    assert article.text.startswith("The federation confirmed")
