"""kb/: schema migrations, idempotent upserts, versions, facts, fetch state."""
import pytest

import kb
from extract.records import Article, DateMention, Mention, Quote


@pytest.fixture
def db(tmp_path):
    database = kb.open_db(tmp_path / "kb.sqlite")
    kb.upsert_sources(database, [{"name": "ioc", "title": "IOC", "kind": "ioc", "language": "en"}])
    return database


def make_article(text="The IOC said it would grow.", **kw):
    import hashlib

    return Article(
        url="https://example.org/news/a.html",
        title="A story",
        text=text,
        language="en",
        published="2025-03-12",
        text_hash=hashlib.sha256(text.encode()).hexdigest(),
        word_count=len(text.split()),
        entities=[Mention("IOC", 4, 7, "ORG", "International Olympic Committee",
                          "org:international-olympic-committee", "gazetteer")],
        quotes=[Quote("it would grow", 13, 26, speaker="Jane Roe", language="en")],
        dates=[DateMention("March 2025", 0, 3, "2025-03", "month")],
        **kw,
    )


def counts(db):
    return {t: db[t].count for t in ("articles", "article_versions", "entities", "mentions",
                                     "quotes", "dates", "pages", "sources")}


def test_migrations_are_rerunnable(tmp_path):
    path = tmp_path / "kb.sqlite"
    kb.open_db(path)
    db = kb.open_db(path)
    applied = [r["name"] for r in db["_sqlite_migrations"].rows]
    assert applied == sorted(set(applied)) and len(applied) >= 2
    assert {"articles", "articles_fts", "quotes_fts", "dates"} <= set(db.table_names())


def test_store_twice_creates_no_duplicates(db):
    article = make_article()
    first = kb.store_article(db, article, source="ioc", url=article.url)
    before = counts(db)
    second = kb.store_article(db, article, source="ioc", url=article.url)
    assert first == (first[0], "new")
    assert second == (first[0], "unchanged")
    assert counts(db) == before
    assert before["articles"] == before["mentions"] == before["quotes"] == before["dates"] == 1


def test_changed_text_keeps_previous_version_and_replaces_facts(db):
    old = make_article()
    aid, _ = kb.store_article(db, old, source="ioc", url=old.url, seen_at="2025-03-12T00:00:00+00:00")
    new = make_article("The IOC said it would grow fast. Edited.")
    new.quotes = []
    assert kb.store_article(db, new, source="ioc", url=new.url)[1] == "changed"
    row = db["articles"].get(aid)
    assert row["text"].endswith("Edited.")
    assert row["first_seen"] == "2025-03-12T00:00:00.000000Z"  # kb writes one form of time
    versions = list(db["article_versions"].rows)
    assert [v["text"] for v in versions] == [old.text]
    assert db["quotes"].count == 0 and db["mentions"].count == 1


def test_full_text_search_follows_updates(db):
    article = make_article("Athletes meet sponsors in Lausanne.")
    kb.store_article(db, article, source="ioc", url=article.url)
    hits = lambda term: db.execute(
        "select count(*) from articles_fts where articles_fts match ?", [term]).fetchone()[0]
    assert hits("Lausanne") == 1
    kb.store_article(db, make_article("Athletes meet sponsors in Paris."), source="ioc", url=article.url)
    assert hits("Lausanne") == 0 and hits("Paris") == 1


def test_canonical_url_gives_the_id_but_not_a_front_page(db):
    a = make_article(canonical_url="https://example.org/news/a")
    b = make_article(canonical_url="https://example.org/")
    assert kb.article_id_for(a, "https://example.org/news/a.html?utm=1") == kb.article_id_for(
        a, "https://example.org/news/a.html")
    assert kb.article_id_for(b, "https://example.org/x") != kb.article_id_for(b, "https://example.org/y")


