"""`presskb nightly` and `presskb crawl` as cron or systemd see them: a lock, a record of
every run and its errors, and exit codes that say what happened. The sample site is
served on loopback; a broken source points at a closed loopback port."""
from __future__ import annotations

import json
import socket
import sqlite3

import pytest
import yaml
from click.testing import CliRunner

from presskb.cli import cli
from presskb.nightly import lock_path_for, run_lock
from presskb.sample_site import SAMPLE_SOURCES


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sources_file(tmp_path, sample_site, *, broken: int = 0, keep=None):
    data = yaml.safe_load(SAMPLE_SOURCES.read_text(encoding="utf-8"))
    sources = [s for s in data["sources"] if keep is None or s["name"] in keep]
    for k in range(broken):
        port = closed_port()
        sources.append({"name": f"broken{k}", "title": "A source whose host is down", "kind": "trade_press",
                        "language": "en", "start_urls": [f"http://127.0.0.1:{port}/news/"],
                        "allowed_hosts": ["127.0.0.1"], "article_patterns": ["/news/[^/]+$"]})
    data["sources"] = sources
    text = yaml.safe_dump(data, allow_unicode=True).replace("{{BASE}}", sample_site.base_url)
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def nightly(sources, db, *extra):
    return CliRunner().invoke(cli, ["nightly", "--sources", str(sources), "--db", str(db),
                                    "--delay", "0", "--no-nlp", "--warc-dir", str(db.parent / "warc"),
                                    "--contact", "ops@example.org", *extra])


def runs(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute("select * from runs order by id")]


