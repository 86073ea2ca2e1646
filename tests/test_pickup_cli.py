"""`presskb link`: (re)linking an existing database, on a real SQLite file."""
import sqlite3
from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

import kb
from presskb.cli import cli
from test_pickups import ABOUT, OTHER_RELEASE, QUOTE, RELEASE, _article


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _kb(path, release_at: datetime):
    db = kb.open_db(path)
    kb.upsert_sources(db, [
        {"name": "kestrel", "title": "Kestrel newsroom", "kind": "partner", "language": "en"},
        {"name": "wire", "title": "Trade wire", "kind": "trade_press", "language": "en"},
    ])
    # stored as a KB built before linking existed: no linkage step has run
    kb.store_article(db, _article(OTHER_RELEASE, _iso(release_at - timedelta(days=10))), source="kestrel",
                     url="https://kestrel.example/old")
    kb.store_article(db, _article(RELEASE, _iso(release_at), [QUOTE + ","]), source="kestrel",
                     url="https://kestrel.example/release")
    kb.store_article(db, _article("LAUSANNE (Trade Wire) — " + RELEASE.replace(ABOUT, ""),
                                  _iso(release_at + timedelta(hours=3)), [QUOTE]),
                     source="wire", url="https://wire.example/copy")
    db.close()


def _counts(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("pickups", "pickup_quotes", "quote_groups", "quote_group_members")}
    finally:
        conn.close()


def test_link_all_links_an_existing_database_and_a_rerun_changes_nothing(tmp_path):
    path = tmp_path / "kb.sqlite"
    _kb(path, datetime(2024, 5, 1, 8, tzinfo=timezone.utc))
    assert _counts(path)["pickups"] == 0
    runner = CliRunner()
    result = runner.invoke(cli, ["link", "--db", str(path), "--all"])
    assert result.exit_code == 0, result.output
    assert "pickups 1" in result.output
    after = _counts(path)
    assert after["pickups"] == 1 and after["pickup_quotes"] == 1
    conn = sqlite3.connect(path)
    assert conn.execute("select survival from pickup_quotes").fetchone()[0] == "verbatim"
    assert conn.execute("select max(outlets) from quote_groups").fetchone()[0] == 2
    conn.close()
    again = runner.invoke(cli, ["link", "--db", str(path), "--all"])
    assert again.exit_code == 0, again.output
    assert _counts(path) == after


def test_link_without_all_takes_the_recent_articles_only(tmp_path):
    old, recent = tmp_path / "old.sqlite", tmp_path / "recent.sqlite"
    _kb(old, datetime(2024, 5, 1, 8, tzinfo=timezone.utc))
    conn = sqlite3.connect(old)
    conn.execute("update articles set first_seen = published")  # crawled back then too
    conn.commit()
    conn.close()
    _kb(recent, datetime.now(timezone.utc) - timedelta(days=2))
    runner = CliRunner()
    assert runner.invoke(cli, ["link", "--db", str(old)]).exit_code == 0
    assert _counts(old)["pickups"] == 0  # published and seen two years ago
    result = runner.invoke(cli, ["link", "--db", str(recent), "--days", "8"])
    assert result.exit_code == 0, result.output
    assert _counts(recent)["pickups"] == 1


def test_link_needs_an_existing_database(tmp_path):
    result = CliRunner().invoke(cli, ["link", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 2
    assert not (tmp_path / "missing.sqlite").exists()
