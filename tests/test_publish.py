"""`presskb publish`: an immutable, consistent copy of the KB, served by Datasette with -i."""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from presskb import publish as publishing
from presskb.cli import DATASETTE_SETTINGS, METADATA, cli

TABLES = ("articles", "quotes", "entities", "mentions", "dates", "sources")


def rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(publishing._ro_uri(db), uri=True)
    try:
        return conn.execute(f"select * from [{table}] order by rowid").fetchall()
    finally:
        conn.close()


@pytest.fixture
def live_kb(crawled, tmp_path) -> Path:
    """A private copy of the sample KB (in WAL mode, as presskb writes it)."""
    path = tmp_path / "live" / "kb.sqlite"
    path.parent.mkdir()
    src = sqlite3.connect(crawled[0])
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode=WAL")
    dst.close()
    return path


@pytest.fixture
def published(live_kb, tmp_path):
    return publishing.publish(live_kb, tmp_path / "site", METADATA)


def test_the_copy_has_the_same_rows_as_the_source(live_kb, published):
    assert published.db.name == "kb.sqlite"
    for table in TABLES:
        assert rows(published.db, table) == rows(live_kb, table), table
    assert rows(published.db, "quotes")  # the sample KB is not empty


def test_the_copy_is_one_read_only_file_that_cannot_be_written(published):
    db = published.db
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert db.stat().st_mode & 0o222 == 0  # no write bit for anyone
    before = publishing.sha256_file(db)
    assert before == published.sha256
    for uri in (publishing._ro_uri(db), publishing._ro_uri(db) + "&immutable=1"):
        conn = sqlite3.connect(uri, uri=True)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert conn.execute("select count(*) from quotes").fetchone()[0] > 0
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("delete from quotes")
        finally:
            conn.close()
    assert publishing.sha256_file(db) == before


def test_publishing_again_gives_the_same_bytes(live_kb, published, tmp_path):
    again = publishing.publish(live_kb, tmp_path / "again", METADATA)
    assert again.sha256 == published.sha256
    # and over an earlier copy (read-only) in the same folder
    over = publishing.publish(live_kb, published.db.parent, METADATA)
    assert over.sha256 == published.sha256


