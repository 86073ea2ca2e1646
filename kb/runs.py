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
