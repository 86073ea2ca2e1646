"""extract_article: golden facts on the sample site, noise fixtures, metadata helpers."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser
from trafilatura.utils import load_html

from extract.article import PARAGRAPH_SEPARATOR, extract_article
from extract.clean import filter_paragraphs, names_furniture, preclean
from extract.decoding import decode_html
from extract.language import LOW_CONFIDENCE, detect_language
from extract.maintext import main_text_blocks
from extract.metadata import clean_authors, parse_date, stated_publication_date, strip_site_name

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "samples" / "site"
FIXTURES = Path(__file__).resolve().parent / "data" / "extract"
BASE = "http://127.0.0.1:8000"
EXPECTED = yaml.safe_load((ROOT / "samples" / "expected.yml").read_text(encoding="utf-8"))


def _sample_page(path: str) -> bytes:
    """The page's bytes as the sample server sends them ({{BASE}} filled in)."""
    file = SITE / path
    if file.is_dir():
        file = file / "index.html"
    return file.read_bytes().replace(b"{{BASE}}", BASE.encode())


@pytest.fixture(scope="module")
def golden_articles():
    return {path: extract_article(_sample_page(path), f"{BASE}/{path}")
            for path in EXPECTED["articles"]}


@pytest.mark.parametrize("path", sorted(EXPECTED["articles"]))
def test_sample_article_matches_golden_facts(golden_articles, path):
    expected = EXPECTED["articles"][path]
    article = golden_articles[path]
    assert article.error is None
    assert article.page_type == "article"
    assert article.title == expected["title"]
    assert article.language == expected["language"]
    assert article.published[:10] == expected["published"]
    assert article.authors == expected["authors"]
    for fragment in expected["must_contain"]:
        assert fragment in article.text
    for furniture in expected["must_not_contain"]:
        assert furniture not in article.text


@pytest.mark.parametrize("path", [p for p in EXPECTED["non_articles"] if not p.startswith("private")])
def test_sample_hub_and_listing_pages_are_not_articles(path):
    article = extract_article(_sample_page(path), f"{BASE}/{path}")
    assert article.page_type == "listing"
    assert article.links, "a listing yields its teaser links"
    assert all(link.url.startswith(BASE + "/") and link.title for link in article.links)
    assert article.published is None


def test_ioc_partner_hub_yields_dated_teasers_and_no_menu_text():
    article = extract_article(_sample_page("olympics/partners/alibaba/"),
                              f"{BASE}/olympics/partners/alibaba/")
    by_url = {link.url: link for link in article.links}
    teaser = by_url[f"{BASE}/olympics/news/ioc-alibaba-athlete365-business-accelerator-2026.html"]
    assert teaser.date == "2025-12-03"
    assert teaser.title == "IOC and Alibaba.com open fifth Athlete365 Business Accelerator to Olympians"
    assert "Principles and Missions" not in article.text
    assert not any("Olympic Charter" in (link.title or "") for link in article.links)


def test_windows_1252_sample_decodes_umlauts():
    raw = _sample_page("sportmarkt/news/omega-samsung-olympische-spiele-2026.html")
    article = extract_article(raw, f"{BASE}/sportmarkt/news/omega-samsung-olympische-spiele-2026.html")
    assert "ü" in article.text or "ä" in article.text or "ö" in article.text
    assert "\ufffd" not in article.text and "Ã" not in article.text


def test_english_inserts_bylines_credits_and_trailers_are_removed():
    article = extract_article((FIXTURES / "inserts_en.html").read_bytes(),
                              "https://sportsdesk.example/news/regional-games-ticket-sales")
    paragraphs = article.text.split(PARAGRAPH_SEPARATOR)
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("The organising committee of the regional games")
    assert paragraphs[-1].endswith("the travel of athletes and spectators.")
    for noise in ("See also", "Read more", "By Maria Keller", "Photo:", "Source:", "Proofread by",
                  "Share on", "newsletter", "Related coverage", "Cup final moves", "Leave a Reply",
                  "cookies", "Breaking:", "All rights reserved"):
        assert noise not in article.text
    assert article.title == "Regional games pass 40,000 ticket sales for opening weekend"
    assert article.authors == ["Maria Keller"]
    assert article.published == "2025-10-07T08:15:00+02:00"
    assert article.site_name == "Sports Desk Daily"
    assert article.canonical_url == "https://sportsdesk.example/news/regional-games-ticket-sales"
    assert article.word_count == len(article.text.split())
    assert article.language == "en" and article.language_probability > 0.9


