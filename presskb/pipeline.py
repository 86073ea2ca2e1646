"""Wiring: crawler results → extract → kb. No network, parsing or SQL of its own."""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import kb
from crawler import CrawlConfig, FetchResult, Source, crawl
from crawler.archive import read_body
from crawler.backoff import counts_as_failure, next_attempt
from extract import extract_article
from extract.known_entities import gazetteer_entities, learn_entities
from kb.linkage import link_articles


@dataclass
class PipelineStats:
    crawl: dict = field(default_factory=dict)
    articles: dict = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    not_articles: int = 0
    extract_seconds: float = 0.0
    extracted: int = 0
    learned: int = 0  # entities newly confirmed for matching in every language
    linked: dict = field(default_factory=dict)  # pickups, stories, quote groups touched
    seen_again: int = 0  # known articles not fetched again whose last_seen moved on
    damaged: list = field(default_factory=list)  # WARC records skipped: (file, offset, reason)

    @property
    def seconds_per_article(self) -> float:
        return self.extract_seconds / self.extracted if self.extracted else 0.0


def _source_row(source: Source) -> dict:
    return {
        "name": source.name,
        "title": source.title,
        "kind": source.kind,
        "language": source.language,
        "start_urls": source.start_urls,
        "feeds": source.feeds,
        "sitemaps": source.sitemaps,
        "allowed_hosts": source.allowed_hosts,
        "quiet_days": source.quiet_days,
    }


