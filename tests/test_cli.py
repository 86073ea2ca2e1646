"""The presskb CLI: each command runs the library code and reports what it did."""
import json
import sqlite3

import yaml
from click.testing import CliRunner

from presskb.cli import ROOT, cli, user_agent
from presskb.sample_site import SAMPLE_SOURCES, SITE_DIR


def test_extract_prints_the_article_as_json(expected):
    path = next(iter(expected["articles"]))
    facts = expected["articles"][path]
    result = CliRunner().invoke(
        cli, ["extract", str(SITE_DIR / path), "--url", f"http://127.0.0.1:8790/{path}"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert article["title"] == facts["title"]
    assert article["language"] == facts["language"]
    assert article["quotes"] and article["dates"] and article["entities"]


def test_extract_without_nlp_prints_the_text_and_never_loads_spacy(expected):
    import subprocess
    import sys

    path = next(iter(expected["articles"]))
    code = (
        "import sys\n"
        "from presskb.cli import cli\n"
        f"try:\n    cli(['extract', '--no-nlp', {str(SITE_DIR / path)!r}])\n"
        "except SystemExit as stop:\n    assert stop.code in (0, None), stop.code\n"
        "assert 'spacy' not in sys.modules, 'spaCy loaded by extract --no-nlp'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == expected["articles"][path]["title"]
    assert article["text"] and not article["quotes"] and not article["entities"]


def test_reextract_rebuilds_the_kb_from_warc_without_network(crawled, tmp_path):
    db_path, _, _ = crawled
    warc_dir = db_path.parent / "warc"
    rebuilt = tmp_path / "rebuilt.sqlite"
    args = ["reextract", "--sources", str(SAMPLE_SOURCES), "--db", str(rebuilt),
            "--warc", str(warc_dir), "--base-url", "http://127.0.0.1:1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    query = "select url, title, text_hash from articles order by url"
    original = sqlite3.connect(db_path).execute(query).fetchall()
    assert sqlite3.connect(rebuilt).execute(query).fetchall() == original
    counts = lambda: {t: sqlite3.connect(rebuilt).execute(f"select count(*) from {t}").fetchone()[0]
                      for t in ("articles", "quotes", "dates", "mentions", "pages")}
    before = counts()
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert counts() == before


def test_sources_check_accepts_the_shipped_files(tmp_path):
    for args in ([str(ROOT / "sources.yml")], [str(SAMPLE_SOURCES), "--base-url", "http://127.0.0.1:8790"]):
        result = CliRunner().invoke(cli, ["sources", "check", *args])
        assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump({"sources": [{"name": "x", "kind": "blog"}]}))
    result = CliRunner().invoke(cli, ["sources", "check", str(broken)])
    assert result.exit_code == 2 and "kind" in result.output  # unreadable: a configuration error


def test_user_agent_names_the_contact():
    assert user_agent("mailto:ops@example.org").endswith("; +mailto:ops@example.org)")
    assert user_agent(None).startswith("presskb/")


def test_learned_entities_can_be_seen_and_rejected(crawled, tmp_path):
    import kb

    db_path = tmp_path / "kb.sqlite"
    with sqlite3.connect(db_path) as copy:
        sqlite3.connect(crawled[0]).backup(copy)
    result = CliRunner().invoke(cli, ["entities", "learned", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    learned = [line.split("\t") for line in result.output.splitlines()]
    assert learned and all(row[0] for row in learned)
    confirmed = [row[0] for row in learned if row[2] == "confirmed"]
    assert confirmed, "the models' people should be confirmed for matching in other languages"
    target = confirmed[0]
    assert target in {e["id"] for e in kb.confirmed_entities(kb.open_db(db_path))}
    assert CliRunner().invoke(cli, ["entities", "reject", target, "--db", str(db_path)]).exit_code == 0
    assert target not in {e["id"] for e in kb.confirmed_entities(kb.open_db(db_path))}
    result = CliRunner().invoke(cli, ["entities", "reject", "per:nobody", "--db", str(db_path)])
    assert result.exit_code == 1 and "no such entity" in result.output


def test_reextract_keeps_pages_of_sources_no_longer_configured(crawled, tmp_path):
    db_path, _, _ = crawled
    config = yaml.safe_load(SAMPLE_SOURCES.read_text(encoding="utf-8"))
    config["sources"] = config["sources"][:1]
    sources_file = tmp_path / "one-source.yml"
    sources_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    rebuilt = tmp_path / "rebuilt.sqlite"
    result = CliRunner().invoke(cli, ["reextract", "--sources", str(sources_file), "--db", str(rebuilt),
                                      "--warc", str(db_path.parent / "warc"),
                                      "--base-url", "http://127.0.0.1:1"])
    assert result.exit_code == 0, result.output
    query = "select count(*) from articles"
    assert (sqlite3.connect(rebuilt).execute(query).fetchone()
            == sqlite3.connect(db_path).execute(query).fetchone())


def test_reextract_without_archives_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["reextract", "--sources", str(SAMPLE_SOURCES),
                                      "--db", str(tmp_path / "kb.sqlite"), "--warc", str(tmp_path),
                                      "--base-url", "http://127.0.0.1:1"])
    assert result.exit_code == 1 and "no WARC files" in result.output