def test_german_inserts_are_removed_from_windows_1252_page():
    article = extract_article((FIXTURES / "inserts_de_cp1252.html").read_bytes(),
                              "https://verein.example/sport/foerderung")
    assert article.text.startswith("Der Landessportbund hat am Montag in Köln")
    assert article.text.endswith("hieß es.")
    for noise in ("Lesen Sie auch", "Mehr zum Thema", "Das könnte Sie auch interessieren",
                  "Foto: dpa", "Quelle:", "Von Jürgen", "Impressum", "Startseite"):
        assert noise not in article.text
    assert article.title == "Landessportbund stellt neue Förderstrategie vor"
    assert article.authors == ["Jürgen Müller"]  # the organisation author is not a person
    assert article.published == "2025-11-03T10:30:00+01:00"
    assert article.language == "de"


def test_hub_fixture_gives_listing_with_absolute_dated_links():
    article = extract_article((FIXTURES / "hub.html").read_bytes(), "https://committee.example/partners/x/")
    assert article.page_type == "listing"
    assert [(link.url, link.date) for link in article.links] == [
        ("https://committee.example/news/first-story", "2025-12-04"),
        ("https://committee.example/news/second-story", "2025-11-18"),
        ("https://committee.example/news/third-story", "2025-10-14"),
    ]
    assert "Section number" not in article.text


def test_overrides_select_content_and_drop_blocks():
    html = (FIXTURES / "inserts_en.html").read_text(encoding="utf-8")
    plain = extract_article(html)
    overridden = extract_article(html, overrides={"content_selector": "div.story-body",
                                                  "drop_selectors": ["p:nth-of-type(2)"]})
    assert "strongest demand came from families" in plain.text
    assert "strongest demand came from families" not in overridden.text
    assert "ticket sales for the opening weekend passed 40,000" in overridden.text


def test_text_hash_is_sha256_of_text():
    import hashlib

    article = extract_article((FIXTURES / "inserts_en.html").read_bytes())
    assert article.text_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("title, site, url, expected", [
    ("Story headline | Sports Desk Daily", "Sports Desk Daily", None, "Story headline"),
    ("Sports Desk Daily - Story headline", "Sports Desk Daily", None, "Story headline"),
    ("Story headline – insidethegames", None, "https://www.insidethegames.biz/a", "Story headline"),
    ("Alibaba.com backs athlete365 - a first", None, "https://other.example/x",
     "Alibaba.com backs athlete365 - a first"),
    ("Headline: with a colon | Site", "Site", None, "Headline: with a colon"),
])
def test_strip_site_name(title, site, url, expected):
    assert strip_site_name(title, site, url) == expected


def test_clean_authors_drops_prefixes_dates_emails_and_site():
    raw = ["By Jane Doe and John Smith", "Von Anna Weber, 03.12.2024", "jane@example.com",
           "https://example.com/author/x", "Sports Desk Daily", "Jane Doe"]
    assert clean_authors(raw, "Sports Desk Daily") == ["Jane Doe", "John Smith", "Anna Weber"]


@pytest.mark.parametrize("value, expected", [
    ("2024-12-03T10:00:00+01:00", "2024-12-03T10:00:00+01:00"),
    ("2024-12-03T10:00:00Z", "2024-12-03T10:00:00+00:00"),
    ("2024-12-03", "2024-12-03"),
    ("Tue, 03 Dec 2024 10:00:00 GMT", "2024-12-03T10:00:00+00:00"),
    ("1800-01-01", None),
    ("no date here", None),
])
def test_parse_date_keeps_timezone(value, expected):
    assert parse_date(value) == expected


def test_short_text_language_is_low_confidence():
    language, probability = detect_language("Bonjour à tous")
    assert language is not None
    assert probability <= LOW_CONFIDENCE
    assert detect_language("12 345 !!") == (None, 0.0)


def test_decode_prefers_valid_utf8_and_reads_declared_windows_1252():
    text = "<p>Größe</p>"
    assert decode_html(('<meta charset="iso-8859-1">' + text).encode("utf-8")).endswith(text)
    assert decode_html(('<meta charset="windows-1252">' + text).encode("cp1252")).endswith(text)
    assert decode_html(text.encode("cp1252")).endswith(text)  # undeclared Latin text


