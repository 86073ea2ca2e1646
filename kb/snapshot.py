"""A consistent, self-contained, read-only copy of the KB (what ``presskb publish`` and
``nightly --publish`` serve), made with SQLite's own ``VACUUM INTO``."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def immutable_copy(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` as one consistent, self-contained, read-only file.

    The source's WAL is checkpointed first (PASSIVE: it never waits for, or blocks, a
    writer); ``VACUUM INTO`` then reads one snapshot, so a transaction committed while
    the copy runs is either wholly in it or wholly out, and an uncommitted one never is.
    The copy is written under a temporary name and renamed into place, so a reader never
    sees half a file."""
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise FileNotFoundError(f"no such database: {source}")
    if source.resolve() == dest.resolve():
        raise ValueError("the copy must not replace the database it is made from")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    for stale in (tmp, tmp.with_name(tmp.name + "-journal")):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(source, timeout=30)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # a no-op outside WAL mode
        conn.execute("VACUUM INTO ?", [str(tmp)])
    finally:
        conn.close()
    try:
        out = sqlite3.connect(tmp)
        try:
            # The copy keeps the source's WAL flag in its header: back to a rollback
            # journal, so that the file alone is the database (no -wal, no -shm).
            mode = out.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if mode.lower() != "delete":
                raise RuntimeError(f"the copy stayed in journal mode {mode}")
            (check,) = out.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise RuntimeError(f"the copy failed its integrity check: {check}")
        finally:
            out.close()
        os.chmod(tmp, 0o444)
        if dest.exists():
            os.chmod(dest, 0o644)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
