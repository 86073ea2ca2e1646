"""Writes to kb.sqlite: the only module that changes rows.

Everything here is an upsert keyed by a stable id, so running the same crawl or
re-extraction twice leaves the row counts unchanged. An article's facts
(mentions, quotes, dates) are replaced as a whole inside one transaction when
its text changes, so a failure never leaves half of them behind.
"""
from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from extract.metadata import parse_iso
from extract.records import Article, DateMention

from .migrations import migrate
from .stemming import stem_text

__all__ = [
    "open_db",
    "upsert_sources",
    "record_fetch",
    "fetch_validators",
    "mark_seen",
    "article_id_for",
    "store_article",
    "failure_state",
    "date_bounds",
    "now_iso",
    "utc_time",
]


def _utc_text(instant: datetime) -> str:
    # The crawler's form, YYYY-MM-DDTHH:MM:SS.ffffffZ: every time kb writes
    # (fetched_at, first_seen, last_seen, extracted_at) has it, so that text
    # order is time order, in SQL and in Datasette's sorting too.
    return instant.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def now_iso() -> str:
    return _utc_text(datetime.now(timezone.utc))


def utc_time(value: str) -> str:
    """A timestamp as kb writes it (UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``); text
    that is no ISO 8601 time is kept as it is."""
    instant = _instant(value)
    return _utc_text(instant) if instant is not None else value