def test_failed_refetch_keeps_last_good_state(db):
    good = {"url": "https://example.org/a", "source": "ioc", "kind": "article", "status": 200,
            "etag": '"v1"', "content_hash": "abc", "body": b"<html>", "warc_file": "w.warc.gz",
            "warc_offset": 10}
    kb.record_fetch(db, good, article_id="x1")
    kb.record_fetch(db, {"url": "https://example.org/a", "source": "ioc", "kind": "article",
                         "status": 500, "error": "http-500"})
    row = next(db["pages"].rows)
    assert (row["status"], row["error"], row["etag"], row["article_id"]) == (500, "http-500", '"v1"', "x1")
    assert row["fetch_count"] == 2 and db["pages"].count == 1
    # the last good fetch's validators survive the failure, for the next conditional GET
    assert kb.fetch_validators(db, "https://example.org/a")["etag"] == '"v1"'
    kb.record_fetch(db, {"url": "https://example.org/a", "source": "ioc", "kind": "article",
                         "status": 304, "not_modified": True})
    assert kb.fetch_validators(db, "https://example.org/a")["etag"] == '"v1"'
    assert next(db["pages"].rows)["fetch_count"] == 3


def test_an_older_replayed_response_never_overwrites_newer_state(db):
    page = {"url": "https://example.org/a", "source": "ioc", "kind": "article", "status": 200}
    kb.record_fetch(db, {**page, "etag": '"new"', "fetched_at": "2025-06-01T00:00:00+00:00"})
    kb.record_fetch(db, {**page, "etag": '"old"', "fetched_at": "2025-01-01T00:00:00+00:00"})
    assert next(db["pages"].rows)["etag"] == '"new"'
    new = make_article("The IOC said it would grow, and it did.")
    kb.store_article(db, new, source="ioc", url=new.url, seen_at="2025-06-01T00:00:00+00:00")
    old = make_article("The IOC said it would grow.")
    assert kb.store_article(db, old, source="ioc", url=old.url,
                            seen_at="2025-01-01T00:00:00+00:00")[1] == "unchanged"
    assert next(db["articles"].rows)["text"] == new.text and db["article_versions"].count == 0


PAGE = {"url": "https://example.org/a", "source": "ioc", "kind": "article", "status": 200}


@pytest.mark.parametrize(
    "stored,later",
    [
        # a WARC-Date (whole seconds) and a live fetch later in the same second
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.500000Z"),
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5Z"),
        # offsets other than UTC against "Z"
        ("2026-11-23T10:00:00Z", "2026-11-23T09:30:00-02:00"),
        ("2026-11-23T10:00:00+01:00", "2026-11-23T09:30:00.000001Z"),
    ],
)
def test_fetch_times_are_compared_as_instants_not_as_text(db, stored, later):
    kb.record_fetch(db, {**PAGE, "etag": '"first"', "fetched_at": stored})
    kb.record_fetch(db, {**PAGE, "etag": '"later"', "fetched_at": later})
    assert next(db["pages"].rows)["etag"] == '"later"'
    # and the other way round: the earlier one never overwrites the later one
    db["pages"].delete_where()
    kb.record_fetch(db, {**PAGE, "etag": '"later"', "fetched_at": later})
    kb.record_fetch(db, {**PAGE, "etag": '"first"', "fetched_at": stored})
    row = next(db["pages"].rows)
    assert row["etag"] == '"later"' and row["fetch_count"] == 1


def test_a_replay_with_an_older_warc_date_after_a_live_fetch_changes_nothing(db):
    live_at, warc_date = "2026-11-23T10:00:00.123456Z", "2026-11-23T10:00:00Z"
    kb.record_fetch(db, {**PAGE, "etag": '"live"', "fetched_at": live_at})
    kb.record_fetch(db, {**PAGE, "etag": '"replayed"', "fetched_at": warc_date})
    assert next(db["pages"].rows)["etag"] == '"live"'
    new = make_article("The IOC said it would grow, and it did.")
    aid, _ = kb.store_article(db, new, source="ioc", url=new.url, seen_at=live_at)
    before = db["articles"].get(aid)
    old = make_article("The IOC said it would grow.")
    assert kb.store_article(db, old, source="ioc", url=old.url, seen_at=warc_date)[1] == "unchanged"
    assert db["articles"].get(aid) == before and db["article_versions"].count == 0
    # the same text replayed from the older response: last_seen does not move back
    kb.store_article(db, new, source="ioc", url=new.url, seen_at=warc_date, refresh_facts=True)
    assert db["articles"].get(aid)["last_seen"] == before["last_seen"]


