"""Article extraction in a pool of worker processes, with this process the one writer.

Extraction is pure and CPU-bound (the spaCy parse above all), so ``--workers N`` runs it
in N processes while the crawl goes on fetching: the pipeline hands each new or changed
article page to the pool and stores each Article as it comes back. The models are loaded
once, here, before the pool starts; the workers are forked from this process and share
them (copy-on-write), so N workers do not cost N times the model memory, and none of them
loads anything on its first page.

Fetching does not wait for extraction until ``MAX_PENDING_BYTES`` of fetched bodies (or
``MAX_PENDING_PAGES`` pages) wait in the pool: beyond that the crawl waits for the
oldest, so a fast site cannot pile up bodies in memory without bound. A page whose extraction
fails in a worker (a worker killed, an unpicklable page) is extracted here instead.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler import FetchResult, Source

_WORKER: dict = {}  # per worker process: the KB's confirmed entities and the nlp flag
# Descriptors a forked worker must not keep: the nightly's lock file (a flock is held
# while any process has it open, so an orphaned worker would block the next night).
PARENT_ONLY_FDS: set[int] = set()
MAX_PENDING_BYTES = 64 * 1024 * 1024
MAX_PENDING_PAGES = 2000
_PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """The CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def warm_models() -> None:
    """Load the language pipelines (and the date parser) by extracting tiny pages."""
    from extract import extract_article

    for sentence in ("The president said the plan was good.", "Der Präsident sagte, der Plan sei gut.",
                     "Le président a dit que le plan était bon."):
        extract_article(f"<html><body><h1>Warm</h1><p>{sentence * 12}</p></body></html>",
                        "https://example.org/warm")


def forked_pool(workers: int, known_entities=None, nlp: bool = True) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from this one once the models are loaded
    here (``warm_models``), each set up by ``init_worker``. Spawned where fork is missing."""
    if nlp:
        warm_models()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                               initargs=(known_entities, nlp))


def init_worker(known_entities=None, nlp: bool = True) -> None:
    """In each worker: drop the parent's lock, die with the parent (Linux), keep the
    extraction settings."""
    for fd in PARENT_ONLY_FDS:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        import ctypes
        import ctypes.util
        import signal

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: an orphan ends when its next page fails to come back
    if os.getppid() == 1:
        os._exit(0)  # the parent died before this worker started
    _WORKER["known_entities"] = known_entities
    _WORKER["nlp"] = nlp


def _extract(result: FetchResult, source: Source | None):
    """(the Article, seconds it took) in a worker."""
    from .pipeline import extract_fetched

    started = time.perf_counter()
    article = extract_fetched(result, source, _WORKER.get("known_entities"), _WORKER.get("nlp", True))
    return article, time.perf_counter() - started


class ExtractionPool:
    """``submit`` fetched article pages, ``completed`` yields (result, refresh, article)
    in submission order as the workers finish them."""

    def __init__(self, workers: int, known_entities, nlp: bool):
        self.workers = workers
        self.known_entities, self.nlp = known_entities, nlp
        self.executor = forked_pool(workers, known_entities, nlp)
        self.pending: deque[tuple[Future, FetchResult, Source | None, bool]] = deque()
        self.pending_bytes = 0
        self.seconds = 0.0  # extraction time of the pages yielded, in the workers
        self.broken = False

    def submit(self, result: FetchResult, source: Source | None, refresh: bool) -> bool:
        """Queue one page; False when the pool is broken (a worker died), so the caller
        extracts it itself."""
        if self.broken:
            return False
        try:
            future = self.executor.submit(_extract, result, source)
        except (BrokenProcessPool, RuntimeError):
            self.broken = True
            return False
        self.pending.append((future, result, source, refresh))
        self.pending_bytes += len(result.body or b"")
        return True

    def _full(self) -> bool:
        return self.pending_bytes > MAX_PENDING_BYTES or len(self.pending) > MAX_PENDING_PAGES

    def completed(self, block: bool = False) -> Iterator[tuple[FetchResult, bool, object]]:
        """The finished pages at the head of the queue; with ``block``, all of them.
        Without it, also waits while the queue is full (``MAX_PENDING_BYTES``)."""
        while self.pending and (block or self.pending[0][0].done() or self._full()):
            future, result, source, refresh = self.pending.popleft()
            self.pending_bytes -= len(result.body or b"")
            try:
                article, seconds = future.result()
            except Exception:  # noqa: BLE001 -- a broken worker: extract this page here
                from .pipeline import extract_fetched

                started = time.perf_counter()
                article = extract_fetched(result, source, self.known_entities, self.nlp)
                seconds = time.perf_counter() - started
            self.seconds += seconds
            yield result, refresh, article

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
