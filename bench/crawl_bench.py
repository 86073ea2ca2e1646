"""Crawler benchmark on loopback: politeness, throughput, recrawl, frontier memory.

    .venv/bin/python bench/crawl_bench.py [--hosts 20] [--pages 100] [--delay 0.2]

Serves HOSTS sites on 127.0.0.10, .11, … (a separate process, so the server
does not share the crawler's interpreter), each with robots.txt, a sitemap and
PAGES article pages (~6 KB, ETag + Last-Modified, 304 on If-None-Match), and
measures:

1. politeness: a crawl with a per-host delay; wall time against the lower
   bound max over hosts of pages × delay, and the smallest gap the server saw
   between two requests to one host;
2. throughput: the same site without delay, WARC writing on, and every
   result upserted into SQLite by a small writer defined here (pages and
   articles tables, WAL, one transaction per 200 results);
3. recrawl: a second run with ``known()`` read from that SQLite database:
   share of articles answered 304 or skipped, and time against the first run
   (also with ``recheck_known``, where every article gets a conditional GET);
4. memory: peak RSS of a fresh process whose frontier holds 50,000 URLs.
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from crawlsite import Reply, Site  # noqa: E402

from crawler import CrawlConfig, crawl, load_sources  # noqa: E402

PARAGRAPH = "The committee confirmed the partnership and the athletes welcomed the programme. " * 8


def article_body(host: int, page: int) -> bytes:
    paragraphs = "".join(f"<p>{PARAGRAPH} ({host}/{page}/{n})</p>" for n in range(8))
    return (f"<html><head><title>Story {host}-{page}</title></head><body><nav>menu</nav>"
            f"<article><h1>Story {host}-{page}</h1>{paragraphs}</article></body></html>").encode()


def serve(hosts: int, pages: int, urls_out, commands) -> None:
    """Server process: start the sites, report their URLs, answer 'log' with the request log."""
    sites = [Site(f"127.0.0.{10 + h}") for h in range(hosts)]
    for h, site in enumerate(sites):
        site.page("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base}/sitemap.xml\n", "text/plain")
        entries = "".join(f"<url><loc>{site.base}/a/{p}</loc><lastmod>2024-01-01</lastmod></url>" for p in range(pages))
        site.page("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
                  "application/xml")
        site.route("/a/*", _article_handler(h))
        site.__enter__()
    urls_out.send([site.base for site in sites])
    while (command := commands.recv()) != "stop":
        if command == "log":
            commands.send({site.host: site.times() for site in sites})
        elif command == "reset":
            for site in sites:
                site.log.clear()
                site.hits.clear()
    for site in sites:
        site.__exit__(None, None, None)


def _article_handler(host: int):
    cache: dict[str, tuple[bytes, str]] = {}

    def handler(request):
        if request.path not in cache:
            body = article_body(host, int(request.path.rsplit("/", 1)[1]))
            cache[request.path] = (body, '"' + hashlib.md5(body).hexdigest() + '"')
        body, etag = cache[request.path]
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"ETag": etag, "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    return handler


class SqliteWriter:
    """Stand-in for the knowledge base: upserts every fetch and every article body."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, status INTEGER, error TEXT, etag TEXT,
                last_modified TEXT, content_hash TEXT, fetched_at TEXT, warc_file TEXT, warc_offset INTEGER);
            CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, source TEXT, html TEXT, content_hash TEXT,
                first_seen TEXT, last_seen TEXT);
        """)
        self.pending = 0

    def known(self, url: str) -> dict | None:
        row = self.db.execute("SELECT etag, last_modified, content_hash, fetched_at FROM pages "
                              "WHERE url = ? AND error IS NULL AND content_hash IS NOT NULL", (url,)).fetchone()
        return dict(zip(("etag", "last_modified", "content_hash", "fetched_at"), row)) if row else None

    def on_result(self, r) -> str | None:
        if r.not_modified:
            self.db.execute("UPDATE pages SET fetched_at = ? WHERE url = ?", (r.fetched_at, r.url))
            outcome = "unchanged"
        else:
            self.db.execute(
                "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET status=excluded.status, "
                "error=excluded.error, etag=excluded.etag, last_modified=excluded.last_modified, "
                "content_hash=excluded.content_hash, fetched_at=excluded.fetched_at, "
                "warc_file=excluded.warc_file, warc_offset=excluded.warc_offset",
                (r.url, r.status, r.error, r.etag, r.last_modified, r.content_hash, r.fetched_at,
                 r.warc_file, r.warc_offset))
            outcome = None
            if r.kind == "article" and r.body:
                self.db.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET html=excluded.html, "
                    "content_hash=excluded.content_hash, last_seen=excluded.last_seen",
                    (r.url, r.source, r.text(), r.content_hash, r.fetched_at, r.fetched_at))
                outcome = "new"
        self.pending += 1
        if self.pending >= 200:
            self.db.commit()
            self.pending = 0
        return outcome

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def sources_for(bases: list[str]):
    text = "\n".join(
        f"- {{name: host{i}, kind: trade_press, sitemaps: ['{base}/sitemap.xml'], article_patterns: ['/a/\\d+$']}}"
        for i, base in enumerate(bases))
    return load_sources(text)


def timed_crawl(sources, writer: SqliteWriter | None = None, **config) -> tuple[float, dict]:
    settings = {"trust_env": False, "progress": False, "concurrency": 32, "max_retries": 0}
    settings.update(config)
    started = time.perf_counter()
    stats = crawl(sources, CrawlConfig(**settings),
                  known=writer.known if writer else None,
                  on_result=writer.on_result if writer else None)
    return time.perf_counter() - started, stats


def totals(stats: dict) -> dict:
    keys = next(iter(stats.values())).keys()
    return {key: sum(s[key] for s in stats.values()) for key in keys}


FRONTIER_SCRIPT = """
import resource, sys
sys.path[:0] = [{root!r}, {tests!r}]
from crawlsite import Site
from crawler import CrawlConfig, crawl, load_sources
site = Site("127.0.0.9").__enter__()
entries = "".join(f"<url><loc>{{site.base}}/a/{{i}}</loc></url>" for i in range({n}))
site.page("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{{entries}}</urlset>',
          "application/xml")
