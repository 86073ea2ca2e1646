"""The frontier: URLs waiting to be fetched, one queue per host, de-duplicated."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .sources import host_of

DISCOVERY_KINDS = ("sitemap", "feed", "listing")


@dataclass(slots=True)
class Item:
    url: str
    source: str
    kind: str
    depth: int = 0
    referrer: str | None = None
    date_hint: str | None = None
    attempt: int = 1
    conditional: bool = False

    @property
    def host(self) -> str:
        return host_of(self.url)


class _HostQueue:
    __slots__ = ("discovery", "articles")

    def __init__(self):
        self.discovery: deque[Item] = deque()
        self.articles: deque[Item] = deque()

    def __len__(self) -> int:
        return len(self.discovery) + len(self.articles)


class Frontier:
    """Per-host FIFO queues; discovery documents go before articles so that a
    page budget is spent on finding the newest items first.

    A URL is fetched at most once per crawl, whichever source finds it.
    """

    def __init__(self):
        self._seen: set[str] = set()
        self._queues: dict[str, _HostQueue] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def seen(self, url: str) -> bool:
        return url in self._seen

    def mark_seen(self, url: str) -> None:
        self._seen.add(url)

    def add(self, item: Item) -> bool:
        """Queue an item unless its URL was seen before; True when queued."""
        if item.url in self._seen:
            return False
        self._seen.add(item.url)
        self._push(item, front=False)
        return True

    def revive(self, item: Item) -> None:
        """Queue an item whose URL was seen but not queued (a known article skipped
        before a later link showed it changed)."""
        self._seen.add(item.url)
        self._push(item, front=False)

    def retry(self, item: Item) -> None:
        """Put an item back at the head of its host's queue (already seen)."""
        self._push(item, front=True)

    def pop_ready(self, is_free: Callable[[str], bool]) -> Item | None:
        """The next item of a host that may be asked now, or None."""
        for host, queue in self._queues.items():
            if is_free(host):
                lane = queue.discovery if queue.discovery else queue.articles
                item = lane.popleft()
                self._size -= 1
                if not queue:
                    del self._queues[host]
                return item
        return None

    def waiting_hosts(self) -> list[str]:
        return list(self._queues)

    def _push(self, item: Item, *, front: bool) -> None:
        queue = self._queues.setdefault(item.host, _HostQueue())
        lane = queue.discovery if item.kind in DISCOVERY_KINDS else queue.articles
        if front:
            lane.appendleft(item)
        else:
            lane.append(item)
        self._size += 1

