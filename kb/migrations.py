"""The kb.sqlite schema, as versioned sqlite-utils migrations.

Each migration runs once per database (recorded in ``_sqlite_migrations``), so
``migrate(db)`` is safe to call on every open. Add a new function to change the
schema; never edit one that has shipped.
"""
from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("presskb")


@migrations()
def m001_core(db: Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "title": str,
            "kind": str,
            "language": str,
            "start_urls": str,
            "feeds": str,
            "sitemaps": str,
            "allowed_hosts": str,
        },
        pk="name",
    )
    # One row per URL: the latest fetch of it (a rerun updates, never duplicates).
    db["pages"].create(
        {
            "id": str,
            "url": str,
            "source": str,
            "kind": str,
            "final_url": str,
            "status": int,
            "content_type": str,
            "bytes": int,
            "fetched_at": str,
            "first_fetched_at": str,
            "fetch_count": int,
            "error": str,
            "redirects": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "date_hint": str,
            "warc_file": str,
            "warc_offset": int,
            "article_id": str,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name")],
    )
    db["pages"].create_index(["url"], unique=True)
    db["pages"].create_index(["source", "status"])
    db["articles"].create(
        {
            "id": str,
            "source": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "text": str,
            "language": str,
            "language_probability": float,
            "published": str,
            "modified": str,
            "authors": str,
            "site_name": str,
            "description": str,
            "word_count": int,
            "text_hash": str,
            "first_seen": str,
            "last_seen": str,
            "extracted_at": str,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name")],
    )
    db["articles"].create_index(["source", "published"])
    db["articles"].create_index(["language"])
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)
    # Earlier texts of an article whose text changed (edited press releases).
    db["article_versions"].create(
        {
            "id": int,
            "article_id": str,
            "title": str,
            "text": str,
            "text_hash": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_versions"].create_index(["article_id"])


@migrations()
def m002_facts(db: Database) -> None:
    db["entities"].create(
        {
            "id": str,
            "canonical": str,
            "type": str,
            "aliases": str,
            "origin": str,  # gazetteer | model | rule | kb
            "confirmed": int,  # 1 = matched in every language's articles (KB feedback)
        },
        pk="id",
    )
    db["entities"].create_index(["type"])
    db["mentions"].create(
        {
            "id": int,
            "article_id": str,
            "entity_id": str,
            "text": str,
            "label": str,
            "start": int,
            "end": int,
            "sentence": str,
            "method": str,
            "confidence": float,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("entity_id", "entities", "id")],
    )
    db["mentions"].create_index(["article_id"])
    db["mentions"].create_index(["entity_id"])
    db["quotes"].create(
        {
            "id": int,
            "article_id": str,
            "text": str,
            "speaker": str,
            "speaker_entity_id": str,
            "role": str,
            "organisation": str,
            "language": str,
            "start": int,
            "end": int,
            "cue": str,
            "confidence": float,
            "sentence": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("speaker_entity_id", "entities", "id")],
    )
    db["quotes"].create_index(["article_id"])
    db["quotes"].create_index(["speaker"])
    db["quotes"].enable_fts(["text", "speaker", "organisation"], fts_version="FTS5", create_triggers=True)
    db["dates"].create(
        {
            "id": int,
            "article_id": str,
            "text": str,
            "value": str,
            "granularity": str,
            "resolved_from": str,
            "start": int,
            "end": int,
            # First and last day the value covers, for "between FROM and TO" queries.
            "first_day": str,
            "last_day": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["dates"].create_index(["article_id"])
    db["dates"].create_index(["first_day", "last_day"])


@migrations()
def m003_runs(db: Database) -> None:
    """The record of every crawl or nightly run and of each error it met."""
    db["runs"].create(
        {
            "id": int,
            "command": str,  # crawl | nightly
            "started": str,
            "finished": str,  # null while running, or when the run was killed
            "heartbeat": str,  # moved on while the run works: a stale one means it died
            "status": str,  # running | ok | some-failed | failed | fatal
            "exit_code": int,
            "sources": str,  # JSON list of the sources crawled
            "failed_sources": str,  # JSON list of sources that yielded nothing but errors
            "counts": str,  # JSON {source: {discovered, fetched, not_modified, new, changed, failed, ...}}
        },
        pk="id",
    )
    db["runs"].create_index(["started"])
    db["run_errors"].create(
        {
            "id": int,
            "run_id": int,
            "source": str,
            "url": str,
            "kind": str,  # robots | sitemap | feed | listing | article
            "error": str,  # the crawler's reason: http-404, timeout, connect-error, robots-disallowed…
            "http_status": int,
            "at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["run_errors"].create_index(["run_id"])
    db["run_errors"].create_index(["source", "at"])


@migrations()
def m004_failure_memory(db: Database) -> None:
    """Pages remember failures across runs: how many in a row, and when to try again."""
    db["pages"].add_column("failures", int)  # failed attempts in a row (0 after a success)
    db["pages"].add_column("retry_after", str)  # do not fetch before this time (UTC)


@migrations()
def m005_source_alarms(db: Database) -> None:
    """How many days without a new article a source may stay quiet before an alarm."""
    db["sources"].add_column("quiet_days", int)


@migrations()
def m006_stemmed_search(db: Database) -> None:
    """Full-text search that finds "careers" for "career" and "athletes" for "athlete":
    both FTS5 tables rebuilt with the Porter stemmer over unicode61 (diacritics folded)."""
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True,
                              tokenize="porter unicode61 remove_diacritics 2", replace=True)
    db["quotes"].enable_fts(["text", "speaker", "organisation"], fts_version="FTS5", create_triggers=True,
                            tokenize="porter unicode61 remove_diacritics 2", replace=True)
    db["articles"].rebuild_fts()
    db["quotes"].rebuild_fts()


@migrations()
def m007_gazetteer(db: Database) -> None:
    """The reference list the extractor links to (IOC bodies, NOCs, IFs, partners…), with
    categories: what canned queries use to tell a partner's quote from an IOC official's."""
    db["gazetteer"].create(
        {"id": str, "canonical": str, "type": str, "category": str, "aliases": str}, pk="id")
    db["gazetteer"].create_index(["category"])


@migrations()
def m008_sort_indexes(db: Database) -> None:
    """The articles page and timelines sort by publication date: an index, not a sort."""
    db["articles"].create_index(["published"], if_not_exists=True)
    db["articles"].create_index(["source", "published"], if_not_exists=True)


@migrations()
def m009_reuse(db: Database) -> None:
    """Who picked up a release (pickups, with the fate of each of its quotes), one quote
    across outlets (quote groups) and one story across languages (stories)."""
    db["pickups"].create(
        {
            "id": str,  # hash of release_id and copy_id
            "release_id": str,
            "copy_id": str,
            "release_source": str,
            "outlet": str,  # the copy's source
            "method": str,  # shingles | translation
            "release_published": str,
            "copy_published": str,
            "lag_hours": float,
            "share_reused": float,  # reused share of the release's non-boilerplate tokens
            "reused_tokens": int,
            "longest_fragment": int,  # tokens
            "fragments": int,
            "quotes_total": int,
            "quotes_verbatim": int,
            "quotes_changed": int,
            "quotes_dropped": int,
            "detected_at": str,
        },
        pk="id",
        foreign_keys=[("release_id", "articles", "id"), ("copy_id", "articles", "id")],
    )
    db["pickups"].create_index(["release_id"])
    db["pickups"].create_index(["copy_id"])
    db["pickups"].create_index(["outlet"])
    db["pickup_quotes"].create(
        {
            "id": str,  # pickup id and the release quote's position
            "pickup_id": str,
            "release_quote_id": int,
            "release_quote": str,
            "speaker": str,
            "survival": str,  # verbatim | changed | translated | dropped
            "copy_quote_id": int,
            "copy_quote": str,
            "similarity": float,
        },
        pk="id",
        foreign_keys=[("pickup_id", "pickups", "id")],
    )
    db["pickup_quotes"].create_index(["pickup_id"])
    db["quote_groups"].create(
        {
            "id": str,
            "text": str,  # the earliest wording
            "speaker": str,
            "earliest_quote_id": int,
            "earliest_article_id": str,
            "earliest_source": str,
            "earliest_published": str,
            "quotes": int,
            "outlets": int,  # distinct sources that carried it
            "variants": int,  # distinct wordings
        },
        pk="id",
    )
    db["quote_group_members"].create(
        {
            "quote_id": int,
            "group_id": str,
            "article_id": str,
            "source": str,
            "published": str,
            "key": str,  # hash of the normalised wording
            "relation": str,  # same | variant
            "similarity": float,
        },
        pk="quote_id",
        foreign_keys=[("group_id", "quote_groups", "id")],
    )
    db["quote_group_members"].create_index(["group_id"])
    db["quote_group_members"].create_index(["article_id"])
    db["quote_group_members"].create_index(["key"])
    db["stories"].create(
        {
            "id": str,
            "title": str,  # the earliest article's title
            "first_published": str,
            "last_published": str,
            "languages": str,  # JSON list
            "articles": int,
            "sources": int,
        },
        pk="id",
    )
    db["story_articles"].create(
        {
            "article_id": str,
            "story_id": str,
            "language": str,
            "published": str,
            "score": float,  # signature similarity to the article that joined it to the story
            "joined_by": str,  # that article's id
        },
        pk="article_id",
        foreign_keys=[("story_id", "stories", "id"), ("article_id", "articles", "id")],
    )
    db["story_articles"].create_index(["story_id"])


@migrations()
def m010_language_runs(db: Database) -> None:
    """Each article's paragraphs grouped by language: a JSON list of runs
    ``{start, end, language, probability}``, offsets into ``articles.text``."""
    db["articles"].add_column("language_runs", str)


@migrations()
def m011_page_indexes(db: Database) -> None:
    """The published pages at a million quotes: a person's quotes and the speaker facet
    (quotes.speaker_entity_id), an entity's articles and the entity facets read from the
    index alone (mentions by entity then article, and by article then entity)."""
    db["quotes"].create_index(["speaker_entity_id"], if_not_exists=True)
    db["mentions"].create_index(["entity_id", "article_id"], if_not_exists=True)
    db["mentions"].create_index(["article_id", "entity_id", "start", "end"], if_not_exists=True)


@migrations()
def m012_quote_organisation_entity(db: Database) -> None:
    """A quote's organisation as its canonical entity (filter and facet by entity, not by
    the organisation's wording)."""
    db["quotes"].add_column("organisation_entity_id", str)
    db["quotes"].create_index(["organisation_entity_id"], if_not_exists=True)


@migrations()
def m013_entity_page_indexes(db: Database) -> None:
    """An entity named in most articles: its page counts names, months and latest articles
    from indexes alone (mentions by entity with their text; articles' date, language and
    source without reading the article rows and their long texts)."""
    db["mentions"].create_index(["entity_id", "text", "article_id"], if_not_exists=True)
    db["articles"].create_index(["id", "published", "language", "source"],
                                index_name="articles_id_published_language", if_not_exists=True)


@migrations()
def m014_quote_stems(db: Database) -> None:
    """German and French quotes searchable by their Snowball stems (``kb.stemming``): a
    ``text_stems`` column, filled for the quotes already stored, indexed in quotes_fts."""
    from .stemming import stem_text

    db["quotes"].add_column("text_stems", str)
    rows = db.execute("select rowid, text, language from quotes where language in ('de', 'fr')").fetchall()
    db.conn.executemany("update quotes set text_stems = ? where rowid = ?",
                        [(stem_text(text, language), rowid) for rowid, text, language in rows])
    db["quotes"].enable_fts(["text", "speaker", "organisation", "text_stems"], fts_version="FTS5",
                            create_triggers=True, tokenize="porter unicode61 remove_diacritics 2", replace=True)
    db["quotes"].rebuild_fts()


def migrate(db: Database) -> None:
    migrations.apply(db)
