"""What an operator and a log shipper see of a nightly: the crawl-health alarms in the
terminal summary, and ``--log-json`` (one JSON object a line per event). The sample site
on loopback; a broken source points at a closed loopback port."""
from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner
from test_nightly import nightly, sources_file

from presskb.cli import cli


def events(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_summary_shows_the_failing_source_and_the_json_log_has_every_event(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    log = tmp_path / "nightly.jsonl"
    sources = sources_file(tmp_path, sample_site, broken=1, keep={"alizila"})
    result = nightly(sources, db, "--log-json", str(log))
    assert result.exit_code == 1, result.output
    assert "crawl health: 1 of 2 sources need a look" in result.output
    assert "broken0: failed 1 run (never a success); errors: " in result.output
    assert "connect-error" in result.output.split("broken0:")[1]

    lines = events(log)
    kinds = [e["event"] for e in lines]
    assert kinds[0] == "run-start" and kinds[-1] == "run-end"
    assert all(e["ts"].endswith("Z") for e in lines)
    errors = [e for e in lines if e["event"] == "fetch-error"]
    assert all(e["url"] and e["error"] and e["kind"] for e in errors)
    assert any(e["source"] == "broken0" for e in errors)
    per_source = {e["source"]: e for e in lines if e["event"] == "source"}
    assert per_source["broken0"]["source_failed"] and not per_source["alizila"]["source_failed"]
    assert per_source["alizila"]["new"] > 0
    [alarm] = [e for e in lines if e["event"] == "alarm"]
    assert alarm["source"] == "broken0" and alarm["failure_streak"] == 1
    end = lines[-1]
    assert end["exit_code"] == 1 and end["status"] == "some-failed" and end["failed_sources"] == ["broken0"]
    run_id = sqlite3.connect(db).execute("select max(id) from runs").fetchone()[0]
    assert {e["run"] for e in lines} == {run_id}

    # a second night appends to the same file
    nightly(sources, db, "--log-json", str(log))
    assert [e["event"] for e in events(log)].count("run-start") == 2


def test_a_silent_source_is_an_alarm_in_the_summary(tmp_path, sample_site):
    db = tmp_path / "kb.sqlite"
    sources = sources_file(tmp_path, sample_site, keep={"olympics", "alizila"})
    first = nightly(sources, db)
    assert first.exit_code == 0 and "crawl health: no alarms (2 sources)" in first.output, first.output
    conn = sqlite3.connect(db)
    conn.execute("update articles set first_seen = '2000-01-01T00:00:00.000000Z' where source = 'alizila'")
    conn.commit()
    second = nightly(sources, db)
    assert second.exit_code == 0
    assert "crawl health: 1 of 2 sources need a look" in second.output
    line = next(line for line in second.output.splitlines() if line.strip().startswith("alizila:"))
    assert "silent " in line and "days" in line


def test_log_json_to_stderr_and_a_locked_run(tmp_path, sample_site):
    from presskb.nightly import lock_path_for, run_lock

    db = tmp_path / "kb.sqlite"
    sources = sources_file(tmp_path, sample_site, keep={"alizila"})
    with run_lock(lock_path_for(db)):
        result = CliRunner().invoke(cli, ["nightly", "--sources", str(sources), "--db", str(db),
                                          "--log-json", "-", "--no-nlp"])
    assert result.exit_code == 75
    [locked] = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert locked["event"] == "locked" and locked["exit_code"] == 75


def test_an_unwritable_log_is_a_usage_error(tmp_path, sample_site):
    sources = sources_file(tmp_path, sample_site, keep={"alizila"})
    result = nightly(sources, tmp_path / "kb.sqlite", "--log-json", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert result.exit_code == 2, result.output
