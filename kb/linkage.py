"""What links articles to each other, run after every store step: pickups of releases,
stories across languages (with translated pickups) and quote groups, in that order
(quote groups use the quote matches of pickups)."""
from __future__ import annotations

from sqlite_utils import Database

from .pickups import detect_pickups
from .quote_groups import group_quotes
from .stories import join_stories


def link_articles(db: Database, article_ids) -> dict:
    """Link the given (just stored) articles; idempotent. Returns counts per step."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    counts = detect_pickups(db, ids)
    counts.update(join_stories(db, ids))
    counts.update(group_quotes(db, ids))
    return counts


def link_all(db: Database) -> dict:
    """Link every article of the KB (an existing database, or after tuning)."""
    return link_articles(db, [r[0] for r in db.execute("select id from articles")])


def link_recent(db: Database, days: float = 8.0) -> dict:
    """Link the articles published or first seen in the last ``days`` days (whose
    pickups and stories can still change)."""
    from datetime import datetime, timedelta, timezone

    since = (datetime.now(timezone.utc) - timedelta(days=days)).date().isoformat()  # a day wider: ISO forms vary
    return link_articles(db, [r[0] for r in db.execute(
        "select id from articles where published >= ? or first_seen >= ?", [since, since])])