def test_filter_keeps_long_paragraphs_that_start_like_inserts():
    prose = "Related to the budget, the committee said " + "it would publish figures later. " * 6
    assert filter_paragraphs([prose, "Read more: another story"]) == [prose]


def test_filter_keeps_short_repeated_lines_but_drops_repeated_paragraphs():
    box = "Our newsletter brings the week's sponsorship news to your inbox."
    assert filter_paragraphs(["});", "Sample one.", "});", box, box]) == [
        "});", "Sample one.", "});", box]


def test_indented_image_links_do_not_make_a_named_article_wrapper_a_link_list():
    card = '<a href="/p{0}">' + " " * 400 + '<img src="x{0}.jpg">' + " " * 400 + "</a>"
    prose = "<p>" + "The federation confirmed the new sponsorship programme today. " * 4 + "</p>"
    page = ('<html><body><div class="content-sidebar-wrap">'
            + "".join(prose + card.format(i) for i in range(6)) + "</div></body></html>")
    dom = load_html(page)
    preclean(dom)
    assert "sponsorship programme" in dom.text_content()


def test_inline_scripts_do_not_shrink_the_share_that_keeps_a_large_block():
    rows = "".join(f"<tr><td>Size {i}</td><td>{40 + i} x {60 + i} cm, cotton</td></tr>"
                   for i in range(20))
    page = ('<html><body><script>var state = "' + "x" * 20000 + '";</script>'
            "<p>The new kit of the national team goes on sale today in all stores.</p>"
            f'<div role="dialog"><table>{rows}</table></div></body></html>')
    dom = load_html(page)
    preclean(dom)
    assert "Size 19" in dom.text_content()


def test_a_row_of_label_headings_between_paragraphs_is_not_restored():
    first = "<p>" + "The committee published its annual report on Monday morning. " * 3 + "</p>"
    second = "<p>" + "Sponsors welcomed the figures and the new partnership rules. " * 3 + "</p>"
    labels = '<div class="tags">' + "".join(f"<h5>label {i}</h5>" for i in range(4)) + "</div>"
    page = f"<html><body><article>{first}{labels}{second}</article></body></html>"
    blocks = main_text_blocks(load_html(page), None)
    assert not any(block.startswith("label") for block in blocks)


@pytest.mark.parametrize("names, expected", [
    ("post-share-buttons", True), ("cookie-banner", True), ("relatedArticles", True),
    ("related-articles", True), ("no-share entry-content", False), ("has-sidebar", False),
    ("shared-content", False), ("article-body", False),
])
def test_furniture_class_names(names, expected):
    assert names_furniture(names) is expected


def _stated_date(body: str) -> str | None:
    return stated_publication_date(LexborHTMLParser(f"<html><body>{body}</body></html>"))


@pytest.mark.parametrize("body, expected", [
    ("<h1>Neue Halle</h1><p><span>Erschienen am</span> <time>26. Jan 2022</time></p>",
     "2022-01-26"),
    ("<h1>Fonds</h1><p>Mise en ligne 23 mai 2019</p><p>Le 4 juin 2019, ...</p>", "2019-05-23"),
    ("<h1>Budget</h1><p>By Jane Doe | April 26, 2022</p><p>On May 3, 2022 ...</p>", "2022-04-26"),
    ("<h1>Rede</h1><p>Bern, 17.08.2007 - Rede von ...</p>", "2007-08-17"),
    ("<h1>Study</h1><p>WASHINGTON (January 24, 2017) — A study ...</p>", "2017-01-24"),
    # labels of other languages: the update is skipped, the publication taken
    ("<h1>Sejm</h1><p>Paweł Nowak Aktualizacja: 05.05.2021, 05:53 Publikacja: 04.05.2021</p>",
     "2021-05-04"),
    # a slashed date whose day and month are the same reads one way only
    ("<h1>Olympia</h1><p>Von Eurosport Publiziert 02/02/2022 um 09:23 GMT</p>", "2022-02-02"),
])
def test_stated_publication_date_reads_labels_bylines_and_datelines(body, expected):
    assert _stated_date(body) == expected


