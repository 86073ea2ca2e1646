"""The main text never loses the article body to pre-cleaning (pages written for these
tests: a header block, then the body in sibling containers)."""
from extract.article import extract_article
from extract.maintext import better_of, needs_guard

BODY = [
    "The league confirmed on Tuesday that the new stadium deal will run for twenty years, "
    "ending months of talks between the club, the city council and the transport authority.",
    "Under the agreement, the club pays a fixed rent for the first decade and a share of "
    "ticket revenue after that, a model the council says protects taxpayers if crowds fall.",
    "Supporters' groups welcomed the news but asked for written guarantees that season-ticket "
    "prices will not rise faster than inflation while the building work goes on.",
    "The first phase, a new east stand with 8,000 seats, is due to open before the 2028 season; "
    "the other stands will be rebuilt one at a time so the club never plays away from home.",
    "Transport planners expect the rebuilt station next to the ground to carry twice as many "
    "fans on match days, with extra trains laid on for evening kick-offs.",
]


def page(container_class: str, extra: str = "", body_attrs: str = "") -> str:
    body = "".join(f'<div class="{container_class}"><p>{p}</p></div>' for p in BODY)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Club signs 20-year stadium deal</title></head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article>
<div class="entry-hero"><a href="/stadiums">Stadiums</a>
<h1>Club signs 20-year stadium deal with the city</h1>
<p class="dek">The agreement ends months of talks.</p>
<div class="byline">By <a href="/authors/jp">Jane Porter</a>
<time datetime="2024-03-05T10:00:00Z">Mar 5, 2024</time></div></div>
<div class="entry-body"{body_attrs}>{body}</div>{extra}
</article></main><footer><p>Copyright The Daily Ground</p></footer></body></html>"""


def test_body_in_sibling_containers_named_like_furniture_is_kept():
    # each paragraph's container carries a class word that reads as furniture ("social");
    # pre-cleaning alone would leave only the header block
    article = extract_article(page("rich-text social-quote-enabled"), "https://example.org/a")
    for paragraph in BODY:
        assert paragraph in article.text
    assert "Copyright" not in article.text


def test_body_with_article_markup_in_sibling_containers():
    article = extract_article(page("body-component share-enabled", body_attrs=' itemprop="articleBody"'),
                              "https://example.org/b")
    assert all(paragraph in article.text for paragraph in BODY)


def test_ordinary_page_unchanged_and_related_list_still_dropped():
    related = ('<div class="related-stories"><h2>More from Stadiums</h2><ul>'
               + "".join(f'<li><a href="/s{i}">Another club moves to a new ground number {i}</a></li>'
                         for i in range(8)) + "</ul></div>")
    article = extract_article(page("body-component", extra=related), "https://example.org/c")
    assert all(paragraph in article.text for paragraph in BODY)
    assert "Another club moves" not in article.text


def test_guard_prefers_ours_when_the_extra_is_not_prose():
    ours = ["A long paragraph of the article that trafilatura and presskb both found, "
            "with enough words to count as prose for the guard's comparison."]
    menu = [f"Section {i}" for i in range(60)]
    assert better_of(ours, ours + menu) == ours
    prose = [p for p in BODY]
    assert better_of(ours, ours + prose) == ours + prose


def test_guard_only_runs_when_prose_is_missing():
    assert not needs_guard(BODY, page_prose_words=sum(len(p.split()) for p in BODY))
    assert needs_guard(BODY[:1], page_prose_words=sum(len(p.split()) for p in BODY))
    assert not needs_guard([], page_prose_words=20)  # a page with hardly any prose