class Pipeline:
    """Turns fetch results into stored pages and articles in one database."""

    def __init__(self, db, sources: Iterable[Source], *, nlp: bool = True, workers: int = 1):
        self.db = db
        self.workers = workers
        self.pool = None  # an ExtractionPool while a crawl runs with workers > 1
        self._late: dict[str, dict[str, int]] = {}  # outcomes of pages stored after their fetch
        self.sources = {s.name: s for s in sources}
        self.nlp = nlp
        self.stats = PipelineStats()
        self.skipped: list[str] = []  # known articles discovery found again, not fetched
        self.stored: set[str] = set()  # articles whose facts were written, not yet linked
        kb.upsert_sources(db, [_source_row(s) for s in self.sources.values()])
        self.known_entities = kb.confirmed_entities(db) if nlp else None
        if nlp:
            kb.upsert_gazetteer(db, gazetteer_entities())

    def learn(self) -> int:
        """After a store step: confirm the names found often enough to be matched in
        every language from the next run on (see ``presskb entities``), then link the
        articles stored since (pickups, stories, quote groups). Returns how many names
        were confirmed."""
        confirmed = 0
        if self.nlp:
            learned = learn_entities(kb.pending_mentions(self.db), sources=kb.pending_sources(self.db))
            confirmed = kb.confirm_learned(self.db, [entity["id"] for entity in learned])
        self.link()
        return confirmed

    def link(self) -> dict:
        """Pickups, stories and quote groups of the articles stored since the last call
        (incremental; a rerun rewrites the same rows)."""
        ids, self.stored = sorted(self.stored), set()
        self.stats.linked = link_articles(self.db, ids) if ids else {}
        return self.stats.linked

    def known(self, url: str) -> dict | None:
        return kb.fetch_validators(self.db, url)

    def archived(self, url: str) -> bytes | None:
        """The archived body of the last good fetch of ``url`` (for a 304 on a sitemap,
        feed or listing page), read back from its WARC record; None if not at hand."""
        previous = kb.fetch_validators(self.db, url)
        if not previous or not previous.get("warc_file") or previous.get("warc_offset") is None:
            return None
        return read_body(previous["warc_file"], previous["warc_offset"])

    def deferred(self, url: str) -> str | None:
        """When a URL that failed on earlier runs may be tried again, if that is later than
        now (see crawler.backoff); None when it may be fetched."""
        retry_after = kb.failure_state(self.db, url)[1]
        return retry_after if retry_after and retry_after > kb.now_iso() else None

    def on_skipped(self, url: str, source: str | None = None) -> None:
        self.skipped.append(url)

    def mark_skipped_seen(self, seen_at: str) -> int:
        """Refresh last_seen of the known articles the crawl found listed again but
        did not fetch (nothing else of them changes). Returns how many moved."""
        moved = kb.mark_seen(self.db, self.skipped, seen_at)
        self.skipped = []
        self.stats.seen_again += moved
        return moved

    def crawl(self, config: CrawlConfig) -> PipelineStats:
        """One crawl of the pipeline's sources into its database, then learning."""
        started = kb.now_iso()
        if self.workers > 1:
            from .workers import ExtractionPool

            self.pool = ExtractionPool(self.workers, self.known_entities, self.nlp)
        try:
            self.stats.crawl = crawl(list(self.sources.values()), config, known=self.known,
                                     on_result=self.on_result, on_skipped=self.on_skipped,
                                     deferred=self.deferred, archived=self.archived)
            self.store_completed(block=True)
        finally:
            if self.pool is not None:
                self.stats.extract_seconds += self.pool.seconds
                self.pool.close()
                self.pool = None
        for source, outcomes in self._late.items():
            counts = self.stats.crawl.setdefault(source, {})
            for outcome, n in outcomes.items():
                counts[outcome] = counts.get(outcome, 0) + n
        self._late = {}
        # A skipped article was seen in this crawl, which began at ``started``.
        self.mark_skipped_seen(started)
        self.stats.learned = self.learn()
        return self.stats

    def _source_known(self, result: FetchResult) -> None:
        if result.source not in self.sources:
            # A WARC from a source since renamed or removed: keep its pages under its name.
            source = Source(name=result.source, title=result.source, kind=None, language=None)
            self.sources[source.name] = source
            kb.upsert_sources(self.db, [_source_row(source)])

    def on_result(self, result: FetchResult, *, refresh: bool = False, article=None) -> str | None:
        """Store one fetch; extract and store its article when it is a new or
        changed article page. ``article`` is that page's Article when another process
        already extracted it (``presskb.scale``). Returns new | changed | unchanged | None;
        None as well for a page handed to the extraction pool, which is stored (and its
        outcome counted) when its Article comes back."""
        self._source_known(result)
        if self.pool is not None and article is None and self._needs_extraction(result, refresh):
            if self.pool.submit(result, self.sources.get(result.source), refresh):
                self.store_completed()
                return None
        return self._handle(result, refresh, article)

    def _needs_extraction(self, result: FetchResult, refresh: bool) -> bool:
        if result.kind != "article" or not result.body or result.error or result.not_modified:
            return False
        return self._unchanged_article(result, refresh) is None

    def _unchanged_article(self, result: FetchResult, refresh: bool) -> str | None:
        """The stored article of a page fetched again with the same body (None: extract it)."""
        previous = None if refresh else self.known(result.url)
        if previous and previous.get("content_hash") == result.content_hash and previous.get("article_id"):
            return previous["article_id"]
        return None

    def store_completed(self, block: bool = False) -> None:
        """Store the pages the extraction pool has finished (all of them with ``block``)."""
        if self.pool is None:
            return
        for result, refresh, article in self.pool.completed(block=block):
            status = self._handle(result, refresh, article)
            if status:
                late = self._late.setdefault(result.source, {})
                late[status] = late.get(status, 0) + 1

    def _handle(self, result: FetchResult, refresh: bool, article) -> str | None:
        status = None
        article_id = None
        stored = False
        is_article_page = result.kind == "article" and result.body and not result.error
        if is_article_page and not result.not_modified:
            unchanged = self._unchanged_article(result, refresh)
            if unchanged is not None:
                status, article_id = "unchanged", unchanged
            elif article is not None:
                article_id, status = self._store(result, article, refresh)
                stored = True
            else:
                article_id, status = self._extract_and_store(result, refresh)
                stored = True
        elif result.not_modified and result.kind == "article":
            status = "unchanged"
        fetch = result.to_dict()
        if result.error and not result.will_retry and counts_as_failure(result.error) and not refresh:
            failures = kb.failure_state(self.db, result.url)[0] + 1
            fetch["failures"] = failures
            fetch["retry_after"] = next_attempt(result.error, result.status, failures)
        kb.record_fetch(self.db, fetch, article_id)
        if status == "unchanged" and not stored:
            # Fetched again and unchanged (a 304 or the same body): the article is
            # still there, though nothing of it is stored again.
            kb.mark_seen(self.db, [result.url], result.fetched_at)
        if status:
            self.stats.articles[status] = self.stats.articles.get(status, 0) + 1
        return status

    def _extract_and_store(self, result: FetchResult, refresh: bool) -> tuple[str | None, str | None]:
        started = time.perf_counter()
        article = extract_fetched(result, self.sources.get(result.source), self.known_entities, self.nlp)
        self.stats.extract_seconds += time.perf_counter() - started
        return self._store(result, article, refresh)

    def _store(self, result: FetchResult, article, refresh: bool) -> tuple[str | None, str | None]:
        self.stats.extracted += 1
        if article.error or article.page_type != "article" or not article.text:
            self.stats.not_articles += 1
            return None, None
        article_id, status = kb.store_article(
            self.db,
            article,
            source=result.source,
            url=result.final_url or result.url,
            seen_at=result.fetched_at,
            refresh_facts=refresh,
        )
        if status != "unchanged" or refresh:
            self.stored.add(article_id)
        return article_id, status


def extract_fetched(result: FetchResult, source: Source | None, known_entities, nlp: bool):
    """The Article of a fetched or archived article page (pure: no database)."""
    overrides = None
    if source is not None and (source.content_selector or source.drop_selectors):
        overrides = {
            "content_selector": source.content_selector,
            "drop_selectors": list(source.drop_selectors or []),
        }
    # The crawler chose the body's charset at fetch time with
    # extract.decoding.detect_charset (a BOM, then valid UTF-8, then the header's
    # charset, then the page's meta, then windows-1252, then detection);
    # extraction starts from the text decoded with it.
    return extract_article(
        result.text(),
        result.final_url or result.url,
        overrides=overrides,
        published_hint=result.date_hint,
        language_hint=source.language if source else None,
        known_entities=known_entities,
        nlp=nlp,
    )


def run_crawl(
    db_path: str | Path,
    sources: list[Source],
    config: CrawlConfig,
    *,
    nlp: bool = True,
    workers: int = 1,
) -> PipelineStats:
    db = kb.open_db(db_path)
    try:
        pipeline = Pipeline(db, sources, nlp=nlp, workers=workers)
        pipeline.crawl(config)
        return pipeline.stats
    finally:
        db.close()
