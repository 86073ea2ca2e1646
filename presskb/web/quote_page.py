"""Helpers of the quote search page: form choices, speaker links, highlighting."""
from __future__ import annotations

import json

from datasette.database import QueryInterrupted
from markupsafe import Markup, escape

# Labels of the quote_search parameters, in form order.
FIELD_LABELS = {
    "q": "Words",
    "speaker": "Speaker",
    "organisation": "Organisation",
    "language": "Language",
    "source": "Source",
    "date_from": "Published from",
    "date_to": "Published until",
}

SOURCES_SQL = "select name, title from sources order by title limit 500"
LANGUAGES_SQL = "select distinct language from quotes where language is not null order by language limit 100"

SPEAKER_ENTITIES_SQL = """
select speaker, min(speaker_entity_id) as entity_id
from quotes
where speaker in (select value from json_each(:speakers)) and speaker_entity_id is not null
group by speaker
"""


async def _values(db, sql: str, params: dict | None = None) -> list[tuple]:
    try:
        return [tuple(row) for row in (await db.execute(sql, params or {})).rows]
    except QueryInterrupted:
        return []


async def form_choices(db, datasette=None, database: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """(value, label) options for the fields that are a choice: source and language;
    given ``datasette`` and ``database``, the languages (a scan of every quote) come
    from the whole-table cache of ``facets.py``."""
    sources = await _values(db, SOURCES_SQL)
    if datasette is not None:
        from .facets import facet_execute

        try:
            languages = [tuple(r) for r in (await facet_execute(datasette, database, LANGUAGES_SQL, {}, True)).rows]
        except QueryInterrupted:
            languages = []
    else:
        languages = await _values(db, LANGUAGES_SQL)
    return {
        "source": [(name, title or name) for name, title in sources],
        "language": [(code, code) for (code,) in languages],
    }


async def speaker_entity_ids(db, speakers: list[str]) -> dict[str, str]:
    """Speaker name -> their entity id, for the speakers that have one."""
    names = sorted({s for s in speakers if s})
    if not names:
        return {}
    rows = await _values(db, SPEAKER_ENTITIES_SQL, {"speakers": json.dumps(names)})
    return dict(rows)


def sentence_with_quote_marked(sentence: str | None, quote: str | None) -> Markup:
    """The sentence, escaped, with the quote's first occurrence in <mark>."""
    sentence = sentence or ""
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return escape(sentence)
    end = at + len(quote)
    return Markup("{}<mark>{}</mark>{}").format(sentence[:at], sentence[at:end], sentence[end:])
