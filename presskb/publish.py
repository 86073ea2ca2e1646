"""Safe publishing: an immutable copy of the knowledge base for Datasette.

``presskb publish`` never serves the live ``kb.sqlite`` that the nightly crawl writes
to. It makes a copy (``VACUUM INTO``: one consistent snapshot of every committed
transaction, WAL included, taken under a read lock so writers carry on), switches the
copy out of WAL mode so that it is one self-contained file, and marks it read-only.
``datasette inspect`` then counts its tables once into an inspect-data JSON file, and
Datasette serves the copy with ``-i`` (immutable: opened with ``immutable=1``, never
written, row counts from the inspect file), a SQL time limit, and a copy of
``datasette-metadata.yml`` with any writable canned query left out.

docs/publishing.md has the recipes (optional plugins, passwords, ``datasette publish``).
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from urllib.parse import quote

import yaml

from kb.snapshot import immutable_copy

# Plugins that earn their place on a published instance (pip install '.[publish]'):
# Datasette loads them when installed; nothing to configure.
OPTIONAL_PLUGINS = {
    "datasette-block-robots": "robots.txt that asks every crawler to stay away (public instance)",
    "datasette-search-all": "one search box over every full-text-searchable table",
}


@dataclass
class Published:
    db: Path
    inspect_file: Path
    metadata: Path
    sha256: str
    dropped_queries: list[str] = field(default_factory=list)


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect(db: Path, inspect_file: Path) -> Path:
    """``datasette inspect``: table counts and the file's hash, for ``--inspect-file``."""
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect_file)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"datasette inspect failed: {result.stderr.strip()[-2000:]}")
    json.loads(Path(inspect_file).read_text(encoding="utf-8"))  # it is JSON
    return Path(inspect_file)


def read_only_metadata(metadata_path: Path) -> tuple[dict, list[str]]:
    """The metadata with every writable canned query removed, and their names."""
    data = yaml.safe_load(Path(metadata_path).read_text(encoding="utf-8")) or {}
    data = copy.deepcopy(data)
    dropped = []
    for db_name, database in (data.get("databases") or {}).items():
        queries = (database or {}).get("queries") or {}
        for name in list(queries):
            query = queries[name]
            if isinstance(query, dict) and query.get("write"):
                del queries[name]
                dropped.append(f"{db_name}/{name}")
    return data, dropped


def publish(source: Path, out_dir: Path, metadata_path: Path, name: str | None = None) -> Published:
    """The published set in ``out_dir``: ``<name>.sqlite`` (the immutable copy, named
    after the source unless ``name`` is given), ``<name>.inspect.json`` and
    ``<name>.metadata.json``."""
    source, out_dir = Path(source), Path(out_dir)
    stem = name or source.stem
    db = immutable_copy(source, out_dir / f"{stem}.sqlite")
    inspect_file = inspect(db, out_dir / f"{stem}.inspect.json")
    data, dropped = read_only_metadata(metadata_path)
    metadata_file = out_dir / f"{stem}.metadata.json"
    metadata_file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Published(db, inspect_file, metadata_file, sha256_file(db), dropped)


def serve_command(published: Published, settings: dict, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """``datasette serve -i``: immutable, counts from the inspect file, the read-only
    metadata, the given settings (presskb's plugin is loaded as an installed plugin)."""
    options = []
    for setting, value in settings.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        options += ["--setting", setting, text]
    return [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(published.db),
        "--inspect-file", str(published.inspect_file),
        "--metadata", str(published.metadata),
        "--host", host, "--port", str(port), *options,
    ]


def installed_plugins() -> dict[str, str | None]:
    """Each optional plugin and its installed version (None: not installed)."""
    versions = {}
    for name in OPTIONAL_PLUGINS:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def run(command: list[str]) -> int:
    """Run Datasette until it stops (``presskb serve`` and ``publish --serve``); SIGTERM and
    SIGINT are passed on to it, so no orphan is left. PRESSKB_WARM_FACETS: the plugin counts
    the tables' facets once at start (presskb/web/facets.py)."""
    child = subprocess.Popen(command, env={**os.environ, "PRESSKB_WARM_FACETS": "1"})

    def forward(signum, _frame):
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            child.wait(timeout=10)