def _instant(value: object) -> datetime | None:
    """A timestamp as an aware UTC datetime (no offset given: UTC; a date alone:
    its first instant), or None when it is no ISO 8601 value."""
    parsed = parse_iso(value) if isinstance(value, str) else None
    if parsed is None:
        return None
    if not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def _before(value: str | None, stored: str | None) -> bool:
    """Whether ``value`` lies before ``stored``, compared as instants, not as text
    (stored times come as ".123456Z", "Z" and "+00:00" alike).

    A value that cannot be read counts as older than a readable stored one, so
    it never replaces it; a stored value that cannot be read (or none) is older
    than anything.
    """
    stored_at = _instant(stored)
    if stored_at is None:
        return False
    value_at = _instant(value)
    return value_at is None or value_at < stored_at


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) a presskb database and bring its schema up to date."""
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return db


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def upsert_sources(db: Database, sources: Iterable[dict]) -> None:
    rows = [
        {
            "name": s["name"],
            "title": s.get("title") or s["name"],
            "kind": s.get("kind"),
            "language": s.get("language"),
            "start_urls": _json(list(s.get("start_urls") or [])),
            "feeds": _json(list(s.get("feeds") or [])),
            "sitemaps": _json(list(s.get("sitemaps") or [])),
            "allowed_hosts": _json(list(s.get("allowed_hosts") or [])),
            "quiet_days": s.get("quiet_days"),
        }
        for s in sources
    ]
    db["sources"].upsert_all(rows, pk="name")


def page_id_for(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


_PAGE_FIELDS = (
    "url source kind final_url status content_type error etag last_modified "
    "content_hash date_hint warc_file warc_offset"
).split()


_VALIDATORS = ("etag", "last_modified", "content_hash")


def _has_good_fetch(row: dict) -> bool:
    # Only a good fetch (2xx or 304) stores validators, see record_fetch.
    return any(row[key] for key in _VALIDATORS)


def record_fetch(db: Database, fetch: dict, article_id: str | None = None) -> None:
    """Store one fetch attempt as the current state of its URL.

    A 304 or a failed refetch keeps the validators, hash and article link of the
    last good fetch: an outage must not make presskb forget what it had. A failed
    attempt is recorded (status, error, fetch_count) but is no fetch of the page:
    ``fetched_at`` stays the time of the last good fetch (2xx or 304), the time
    its validators are from and the one a later sitemap or feed date is compared
    with, so an edit made before a failed refetch is still fetched next time. A
    URL never fetched successfully has the time of its latest attempt.
    """
    pid = page_id_for(fetch["url"])
    table = db["pages"]
    existing = next(table.rows_where("id = ?", [pid]), None)
    row = {k: fetch.get(k) for k in _PAGE_FIELDS}
    row["id"] = pid
    row["fetched_at"] = utc_time(fetch.get("fetched_at") or now_iso())
    body = fetch.get("body")
    row["bytes"] = len(body) if body is not None else fetch.get("size")
    row["redirects"] = _json(list(fetch.get("redirects") or []))
    row["article_id"] = article_id
    good = not fetch.get("error") and (fetch.get("status") or 0) < 400
    if not good:
        for key in _VALIDATORS:  # an error response's ETag is no validator of the page
            row[key] = None
    if existing and _before(row["fetched_at"], existing["fetched_at"]):
        return  # an older response (replayed from an old WARC) never overwrites a newer one
    # failure memory across runs (the caller says when to retry: crawler.backoff)
    if good or fetch.get("not_modified"):
        row["failures"], row["retry_after"] = 0, None
    elif "failures" in fetch:
        row["failures"], row["retry_after"] = fetch["failures"], fetch.get("retry_after")
    if existing:
        row["first_fetched_at"] = existing["first_fetched_at"]
        row["fetch_count"] = (existing["fetch_count"] or 0) + 1
        if fetch.get("not_modified") or not good:
            for key in (*_VALIDATORS, "bytes", "content_type", "warc_file", "warc_offset", "final_url"):
                row[key] = row.get(key) or existing[key]
            if fetch.get("status") == 304 and existing["warc_file"]:
                # the body of a 304 is the one archived with the last good fetch
                row["warc_file"], row["warc_offset"] = existing["warc_file"], existing["warc_offset"]
            row["article_id"] = article_id or existing["article_id"]
        if not good and _has_good_fetch(existing):
            row["fetched_at"] = existing["fetched_at"]
    else:
        row["first_fetched_at"] = row["fetched_at"]
        row["fetch_count"] = 1
    table.upsert(row, pk="id")


def fetch_validators(db: Database, url: str) -> dict | None:
    """ETag, Last-Modified, content hash and time of the last good fetch of ``url``
    (None when it was never fetched successfully)."""
    # A failed refetch keeps the last good fetch's fields and time (see record_fetch),
    # so they are still the right validators for the next conditional GET.
    row = next(
        db["pages"].rows_where(
            "id = ?",
            [page_id_for(url)],
            select="etag, last_modified, content_hash, article_id, fetched_at, warc_file, warc_offset",
        ),
        None,
    )
    if row is None or not _has_good_fetch(row):
        return None
    return dict(row)


def failure_state(db: Database, url: str) -> tuple[int, str | None]:
    """(failed attempts in a row, retry_after) of a URL; (0, None) when it never failed."""
    row = next(db["pages"].rows_where("id = ?", [page_id_for(url)], select="failures, retry_after"), None)
    return ((row["failures"] or 0), row["retry_after"]) if row else (0, None)


def mark_seen(db: Database, urls: Iterable[str], seen_at: str | None = None) -> int:
    """Move ``last_seen`` of the articles stored from these URLs forward to
    ``seen_at`` (default: now): a crawl found them at their source again without
    fetching them. No other column changes; a later ``last_seen`` stays, and an
    unreadable ``seen_at`` changes nothing. URLs with no stored article are
    ignored. Returns how many articles moved."""
    seen_at = utc_time(seen_at or now_iso())
    if _instant(seen_at) is None:
        return 0
    page_ids = sorted({page_id_for(url) for url in urls})
    moved: set[str] = set()
    for start in range(0, len(page_ids), 500):
        chunk = page_ids[start:start + 500]
        rows = db.query(
            f"""select a.id, a.last_seen from pages p join articles a on a.id = p.article_id
                where p.id in ({",".join("?" * len(chunk))})""",
            chunk,
        )
        moved.update(row["id"] for row in rows if _before(row["last_seen"], seen_at))
    if moved:
        with db.atomic():
            db.conn.executemany("update articles set last_seen = ? where id = ?",
                                [(seen_at, aid) for aid in sorted(moved)])
    return len(moved)


def article_id_for(article: Article, url: str) -> str:
    """Stable article id: a hash of the canonical URL (the fetched URL when the
    page's canonical link is missing or points at a site's front page)."""
    key = url
    canonical = article.canonical_url
    if canonical and urlsplit(canonical).path.strip("/"):
        key = canonical
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def store_article(
    db: Database,
    article: Article,
    *,
    source: str,
    url: str,
    seen_at: str | None = None,
    refresh_facts: bool = False,
) -> tuple[str, str]:
    """Upsert an article and its facts. Returns ``(article_id, status)`` where
    status is ``new``, ``changed`` or ``unchanged``.

    A changed text moves the previous text to ``article_versions``. Facts are
    rewritten for new and changed articles, or always with ``refresh_facts``
    (re-extraction with an improved extractor).
    """
    seen_at = utc_time(seen_at or now_iso())
    aid = article_id_for(article, url)
    row = {
        "id": aid,
        "source": source,
        "url": url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "language_probability": article.language_probability,
        "language_runs": _json([run.to_dict() for run in article.language_runs]),
        "published": article.published,
        "modified": article.modified,
        "authors": _json(article.authors),
        "site_name": article.site_name,
        "description": article.description,
        "word_count": article.word_count,
        "text_hash": article.text_hash,
        "last_seen": seen_at,
        "extracted_at": now_iso(),
    }
    with db.atomic():
        existing = next(db["articles"].rows_where("id = ?", [aid]), None)
        if existing is None:
            status = "new"
            row["first_seen"] = seen_at
            db["articles"].insert(row)
        elif _before(seen_at, existing["last_seen"]) and existing["text_hash"] != article.text_hash:
            # An older text (replayed from an old WARC) never replaces a newer one.
            return aid, "unchanged"
        else:
            row["first_seen"] = existing["first_seen"]
            if _before(seen_at, existing["last_seen"]):
                # The same text replayed from an older (or undated) response:
                # refresh the extraction, but last_seen never moves back.
                row["last_seen"] = existing["last_seen"]
            if existing["text_hash"] == article.text_hash:
                status = "unchanged"
            else:
                status = "changed"
                db["article_versions"].insert(
                    {
                        "article_id": aid,
                        "title": existing["title"],
                        "text": existing["text"],
                        "text_hash": existing["text_hash"],
                        "first_seen": existing["first_seen"],
                        "last_seen": existing["last_seen"],
                    }
                )
            db["articles"].update(aid, row)
        if status != "unchanged" or refresh_facts:
            _replace_facts(db, aid, article)
    return aid, status


def _replace_facts(db: Database, aid: str, article: Article) -> None:
    for table in ("mentions", "quotes", "dates"):
        if db[table].exists():
            db.execute(f"delete from [{table}] where article_id = ?", [aid])
    entity_rows: dict[str, dict] = {}
    for m in article.entities:
        if m.entity_id:
            entity = entity_rows.setdefault(
                m.entity_id,
                {"id": m.entity_id, "canonical": m.canonical or m.text, "type": m.label,
                 "aliases": set(), "origin": m.method},
            )
            entity["aliases"].add(m.text)
    for entity in entity_rows.values():
        _upsert_entity(db, entity)
    db["mentions"].insert_all(
        (
            {"article_id": aid, "entity_id": m.entity_id, "text": m.text, "label": m.label,
             "start": m.start, "end": m.end, "sentence": m.sentence, "method": m.method,
             "confidence": m.confidence}
            for m in article.entities
        ),
    )
    db["quotes"].insert_all(
        (
            {"article_id": aid, "text": q.text, "speaker": q.speaker,
             "speaker_entity_id": q.speaker_entity_id if q.speaker_entity_id in entity_rows else None,
             "role": q.role, "organisation": q.organisation,
             "organisation_entity_id": (q.organisation_entity_id
                                        if q.organisation_entity_id in entity_rows else None),
             "language": q.language or article.language, "start": q.start, "end": q.end,
             "cue": q.cue, "confidence": q.confidence, "sentence": q.sentence,
             "text_stems": stem_text(q.text, q.language or article.language)}
            for q in article.quotes
        ),
    )
    date_rows = []
    for d in article.dates:
        first, last = date_bounds(d)
        date_rows.append(
            {"article_id": aid, "text": d.text, "value": d.value, "granularity": d.granularity,
             "resolved_from": d.resolved_from, "start": d.start, "end": d.end,
             "first_day": first, "last_day": last}
        )
    db["dates"].insert_all(date_rows)


def _upsert_entity(db: Database, entity: dict) -> None:
    existing = next(db["entities"].rows_where("id = ?", [entity["id"]]), None)
    aliases = set(entity["aliases"])
    if existing:
        aliases |= set(json.loads(existing["aliases"] or "[]"))
    db["entities"].upsert(
        {
            "id": entity["id"],
            "canonical": existing["canonical"] if existing else entity["canonical"],
            "type": existing["type"] if existing else entity["type"],
            "aliases": _json(sorted(aliases)),
            "origin": existing["origin"] if existing else entity["origin"],
            # None = pending; 1 = confirmed (matched in every language); 0 = rejected
            "confirmed": existing["confirmed"] if existing else None,
        },
        pk="id",
    )


def _day_bounds(value: str) -> tuple[str, str] | None:
    value = value.split("T", 1)[0]
    parts = value.split("-")
    try:
        if len(parts) == 3:
            datetime.strptime(value, "%Y-%m-%d")
            return value, value
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if len(parts) == 1 and len(value) == 4:
            return f"{value}-01-01", f"{value}-12-31"
    except ValueError:
        return None
    return None


def date_bounds(d: DateMention) -> tuple[str | None, str | None]:
    """First and last calendar day a normalised date value covers."""
    if not d.value:
        return None, None
    left, _, right = d.value.partition("/")
    lo = _day_bounds(left)
    hi = _day_bounds(right) if right else lo
    if lo is None or hi is None:
        return None, None
    return lo[0], hi[1]
