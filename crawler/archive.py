"""WARC archive: every request/response pair of a run, gzip per record.

Bodies are stored as delivered after transfer decoding (gzip/deflate removed,
Content-Length rewritten, the original encoding kept in
``X-Archive-Orig-Content-Encoding``), so a record can be re-extracted as is.
Crawler context (source, kind, requested URL, redirects, date hint, referrer,
charset, error) travels in ``X-Presskb-*`` WARC header fields, which lets
``iter_warc`` rebuild ``FetchResult``s with no network.
"""
from __future__ import annotations

import hashlib
import io
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .records import FetchResult

_META_PREFIX = "X-Presskb-"
_DROPPED_RESPONSE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
UNCONFIGURED = "unconfigured"  # the source of a foreign record no configured source claims


class WarcArchive:
    """Writes one run's WARC files into ``directory``, rotating past ``max_bytes``."""

    def __init__(self, directory: Path, max_bytes: int = 1_000_000_000, software: str = "presskb"):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.software = software
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        # Time first so that file names sort by run; the random part keeps two
        # runs started in the same second apart.
        self._prefix = f"presskb-{stamp}-{uuid.uuid4().hex[:8]}"
        self._sequence = 0
        self._file = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None
        self.files: list[Path] = []

    def _open_next(self) -> None:
        self.close()
        self._sequence += 1
        self.path = self.directory / f"{self._prefix}-{self._sequence:05d}.warc.gz"
        self._file = open(self.path, "xb")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        self._writer.write_record(self._writer.create_warcinfo_record(
            self.path.name, {"software": self.software, "format": "WARC File Format 1.1"}
        ))
        self.files.append(self.path)

    def write_exchange(
        self,
        *,
        url: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        truncated: bool = False,
        meta: dict[str, str | None] | None = None,
    ) -> tuple[str, int]:
        """Append a response and its request; returns (file, offset of the response record)."""
        if self._writer is None or self._file.tell() >= self.max_bytes:
            self._open_next()
        headers = [(k, v) for k, v in response_headers if k.lower() not in _DROPPED_RESPONSE_HEADERS]
        headers += [("X-Archive-Orig-" + k, v) for k, v in response_headers if k.lower() == "content-encoding"]
        headers.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
        warc_headers = {f"{_META_PREFIX}{k}": v for k, v in (meta or {}).items() if v}
        if truncated:
            warc_headers["WARC-Truncated"] = "length"
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )
        parts = url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        )
        offset = self._file.tell()
        self._writer.write_record(response)
        self._writer.write_record(request)
        self._file.flush()
        return str(self.path), offset

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._writer = None


log = logging.getLogger(__name__)


def warc_paths(paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """Files named by ``paths``; a folder stands for its ``*.warc.gz`` files, in name order."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        found.extend(sorted(path.glob("*.warc.gz")) if path.is_dir() else [path])
    return found


def iter_warc(paths: Path | str | Iterable[Path | str],
              damaged: list[tuple[str, int, str]] | None = None,
              source_for: Callable[[str], str | None] | None = None) -> Iterator[FetchResult]:
    """``FetchResult``s rebuilt from the crawler's WARC response records (redirect
    hops excluded), in file order, with no network.

    A record whose payload does not match its declared digest, or that ends before its
    declared length (a crawl killed while writing it), is never replayed: it is skipped
    and, when ``damaged`` is given, reported there as (file, offset, reason).

    Records written by other tools (Heritrix, Browsertrix, Common Crawl: no presskb
    fields) are read too when ``source_for`` is given: it maps a target URI to a
    configured source's name, and a URI no source claims is kept as "unconfigured";
    they count as article pages."""
    for path in warc_paths(paths):
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream, check_digests=True)
            for record in records:
                if record.rec_type != "response":
                    continue
                meta = {
                    name[len(_META_PREFIX):]: value
                    for name, value in record.rec_headers.headers
                    if name.startswith(_META_PREFIX)
                }
                if record.http_headers is None:
                    continue
                if "Source" not in meta:
                    if source_for is None:
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    meta = {"Source": source_for(uri) or UNCONFIGURED, "Kind": "article"}
                status = int(record.http_headers.get_statuscode() or 0)
                if status in _REDIRECT_STATUSES and "Error" not in meta:
                    continue
                payload = record.content_stream().read()
                offset = records.get_record_offset()
                problem = _damage(record)
                if problem:
                    log.warning("%s at offset %d: %s; record skipped", path, offset, problem)
                    if damaged is not None:
                        damaged.append((str(path), offset, problem))
                    continue
                yield _result_from_record(record, meta, status, payload, str(path), offset)


def read_body(path: str | Path, offset: int) -> bytes | None:
    """The payload of the response record at ``offset`` of a WARC file, or None when the
    file or the record is missing or damaged (digest checked)."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream, check_digests=True)), None)
            if record is None or record.rec_type != "response":
                return None
            payload = record.content_stream().read()
            return None if _damage(record) else payload
    except (OSError, ValueError, StopIteration):
        return None
    except Exception:  # warcio raises its own errors on a torn file
        return None


def _damage(record) -> str | None:
    """Why a fully read record may not be trusted, or None: a digest that does not
    match, or a declared digest that could not be checked because the record ended
    early."""
    checker = record.digest_checker
    if checker.problems:
        return "; ".join(checker.problems)
    declared = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header(
        "WARC-Block-Digest")
    if declared and checker.passed is not True:
        return "record shorter than its declared length (digest not reached)"
    return None


def _result_from_record(record, meta: dict, status: int, payload: bytes, path: str, offset: int) -> FetchResult:
    http = record.http_headers
    error = meta.get("Error")
    good = not error and 200 <= status < 300 and record.rec_headers.get_header("WARC-Truncated") is None
    url = meta.get("Requested-URL") or record.rec_headers.get_header("WARC-Target-URI")
    return FetchResult(
        source=meta["Source"],
        url=url,
        kind=meta.get("Kind", "article"),
        final_url=record.rec_headers.get_header("WARC-Target-URI"),
        status=status,
        content_type=http.get_header("Content-Type"),
        charset=meta.get("Charset"),
        body=payload if good else None,
        size=len(payload),
        fetched_at=record.rec_headers.get_header("WARC-Date") or "",
        error=error,
        redirects=meta.get("Redirects", "").split(),
        etag=http.get_header("ETag"),
        last_modified=http.get_header("Last-Modified"),
        not_modified=status == 304,
        content_hash=hashlib.sha256(payload).hexdigest() if good else None,
        warc_file=path,
        warc_offset=offset,
        date_hint=meta.get("Date-Hint"),
        referrer=meta.get("Referrer"),
    )
