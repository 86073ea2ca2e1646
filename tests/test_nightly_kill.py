"""A nightly killed with SIGKILL at several moments and run again ends with the same KB
as an uninterrupted night: SQLite intact, nothing lost, nothing duplicated, the lock
recovered. The nightly runs as a real subprocess against the sample site on loopback."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from presskb.sample_site import SAMPLE_SOURCES

TABLES = {
    "articles": "select id, title, text from articles",
    "quotes": "select article_id, start, text, speaker from quotes",
    "mentions": "select article_id, start, text, entity_id from mentions",
    "dates": "select article_id, start, value from dates",
}


def sources_for(site, tmp_path):
    text = SAMPLE_SOURCES.read_text(encoding="utf-8").replace("{{BASE}}", site.base_url)
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def nightly(sources, db, warc):
    return subprocess.Popen(
        [sys.executable, "-m", "presskb.cli", "nightly", "--sources", str(sources), "--db", str(db),
         "--delay", "0", "--warc-dir", str(warc), "--contact", "ops@example.org"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def facts(db) -> dict[str, set]:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    out = {name: [tuple(r) for r in conn.execute(sql)] for name, sql in TABLES.items()}
    for name, rows in out.items():
        assert len(rows) == len(set(rows)), f"duplicates in {name}"
    return {name: set(rows) for name, rows in out.items()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, sample_site):
    tmp = tmp_path_factory.mktemp("uninterrupted")
    process = nightly(sources_for(sample_site, tmp), tmp / "kb.sqlite", tmp / "warc")
    assert process.wait(timeout=300) in (0, 1), process.stderr.read().decode()
    return facts(tmp / "kb.sqlite")


def pages_stored(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        return conn.execute("select count(*) from pages").fetchone()[0]
    except sqlite3.Error:
        return 0


# Killed before the first write (loading the models), after robots and discovery, while
# fetching and extracting articles, and near the end (articles stored, learning to come).
@pytest.mark.parametrize("pages", [0, 2, 8, 14, 19])
def test_a_killed_nightly_rerun_ends_with_the_same_kb(tmp_path, sample_site, reference, pages):
    sources, db, warc = sources_for(sample_site, tmp_path), tmp_path / "kb.sqlite", tmp_path / "warc"
    process = nightly(sources, db, warc)
    deadline = time.monotonic() + 120
    if pages == 0:
        time.sleep(0.5)
    else:
        while pages_stored(db) < pages and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    assert process.poll() is None, "the nightly ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    rerun = nightly(sources, db, warc)
    code = rerun.wait(timeout=300)
    assert code in (0, 1), rerun.stderr.read().decode()  # never 75: the kill released the lock
    assert facts(db) == reference
    statuses = [r[0] for r in sqlite3.connect(db).execute("select status from runs order by id")]
    # the killed run shows as still "running" (stale heartbeat); the rerun finished
    assert statuses[-1] in ("ok", "some-failed")
    assert pages == 0 or statuses[0] == "running"