def test_an_unreadable_time_never_overwrites_a_readable_one(db):
    kb.record_fetch(db, {**PAGE, "etag": '"dated"', "fetched_at": "2026-11-23T10:00:00Z"})
    kb.record_fetch(db, {**PAGE, "etag": '"undated"', "fetched_at": "Mon, when?"})
    assert next(db["pages"].rows)["etag"] == '"dated"'
    new = make_article("The IOC said it would grow, and it did.")
    aid, _ = kb.store_article(db, new, source="ioc", url=new.url, seen_at="2026-11-23T10:00:00Z")
    before = db["articles"].get(aid)
    other = make_article("The IOC said it would grow.")
    assert kb.store_article(db, other, source="ioc", url=other.url, seen_at="Mon, when?")[1] == "unchanged"
    kb.store_article(db, new, source="ioc", url=new.url, seen_at="Mon, when?")
    assert db["articles"].get(aid)["text"] == new.text
    assert db["articles"].get(aid)["last_seen"] == before["last_seen"]
    # a readable time replaces an unreadable stored one
    db["pages"].update(next(db["pages"].rows)["id"], {"fetched_at": "garbage"})
    kb.record_fetch(db, {**PAGE, "etag": '"dated again"', "fetched_at": "2020-01-01T00:00:00Z"})
    assert next(db["pages"].rows)["etag"] == '"dated again"'


def test_times_are_written_in_one_utc_form(db):
    forms = {"2026-11-23T10:00:00Z": "2026-11-23T10:00:00.000000Z",  # WARC-Date
             "2026-11-23T11:00:00.5+01:00": "2026-11-23T10:00:00.500000Z",
             "2026-11-23T10:00:01+00:00": "2026-11-23T10:00:01.000000Z",  # now_iso before
             "2026-11-23T10:00:02.123456Z": "2026-11-23T10:00:02.123456Z"}  # the crawler's
    for given, written in forms.items():
        kb.record_fetch(db, {**PAGE, "fetched_at": given})
        assert next(db["pages"].rows)["fetched_at"] == written
    assert next(db["pages"].rows)["first_fetched_at"] == "2026-11-23T10:00:00.000000Z"
    article = make_article()
    aid, _ = kb.store_article(db, article, source="ioc", url=article.url, seen_at="2026-11-23T10:00:00Z")
    row = db["articles"].get(aid)
    assert row["first_seen"] == row["last_seen"] == "2026-11-23T10:00:00.000000Z"
    assert kb.utc_time(row["extracted_at"]) == row["extracted_at"]
    now = kb.now_iso()
    assert kb.utc_time(now) == now and now.endswith("Z") and len(now) == len(row["last_seen"])
    assert kb.utc_time("not a time") == "not a time"


def test_mark_seen_moves_only_last_seen_and_only_forward(db):
    article = make_article()
    aid, _ = kb.store_article(db, article, source="ioc", url=article.url, seen_at="2026-11-23T10:00:00Z")
    kb.record_fetch(db, {**PAGE, "url": article.url, "fetched_at": "2026-11-23T10:00:00Z"}, aid)
    before, page = db["articles"].get(aid), next(db["pages"].rows)
    seen = lambda: db["articles"].get(aid)["last_seen"]

    assert kb.mark_seen(db, [article.url, "https://example.org/unknown"], "2026-11-24T09:00:00+01:00") == 1
    assert seen() == "2026-11-24T08:00:00.000000Z"
    assert {**db["articles"].get(aid), "last_seen": before["last_seen"]} == before
    assert next(db["pages"].rows) == page and db["article_versions"].count == 0
    # an earlier or unreadable time, or no URL, moves nothing
    assert kb.mark_seen(db, [article.url], "2026-11-24T08:00:00Z") == 0
    assert kb.mark_seen(db, [article.url], "2026-11-23T12:00:00Z") == 0
    assert kb.mark_seen(db, [article.url], "yesterday") == 0
    assert kb.mark_seen(db, [], "2030-01-01T00:00:00Z") == 0
    assert seen() == "2026-11-24T08:00:00.000000Z"
    # a readable time replaces an unreadable stored one
    db["articles"].update(aid, {"last_seen": "garbage"})
    assert kb.mark_seen(db, [article.url], "2026-11-25T00:00:00Z") == 1
    assert seen() == "2026-11-25T00:00:00.000000Z"


