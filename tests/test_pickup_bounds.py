"""Bad input for linking: an empty article, 5 MB articles of varied text, 10,000 copies
of one release: each finishes (bounded: linear-time alignment, capped quote
comparison) and nothing is lost. No timing assertions; bench/pickup_eval.py times."""
import random
import sqlite3

import pytest

import kb
from kb.linkage import link_articles
from test_pickups import ABOUT, QUOTE, RELEASE, _article, release_with_history, rows, store


def varied_text(size: int, seed: int = 5) -> str:
    """About ``size`` characters of sentences over a generated vocabulary: no sentence
    repeats (a repeated one would make a 5 MB text trivially small as shingles)."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "sto", "va", "dri", "el", "bun", "tas", "por", "qui", "zen", "ul",
                 "fra", "gol", "ne", "sib", "tor", "ha", "wes", "jun", "ox", "pra"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(6000)})
    out, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 24)))
        sentence = f"{sentence[0].upper()}{sentence[1:]} {rng.randint(1, 99999)}."
        out.append(sentence)
        length += len(sentence) + 1
    return " ".join(out)[:size]


@pytest.fixture
def db(pickup_db):
    return pickup_db


def test_empty_and_5mb_copies_are_linked_and_kept_whole(db):
    rid = release_with_history(db)
    empty = store(db, "wire", "empty", _article(" ", "2026-09-01T12:00:00Z"))
    filler = varied_text(2_500_000)
    huge_text = filler + " " + RELEASE.replace(ABOUT, "") + " " + varied_text(2_500_000, seed=6)
    assert len(set(huge_text.split(". "))) > 30_000  # varied, not one sentence repeated
    huge = store(db, "daily", "huge", _article(huge_text, "2026-09-01T13:00:00Z", [QUOTE]))
    link_articles(db, [rid, empty, huge])
    (pickup,) = rows(db, "select * from pickups")
    assert pickup["copy_id"] == huge and pickup["share_reused"] > 0.9 and pickup["quotes_verbatim"] == 1
    stored = dict(db.execute("select id, length(text) from articles").fetchall())
    assert stored[huge] == len(huge_text) and stored[empty] is not None
    assert rows(db, "select survival from pickup_quotes") == [{"survival": "verbatim"}]


def test_a_5mb_release_is_compared_and_its_small_share_is_no_pickup(db):
    huge_release = RELEASE + " " + varied_text(5_000_000, seed=7)
    rid = store(db, "kestrel", "huge-release", _article(huge_release, "2026-09-01T08:00:00Z", [QUOTE + ","]))
    copy = store(db, "wire", "copy", _article("Trade Wire. " + RELEASE, "2026-09-01T12:00:00Z", [QUOTE]))
    counts = link_articles(db, [rid, copy])
    assert counts["pickups"] == 0  # the copy has well under a quarter of 5 MB
    # the quote itself is still one quote carried by two outlets
    assert db.execute("select max(outlets) from quote_groups").fetchone()[0] == 2
    assert db.execute("select length(text) from articles where id = ?", [rid]).fetchone()[0] == len(huge_release)


def test_ten_thousand_copies_of_one_release_are_all_kept(db, tmp_path):
    rid = release_with_history(db)
    n = 10_000
    kb.upsert_sources(db, [{"name": f"outlet{i}", "title": f"Outlet {i}", "kind": "trade_press"} for i in range(n)])
    # inserted as rows (the store step's cost is not what is tested): one copy per outlet
    copies = [(f"copy{i}", f"outlet{i}", f"https://outlet{i}.example/copy", f"Outlet {i} reports. " + RELEASE,
               "t", "en", "2026-09-02T10:00:00Z", "2026-09-02T10:00:00Z", str(i)) for i in range(n)]
    db.conn.executemany("insert into articles (id, source, url, text, title, language, published, first_seen, "
                        "text_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", copies)
    db.conn.commit()
    stats = link_articles(db, [rid, *(c[0] for c in copies)])
    assert stats["pickups"] == n
    conn = sqlite3.connect(tmp_path / "kb.sqlite")
    assert conn.execute("select count(*), count(distinct outlet), min(share_reused) from pickups").fetchone() \
        == (n, n, 1.0)
    assert conn.execute("select survival, count(*) from pickup_quotes group by survival").fetchall() == [("verbatim", n)]
    # ten thousand copies do not make the release its own boilerplate: a new copy still counts
    kb.upsert_sources(db, [{"name": "late", "title": "Late", "kind": "trade_press"}])
    late = store(db, "late", "copy", _article("Late. " + RELEASE, "2026-09-03T10:00:00Z"))
    assert link_articles(db, [late])["pickups"] == 1
