"""Pickups of releases by later articles, on real SQLite files (no network)."""
import hashlib
import sqlite3

import pytest

import kb
from extract import reuse
from extract.records import Article, Quote
from kb.pickups import detect_pickups

ABOUT = ("About Kestrel Cloud. Kestrel Cloud is the digital technology and intelligence backbone of "
         "the Kestrel Group and a Worldwide Partner of the Olympic Movement. For media enquiries "
         "please contact the Kestrel Cloud press office in Singapore.")
QUOTE = ("Every athlete who finishes this programme will leave with a business plan, a mentor and "
         "a shop that is open to the world")
RELEASE = (
    "Kestrel Cloud and the International Olympic Committee today opened applications for the "
    "third season of the Podium Ventures programme, which teaches retired athletes to build "
    "online businesses. Forty athletes from twenty-two National Olympic Committees will take "
    "part in twelve weeks of online workshops followed by a week in Lausanne in November. "
    f"\"{QUOTE},\" said Mara Quist, head of athlete programmes at Kestrel Cloud. "
    "Applications close on 30 September and the selected athletes will be announced in October. "
    "The programme has trained ninety-five athletes since it began, and half of them now run a "
    "company of their own. " + ABOUT
)
OTHER_RELEASE = (
    "Kestrel Cloud will stream every curling match of the winter season in ultra high "
    "definition on its own platform, the company said on Monday, and it will open a studio in "
    "Cortina for broadcasters from forty countries. \"Curling fans deserve to see every stone,\" "
    "said Ilse Baro, chief technology officer. " + ABOUT
)


def _article(text, published, quotes=(), title="t", language="en"):
    found = []
    for q in quotes:
        start = text.find(q)
        found.append(Quote(text=q, start=start, end=start + len(q), speaker="Mara Quist", language=language))
    return Article(title=title, text=text, published=published, language=language, word_count=len(text.split()),
                   text_hash=hashlib.sha1(text.encode()).hexdigest(), quotes=found)


@pytest.fixture
def db(pickup_db):
    return pickup_db


def store(db, source, slug, article):
    aid, _ = kb.store_article(db, article, source=source, url=f"https://{source}.example/{slug}")
    return aid


def release_with_history(db):
    # the newsroom's other pages carry the same "About" block: boilerplate
    store(db, "kestrel", "old", _article(OTHER_RELEASE, "2026-08-20T08:00:00Z"))
    return store(db, "kestrel", "release", _article(RELEASE, "2026-09-01T08:00:00Z", [QUOTE + ","]))


def rows(db, sql, params=()):
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def test_near_verbatim_copy_is_a_pickup_with_its_quote_verbatim(db):
    rid = release_with_history(db)
    copy_text = "LAUSANNE (Trade Wire) — " + RELEASE.replace(ABOUT, "Reporting by Tom Hale.")
    cid = store(db, "wire", "copy", _article(copy_text, "2026-09-01T11:30:00Z", [QUOTE]))
    stats = detect_pickups(db, [rid, cid])
    assert stats["pickups"] == 1
    (pickup,) = rows(db, "select * from pickups")
    assert (pickup["release_id"], pickup["copy_id"], pickup["outlet"]) == (rid, cid, "wire")
    assert pickup["lag_hours"] == 3.5
    assert pickup["share_reused"] > 0.9
    assert (pickup["quotes_total"], pickup["quotes_verbatim"]) == (1, 1)
    (fate,) = rows(db, "select * from pickup_quotes")
    assert fate["survival"] == "verbatim"


