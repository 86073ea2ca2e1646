"""Pure helpers: charset detection, sniffing, URL normalisation, dates, parsers."""
import pytest

from crawler.content import decode_body, detect_charset, looks_binary, parse_content_type
from crawler.discover import find_date, normalize_url, parse_feed, parse_listing, parse_sitemap

GERMAN = "Größter Erfolg für Müller: „Wir sind überglücklich“, sagte die Präsidentin – 5 €."
FRENCH = "Le président a déclaré à l’équipe : « Très bien », c’était la fête à Besançon."


@pytest.mark.parametrize("text, codec, header, expected", [
    (GERMAN, "cp1252", None, "cp1252"),
    (GERMAN, "cp1252", "ISO-8859-1", "cp1252"),
    (FRENCH, "cp1252", None, "cp1252"),
    (GERMAN, "utf-8", None, "utf-8"),
    (GERMAN, "cp1252", "utf-8", "cp1252"),  # a false UTF-8 claim is not believed
    (GERMAN, "utf-8", "ISO-8859-1", "utf-8"),  # valid UTF-8 is UTF-8 whatever the header says
    ("中国体育新闻：阿里巴巴与奥运会的合作伙伴关系继续深化。", "gb18030", None, "gb18030"),
])
def test_charset_detection(text, codec, header, expected):
    body = f"<html><body><p>{text}</p></body></html>".encode(codec)

    assert detect_charset(body, header) == expected
    assert text in decode_body(body, detect_charset(body, header))[0]


def test_declared_charsets_and_boms():
    assert detect_charset(b'<?xml version="1.0" encoding="ISO-8859-15"?><a/>') == "iso8859-15"
    assert detect_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"
    assert detect_charset("\ufeff<p>x</p>".encode("utf-16")) == "utf-16"
    assert parse_content_type('text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type(None) == (None, None)


def test_binary_sniffing():
    assert looks_binary(b"%PDF-1.4\n...")
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert looks_binary(bytes(range(32)) * 10)
    assert not looks_binary(GERMAN.encode("cp1252"))
    assert not looks_binary("<p>x</p>".encode("utf-16"))


def test_url_normalisation_merges_duplicates_and_refuses_junk():
    base = "https://www.Example.com/news/index.html"
    assert normalize_url("../a?utm_source=x&b=2&a=1#top", base) == "https://www.example.com/a?a=1&b=2"
    assert normalize_url("HTTPS://WWW.EXAMPLE.COM:443/a?a=1&b=2") == "https://www.example.com/a?a=1&b=2"
    for junk in ("javascript:void(0)", "mailto:a@b.c", "#", "", "ftp://x/y", "/x/" + "y" * 3000):
        assert normalize_url(junk, base) is None
    assert normalize_url("/a/b/a/b/a/b/a/b/", base) is None


@pytest.mark.parametrize("text, expected", [
    ("Published 2024-03-12 by staff", "2024-03-12"),
    ("am 3. März 2024 in Köln", "2024-03-03"),
    ("12.03.2024", "2024-03-12"),
    ("le 1er avril 2025", "2025-04-01"),
    ("March 5th, 2025", "2025-03-05"),
    ("31 February 2024", None),
    ("no date here 12345", None),
])
def test_dates_in_teaser_text(text, expected):
    assert find_date(text) == expected


def test_parsers_survive_garbage_in_bounded_time():
    garbage = bytes(range(256)) * 4000 + b"<urlset><url><loc>"
    assert parse_sitemap(garbage).urls == []
    assert parse_sitemap(b"").urls == []
    assert parse_feed(garbage) == []
    assert parse_listing("<a href='/x'>" * 20000, "http://e.com/")[0].url == "http://e.com/x"
    deep = "<div>" * 5000 + '<a href="/deep">d</a>' + "</div>" * 5000
    assert [link.url for link in parse_listing(deep, "http://e.com/")] == ["http://e.com/deep"]


def test_plain_text_and_truncated_sitemaps_are_read_as_far_as_they_go():
    text = b"https://e.com/a\nhttps://e.com/b\nnot a url\n"
    assert [link.url for link in parse_sitemap(text).urls] == ["https://e.com/a", "https://e.com/b"]
    cut = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.com/a</loc></url><url><loc>https://e.c'
    assert [link.url for link in parse_sitemap(cut).urls][:1] == ["https://e.com/a"]


def test_url_normalisation_keeps_what_the_server_needs():
    assert normalize_url("http://e.com/a;jsessionid=1/b") == "http://e.com/a;jsessionid=1/b"
    assert normalize_url("http://e.com/a/") != normalize_url("http://e.com/a")
    assert normalize_url("http://e.com/x%2Fy") == "http://e.com/x%2Fy"
    assert normalize_url("http://e.com/s?q=a/b") == normalize_url("http://e.com/s?q=a%2Fb")
    assert normalize_url("http://e.com/Größe?q=ö ü") == "http://e.com/Gr%C3%B6%C3%9Fe?q=%C3%B6%20%C3%BC"
    assert normalize_url("http://user:pw@[::1]:8080/x") == "http://[::1]:8080/x"
    assert normalize_url("http://e.com:99999/") is None