def test_a_good_night_exits_0_and_is_recorded(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    result = nightly(sources_file(tmp_path, sample_site, keep={"olympics", "alizila"}), db)
    assert result.exit_code == 0, result.output
    [run] = runs(db)
    assert run["command"] == "nightly" and run["status"] == "ok" and run["exit_code"] == 0
    assert run["finished"] and run["heartbeat"] >= run["started"]
    counts = json.loads(run["counts"])
    assert set(counts) == {"olympics", "alizila"} and counts["olympics"]["new"] > 0


def test_a_broken_source_exits_1_and_its_errors_are_recorded(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    result = nightly(sources_file(tmp_path, sample_site, broken=1, keep={"alizila"}), db)
    assert result.exit_code == 1, result.output
    assert "broken0" in result.output
    [run] = runs(db)
    assert run["status"] == "some-failed" and json.loads(run["failed_sources"]) == ["broken0"]
    errors = sqlite3.connect(db).execute(
        "select source, url, error from run_errors where run_id = ?", [run["id"]]).fetchall()
    broken = [(url, err) for src, url, err in errors if src == "broken0"]
    assert broken and all(err for _, err in broken)  # each with its URL and reason
    # the good source was still crawled and stored
    assert sqlite3.connect(db).execute(
        "select count(*) from articles where source = 'alizila'").fetchone()[0] > 0


def test_every_source_failing_exits_3(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    result = nightly(sources_file(tmp_path, sample_site, broken=2, keep=set()), db)
    assert result.exit_code == 3, result.output
    assert runs(db)[0]["status"] == "failed"


def test_crawl_has_the_same_exit_semantics(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(sources_file(
        tmp_path, sample_site, broken=1, keep=set())), "--db", str(db), "--delay", "0", "--no-nlp",
        "--warc-dir", str(tmp_path / "warc")])
    assert result.exit_code == 3, result.output
    assert runs(db)[0]["command"] == "crawl"


def test_a_second_run_while_one_holds_the_lock_exits_75_and_fetches_nothing(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    sources = sources_file(tmp_path, sample_site, keep={"alizila"})
    before = sum(sample_site.hits.values())
    with run_lock(lock_path_for(db)):
        result = nightly(sources, db)
    assert result.exit_code == 75, result.output
    assert sum(sample_site.hits.values()) == before
    # the lock is free again once its holder is gone
    assert nightly(sources, db).exit_code == 0


@pytest.mark.parametrize("content, message", [
    ("sources: []\n", "no sources"),
    ("sources:\n  - name: x\n    kind: partner\n    start_urls: ['http://127.0.0.1:1/']\n    allowed_hosts: ['127.0.0.1:1']\n",
     "allowed_hosts"),
])
def test_a_bad_sources_file_exits_2_before_any_fetch(tmp_path, content, message):
    path = tmp_path / "sources.yml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["nightly", "--sources", str(path), "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_dry_run_validates_and_fetches_nothing(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    before = sum(sample_site.hits.values())
    result = nightly(sources_file(tmp_path, sample_site, keep={"alizila"}), db, "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.output
    assert sum(sample_site.hits.values()) == before


def test_crawl_health_shows_the_failing_source_its_streak_and_errors(tmp_path, sample_site):
    import asyncio

    from datasette.app import Datasette

    from presskb.cli import METADATA

    db = tmp_path / "kb.sqlite"
    sources = sources_file(tmp_path, sample_site, broken=1, keep={"alizila"})
    for _ in range(2):
        result = nightly(sources, db)
        assert result.exit_code == 1 and "some-failed" in result.output, result.output
    ds = Datasette([str(db)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))
    response = asyncio.run(ds.client.get("/kb/crawl_health.json?_shape=objects"))
    assert response.status_code == 200, response.text
    rows = {r["source"]: r for r in response.json()["rows"]}
    assert rows["broken0"]["failure_streak"] == 2 and rows["broken0"]["last_success"] is None
    assert "connect-error" in rows["broken0"]["errors_last_run"]
    assert rows["alizila"]["failure_streak"] == 0 and rows["alizila"]["last_success"]
    assert rows["alizila"]["last_new_article"]
    page = asyncio.run(ds.client.get("/kb/crawl_health"))
    assert page.status_code == 200 and "broken0" in page.text


def test_a_run_past_its_time_budget_stops_and_says_so(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    before = sum(sample_site.hits.values())
    result = nightly(sources_file(tmp_path, sample_site, keep={"olympics", "alizila", "tradepress"}), db,
                     "--max-minutes", "0")
    assert result.exit_code == 1, result.output
    [run] = runs(db)
    assert run["status"] == "cut-short"
    counts = json.loads(run["counts"])
    assert sum(c["cut"] for c in counts.values()) > 0
    assert sum(sample_site.hits.values()) - before <= 3  # at most what was already in flight


def test_datasette_keeps_answering_while_a_crawl_writes(tmp_path, sample_site, sample_sources, expected):
    import asyncio
    import threading

    from datasette.app import Datasette

    from crawler import CrawlConfig
    from presskb.cli import METADATA
    from presskb.pipeline import run_crawl

    import kb

    db = tmp_path / "kb.sqlite"
    kb.open_db(db).close()  # the schema, in WAL mode
    ds = Datasette([str(db)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))
    errors: list = []
    crawl = threading.Thread(target=lambda: run_crawl(
        db, sample_sources, CrawlConfig(per_host_delay=0.0, warc_dir=tmp_path / "warc")))
    crawl.start()
    answered = 0
    while crawl.is_alive():
        for path in ("/kb/articles.json?_size=5", "/kb/quote_search.json?q=athletes", "/kb/crawl_health.json"):
            response = asyncio.run(ds.client.get(path))
            if response.status_code != 200:
                errors.append((path, response.status_code, response.text[:200]))
            answered += 1
    crawl.join()
    assert answered > 10 and not errors, errors[:3]
    rows = asyncio.run(ds.client.get("/kb/articles.json?_shape=objects")).json()["rows"]
    assert len(rows) == len(expected["articles"])


def test_crawl_health_raises_silence_and_layout_alarms(tmp_path, sample_site):
    import asyncio

    from datasette.app import Datasette

    from presskb.cli import METADATA

    db = tmp_path / "kb.sqlite"
    assert nightly(sources_file(tmp_path, sample_site, keep={"olympics", "alizila"}), db).exit_code == 0

    def alarms():
        ds = Datasette([str(db)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))
        rows = asyncio.run(ds.client.get("/kb/crawl_health.json?_shape=objects")).json()["rows"]
        return {r["source"]: r["alarms"] for r in rows}

    assert alarms() == {"olympics": "", "alizila": ""}
    conn = sqlite3.connect(db)
    # alizila has published nothing new for a month; olympics' article pages stopped parsing
    conn.execute("update articles set first_seen = '2000-01-01T00:00:00.000000Z' where source = 'alizila'")
    conn.execute("update pages set article_id = null where source = 'olympics' and kind = 'article'")
    conn.commit()
    found = alarms()
    assert found["alizila"].startswith("silent ")
    assert "pages not recognised" in found["olympics"]
    # the latest olympics article is a fraction of the source's usual length
    newest = conn.execute("select id from articles where source = 'olympics' order by first_seen desc").fetchone()[0]
    conn.execute("update articles set first_seen = '2001-01-01T00:00:00.000000Z' where source = 'olympics' and id != ?",
                 [newest])
    conn.execute("update articles set text = 'Cookie settings. Menu.' where id = ?", [newest])
    conn.commit()
    assert "shorter texts" in alarms()["olympics"]


def test_a_night_with_publish_replaces_the_immutable_copy(tmp_path, sample_site):
    sources, db, out = sources_file(tmp_path, sample_site), tmp_path / "kb.sqlite", tmp_path / "site"
    first = nightly(sources, db, "--publish", str(out))
    assert first.exit_code == 0, first.output
    copy = out / "kb.sqlite"
    assert copy.exists() and "published:" in first.output
    ro = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    live = sqlite3.connect(db)
    assert ro.execute("select count(*) from articles").fetchone() == live.execute(
        "select count(*) from articles").fetchone()
    assert ro.execute("pragma journal_mode").fetchone()[0] != "wal"  # one file, no -wal beside it
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(f"file:{copy}?mode=ro", uri=True).execute("delete from articles")
    ro.close()
    # a second night replaces the copy with the new state (its run row included)
    second = nightly(sources, db, "--publish", str(out))
    assert second.exit_code == 0, second.output
    ro = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert ro.execute("select count(*) from runs").fetchone()[0] == 2
