"""crawler: all network I/O of presskb — sources, discovery, polite fetching, WARC."""
from .archive import iter_warc
from .check import SourcesReport, check_sources
from .crawl import STAT_KEYS, CrawlConfig, crawl
from .records import FetchResult
from .report import format_summary
from .sources import Source, SourcesError, load_sources

__all__ = [
    "STAT_KEYS", "CrawlConfig", "FetchResult", "Source", "SourcesError", "SourcesReport",
    "check_sources", "crawl", "format_summary", "iter_warc", "load_sources",
]
