"""Stories across languages (``stories``, ``story_articles``) and the translated pickups
they reveal (``pickups`` rows with method ``translation``).

``join_stories`` takes the articles a store step just wrote; for each, the candidates
are the articles of the time window that share one of its rarest entities (an indexed
lookup, so the KB's size does not matter), scored by ``extract.stories.story_score``.
An article joins the story of its best match; a match that is in no story yet starts
one with it; two stories both matched are merged into the earlier.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlite_utils import Database

from extract import stories as sig

from .pickups import EARLY_HOURS, WINDOW_HOURS, _quotes, _when, pickup_id, release_sources
from .store import now_iso

RETRIEVE_ENTITIES = 6  # the rarest entities of an article used to find its candidates
MAX_CANDIDATES = 500


def _signature(db: Database, row: dict) -> sig.Signature:
    entities = [r[0] for r in db.execute(
        "select distinct entity_id from mentions where article_id = ? and entity_id is not null", [row["id"]])]
    days = [r[0] for r in db.execute(
        "select distinct first_day from dates where article_id = ? and granularity in ('day', 'time') "
        "and first_day is not null", [row["id"]])]
    return sig.signature(entities, days, row.get("text"), _when(row))


def _article(db: Database, aid: str) -> dict | None:
    cursor = db.execute("select id, source, language, title, published, first_seen, text from articles "
                        "where id = ?", [aid])
    found = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], found)) if found else None


class _Weights(dict):
    """Entity idf, read from the KB as needed and kept for the run."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.total = db["articles"].count

    def __missing__(self, entity_id):
        df = self.db.execute("select count(distinct article_id) from mentions where entity_id = ?",
                             [entity_id]).fetchone()[0]
        self[entity_id] = sig.idf(self.total, df)
        return self[entity_id]

    def get(self, key, default=None):
        return self[key]


def _candidates(db: Database, row: dict, signature: sig.Signature, weights: _Weights) -> list[str]:
    if not signature.entities or signature.published is None:
        return []
    rarest = sorted(signature.entities, key=lambda e: -weights[e])[:RETRIEVE_ENTITIES]
    window = timedelta(hours=sig.WINDOW_HOURS)
    low = (signature.published - window - timedelta(days=1)).date().isoformat()
    high = (signature.published + window + timedelta(days=2)).date().isoformat()
    marks = ",".join("?" * len(rarest))
    return [r[0] for r in db.execute(
        f"select distinct m.article_id from mentions m join articles a on a.id = m.article_id "
        f"where m.entity_id in ({marks}) and m.article_id != ? "
        f"and coalesce(a.published, a.first_seen) >= ? and coalesce(a.published, a.first_seen) < ? limit ?",
        [*rarest, row["id"], low, high, MAX_CANDIDATES])]


def join_stories(db: Database, article_ids) -> dict:
    """Place the given articles in stories; returns ``{"stories": touched, "translations": n}``."""
    weights = _Weights(db)
    rows = [r for r in (_article(db, aid) for aid in sorted(set(article_ids))) if r and r["text"]]
    rows.sort(key=lambda r: (r.get("published") or r.get("first_seen") or "", r["id"]))
    touched: set[str] = set()
    signatures: dict[str, sig.Signature] = {}
    for row in rows:
        previous = db.execute("select story_id from story_articles where article_id = ?", [row["id"]]).fetchone()
        if previous:
            db.execute("delete from story_articles where article_id = ?", [row["id"]])
            touched.add(previous[0])
        signatures[row["id"]] = mine = _signature(db, row)
        scored = []
        for cid in _candidates(db, row, mine, weights):
            if cid not in signatures:
                other = _article(db, cid)
                signatures[cid] = _signature(db, other) if other else sig.Signature()
            score = sig.story_score(mine, signatures[cid], weights)
            if score >= sig.SAME_STORY:
                scored.append((score, cid))
        if not scored:
            continue
        scored.sort(reverse=True)
        story_ids = []
        for _, cid in scored:
            found = db.execute("select story_id from story_articles where article_id = ?", [cid]).fetchone()
            if found and found[0] not in story_ids:
                story_ids.append(found[0])
        best_score, best = scored[0]
        if story_ids:
            story = _earliest_story(db, story_ids)
            for other in story_ids:
                if other != story:
                    db.execute("update story_articles set story_id = ? where story_id = ?", [story, other])
                    touched.add(other)
        else:
            story = hashlib.sha1(f"story:{best}".encode()).hexdigest()[:16]
            db["stories"].upsert({"id": story}, pk="id")  # filled in by _refresh_story
            partner = _article(db, best)
            db["story_articles"].upsert({"article_id": best, "story_id": story, "language": partner["language"],
                                         "published": partner["published"], "score": best_score,
                                         "joined_by": row["id"]}, pk="article_id")
        db["story_articles"].upsert({"article_id": row["id"], "story_id": story, "language": row["language"],
                                     "published": row["published"], "score": best_score, "joined_by": best},
                                    pk="article_id")
        touched.add(story)
    for story in touched:
        _refresh_story(db, story)
    translations = _translated_pickups(db, [r["id"] for r in rows], signatures, weights)
    return {"stories": len(touched), "translations": translations}


