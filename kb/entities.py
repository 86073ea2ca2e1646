"""The KB's entities: the gazetteer's rows, the entities learned from articles while they
are pending, and the operator's confirmations and rejections (``presskb entities …``)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from extract.records import Mention

from .store import _json

__all__ = [
    "upsert_gazetteer",
    "pending_mentions",
    "pending_sources",
    "confirm_learned",
    "confirmed_entities",
    "set_entity_confirmed",
    "learned_entities",
]


def upsert_gazetteer(db: Database, entities: Iterable[dict]) -> None:
    """The gazetteer's entities ({id, canonical, type, category, aliases}), replaced."""
    db["gazetteer"].upsert_all(
        ({"id": e["id"], "canonical": e["canonical"], "type": e["type"], "category": e.get("category"),
          "aliases": _json(sorted(set(e.get("aliases") or [])))} for e in entities), pk="id")


def pending_mentions(db: Database) -> list[Mention]:
    """Mentions of entities that are neither confirmed nor rejected yet, for the
    extract stage to judge which names the KB may learn."""
    rows = db.query(
        """select m.text, m.start, m."end", m.label, e.canonical, m.entity_id, m.method,
                  m.confidence
           from mentions m join entities e on e.id = m.entity_id
           where e.confirmed is null and e.origin != 'gazetteer'"""
    )
    return [
        Mention(text=r["text"], start=r["start"], end=r["end"], label=r["label"],
                canonical=r["canonical"], entity_id=r["entity_id"], method=r["method"],
                confidence=r["confidence"])
        for r in rows
    ]


def pending_sources(db: Database) -> dict[str, set[str]]:
    """The distinct sources each pending entity was mentioned in: a name is learned only
    once two sources use it (see ``extract.known_entities.learn_entities``)."""
    rows = db.query(
        """select m.entity_id, a.source from mentions m
           join entities e on e.id = m.entity_id join articles a on a.id = m.article_id
           where e.confirmed is null and e.origin != 'gazetteer'"""
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["entity_id"], set()).add(r["source"])
    return out


def confirm_learned(db: Database, entity_ids: Iterable[str]) -> int:
    """Confirm pending entities (a rejected one stays rejected). Returns how many."""
    ids = list(entity_ids)
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    cursor = db.execute(
        f"update entities set confirmed = 1 where confirmed is null and id in ({marks})", ids)
    db.conn.commit()
    return cursor.rowcount


def confirmed_entities(db: Database) -> list[dict]:
    """Entities the KB trusts, to be matched in every language's articles."""
    return [
        {"id": r["id"], "canonical": r["canonical"], "type": r["type"],
         "aliases": json.loads(r["aliases"] or "[]")}
        for r in db["entities"].rows_where("confirmed = 1")
    ]


def set_entity_confirmed(db: Database, entity_id: str, confirmed: bool) -> bool:
    """Confirm a learned entity (matched in every language from now on) or reject it
    (never matched from the KB again; a later crawl keeps the decision).
    Returns False when there is no such entity."""
    if not next(db["entities"].rows_where("id = ?", [entity_id]), None):
        return False
    db["entities"].update(entity_id, {"confirmed": int(confirmed)})
    return True


def learned_entities(db: Database, *, confirmed: bool | None = None) -> list[dict]:
    """Entities the KB learned from articles (not from the gazetteer), with mention counts;
    ``confirmed=False`` lists those pending or rejected."""
    where = "e.origin != 'gazetteer'"
    if confirmed is True:
        where += " and e.confirmed = 1"
    elif confirmed is False:
        where += " and (e.confirmed is null or e.confirmed = 0)"
    return list(db.query(
        f"""select e.id, e.canonical, e.type, e.origin, e.confirmed, e.aliases,
                   count(m.id) as mentions, count(distinct m.article_id) as articles
            from entities e left join mentions m on m.entity_id = e.id
            where {where} group by e.id order by mentions desc, e.canonical"""
    ))
