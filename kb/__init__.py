"""kb: the only code that writes SQL. Schema in ``migrations``, upserts in ``store``."""
from .migrations import migrate
from .store import (
    article_id_for,
    confirm_learned,
    confirmed_entities,
    date_bounds,
    fetch_validators,
    learned_entities,
    open_db,
    pending_mentions,
    record_fetch,
    set_entity_confirmed,
    store_article,
    upsert_sources,
)

__all__ = [
    "migrate",
    "open_db",
    "upsert_sources",
    "record_fetch",
    "fetch_validators",
    "article_id_for",
    "store_article",
    "confirmed_entities",
    "confirm_learned",
    "pending_mentions",
    "learned_entities",
    "set_entity_confirmed",
    "date_bounds",
]
