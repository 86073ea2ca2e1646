"""Unattended runs: one at a time (a lock), recorded (``runs``, ``run_errors``), with an
exit code that tells cron or systemd what happened.

Exit codes (also in ``presskb nightly --help`` and the README):

====  =====================================================================
0     every source yielded something
1     some sources failed (every fetch of theirs failed): see ``run_errors``; or the
      time budget (``--max-minutes``) ran out first (status ``cut-short``)
2     usage or configuration error (bad sources file, no sources)
3     fatal error, or every source failed
75    another run holds the lock (EX_TEMPFAIL: try again later)
====  =====================================================================
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import kb
from crawler import CrawlConfig, FetchResult, Source

from .pipeline import Pipeline, PipelineStats
from .workers import PARENT_ONLY_FDS



METADATA_PATH = Path(__file__).resolve().parent.parent / "datasette-metadata.yml"
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_FATAL, EXIT_LOCKED = 0, 1, 2, 3, 75
STATUS = {EXIT_OK: "ok", EXIT_SOME_FAILED: "some-failed", EXIT_FATAL: "failed"}
HEARTBEAT_EVERY = 25  # results between two heartbeats


class LockHeld(RuntimeError):
    """Another run holds the lock."""


def lock_path_for(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


@contextmanager
def run_lock(path: str | Path) -> Iterator[None]:
    """An exclusive flock on ``path``. The kernel drops it when the holder exits, however
    it exits (a SIGKILL included), so a killed run never blocks the next night."""
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"{path} is held by another run") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        PARENT_ONLY_FDS.add(handle.fileno())  # extraction workers must not hold it
        yield
    finally:
        PARENT_ONLY_FDS.discard(handle.fileno())
        handle.close()  # releases the lock


@dataclass
class RunOutcome:
    exit_code: int
    status: str
    failed_sources: list[str] = field(default_factory=list)
    stats: PipelineStats | None = None
    run_id: int | None = None
    health: list[dict] = field(default_factory=list)  # the crawl-health rows after the run
    published: object | None = None  # presskb.publish.Published, when the run published


class JsonLog:
    """``--log-json``: one JSON object a line per event, for log shippers (journald,
    Loki, Elasticsearch…). Every line has ``ts`` (UTC, ISO 8601) and ``event``."""

    def __init__(self, stream):
        self.stream = stream

    def emit(self, event: str, **fields) -> None:
        line = {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event, **fields}
        self.stream.write(json.dumps(line, ensure_ascii=False, sort_keys=False, default=str) + "\n")
        self.stream.flush()


def health_sql(metadata_path: str | Path | None = None) -> str | None:
    """The SQL of the ``crawl_health`` canned query in the Datasette metadata (one
    definition for the web page and the terminal); None when it cannot be read."""
    import yaml

    path = Path(metadata_path) if metadata_path else METADATA_PATH
    try:
        metadata = yaml.safe_load(path.read_text(encoding="utf-8"))
        return metadata["databases"]["kb"]["queries"]["crawl_health"]["sql"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return None


def run_health(db, sql: str | None) -> list[dict]:
    """The crawl-health rows, or none when the query is not at hand or fails (a report
    must never turn a good run into a failed one)."""
    if not sql:
        return []
    try:
        return kb.runs.crawl_health(db, sql)
    except Exception:  # noqa: BLE001 (an old metadata file against a newer schema)
        return []


def judge(sources: list[str], ok: dict[str, int], errors: dict[str, int],
          cut: dict[str, int] | None = None) -> tuple[int, list[str]]:
    """The exit code of a run and the sources that failed: those without one successful
    fetch (every request failed, or none could be made: a host down at robots.txt) that
    the time budget did not cut short."""
    cut = cut or {}
    failed = [s for s in sources if not ok.get(s, 0) and not cut.get(s, 0)]
    if sources and len(failed) == len(sources):
        return EXIT_FATAL, failed
    return (EXIT_SOME_FAILED if failed else EXIT_OK), failed


class RecordingPipeline(Pipeline):
    """The pipeline, also writing every failed fetch to ``run_errors`` and keeping the
    run's heartbeat."""

    def __init__(self, db, sources, *, run_id: int, nlp: bool = True, workers: int = 1,
                 log: JsonLog | None = None):
        super().__init__(db, sources, nlp=nlp, workers=workers)
        self.run_id = run_id
        self.log = log
        self.ok: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self._results = 0

    def on_result(self, result: FetchResult, *, refresh: bool = False) -> str | None:
        outcome = super().on_result(result, refresh=refresh)
        if result.error and not result.will_retry:
            self.errors[result.source] = self.errors.get(result.source, 0) + 1
            kb.record_run_error(self.db, self.run_id, source=result.source, url=result.url,
                                kind=result.kind, error=result.error, http_status=result.status,
                                at=result.fetched_at or None)
            if self.log:
                self.log.emit("fetch-error", run=self.run_id, source=result.source, url=result.url,
                              kind=result.kind, error=result.error, http_status=result.status)
        elif not result.error:
            self.ok[result.source] = self.ok.get(result.source, 0) + 1
        self._results += 1
        if self._results % HEARTBEAT_EVERY == 0:
            kb.beat(self.db, self.run_id)
        return outcome


