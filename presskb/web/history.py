"""An edited article's history: every stored version (``article_versions``, oldest
first, then the current text in ``articles``) and a word-level diff between each
version and the next, insertions and deletions marked, long unchanged stretches
folded to a few words of context."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from datasette.database import QueryInterrupted

CONTEXT_WORDS = 12  # unchanged words kept on each side of a change
MAX_VERSIONS = 50

# Words with the whitespace after them: a diff by words that keeps the layout.
_WORD = re.compile(r"\S+\s*|\s+")

VERSIONS_SQL = """
select * from (
  select 'version' as kind, v.id as version_id, v.title, v.text, v.text_hash, v.first_seen, v.last_seen
  from article_versions v where v.article_id = :id
  order by v.first_seen desc, v.id desc limit :limit)
union all
select 'current', null, a.title, a.text, a.text_hash, a.first_seen, a.last_seen
from articles a where a.id = :id
"""


@dataclass
class Segment:
    op: str  # "equal", "insert", "delete" or "fold" (unchanged words left out)
    text: str


def tokens(text: str | None) -> list[str]:
    return _WORD.findall(text or "")


def word_diff(old: str | None, new: str | None, context: int = CONTEXT_WORDS) -> list[Segment]:
    """``old`` -> ``new`` as segments: unchanged, inserted and deleted words; an
    unchanged run longer than twice ``context`` words keeps ``context`` words at each
    end and folds the middle. Comparison ignores how much whitespace follows a word."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    segments: list[Segment] = []
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = b[j1:j2]
            head = n > 0  # a change before: keep words after it
            tail = n < len(opcodes) - 1  # a change after: keep words before it
            keep = context * (int(head) + int(tail))
            if len(words) > keep + context:
                if head:
                    segments.append(Segment("equal", "".join(words[:context])))
                segments.append(Segment("fold", f"{len(words) - keep} unchanged words"))
                if tail:
                    segments.append(Segment("equal", "".join(words[-context:])))
            else:
                segments.append(Segment("equal", "".join(words)))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def diff_counts(segments: list[Segment]) -> dict[str, int]:
    counts = {"insert": 0, "delete": 0}
    for segment in segments:
        if segment.op in counts:
            counts[segment.op] += len(segment.text.split())
    return counts


async def history(db, article_id: str) -> dict | None:
    """The versions of one article, oldest first, each with its diff from the one
    before; None for an unknown article."""
    try:
        rows = (await db.execute(VERSIONS_SQL, {"id": article_id, "limit": MAX_VERSIONS})).rows
    except QueryInterrupted:
        return None
    rows = [dict(row) for row in rows]
    current = [row for row in rows if row["kind"] == "current"]
    if not current:
        return None
    older = sorted((row for row in rows if row["kind"] == "version"),
                   key=lambda row: (row["first_seen"] or "", row["version_id"]))
    versions = older + current
    previous = None
    for number, version in enumerate(versions, 1):
        version["number"] = number
        if previous is None:
            version["diff"], version["title_diff"], version["counts"] = None, None, None
        else:
            version["diff"] = word_diff(previous["text"], version["text"])
            version["counts"] = diff_counts(version["diff"])
            version["title_diff"] = (word_diff(previous["title"], version["title"], context=1000)
                                     if previous["title"] != version["title"] else None)
        previous = version
    return {"versions": versions, "current": current[0], "edits": len(older)}