@pytest.mark.parametrize("body, expected", [
    # an author's name, then the day, right under the headline; a teaser's day further down
    ("<nav>Start News</nav><h1>Heizen mit Laub</h1><p>Amelie Brandt</p><p>04. Dezember 2022</p>"
     "<p>Im Dorf wird seit dem Herbst geheizt.</p><aside><h2>Mehr</h2><p>Von Tom Ries 01.12.2022</p></aside>",
     "2022-12-04"),
    # the labelled day just above the headline wins over a sidebar's "Posted on" below it
    ("<nav>Home Editors Pick</nav><p>Posted on April 22, 2022</p><h1>Schools stay open</h1>"
     "<p>The ministry said the schools were safe.</p><aside>Posted on April 8, 2021</aside>",
     "2022-04-22"),
    # the headline's words first in a teaser above the article, then the article's header
    ("<p>Pellets aus Laub: Ein Dorf in der Lausitz heizt mit Herbstlaub.</p><h1>Pellets aus Laub</h1>"
     "<p>Amelie Brandt</p><p>04. Dezember 2022</p><p>Im Dorf wird seit dem Herbst geheizt.</p>",
     "2022-12-04"),
])
def test_stated_publication_date_reads_the_day_by_the_headline(body, expected):
    assert _stated_date(body) == expected


@pytest.mark.parametrize("body", [
    "<h1>Guide</h1><p>Updated: May 6, 2019</p>",                        # an update
    "<h1>Dünger</h1><p>ab diesem Datum Grünland am 1. Februar 2022</p>",  # "Datum" in prose
    "<h1>Trip</h1><p>Posted on 07/03/24</p>",                           # day/month undecidable
    # the first post's date is undecidable: a reply's date further down is not the page's
    "<h1>Trip</h1><p>Posted by Ann 07/03/24 I have two weeks.</p><p>Posted by Bob 07/07/24 Go.</p>",
    # an event line in the text, not a place dateline
    "<h1>Markt</h1><p>Der Wochenmarkt öffnet wieder.</p><p>Samstag, 22.01.2022 - 9:00 Uhr</p>",
    # prose between the headline and an unlabelled date
    "<h1>Dünger</h1><p>Wer Gülle ausbringt, wartet bis zum 1. Februar 2022</p>",
    "<h1>News</h1><p>Es wurde veröffentlicht. Am 4. November 2021 ...</p>",  # another sentence
])
def test_stated_publication_date_ignores_other_dates(body):
    assert _stated_date(body) is None


def test_the_headline_is_the_h1_with_the_title_s_words_else_the_title():
    # the only <h1> holds the site's name: the page's title locates the article's headline
    body = ("<h1>Anderson Foundation</h1><nav>Menu Biography Contact</nav><h2>Yellow Vests and I</h2>"
            "<p>December 4, 2018</p><p>I am glad that the protests went on.</p>"
            "<aside><h3>News</h3><p>Posted on December 13, 2019</p></aside>")
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    assert stated_publication_date(tree, "Yellow Vests and I") == "2018-12-04"
    # an <h1> worded a little differently from the title is still the headline
    body = ("<p>Lounge: Kein Zutritt mehr mit Sparpreis-Tickets</p><p>Posted on 21.07.2017</p>"
            "<nav>Startseite Neu hier? Backpacking Interrail Work and Travel Kontakt Impressum "
            "Datenschutzerklärung Startseite Neu hier? Backpacking Interrail Work and Travel</nav>"
            "<h1>Lounge: Kein Zugang mehr mit Sparpreis-Ticket</h1>"
            "<p>Mia Brandt 18.10.2019</p><p>Die Bahn hat die Regeln geändert.</p>")
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    assert stated_publication_date(tree, "Lounge: Kein Zutritt mehr mit Sparpreis-Tickets") == "2019-10-18"


def test_crawler_imports_extract_helpers_without_loading_spacy():
    import subprocess
    import sys

    code = (
        "import sys, crawler.crawl, crawler.content, crawler.discover\n"
        "assert 'spacy' not in sys.modules, 'spaCy loaded by the crawler'\n"
        "import extract\n"
        "assert callable(extract.extract_article) and extract.entities.__name__ == 'extract.entities'\n"
        "assert 'spacy' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_parse_iso_reads_days_as_dates_and_times_as_datetimes():
    from datetime import date, datetime, timezone

    from extract.metadata import parse_iso

    assert parse_iso("2026-11-23") == date(2026, 11, 23)
    assert parse_iso("20261123") == date(2026, 11, 23)  # a basic-format day is not midnight
    assert parse_iso("2026-11-23T10:00:00Z") == datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    assert parse_iso("20261123T100000Z") == datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    assert parse_iso("garbage") is None and parse_iso("") is None