def run_recorded(db_path: str | Path, sources: list[Source], config: CrawlConfig, *,
                 command: str = "nightly", nlp: bool = True, workers: int = 1,
                 log: JsonLog | None = None, metadata_path: str | Path | None = None,
                 publish_dir: str | Path | None = None) -> RunOutcome:
    """Crawl → extract → KB, recorded as one ``runs`` row with its errors → the full-text
    indexes merged → (with ``publish_dir``) the immutable published copy replaced, atomically
    (``presskb.publish``); then the crawl-health rows (alarms) for the summary. ``log`` gets
    one JSON event per run start, failed fetch, source, alarm and run end."""
    db = kb.open_db(db_path)
    names = [s.name for s in sources]
    run_id = kb.start_run(db, command, names)
    started = time.monotonic()
    if log:
        log.emit("run-start", run=run_id, command=command, db=str(db_path), sources=names)
    try:
        pipeline = RecordingPipeline(db, sources, run_id=run_id, nlp=nlp, workers=workers, log=log)
        pipeline.crawl(config)
        cut = {name: counts.get("cut", 0) for name, counts in pipeline.stats.crawl.items()}
        code, failed = judge(names, pipeline.ok, pipeline.errors, cut)
        status = STATUS[code]
        if any(cut.values()) and code != EXIT_FATAL:
            # the time budget (--max-minutes) ran out with requests still queued
            code, status = EXIT_SOME_FAILED, "cut-short"
        kb.finish_run(db, run_id, status=status, exit_code=code, failed_sources=failed,
                      counts=pipeline.stats.crawl)
        kb.optimise_fts(db)
        published = None
        if publish_dir is not None and code != EXIT_FATAL:
            from .publish import publish

            # a new copy under a temporary name, renamed over the old one: a kill here
            # leaves the previous night's copy in place
            published = publish(Path(db_path), Path(publish_dir), Path(metadata_path or METADATA_PATH))
        health = run_health(db, health_sql(metadata_path))
        outcome = RunOutcome(code, status, failed, pipeline.stats, run_id, health, published)
    except BaseException as error:
        # An exception (or Ctrl-C) ends the run as fatal; a SIGKILL leaves it "running"
        # with a stale heartbeat, which is how a dead run shows.
        kb.finish_run(db, run_id, status="fatal", exit_code=EXIT_FATAL, failed_sources=[],
                      counts={"error": f"{type(error).__name__}: {error}"})
        if log:
            log.emit("run-end", run=run_id, status="fatal", exit_code=EXIT_FATAL,
                     error=f"{type(error).__name__}: {error}")
        raise
    else:
        if log:  # the run is recorded: a log that fails now does not make it fatal
            _log_outcome(log, outcome, time.monotonic() - started)
        return outcome
    finally:
        db.close()


def _log_outcome(log: JsonLog, outcome: RunOutcome, seconds: float) -> None:
    stats = outcome.stats
    for name, counts in stats.crawl.items():
        log.emit("source", run=outcome.run_id, source=name,
                 source_failed=name in outcome.failed_sources, **counts)
    for row in outcome.health:
        if row.get("alarms") or row.get("failure_streak"):
            log.emit("alarm", run=outcome.run_id, source=row["source"], alarms=row.get("alarms") or "",
                     failure_streak=row.get("failure_streak"), last_success=row.get("last_success"),
                     last_new_article=row.get("last_new_article"), errors_last_run=row.get("errors_last_run"))
    log.emit("run-end", run=outcome.run_id, status=outcome.status, exit_code=outcome.exit_code,
             failed_sources=outcome.failed_sources, seconds=round(seconds, 1), articles=stats.articles,
             extracted=stats.extracted, not_articles=stats.not_articles,
             requests=sum(c.get("fetched", 0) for c in stats.crawl.values()))


@dataclass
class PruneReport:
    warcs: list[Path] = field(default_factory=list)  # removed (or would be, in a dry run)
    warc_bytes: int = 0
    kept_referenced: list[Path] = field(default_factory=list)  # old, but the KB still points into them
    pages_forgotten: int = 0
    runs: int = 0
    run_errors: int = 0


def prune(db_path: str | Path, warc_dir: str | Path, *, keep_days: float, keep_runs_days: float | None = None,
          include_referenced: bool = False, dry_run: bool = False, now: float | None = None) -> PruneReport:
    """Remove WARC files last written more than ``keep_days`` ago, and finished runs
    (with their errors) older than ``keep_runs_days``. A WARC file the pages table still
    points at (the last good body of a URL) is kept unless ``include_referenced``; then
    those pages forget it and their next conditional GET is a full fetch. The caller
    holds the run lock, so no run is writing a WARC file."""
    from datetime import datetime, timezone

    from crawler.archive import warc_paths

    now = time.time() if now is None else now
    report = PruneReport()
    db = kb.open_db(db_path)
    try:
        references: dict[Path, list[str]] = {}
        for stored in kb.runs.warc_references(db):
            references.setdefault(Path(stored).resolve(), []).append(stored)
        folder = Path(warc_dir)
        for path in (warc_paths(folder) if folder.is_dir() else []):
            if now - path.stat().st_mtime <= keep_days * 86400:
                continue
            if path.resolve() in references and not include_referenced:
                report.kept_referenced.append(path)
                continue
            report.warcs.append(path)
            report.warc_bytes += path.stat().st_size
        counts = kb.runs.warc_references(db)
        stored = [s for path in report.warcs for s in references.get(path.resolve(), [])]
        report.pages_forgotten = sum(counts.get(s, 0) for s in stored)
        if not dry_run:
            for path in report.warcs:
                path.unlink(missing_ok=True)
            # every page pointing into a removed file, an error's record included
            kb.runs.forget_warcs(db, [str(p) for p in report.warcs] + stored)
        if keep_runs_days is not None:
            cutoff = datetime.fromtimestamp(now - keep_runs_days * 86400, timezone.utc)
            report.runs, report.run_errors = kb.runs.prune_runs(
                db, cutoff.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), dry_run=dry_run)
    finally:
        db.close()
    return report