@pytest.mark.parametrize(
    "value,granularity,expected",
    [
        ("2024-12-03", "day", ("2024-12-03", "2024-12-03")),
        ("2024-02", "month", ("2024-02-01", "2024-02-29")),
        ("2026", "year", ("2026-01-01", "2026-12-31")),
        ("2024-12-03/2024-12-09", "range", ("2024-12-03", "2024-12-09")),
        ("2024-12-03T10:00", "time", ("2024-12-03", "2024-12-03")),
        ("2024-02-31", "day", (None, None)),
        (None, "day", (None, None)),
    ],
)
def test_date_bounds(value, granularity, expected):
    assert kb.date_bounds(DateMention("x", 0, 1, value, granularity)) == expected


def test_learned_entities_are_pending_until_confirmed_and_a_rejection_sticks(db):
    article = make_article()
    article.entities.append(Mention("Jane Roe", 13, 21, "PER", "Jane Roe", "per:jane-roe", "model"))
    kb.store_article(db, article, source="ioc", url=article.url)
    pending = {m.entity_id for m in kb.pending_mentions(db)}
    assert pending == {"per:jane-roe"}  # gazetteer entities are matched anyway
    assert kb.confirmed_entities(db) == []
    assert kb.confirm_learned(db, ["per:jane-roe"]) == 1
    assert [e["id"] for e in kb.confirmed_entities(db)] == ["per:jane-roe"]
    assert kb.set_entity_confirmed(db, "per:jane-roe", False)
    assert kb.confirm_learned(db, ["per:jane-roe"]) == 0
    # storing the article again (changed) keeps the decision
    kb.store_article(db, make_article("Jane Roe said the IOC would grow.") , source="ioc", url=article.url)
    assert kb.confirmed_entities(db) == [] and kb.pending_mentions(db) == []


def test_a_failed_fetch_moves_neither_the_fetch_time_nor_the_validators(db):
    url, failed = PAGE["url"], {**PAGE, "status": 503, "error": "http-503", "etag": '"busy"'}
    kb.record_fetch(db, {**failed, "fetched_at": "2026-11-20T10:00:00Z"})
    assert kb.fetch_validators(db, url) is None  # never fetched successfully: nothing known
    kb.record_fetch(db, {**PAGE, "etag": '"v1"', "content_hash": "abc", "fetched_at": "2026-11-21T10:00:00Z"})
    kb.record_fetch(db, {**failed, "fetched_at": "2026-11-22T10:00:00Z"})
    kb.record_fetch(db, {**PAGE, "status": None, "error": "timeout", "fetched_at": "2026-11-23T10:00:00Z"})
    # the failures are recorded ...
    row = next(db["pages"].rows)
    assert (row["status"], row["error"], row["fetch_count"]) == (None, "timeout", 4)
    assert row["first_fetched_at"] == "2026-11-20T10:00:00.000000Z"
    # ... but "changed since the last fetch" still means since the good one, with its validators
    validators = kb.fetch_validators(db, url)
    assert {k: validators[k] for k in ("etag", "last_modified", "content_hash", "article_id", "fetched_at")} == \
        {"etag": '"v1"', "last_modified": None, "content_hash": "abc", "article_id": None,
         "fetched_at": "2026-11-21T10:00:00.000000Z"}
    # a 304 is a good fetch
    kb.record_fetch(db, {**PAGE, "status": 304, "not_modified": True, "fetched_at": "2026-11-23T11:00:00Z"})
    assert kb.fetch_validators(db, url)["fetched_at"] == "2026-11-23T11:00:00.000000Z"


def test_pyproject_does_not_promise_a_python_that_cannot_read_stored_times():
    # parse_iso (kb reads every time with it) relies on Python 3.11's
    # datetime.fromisoformat: fractions of any length, "Z", basic format.
    import tomllib
    from pathlib import Path

    from packaging.specifiers import SpecifierSet

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    requires = SpecifierSet(pyproject["project"]["requires-python"])
    assert "3.10.14" not in requires and "3.11.0" in requires
    assert kb.utc_time("2026-11-23T11:00:00.5+01:00") == "2026-11-23T10:00:00.500000Z"
    assert kb.utc_time("20261123T100000Z") == "2026-11-23T10:00:00.000000Z"
