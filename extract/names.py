"""The first-name list shared by the entity rules and quote attribution."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
FIRST_NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of ``data/first_names.txt`` (from Faker's name lists, see its header)."""
    try:
        lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        log.error("cannot read the first-name list %s: %s; people rules run without it", FIRST_NAMES_FILE, error)
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