def test_a_copy_taken_while_another_connection_writes_is_consistent(live_kb, tmp_path):
    setup = sqlite3.connect(live_kb)
    setup.execute("create table ledger (batch integer, leg integer)")
    setup.commit()
    setup.close()

    # Committed in the WAL and not checkpointed: in the copy.
    committed = sqlite3.connect(live_kb, isolation_level=None)
    committed.execute("PRAGMA wal_autocheckpoint=0")
    committed.execute("begin")
    committed.executemany("insert into ledger values (?, ?)", [(-1, 0), (-1, 1)])
    committed.execute("commit")
    # An open write transaction: never in the copy, and it does not block the copy.
    pending = sqlite3.connect(live_kb, isolation_level=None)
    pending.execute("begin immediate")
    pending.execute("insert into ledger values (-2, 0)")

    stop = threading.Event()
    batches = []

    def writer():
        conn = sqlite3.connect(live_kb, isolation_level=None, timeout=30)
        batch = 0
        while not stop.is_set():
            conn.execute("begin immediate")
            conn.executemany("insert into ledger values (?, ?)", [(batch, 0), (batch, 1)])
            conn.execute("commit")
            batches.append(batch)
            batch += 1
        conn.close()

    copies = []
    try:
        copies.append(publishing.immutable_copy(live_kb, tmp_path / "first" / "kb.sqlite"))
        pending.execute("rollback")
        thread = threading.Thread(target=writer)
        thread.start()
        try:
            for n in range(3):
                copies.append(publishing.immutable_copy(live_kb, tmp_path / f"during-{n}" / "kb.sqlite"))
        finally:
            stop.set()
            thread.join(timeout=60)
    finally:
        committed.close()
        pending.close()

    assert batches, "the writer never committed"
    for db in copies:
        conn = sqlite3.connect(publishing._ro_uri(db), uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            legs = conn.execute("select batch, count(*) from ledger group by batch").fetchall()
        finally:
            conn.close()
        assert (-1, 2) in legs  # the committed, not yet checkpointed transaction
        assert all(batch != -2 for batch, _ in legs)  # the uncommitted one
        assert all(count == 2 for _, count in legs)  # no transaction cut in half
    assert rows(copies[0], "quotes") == rows(live_kb, "quotes")


def test_the_inspect_file_counts_the_tables(published):
    data = json.loads(published.inspect_file.read_text(encoding="utf-8"))
    tables = data["kb"]["tables"]
    assert data["kb"]["hash"] == published.sha256
    assert tables["quotes"]["count"] == len(rows(published.db, "quotes"))


def test_the_published_metadata_has_no_writable_queries(tmp_path):
    metadata = tmp_path / "metadata.yml"
    metadata.write_text(
        "databases:\n  kb:\n    queries:\n"
        "      latest: {sql: 'select 1'}\n"
        "      add_note: {sql: 'insert into notes values (:n)', write: true}\n",
        encoding="utf-8",
    )
    data, dropped = publishing.read_only_metadata(metadata)
    assert dropped == ["kb/add_note"]
    assert list(data["databases"]["kb"]["queries"]) == ["latest"]
    # and presskb's own metadata is published with every canned query it has
    ours, dropped = publishing.read_only_metadata(METADATA)
    assert not dropped and ours["databases"]["kb"]["queries"]


async def test_datasette_serves_the_copy_immutably(published):
    before = publishing.sha256_file(published.db)
    datasette = Datasette(
        immutables=[str(published.db)],
        inspect_data=json.loads(published.inspect_file.read_text(encoding="utf-8")),
        metadata=json.loads(published.metadata.read_text(encoding="utf-8")),
        settings={**DATASETTE_SETTINGS, "sql_time_limit_ms": 2000},
    )
    databases = (await datasette.client.get("/-/databases.json")).json()
    (kb,) = [d for d in databases if d["name"] == "kb"]
    assert kb["is_mutable"] is False and kb["hash"] == published.sha256

    settings = (await datasette.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == 2000

    response = await datasette.client.get("/kb/quotes.json?_shape=array&_size=max")
    assert response.status_code == 200
    assert len(response.json()) == len(rows(published.db, "quotes"))

    page = await datasette.client.get("/kb/quote_search")
    assert page.status_code == 200 and 'class="quote-search"' in page.text

    # A write through SQL is refused: Datasette runs only read-only SQL.
    refused = await datasette.client.get("/kb.json", params={"sql": "delete from quotes"})
    assert refused.status_code == 400
    assert publishing.sha256_file(published.db) == before


def test_the_command_publishes_and_prints_the_immutable_serve_command(live_kb, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", "--db", str(live_kb), "--out", str(out),
                                      "--sql-time-limit-ms", "1500", "--no-sql", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (out / "kb.sqlite").is_file() and (out / "kb.inspect.json").is_file()
    assert (out / "kb.metadata.json").is_file()
    command = result.output.strip().splitlines()[-1]
    assert f"-i {out / 'kb.sqlite'}" in command
    assert f"--inspect-file {out / 'kb.inspect.json'}" in command
    assert f"--metadata {out / 'kb.metadata.json'}" in command
    assert "--setting sql_time_limit_ms 1500" in command
    assert "--setting default_allow_sql off" in command
    assert "--port 8123" in command
    assert str(live_kb) not in command  # never the live database


def test_a_database_that_does_not_exist_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["publish", "--db", str(tmp_path / "typo.sqlite"),
                                      "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and not (tmp_path / "site").exists()


def test_the_copy_never_replaces_its_source(live_kb):
    with pytest.raises(ValueError):
        publishing.immutable_copy(live_kb, live_kb)
    assert rows(live_kb, "quotes")