def _earliest_story(db: Database, story_ids: list[str]) -> str:
    marks = ",".join("?" * len(story_ids))
    return db.execute(f"select story_id from story_articles where story_id in ({marks}) "
                      f"order by coalesce(published, '9999'), story_id limit 1", story_ids).fetchone()[0]


def _refresh_story(db: Database, story: str) -> None:
    members = db.execute(
        "select s.article_id, a.title, coalesce(a.published, a.first_seen) as at, a.language, a.source "
        "from story_articles s join articles a on a.id = s.article_id where s.story_id = ? order by at",
        [story]).fetchall()
    if len(members) < 2:
        db.execute("delete from story_articles where story_id = ?", [story])
        db.execute("delete from stories where id = ?", [story])
        return
    db["stories"].upsert({
        "id": story, "title": members[0][1], "first_published": members[0][2], "last_published": members[-1][2],
        "languages": json.dumps(sorted({m[3] for m in members if m[3]})), "articles": len(members),
        "sources": len({m[4] for m in members}),
    }, pk="id")


def _translated_pickups(db: Database, article_ids: list[str], signatures: dict, weights: _Weights) -> int:
    """A later article in another language in a release's story, retelling it closely,
    is a translated pickup (shingles cannot see a translation)."""
    issuers = release_sources(db)
    pairs = set()
    for aid in article_ids:
        found = db.execute("select story_id from story_articles where article_id = ?", [aid]).fetchone()
        db.execute("delete from pickup_quotes where pickup_id in (select id from pickups where method = "
                   "'translation' and (release_id = ? or copy_id = ?))", [aid, aid])
        db.execute("delete from pickups where method = 'translation' and (release_id = ? or copy_id = ?)", [aid, aid])
        if not found:
            continue
        members = [r[0] for r in db.execute("select article_id from story_articles where story_id = ?", [found[0]])]
        for other in members:
            if other != aid:
                pairs.add((aid, other))
                pairs.add((other, aid))
    stored = 0
    for rid, cid in sorted(pairs):
        release, copy = _article(db, rid), _article(db, cid)
        if not release or not copy or release["source"] not in issuers or release["source"] == copy["source"]:
            continue
        if not release["language"] or release["language"] == copy["language"]:
            continue
        if db.execute("select 1 from pickups where id = ?", [pickup_id(rid, cid)]).fetchone():
            continue
        a = signatures.get(rid) or _signature(db, release)
        b = signatures.get(cid) or _signature(db, copy)
        lag = None if a.published is None or b.published is None else \
            round((b.published - a.published).total_seconds() / 3600, 2)
        if lag is None or not (-EARLY_HOURS <= lag <= WINDOW_HOURS):
            continue
        if lag < 0 or not _first_of_its_source(db, rid, release["source"]):
            continue  # a translation follows the issuer's first word on the story
        if sig.story_score(a, b, weights) < sig.TRANSLATION:
            continue
        _store_translation(db, release, copy, lag, sig.retold_share(a, b))
        stored += 1
    return stored


def _first_of_its_source(db: Database, article_id: str, source: str) -> bool:
    first = db.execute(
        "select s.article_id from story_articles s join articles a on a.id = s.article_id "
        "where s.story_id = (select story_id from story_articles where article_id = ?) and a.source = ? "
        "order by coalesce(a.published, a.first_seen), a.id limit 1", [article_id, source]).fetchone()
    return bool(first) and first[0] == article_id


def _store_translation(db: Database, release: dict, copy: dict, lag: float, share: float) -> None:
    pid = pickup_id(release["id"], copy["id"])
    copy_quotes = _quotes(db, copy["id"])
    fates = {"translated": 0, "dropped": 0}
    quote_rows, used = [], set()
    for position, (qid, text, speaker) in enumerate(_quotes(db, release["id"])):
        surname = (speaker or "").split()[-1:] if speaker else []
        match = next(((k, t) for k, t, s in copy_quotes if (k, t) not in used and surname and s
                      and s.split()[-1:] == surname and sig.could_be_translation(text, t)), None)
        if match:
            used.add(match)  # one translation per quote: a speaker's second quote pairs with the next
        survival = "translated" if match else "dropped"
        fates[survival] += 1
        quote_rows.append({"id": f"{pid}:{position}", "pickup_id": pid, "release_quote_id": qid,
                           "release_quote": text, "speaker": speaker, "survival": survival,
                           "copy_quote_id": match[0] if match else None,
                           "copy_quote": match[1] if match else None, "similarity": None})
    db["pickups"].upsert({
        "id": pid, "release_id": release["id"], "copy_id": copy["id"], "release_source": release["source"],
        "outlet": copy["source"], "method": "translation", "release_published": release["published"],
        "copy_published": copy["published"], "lag_hours": lag, "share_reused": share,
        "quotes_total": len(quote_rows), "quotes_verbatim": 0, "quotes_changed": fates["translated"],
        "quotes_dropped": fates["dropped"], "detected_at": now_iso(),
    }, pk="id")
    if quote_rows:
        db["pickup_quotes"].upsert_all(quote_rows, pk="id")
