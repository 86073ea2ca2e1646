"""One quote across outlets: ``quote_groups`` and ``quote_group_members``.

Quote rows are replaced whenever their article is stored again, so membership is
recomputed for the articles a store step wrote. A quote joins a group when another
quote has the same wording (case, marks and punctuation aside: an indexed key), or is
a variant of it (trimmed or reworded: ``extract.reuse.quote_survival``'s "changed")
said by the same speaker within ``WINDOW_DAYS``, or matched to it by a pickup — a
translated pickup's quote (``pickup_quotes.survival`` 'translated') included, so a
German retelling of an English release's quote is one group with it. The group's
earliest quote is its source; ``outlets`` counts the sources that carried it; each
member's ``relation`` to the earliest wording is ``same``, ``variant`` or ``translation``.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlite_utils import Database

from extract import reuse

from .store import _instant

WINDOW_DAYS = 14
MIN_WORDS = 4  # shorter quotes ("Yes", "a great day") are grouped by exact wording only


def _quotes_of(db: Database, article_id: str) -> list[dict]:
    cursor = db.execute(
        "select q.id, q.text, q.speaker, q.speaker_entity_id, q.article_id, a.source, "
        "coalesce(a.published, a.first_seen) as published from quotes q join articles a on a.id = q.article_id "
        "where q.article_id = ?", [article_id])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _speaker_quotes(db: Database, quote: dict) -> list[tuple[int, str]]:
    at = _instant(quote["published"])
    if at is None or not (quote["speaker_entity_id"] or quote["speaker"]):
        return []
    low = (at - timedelta(days=WINDOW_DAYS)).date().isoformat()
    high = (at + timedelta(days=WINDOW_DAYS + 1)).date().isoformat()
    column, value = ("speaker_entity_id", quote["speaker_entity_id"]) if quote["speaker_entity_id"] \
        else ("speaker", quote["speaker"])
    return db.execute(
        f"select q.id, q.text from quotes q join articles a on a.id = q.article_id "
        f"where q.{column} = ? and q.article_id != ? and coalesce(a.published, a.first_seen) >= ? "
        f"and coalesce(a.published, a.first_seen) < ? limit 200",
        [value, quote["article_id"], low, high]).fetchall()


def _picked_up_quotes(db: Database, quote_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "select release_quote_id from pickup_quotes where copy_quote_id = ? union "
        "select copy_quote_id from pickup_quotes where release_quote_id = ? and copy_quote_id is not null",
        [quote_id, quote_id])]


def _group_of(db: Database, quote_id: int) -> str | None:
    found = db.execute("select group_id from quote_group_members where quote_id = ?", [quote_id]).fetchone()
    return found[0] if found else None


def group_quotes(db: Database, article_ids) -> dict:
    """Place the quotes of the given articles in groups; returns ``{"groups": touched}``."""
    ids = sorted(set(article_ids))
    touched: set[str] = set()
    with db.atomic():
        for aid in ids:
            touched |= {r[0] for r in db.execute(
                "select distinct group_id from quote_group_members where article_id = ?", [aid])}
            db.execute("delete from quote_group_members where article_id = ?", [aid])
        quotes = [q for aid in ids for q in _quotes_of(db, aid)]
        quotes.sort(key=lambda q: (q["published"] or "", q["id"]))
        for quote in quotes:
            key = reuse.quote_key(quote["text"])
            group, relation, similarity = None, "same", 1.0
            same = db.execute("select group_id from quote_group_members where key = ? limit 1", [key]).fetchone()
            if same:
                group = same[0]
            elif len(reuse.tokens(quote["text"])) >= MIN_WORDS:
                for other in _picked_up_quotes(db, quote["id"]):
                    group = _group_of(db, other)
                    if group:
                        relation, similarity = "variant", None
                        break
                if group is None:
                    candidates = _speaker_quotes(db, quote)
                    fate, other, similarity = reuse.quote_survival(quote["text"], "", candidates)
                    if fate != "dropped":
                        group = _group_of(db, other)
                        relation = "same" if fate == "verbatim" else "variant"
            if group is None:
                group = hashlib.sha1(f"quote:{key}:{quote['id']}".encode()).hexdigest()[:16]
                relation, similarity = "same", 1.0
                db["quote_groups"].upsert({"id": group}, pk="id")  # filled in by _refresh_group
            db["quote_group_members"].upsert({
                "quote_id": quote["id"], "group_id": group, "article_id": quote["article_id"],
                "source": quote["source"], "published": quote["published"], "key": key,
                "relation": relation, "similarity": similarity}, pk="quote_id")
            touched.add(group)
        for group in touched:
            _refresh_group(db, group)
    return {"groups": len(touched)}


def _refresh_group(db: Database, group: str) -> None:
    members = db.execute(
        "select m.quote_id, q.text, q.speaker, m.article_id, m.source, m.published, m.key, m.relation, "
        "coalesce(q.language, a.language) from quote_group_members m join quotes q on q.id = m.quote_id "
        "join articles a on a.id = m.article_id where m.group_id = ? "
        "order by coalesce(m.published, '9999'), m.quote_id", [group]).fetchall()
    if not members:
        db.execute("delete from quote_groups where id = ?", [group])
        return
    first = members[0]
    # relations read against the earliest wording: the same words, a translation (another
    # language, joined through a translated pickup), or a variant
    for quote_id, _, _, _, _, _, key, relation, language in members:
        if key == first[6]:
            wanted = "same"
        elif language and first[8] and language != first[8]:
            wanted = "translation"
        else:
            wanted = "variant"
        if wanted != relation:
            db.execute("update quote_group_members set relation = ? where quote_id = ?", [wanted, quote_id])
    db["quote_groups"].upsert({
        "id": group, "text": first[1], "speaker": next((m[2] for m in members if m[2]), None),
        "earliest_quote_id": first[0], "earliest_article_id": first[3], "earliest_source": first[4],
        "earliest_published": first[5], "quotes": len(members), "outlets": len({m[4] for m in members}),
        "variants": len({m[6] for m in members})}, pk="id")

