"""Re-extraction of many WARC files on a Dask cluster, with one writer.

Extraction is pure and per record, so each WARC file is one task: a worker reads its
records (``crawler.iter_warc``, digests verified), extracts the article pages
(``extract_fetched``) and returns the batch. This process is the only writer: it stores
each batch as it arrives through ``Pipeline.on_result``, keyed as every other write
(articles by canonical URL, pages by URL), so a retried task or a rerun duplicates
nothing. Without a scheduler the same tasks run here, one after the other.

    presskb reextract --warc warc/ --db kb.sqlite --scheduler local:2
    presskb reextract --warc 'archive/*.warc.gz' --db kb.sqlite --scheduler tcp://10.0.0.5:8786

``dask[distributed]`` is the ``cluster`` extra: ``pip install 'presskb[cluster]'``.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import kb
from crawler import Source, iter_warc

from .pipeline import Pipeline, PipelineStats, extract_fetched


@dataclass
class WarcBatch:
    """What a worker returns for one WARC file."""

    path: str
    items: list = field(default_factory=list)  # (FetchResult, Article | None)
    damaged: list = field(default_factory=list)  # (file, offset, reason)
    error: str | None = None  # the file could not be read to its end
    records: int = 0


def extract_warc(path: str, sources: dict[str, Source], known_entities: list | None, nlp: bool) -> WarcBatch:
    """One task: every response record of one WARC file, its article pages extracted."""
    batch = WarcBatch(str(path))

    def source_for(uri: str) -> str | None:
        """The source whose article patterns match the URI, else the first on its host."""
        hosts = [s for s in sources.values() if s.allows_host(uri)]
        return next((s.name for s in hosts if s.is_article(uri)), hosts[0].name if hosts else None)

    try:
        for result in iter_warc(path, damaged=batch.damaged, source_for=source_for):
            batch.records += 1
            article = None
            if result.kind == "article" and result.body and not result.error and not result.not_modified:
                article = extract_fetched(result, sources.get(result.source), known_entities, nlp)
            batch.items.append((result, article))
    except Exception as error:  # a corrupt or truncated file: what was read is kept
        batch.error = f"{type(error).__name__}: {error}"
    return batch


def _local_pool(paths: list[str], sources: dict[str, Source], known, nlp: bool, workers: int):
    """The WARC tasks in a pool of forked processes (models loaded once, here), batches
    in completion order; a task whose worker died is run here."""
    from concurrent.futures import as_completed

    from .workers import forked_pool

    with forked_pool(min(workers, len(paths)), known, nlp) as pool:
        futures = {pool.submit(extract_warc, path, sources, known, nlp): path for path in paths}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 -- a broken pool: this file is read here
                yield extract_warc(futures[future], sources, known, nlp)


@dataclass
class ScaleStats:
    pipeline: PipelineStats
    files: int = 0
    records: int = 0
    file_errors: list = field(default_factory=list)  # (file, error)
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def _client(scheduler: str):
    from dask.distributed import Client, LocalCluster

    if scheduler == "local" or scheduler.startswith("local:"):
        workers = int(scheduler.partition(":")[2] or 2)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def run_distributed(db_path: str | Path, sources: list[Source], paths: Iterable[Path], *,
                    scheduler: str | None = None, nlp: bool = True,
                    progress: Callable[[ScaleStats, WarcBatch], None] | None = None,
                    workers: int = 1) -> ScaleStats:
    """Re-extract ``paths`` (one task per file) into the KB at ``db_path``: on the Dask
    ``scheduler`` when given, else in a pool of ``workers`` local processes (1: here)."""
    paths = [str(p) for p in paths]
    db = kb.open_db(db_path)
    started = time.perf_counter()
    try:
        pipeline = Pipeline(db, sources, nlp=nlp)
        stats = ScaleStats(pipeline.stats)
        by_name = {s.name: s for s in sources}
        known = pipeline.known_entities

        def store(batch: WarcBatch) -> None:
            stats.files += 1
            stats.records += batch.records
            for result, article in batch.items:
                pipeline.on_result(result, refresh=True, article=article)
            pipeline.stats.damaged.extend(batch.damaged)
            if batch.error:
                stats.file_errors.append((batch.path, batch.error))
            if progress:
                progress(stats, batch)

        if scheduler is None and (workers <= 1 or len(paths) <= 1):
            for path in paths:
                store(extract_warc(path, by_name, known, nlp))
        elif scheduler is None:
            for batch in _local_pool(paths, by_name, known, nlp, workers):
                store(batch)
        else:
            from dask.distributed import as_completed

            client, cluster = _client(scheduler)
            try:
                # a task that dies with its worker is run again (retries); its batch is
                # stored once, when it arrives
                futures = client.map(extract_warc, paths, sources=by_name, known_entities=known,
                                     nlp=nlp, pure=False, retries=3)
                for future in as_completed(futures):
                    store(future.result())
                    future.release()
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        pipeline.stats.learned = pipeline.learn()
        stats.seconds = time.perf_counter() - started
        return stats
    finally:
        db.close()
