"""The one record the crawler hands to its caller: what happened to one fetch."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .content import decode_body


@dataclass
class FetchResult:
    """One fetch attempt: a response (any status), a 304, or a recorded refusal/failure.

    ``body`` is set only for a usable response (2xx, not binary, not truncated);
    it holds the decoded-from-transfer-encoding bytes, ``charset`` says how to
    turn them into text (see ``text()``). ``error`` is a short machine-readable
    reason such as ``robots-disallowed``, ``http-404``, ``timeout``.
    """

    source: str
    url: str
    kind: str = "article"  # robots | sitemap | feed | listing | article; only articles are extracted
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    body: bytes | None = None
    size: int | None = None
    fetched_at: str = ""
    elapsed_ms: int = 0
    error: str | None = None
    redirects: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    content_hash: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    date_hint: str | None = None
    referrer: str | None = None
    attempt: int = 1
    will_retry: bool = False

    def text(self) -> str | None:
        """The body as text, decoded with the charset found at fetch time."""
        if self.body is None:
            return None
        return decode_body(self.body, self.charset)[0]

    def to_dict(self) -> dict:
        """All fields except the body bytes (``size`` says how long it was)."""
        data = asdict(self)
        del data["body"]
        return data
