"""Pickups: which later articles reuse a release, stored in ``pickups`` and ``pickup_quotes``.

A release is an article of an issuer's own source (``sources.kind`` ``ioc`` or
``partner``: the IOC and partner newsrooms). ``detect_pickups`` takes the articles a
store step just wrote (new, changed or re-extracted) and compares only what they can
pair with: the releases published up to ``WINDOW_HOURS`` before them, and, for a new
release, the articles published up to ``WINDOW_HOURS`` after it. So the work per run
depends on the window, not on the size of the KB, and a rerun rewrites the same rows.
The text comparison itself is ``extract.reuse``.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlite_utils import Database

from extract import reuse

from .store import _instant, now_iso

RELEASE_KINDS = ("ioc", "partner")
WINDOW_HOURS = 168.0  # a pickup appears within a week of its release
EARLY_HOURS = 24.0  # a copy dated up to a day before its release (a date without a time, time zones)
REFERENCE_PAGES = 100  # other pages of a release's source read for its boilerplate


def release_sources(db: Database) -> set[str]:
    marks = ",".join("?" * len(RELEASE_KINDS))
    return {r[0] for r in db.execute(f"select name from sources where kind in ({marks})", RELEASE_KINDS)}


def _when(row: dict) -> datetime | None:
    return _instant(row.get("published")) or _instant(row.get("first_seen"))


def _text_bound(instant: datetime) -> str:
    # A day wider than asked: stored dates come in several ISO forms.
    return instant.date().isoformat()


def _articles_between(db: Database, start: datetime, end: datetime, sources: set[str] | None,
                      exclude_sources: bool = False) -> list[dict]:
    low = _text_bound(start - timedelta(days=1))
    high = _text_bound(end + timedelta(days=2))
    where = "((published >= ? and published < ?) or (published is null and first_seen >= ? and first_seen < ?))"
    params: list = [low, high, low, high]
    if sources is not None:
        marks = ",".join("?" * len(sources)) or "''"
        where += f" and source {'not in' if exclude_sources else 'in'} ({marks})"
        params += sorted(sources)
    rows = db.execute(f"select id, source, published, first_seen, text from articles where {where}",
                      params).fetchall()
    return [dict(zip(("id", "source", "published", "first_seen", "text"), r)) for r in rows]


def _rows(db: Database, ids) -> list[dict]:
    ids = list(ids)
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"select id, source, published, first_seen, text from articles where id in ({marks})",
                          chunk).fetchall()
        out += [dict(zip(("id", "source", "published", "first_seen", "text"), r)) for r in rows]
    return out


def _quotes(db: Database, article_id: str) -> list[tuple[int, str, str | None]]:
    return db.execute("select id, text, speaker from quotes where article_id = ? order by start",
                      [article_id]).fetchall() if db["quotes"].exists() else []


def pickup_id(release_id: str, copy_id: str) -> str:
    return hashlib.sha1(f"{release_id}>{copy_id}".encode()).hexdigest()[:16]


def _lag_hours(release_at: datetime | None, copy_at: datetime | None) -> float | None:
    if release_at is None or copy_at is None:
        return None
    return round((copy_at - release_at).total_seconds() / 3600, 2)


def _in_window(lag: float | None) -> bool:
    return lag is not None and -EARLY_HOURS <= lag <= WINDOW_HOURS


def detect_pickups(db: Database, article_ids, *, window_hours: float | None = None) -> dict:
    """Find and store the pickups the given (just stored) articles take part in, as a
    copy or as a release. Returns ``{"checked": n, "pickups": n}``."""
    window = timedelta(hours=window_hours or WINDOW_HOURS)
    issuers = release_sources(db)
    new = [row for row in _rows(db, set(article_ids)) if row["text"]]
    if not new or not issuers:
        return {"checked": 0, "pickups": 0}
    times = [t for t in (_when(row) for row in new) if t is not None]
    releases: dict[str, dict] = {row["id"]: row for row in new if row["source"] in issuers}
    copies: dict[str, dict] = {row["id"]: row for row in new}
    early = timedelta(hours=EARLY_HOURS)
    if times:
        # releases a new article may reuse; articles a new release may have been reused by
        # (the SQL bounds are a day wider than asked: kept only when their instant fits)
        low, high = min(times) - window, max(times) + early
        for row in _articles_between(db, low, high, issuers):
            if low <= (_when(row) or high + early) <= high:
                releases.setdefault(row["id"], row)
        new_release_times = [t for t in (_when(r) for r in new if r["source"] in issuers) if t]
        if new_release_times:
            low, high = min(new_release_times) - early, max(new_release_times) + window
            for row in _articles_between(db, low, high, None):
                if low <= (_when(row) or high + early) <= high:
                    copies.setdefault(row["id"], row)
    new_ids = {row["id"] for row in new}

    boiler = reuse.boilerplate(_reference(db, releases))
    release_tokens = {rid: reuse.tokens(r["text"]) for rid, r in releases.items()}
    release_sets = {rid: set(reuse.shingles(t)) - boiler.get(releases[rid]["source"], set())
                    for rid, t in release_tokens.items()}
    copy_tokens = {cid: reuse.tokens(c["text"]) for cid, c in copies.items()}
    copy_sets = {cid: set(reuse.shingles(t)) for cid, t in copy_tokens.items()}  # hashed once per run
    index = reuse.ContainmentIndex(copy_sets)

    # An old release can only be reused by a new article: one that shares less than the
    # candidate threshold with all new articles together is no candidate (exact; saves
    # most of the ensemble queries of a run).
    new_shingles: set[int] = set()
    for cid in new_ids:
        new_shingles.update(copy_sets[cid])
    found = []
    for rid, release in releases.items():
        release_at = _when(release)
        query = release_sets[rid]
        if rid not in new_ids and len(query & new_shingles) < reuse.CANDIDATE_CONTAINMENT * len(query):
            continue
        for cid in index.query(query):
            copy = copies[cid]
            if cid == rid or copy["source"] == release["source"]:
                continue
            if rid not in new_ids and cid not in new_ids:
                continue  # neither side changed: the stored row stands
            lag = _lag_hours(release_at, _when(copy))
            if not _in_window(lag) or (copy["source"] in issuers and (lag < 0 or (lag == 0 and cid < rid))):
                continue  # an issuer's page dated before a release is no copy of it
            alignment = reuse.align(release_tokens[rid], copy_tokens[cid], boiler.get(release["source"], set()),
                                    copy_shingles=copy_sets[cid])
            if alignment.is_pickup:
                found.append((release, copy, lag, alignment))
    _replace(db, new_ids, found)
    return {"checked": len(copies), "pickups": len(found)}


def _reference(db: Database, releases: dict[str, dict]):
    """(source, shingle set) of every release compared and of other recent pages of
    their sources: what ``reuse.boilerplate`` counts."""
    seen = set()
    for row in releases.values():
        seen.add(row["id"])
        yield row["source"], set(reuse.shingles(reuse.tokens(row["text"])))
    for source in sorted({row["source"] for row in releases.values()}):
        latest = max((row.get("published") or row.get("first_seen") or "" for row in releases.values()
                      if row["source"] == source), default="")
        rows = db.execute(
            "select id, text from articles where source = ? and coalesce(published, first_seen) <= ? "
            "order by coalesce(published, first_seen) desc limit ?",
            [source, latest + "\uffff", REFERENCE_PAGES]).fetchall()
        for aid, text in rows:
            if aid not in seen:
                seen.add(aid)
                yield source, set(reuse.shingles(reuse.tokens(text)))


def _replace(db: Database, new_ids: set[str], found: list) -> None:
    """Rewrite the shingle pickups of the given articles (either side) with ``found``."""
    stamp = now_iso()
    rows, quote_rows = [], []
    for release, copy, lag, alignment in found:
        pid = pickup_id(release["id"], copy["id"])
        copy_quotes = [(qid, text) for qid, text, _ in _quotes(db, copy["id"])]
        fates = {"verbatim": 0, "changed": 0, "dropped": 0}
        release_quotes = _quotes(db, release["id"])
        for position, (qid, text, speaker) in enumerate(release_quotes):
            survival, copy_qid, similarity = reuse.quote_survival(text, copy["text"], copy_quotes)
            fates[survival] += 1
            copy_text = next((t for k, t in copy_quotes if k == copy_qid), None)
            quote_rows.append({
                "id": f"{pid}:{position}", "pickup_id": pid, "release_quote_id": qid,
                "release_quote": text, "speaker": speaker, "survival": survival,
                "copy_quote_id": copy_qid, "copy_quote": copy_text, "similarity": similarity,
            })
        rows.append({
            "id": pid, "release_id": release["id"], "copy_id": copy["id"],
            "release_source": release["source"], "outlet": copy["source"], "method": "shingles",
            "release_published": release.get("published"), "copy_published": copy.get("published"),
            "lag_hours": lag, "share_reused": alignment.share, "reused_tokens": alignment.reused_tokens,
            "longest_fragment": alignment.longest, "fragments": len(alignment.fragments),
            "quotes_total": len(release_quotes), "quotes_verbatim": fates["verbatim"],
            "quotes_changed": fates["changed"], "quotes_dropped": fates["dropped"], "detected_at": stamp,
        })
    ids = sorted(new_ids)
    with db.atomic():
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ",".join("?" * len(chunk))
            stale = f"select id from pickups where method = 'shingles' and (release_id in ({marks}) or copy_id in ({marks}))"
            db.execute(f"delete from pickup_quotes where pickup_id in ({stale})", chunk + chunk)
            db.execute(f"delete from pickups where id in ({stale})", chunk + chunk)
        if rows:
            db["pickups"].upsert_all(rows, pk="id")
            done = {row["id"] for row in rows}
            for i in range(0, len(rows), 400):
                chunk = [r["id"] for r in rows[i:i + 400]]
                db.execute(f"delete from pickup_quotes where pickup_id in ({','.join('?' * len(chunk))})", chunk)
            if quote_rows:
                db["pickup_quotes"].upsert_all([q for q in quote_rows if q["pickup_id"] in done], pk="id")