def test_rewrite_with_trimmed_quote_is_changed_and_dropped_when_gone(db):
    rid = release_with_history(db)
    trimmed = "Every athlete who finishes this programme will leave with a business plan"
    rewrite = (
        "Retired Olympians can again learn to sell online. Kestrel Cloud and the International Olympic "
        "Committee today opened applications for the third season of the Podium Ventures programme, which "
        "teaches retired athletes to build online businesses. The course is free. "
        f"\"{trimmed},\" Mara Quist told reporters. Applications close on 30 September and the selected "
        "athletes will be announced in October, the organisers added."
    )
    no_quote = (
        "Forty athletes from twenty-two National Olympic Committees will take part in twelve weeks of "
        "online workshops followed by a week in Lausanne in November. The programme has trained "
        "ninety-five athletes since it began, and half of them now run a company of their own. It is "
        "the third season of a scheme that the sponsor started before the Paris Games."
    )
    c1 = store(db, "wire", "rewrite", _article(rewrite, "2026-09-02T09:00:00Z", [trimmed]))
    c2 = store(db, "daily", "short", _article(no_quote, "2026-09-03T09:00:00Z"))
    detect_pickups(db, [rid, c1, c2])
    fates = {r["outlet"]: r["survival"] for r in rows(
        db, "select p.outlet, q.survival from pickups p join pickup_quotes q on q.pickup_id = p.id")}
    assert fates == {"wire": "changed", "daily": "dropped"}


def test_same_sponsor_different_release_is_rejected(db):
    rid = release_with_history(db)
    # another outlet runs the sponsor's other release, boilerplate and all
    cid = store(db, "wire", "curling", _article("Curling news. " + OTHER_RELEASE, "2026-09-02T09:00:00Z"))
    detect_pickups(db, [rid, cid])
    assert rows(db, "select * from pickups where release_id = ?", [rid]) == []


def test_copy_outside_the_window_or_before_the_release_is_not_a_pickup(db):
    rid = release_with_history(db)
    late = store(db, "wire", "late", _article(RELEASE, "2026-10-20T09:00:00Z"))
    early = store(db, "daily", "early", _article(RELEASE, "2026-08-25T09:00:00Z"))
    detect_pickups(db, [rid, late, early])
    assert rows(db, "select * from pickups") == []


def test_rerun_and_later_runs_leave_no_duplicates(db):
    rid = release_with_history(db)
    cid = store(db, "wire", "copy", _article(RELEASE, "2026-09-01T12:00:00Z"))
    detect_pickups(db, [rid, cid])
    detect_pickups(db, [rid, cid])
    detect_pickups(db, [cid])
    assert len(rows(db, "select * from pickups")) == 1
    assert len(rows(db, "select * from pickup_quotes")) == 1


def test_release_stored_after_its_copy_is_found_from_the_release_side(db):
    cid = store(db, "wire", "copy", _article(RELEASE, "2026-09-01T12:00:00Z"))
    detect_pickups(db, [cid])
    rid = release_with_history(db)
    detect_pickups(db, [rid])
    assert [(r["release_id"], r["copy_id"]) for r in rows(db, "select * from pickups")] == [(rid, cid)]


def test_bad_input_is_bounded(db):
    rid = release_with_history(db)
    empty = store(db, "wire", "empty", _article(" ", "2026-09-01T12:00:00Z"))
    filler = ("Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor. " * 70000)[:5_000_000]
    huge = store(db, "daily", "huge", _article(filler + RELEASE, "2026-09-01T13:00:00Z"))
    detect_pickups(db, [rid, empty, huge])
    (pickup,) = rows(db, "select * from pickups")
    assert pickup["copy_id"] == huge and pickup["share_reused"] > 0.9


def test_many_copies_of_one_release_are_all_kept(db):
    rid = release_with_history(db)
    outlets = [{"name": f"outlet{i}", "title": f"Outlet {i}", "kind": "trade_press", "language": "en"}
               for i in range(150)]
    kb.upsert_sources(db, outlets)
    ids = [store(db, o["name"], "copy", _article(f"{o['title']} reports. " + RELEASE, "2026-09-02T10:00:00Z"))
           for o in outlets]
    detect_pickups(db, [rid, *ids])
    assert rows(db, "select count(*) as n from pickups")[0]["n"] == 150