del entries
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
source = load_sources(f"- {{{{name: big, kind: ioc, sitemaps: ['{{site.base}}/sitemap.xml'], article_patterns: ['/a/']}}}}")
stats = crawl(source, CrawlConfig(per_host_delay=0, max_pages=2, trust_env=False, progress=False))
print(stats["big"]["discovered"], before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def frontier_memory(n: int) -> tuple[int, float, float]:
    """(URLs discovered, peak RSS MB before the crawl, peak RSS MB after) in a fresh process."""
    script = FRONTIER_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"), n=n)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    discovered, before, after = map(int, out.split())
    return discovered, before / 1024, after / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--frontier", type=int, default=50_000)
    args = parser.parse_args()

    urls_in, urls_out = multiprocessing.Pipe(duplex=False)
    commands, server_commands = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(args.hosts, args.pages, urls_out, server_commands), daemon=True)
    server.start()
    bases = urls_in.recv()
    sources = sources_for(bases)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # 1. politeness
        polite_s, stats = timed_crawl(sources, per_host_delay=args.delay)
        commands.send("log")
        log = commands.recv()
        min_gap = min(b - a for times in log.values() for a, b in zip(times, times[1:]))
        bound = args.pages * args.delay
        rows += [
            ("politeness: wall time (s)", f"{polite_s:.2f}"),
            ("politeness: lower bound pages x delay (s)", f"{bound:.2f}"),
            ("politeness: ratio (target <= 1.15)", f"{polite_s / bound:.3f}"),
            ("politeness: smallest gap at one host (s)", f"{min_gap:.3f}"),
            ("politeness: requests", str(sum(len(t) for t in log.values()))),
        ]
        commands.send("reset")
        # 2. throughput with WARC and SQLite upserts
        writer = SqliteWriter(tmp / "kb.sqlite")
        first_s, stats = timed_crawl(sources, writer, per_host_delay=0, warc_dir=tmp / "warc")
        writer.db.commit()
        fetched = totals(stats)["fetched"]
        rows += [
            ("throughput: requests (robots+sitemaps+articles)", str(fetched)),
            ("throughput: wall time (s)", f"{first_s:.2f}"),
            ("throughput: pages/s incl. WARC + SQLite (target >= 200)", f"{fetched / first_s:.0f}"),
            ("throughput: WARC MB", f"{sum(f.stat().st_size for f in (tmp / 'warc').iterdir()) / 1e6:.1f}"),
        ]
        # 3. recrawl of the unchanged site
        second_s, stats = timed_crawl(sources, writer, per_host_delay=0, warc_dir=tmp / "warc")
        t = totals(stats)
        articles = args.hosts * args.pages
        recheck_s, stats = timed_crawl(sources, writer, per_host_delay=0, warc_dir=tmp / "warc", recheck_known=True)
        r = totals(stats)
        writer.close()
        rows += [
            ("recrawl: articles skipped or 304 (target >= 95%)", f"{(t['skipped'] + t['not_modified']) / articles:.1%}"),
            ("recrawl: time vs first run (target <= 10%)", f"{second_s:.2f} s = {second_s / first_s:.1%}"),
            ("recrawl with recheck_known: answered 304", f"{r['not_modified'] / articles:.1%}"),
            ("recrawl with recheck_known: time vs first run", f"{recheck_s:.2f} s = {recheck_s / first_s:.1%}"),
        ]
    commands.send("stop")
    server.join(5)
    # 4. memory
    discovered, before, after = frontier_memory(args.frontier)
    rows += [
        ("memory: URLs in the frontier", str(discovered)),
        ("memory: peak RSS before the crawl (MB)", f"{before:.0f}"),
        ("memory: peak RSS with the frontier (MB, target <= 300)", f"{after:.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"crawl benchmark: {args.hosts} hosts x {args.pages} pages on loopback, "
          f"{multiprocessing.cpu_count()} CPUs, server in a separate process")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print(f"reproduce: .venv/bin/python bench/crawl_bench.py --hosts {args.hosts} --pages {args.pages} "
          f"--delay {args.delay} --frontier {args.frontier}")


if __name__ == "__main__":
    main()
