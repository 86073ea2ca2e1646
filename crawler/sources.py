"""The sources file (YAML) → validated ``Source`` records; ``check_sources``.

Format: see docs/sources.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SOURCE_KINDS = ("ioc", "partner", "trade_press")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_PLACEHOLDER = "{{BASE}}"
_KNOWN_KEYS = {
    "name", "title", "kind", "language", "start_urls", "feeds", "sitemaps", "allowed_hosts",
    "article_patterns", "listing_patterns", "sitemap_patterns", "robots_sitemaps", "max_pages",
    "delay", "content_selector", "drop_selectors", "notes", "quiet_days",
}


class SourcesError(ValueError):
    """The sources file is not valid; the message names the source and the field."""


@dataclass
class Source:
    name: str
    kind: str
    language: str | None = None
    title: str | None = None
    start_urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    allowed_hosts: list[str] = field(default_factory=list)
    article_patterns: list[re.Pattern] = field(default_factory=list)
    listing_patterns: list[re.Pattern] = field(default_factory=list)
    sitemap_patterns: list[re.Pattern] = field(default_factory=list)
    robots_sitemaps: bool = True
    max_pages: int | None = None
    delay: float | None = None
    content_selector: str | None = None
    drop_selectors: list[str] = field(default_factory=list)
    notes: str | None = None
    quiet_days: int = 7  # no new article for longer than this raises the "silent" alarm

    def allows_host(self, url: str) -> bool:
        """True when the URL's host is one of the source's hosts or a subdomain of one."""
        host = host_of(url)
        return bool(host) and any(host == h or host.endswith("." + h) for h in self.allowed_hosts)

    def is_article(self, url: str) -> bool:
        return any(p.search(url) for p in self.article_patterns)

    def is_listing(self, url: str) -> bool:
        return any(p.search(url) for p in self.listing_patterns)

    def wants_sitemap(self, url: str) -> bool:
        """Whether a sitemap announced in robots.txt or a sitemap index is worth fetching."""
        return not self.sitemap_patterns or any(p.search(url) for p in self.sitemap_patterns)


def host_of(url: str) -> str:
    """Lower-case host name of a URL (no port), '' when there is none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def load_sources(path_or_text: str | Path, base_url: str | None = None) -> list[Source]:
    """Sources from a YAML file (a Path, or a str naming an existing file) or YAML text.

    With ``base_url``, every literal ``{{BASE}}`` is replaced by it first (the
    bundled sample site is served on a port chosen at run time).
    """
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and Path(path_or_text).suffix in (".yml", ".yaml")
    ):
        text = Path(path_or_text).read_text(encoding="utf-8")
    else:
        text = path_or_text
    if base_url is not None:
        text = text.replace(_PLACEHOLDER, base_url.rstrip("/"))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"not valid YAML: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise SourcesError("expected a list of sources (or a mapping with a 'sources' list)")
    sources = [_source_from_entry(entry, i) for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SourcesError(f"duplicate source names: {', '.join(duplicates)}")
    return sources


def _source_from_entry(entry, index: int) -> Source:
    if not isinstance(entry, dict):
        raise SourcesError(f"source #{index + 1}: expected a mapping")
    name = entry.get("name")
    label = f"source {name!r}" if name else f"source #{index + 1}"
    if not isinstance(name, str) or not _NAME.match(name):
        raise SourcesError(f"{label}: 'name' must be lower-case letters, digits, '_', '-' or '.'")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise SourcesError(f"{label}: unknown keys {sorted(unknown)}")
    kind = entry.get("kind")
    if kind not in SOURCE_KINDS:
        raise SourcesError(f"{label}: 'kind' must be one of {', '.join(SOURCE_KINDS)}")

    def url_list(key: str) -> list[str]:
        values = _string_list(entry.get(key), label, key)
        for url in values:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SourcesError(f"{label}: {key}: {url!r} is not an absolute http(s) URL")
        return values

    def patterns(key: str) -> list[re.Pattern]:
        compiled = []
        for pattern in _string_list(entry.get(key), label, key):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise SourcesError(f"{label}: {key}: {pattern!r}: {exc}") from exc
        return compiled

    start_urls, feeds, sitemaps = url_list("start_urls"), url_list("feeds"), url_list("sitemaps")
    hosts = [h.lower().strip().lstrip(".") for h in _string_list(entry.get("allowed_hosts"), label, "allowed_hosts")]
    if not hosts:
        hosts = sorted({host_of(u) for u in start_urls + feeds + sitemaps})
    return Source(
        name=name,
        kind=kind,
        language=_optional_str(entry.get("language"), label, "language"),
        title=_optional_str(entry.get("title"), label, "title") or name,
        start_urls=start_urls,
        feeds=feeds,
        sitemaps=sitemaps,
        allowed_hosts=hosts,
        article_patterns=patterns("article_patterns"),
        listing_patterns=patterns("listing_patterns"),
        sitemap_patterns=patterns("sitemap_patterns"),
        robots_sitemaps=bool(entry.get("robots_sitemaps", True)),
        max_pages=_optional_number(entry.get("max_pages"), label, "max_pages", int),
        delay=_optional_number(entry.get("delay"), label, "delay", float),
        content_selector=_optional_str(entry.get("content_selector"), label, "content_selector"),
        drop_selectors=_string_list(entry.get("drop_selectors"), label, "drop_selectors"),
        notes=_optional_str(entry.get("notes"), label, "notes"),
        quiet_days=_optional_number(entry.get("quiet_days"), label, "quiet_days", int) or 7,
    )


def _string_list(value, label: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesError(f"{label}: '{key}' must be a string or a list of strings")
    return [v.strip() for v in value]


def _optional_str(value, label: str, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourcesError(f"{label}: '{key}' must be a string")
    return value.strip() or None


def _optional_number(value, label: str, key: str, kind: type):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise SourcesError(f"{label}: '{key}' must be a non-negative number")
    return kind(value)
