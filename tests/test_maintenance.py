"""`presskb prune` and `presskb vacuum` on a real kb.sqlite and real WARC files written by
crawls of a loopback site: old WARC files nothing points at go, those the KB reads 304s
from stay (unless asked), old runs are forgotten, a dry run changes nothing, and both
commands wait their turn behind the nightly's lock."""
from __future__ import annotations

import os
import sqlite3
import time

from click.testing import CliRunner
from crawlsite import Reply, Site, make_source

import kb
from crawler import CrawlConfig
from presskb.cli import cli
from presskb.nightly import lock_path_for, run_lock
from presskb.pipeline import run_crawl

ARTICLE = b"<html><body><article><p>" + b"A long enough story about the federation. " * 20 + b"</p></article></body></html>"
OLD = time.time() - 100 * 86400


def crawled_twice(tmp_path, site):
    """Two nights over an unchanged site: night 1's WARC holds the bodies the KB points
    at, night 2's only 304s."""
    def sitemap(request):
        if request.headers.get("if-none-match") == '"s1"':
            return Reply(304, b"", {"ETag": '"s1"'}, content_type=None)
        body = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{site.url(f'/a/{i}')}</loc></url>" for i in range(3)) + "</urlset>")
        return Reply(200, body.encode(), {"ETag": '"s1"'}, "application/xml")

    site.route("/sitemap.xml", sitemap)
    site.route("/a/*", lambda request: Reply(200, ARTICLE.replace(b"federation", request.path.encode())))
    source = make_source(sitemaps=[site.url("/sitemap.xml")], article_patterns=["/a/"])
    db, warc = tmp_path / "kb.sqlite", tmp_path / "warc"
    files = []
    for _ in range(2):
        run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=warc), nlp=False)
        files.append(next(p for p in sorted(warc.glob("*.warc.gz")) if p not in files))
        time.sleep(1.1)  # one WARC series per second of start
    for path in files:
        os.utime(path, (OLD, OLD))
    return db, warc, files, source


def prune(db, warc, *extra):
    return CliRunner().invoke(cli, ["prune", "--db", str(db), "--warc-dir", str(warc), *extra])


def test_prune_removes_old_unreferenced_warcs_and_keeps_what_the_kb_reads(tmp_path):
    with Site("127.0.0.2") as site:
        db, warc, (first, second), source = crawled_twice(tmp_path, site)
        recent = warc / "recent.warc.gz"
        recent.write_bytes(second.read_bytes())  # written just now: too young to go

        dry = prune(db, warc, "--keep-days", "30", "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert f"would remove {second}" in dry.output and str(first) not in dry.output.split("would remove 1")[0]
        assert second.exists()

        result = prune(db, warc, "--keep-days", "30")
        assert result.exit_code == 0, result.output
        assert not second.exists() and first.exists() and recent.exists()
        assert "kept 1 old WARC files the KB still points at" in result.output

        # the KB still reads its 304s from the kept file: a third night asks nothing in full
        before = site.hits["/sitemap.xml"]
        run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=warc), nlp=False)
        assert site.hits["/sitemap.xml"] == before + 1


def test_include_referenced_forgets_the_pages_and_the_next_304_becomes_a_full_fetch(tmp_path):
    with Site("127.0.0.2") as site:
        db, warc, (first, second), source = crawled_twice(tmp_path, site)
        result = prune(db, warc, "--keep-days", "30", "--include-referenced")
        assert result.exit_code == 0, result.output
        assert not first.exists() and not second.exists()
        assert sqlite3.connect(db).execute("select count(*) from pages where warc_file is not null").fetchone()[0] == 0
        before = site.hits["/sitemap.xml"]
        run_crawl(db, [source], CrawlConfig(per_host_delay=0.0, warc_dir=warc), nlp=False)
        asks = [h for _, path, h in site.log if path == "/sitemap.xml"][before:]
        assert len(asks) == 1 and "if-none-match" not in asks[0]  # nothing to read a 304 from


def test_old_runs_and_their_errors_are_forgotten_a_running_one_is_kept(tmp_path):
    db_path = tmp_path / "kb.sqlite"
    db = kb.open_db(db_path)
    ids = []
    for finished in (True, True, False):
        run_id = kb.start_run(db, "nightly", ["a"])
        kb.record_run_error(db, run_id, source="a", url="http://127.0.0.1:1/", kind="article",
                            error="connect-error", http_status=None)
        if finished:
            kb.finish_run(db, run_id, status="failed", exit_code=3, failed_sources=["a"], counts={})
        ids.append(run_id)
    db.conn.commit()
    db.execute("update runs set started = '2001-01-01T00:00:00.000000Z' where id in (?, ?)", [ids[0], ids[2]])
    db.conn.commit()
    db.close()
    dry = prune(db_path, tmp_path / "warc", "--keep-days", "30", "--keep-runs-days", "365", "--dry-run")
    assert dry.exit_code == 0 and "would remove 1 runs and 1 run errors" in dry.output, dry.output
    result = prune(db_path, tmp_path / "warc", "--keep-days", "30", "--keep-runs-days", "365")
    assert "removed 1 runs and 1 run errors" in result.output
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("select id from runs order by id")] == ids[1:]
    assert conn.execute("select count(*) from run_errors").fetchone()[0] == 2


def test_vacuum_keeps_the_kb_intact_and_both_wait_for_the_lock(tmp_path):
    with Site("127.0.0.2") as site:
        db, warc, _, _ = crawled_twice(tmp_path, site)
    result = CliRunner().invoke(cli, ["vacuum", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "VACUUM" in result.output and "articles_fts: merged" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    assert conn.execute("select count(*) from articles_fts where articles_fts match 'federation'").fetchone()[0] == 0
    assert conn.execute("select count(*) from articles_fts where articles_fts match 'story'").fetchone()[0] == 3
    conn.close()
    with run_lock(lock_path_for(db)):
        assert CliRunner().invoke(cli, ["vacuum", "--db", str(db)]).exit_code == 75
        held = prune(db, warc, "--keep-days", "0")
        assert held.exit_code == 75 and all(p.exists() for p in warc.glob("*.warc.gz"))
