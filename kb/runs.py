"""The record of runs: one ``runs`` row per crawl or nightly, one ``run_errors`` row per
failed fetch. The only SQL about runs; ``presskb/nightly.py`` decides what goes in."""
from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from .store import now_iso


def start_run(db: Database, command: str, sources: Iterable[str]) -> int:
    """A new run in state ``running``; returns its id."""
    at = now_iso()
    table = db["runs"]
    table.insert({"command": command, "started": at, "heartbeat": at, "status": "running",
                  "sources": json.dumps(sorted(sources))})
    db.conn.commit()
    return table.last_pk


def beat(db: Database, run_id: int) -> None:
    """The run is alive: its heartbeat moves on."""
    db["runs"].update(run_id, {"heartbeat": now_iso()})
    db.conn.commit()


def record_run_error(db: Database, run_id: int, *, source: str, url: str, kind: str | None,
                     error: str, http_status: int | None, at: str | None = None) -> None:
    db["run_errors"].insert({"run_id": run_id, "source": source, "url": url, "kind": kind,
                             "error": error, "http_status": http_status, "at": at or now_iso()})


def finish_run(db: Database, run_id: int, *, status: str, exit_code: int,
               failed_sources: Iterable[str], counts: dict) -> None:
    at = now_iso()
    db["runs"].update(run_id, {"finished": at, "heartbeat": at, "status": status,
                               "exit_code": exit_code,
                               "failed_sources": json.dumps(sorted(failed_sources)),
                               "counts": json.dumps(counts, sort_keys=True)})
    db.conn.commit()


def latest_run(db: Database) -> dict | None:
    return next(db["runs"].rows_where(order_by="id desc", limit=1), None)


def crawl_health(db: Database, sql: str) -> list[dict]:
    """Rows of the crawl-health query (per source: alarms, last success, last new
    article, failure streak, errors of the latest run). The query is the Datasette
    canned query ``crawl_health``, so the terminal and the web page say the same."""
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def prune_runs(db: Database, before: str, *, dry_run: bool = False) -> tuple[int, int]:
    """Forget finished runs started before ``before`` (ISO, UTC) and their errors; a run
    still marked running is kept (it may be the trace of a killed night). Returns
    (runs, run_errors) removed, or that would be with ``dry_run``."""
    where = "finished is not null and started < ?"
    runs = db.execute(f"select count(*) from runs where {where}", [before]).fetchone()[0]
    errors = db.execute(f"select count(*) from run_errors where run_id in (select id from runs where {where})",
                        [before]).fetchone()[0]
    if not dry_run and runs:
        with db.conn:
            db.execute(f"delete from run_errors where run_id in (select id from runs where {where})", [before])
            db.execute(f"delete from runs where {where}", [before])
    return runs, errors


def warc_references(db: Database) -> dict[str, int]:
    """WARC files the pages table points at for a good body (the last good fetch of each
    URL: what a 304 of a sitemap, feed, listing or robots.txt is read back from, and what
    re-extraction of the current articles needs), with how many pages point at each. An
    error's record is evidence, not a body anything reads back."""
    return {row[0]: row[1] for row in db.execute(
        "select warc_file, count(*) from pages where warc_file is not null and error is null"
        " and coalesce(status, 0) < 400 group by warc_file")}


def forget_warcs(db: Database, files: Iterable[str]) -> int:
    """Pages whose archived body lived in these (removed) WARC files no longer point at
    them: their next conditional GET is a full fetch. Returns the pages changed."""
    files = sorted(set(files))
    changed = 0
    with db.conn:
        for start in range(0, len(files), 500):
            chunk = files[start:start + 500]
            cursor = db.execute(
                f"update pages set warc_file = null, warc_offset = null where warc_file in ({','.join('?' * len(chunk))})",
                chunk)
            changed += cursor.rowcount
    return changed


def optimise_fts(db: Database) -> list[str]:
    """Merge the full-text indexes' segments (after a night of inserts); the tables done."""
    done = []
    for table in ("articles_fts", "quotes_fts"):
        if db[table].exists():
            db.execute(f"insert into {table}({table}) values ('optimize')")
            done.append(table)
    db.conn.commit()
    return done


def vacuum(db: Database) -> list[str]:
    """Maintenance of a quiet database (no run writing): fold the WAL back, merge the
    full-text indexes' segments, refresh the planner's statistics, rebuild the file.
    Returns what was done, step by step."""
    done = [f"{table}: merged" for table in optimise_fts(db)]
    db.execute("ANALYZE")
    db.execute("PRAGMA optimize")
    done.append("ANALYZE, PRAGMA optimize")
    db.execute("VACUUM")
    done.append("VACUUM")
    busy, log_pages, moved = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    done.append(f"WAL checkpoint (TRUNCATE): {'busy, a reader holds it' if busy else 'done'}")
    return done