def test_alignment_and_quote_survival_are_pure():
    release = reuse.tokens(RELEASE)
    assert reuse.align(release, release).share == 1.0
    assert reuse.align(release, []).share == 0.0
    assert reuse.align([], release).share == 0.0
    assert reuse.quote_survival(QUOTE, "nothing", [])[0] == "dropped"
    assert reuse.quote_survival(QUOTE, f"She said: “{QUOTE.upper()}”.", [])[0] == "verbatim"
    assert reuse.quote_survival(QUOTE, "x", [(7, "Every athlete who finishes this programme will leave")])[:2] == ("changed", 7)


def test_migration_adds_the_tables(tmp_path):
    kb.open_db(tmp_path / "a.sqlite").close()
    names = {r[0] for r in sqlite3.connect(tmp_path / "a.sqlite").execute("select name from sqlite_master")}
    assert {"pickups", "pickup_quotes", "quote_groups", "quote_group_members", "stories", "story_articles"} <= names


def test_sample_site_release_is_picked_up_by_three_outlets_in_one_story(crawled, expected, sample_site):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    url = {aid: u for aid, u in conn.execute("select id, url from articles")}
    base = sample_site.base_url + "/"
    gold = expected["pickups"]
    found = {url[c][len(base):]: (method, share, v, ch, d) for r, c, method, share, v, ch, d in conn.execute(
        "select release_id, copy_id, method, share_reused, quotes_verbatim, quotes_changed, quotes_dropped "
        "from pickups") if url[r] == base + gold["release"]}
    assert set(found) == set(gold["copies"])
    for path, want in gold["copies"].items():
        method, share, verbatim, changed, dropped = found[path]
        assert method == want["method"] and share >= want["min_share"], path
        assert (verbatim, changed, dropped) == (want["verbatim"], want["changed"], want["dropped"]), path
    story = conn.execute("select story_id from story_articles s join articles a on a.id = s.article_id "
                         "where a.url = ?", [base + gold["release"]]).fetchone()[0]
    members = {u[len(base):] for (u,) in conn.execute(
        "select a.url from story_articles s join articles a on a.id = s.article_id where s.story_id = ?", [story])}
    assert members >= {gold["release"], *gold["copies"], *gold["story_also"]}
    languages = {lang for (lang,) in conn.execute(
        "select distinct language from story_articles where story_id = ?", [story])}
    assert languages == {"en", "de", "fr"}
    carried = conn.execute("select max(outlets) from quote_groups where text like 'Good coaching%'").fetchone()[0]
    assert carried >= 3


def test_rerun_of_linking_changes_nothing(tmp_path, crawled):
    import shutil

    from kb.linkage import link_all

    db_path = tmp_path / "copy.sqlite"
    shutil.copy(crawled[0], db_path)
    counts = lambda: {t: sqlite3.connect(db_path).execute(f"select count(*) from {t}").fetchone()[0]
                      for t in ("pickups", "pickup_quotes", "quote_groups", "quote_group_members", "stories",
                                "story_articles")}
    before = counts()
    database = kb.open_db(db_path)
    link_all(database)
    link_all(database)
    database.close()
    assert counts() == before


def test_release_published_twice_by_its_newsroom_is_still_picked_up(db):
    # the newsroom lists the release under two addresses: its text is no boilerplate
    rid = release_with_history(db)
    twin = store(db, "kestrel", "release-print", _article(RELEASE, "2026-09-01T08:05:00Z", [QUOTE + ","]))
    cid = store(db, "wire", "copy", _article("LAUSANNE (Trade Wire) — " + RELEASE.replace(ABOUT, ""),
                                             "2026-09-01T11:30:00Z", [QUOTE]))
    detect_pickups(db, [rid, twin, cid])
    found = {(r["release_id"], r["copy_id"]): r for r in rows(db, "select * from pickups")}
    assert (rid, cid) in found and found[(rid, cid)]["share_reused"] > 0.9
    assert set(found) <= {(rid, cid), (twin, cid)}  # never one newsroom page as a copy of the other
    # the "About" block of the two other releases stays boilerplate
    assert rows(db, "select * from pickups where copy_id = ?", [rid]) == []
