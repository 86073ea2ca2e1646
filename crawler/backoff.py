"""Memory of failures across nights: when a URL that failed is worth trying again.

A run never retries within itself beyond its bounded backoff (``fetch.py``); this says
when the *next runs* should try a URL again, from how it failed and how many times in a
row. A 410 is gone for good; a 404 or a body that can never be used (too large, binary,
a redirect loop, one trickling past the deadline) waits 1, 2, 4… days (at most 30); a transient failure (timeout,
connection, 5xx, 429) is retried on the next two nights, then waits 1, 2, 4 days (at
most 7). A success clears the memory.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

NEVER = "9999-12-31T00:00:00.000000Z"
PERMANENT = {
    "too-large", "decompressed-too-large", "binary-content", "not-html", "empty-body",
    "redirect-loop", "too-many-redirects", "bad-redirect", "off-source-redirect", "invalid-url",
    "unsupported-content-encoding", "bad-content-encoding", "bad-gzip", "deadline",
}
# refusals made without a request: nothing to remember, robots.txt is read every run
NOT_FAILURES = {"robots-disallowed", "robots-unavailable", "crawl-delay-too-long", "host-unreachable"}


def next_attempt(error: str | None, status: int | None, failures: int,
                 now: datetime | None = None) -> str | None:
    """The UTC time (kb's text form) before which a URL that failed ``failures`` times in a
    row should not be fetched again; None when the next run may try it."""
    if not error or error in NOT_FAILURES or failures <= 0:
        return None
    now = now or datetime.now(timezone.utc)
    if status == 410 or error == "http-410":
        return NEVER
    if status == 404 or error == "http-404" or error in PERMANENT:
        days = min(30, 2 ** (failures - 1))
    elif failures < 3:
        return None
    else:
        days = min(7, 2 ** (failures - 3))
    return (now + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def counts_as_failure(error: str | None) -> bool:
    return bool(error) and error not in NOT_FAILURES
