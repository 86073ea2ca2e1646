"""What a second night costs against the first: `presskb nightly` twice over a loopback site.

    .venv/bin/python bench/nightly_bench.py [--hosts 10] [--sections 2] [--pages 40]
        [--changed 0.05] [--delay 0.05] [--workers 1] [--nlp] [--throughput]

Serves HOSTS sites on 127.0.0.40, .41, … in a separate process. Each host carries
SECTIONS sources (/s0/, /s1/, …: HOSTS × SECTIONS sources in all), and each source has
PAGES article pages (~6 KB of varied prose, a publication date, JSON-LD), a paginated
listing (10 teasers a page, with dates), an Atom feed of its 10 newest entries (published
and updated), a sitemap with a `lastmod` per page, and the host's robots.txt announcing
the sitemaps. Every response has an ETag and a Last-Modified and answers 304 to either
validator, as a CMS behind a cache does.

Night 1 crawls the empty KB. Then CHANGED of the pages are edited (their text changes,
their sitemap `lastmod` and feed `updated` move to now; listings, which show titles and
publication dates, stay the same), and night 2 runs over the same KB and WARC folder.
Both nights run through ``presskb.nightly.run_recorded`` (the nightly's lock-free core:
crawl → extract → KB → learn and link, recorded in ``runs``). Reported per night:
requests the server answered, response body bytes it sent, 304s, wall time, pages
re-extracted; and the second night as a share of the first (the goal: ≤ 10 %).

``--throughput`` adds, on a fresh KB with no per-host delay: pages fetched per second by
the crawler alone (WARC written, nothing stored) against the whole nightly with
``--workers`` extraction processes.
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from crawlsite import Reply, Site  # noqa: E402

PER_LISTING = 10
FEED_SIZE = 10
WORDS = ("committee federation athletes partnership programme season championship sponsor "
         "broadcast qualification venue organisers council delegation medal record training "
         "agreement strategy community volunteers stadium ceremony coach youth development "
         "investment sustainability schedule tournament league final president board").split()
BASE_TIME = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)


def _http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


class Publisher:
    """One host's sections and their pages; ``edit`` changes pages as a newsroom does."""

    def __init__(self, host: int, sections: int, pages: int):
        self.host = host
        self.sections = [f"s{n}" for n in range(sections)]
        self.pages = pages
        self.version: dict[tuple[str, int], int] = {}
        self.modified: dict[str, datetime] = {}  # path -> Last-Modified
        self.body_bytes = 0
        self.requests = 0
        self.not_modified = 0
        self.conditional = 0
        self.site: Site | None = None

    # -- content ------------------------------------------------------------------

    def published(self, section: str, page: int) -> datetime:
        return BASE_TIME + timedelta(hours=6 * page + self.host + 3 * self.sections.index(section))

    def updated(self, section: str, page: int) -> datetime:
        return self.modified.get(f"/{section}/news/{page}", self.published(section, page))

    def article(self, section: str, page: int) -> bytes:
        rng = random.Random(f"{self.host}/{section}/{page}/{self.version.get((section, page), 0)}")
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        paragraphs = []
        for _ in range(9):
            sentences = []
            for _ in range(rng.randint(3, 5)):
                words = [rng.choice(WORDS) for _ in range(rng.randint(9, 16))]
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append("<p>" + " ".join(sentences) + "</p>")
        when = self.published(section, page).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
                f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", '
                f'"datePublished": "{when}"}}</script></head><body><nav><a href="/">Home</a> '
                f'<a href="/{section}/news/">News</a></nav><article><h1>{title}</h1>'
                f'<time datetime="{when}">{when[:10]}</time>{"".join(paragraphs)}</article>'
                f'<footer>Publisher {self.host}</footer></body></html>').encode()

    def listing(self, section: str, number: int) -> bytes:
        newest = list(range(self.pages - 1, -1, -1))
        chunk = newest[(number - 1) * PER_LISTING:number * PER_LISTING]
        items = "".join(
            f'<li><a href="/{section}/news/{p}">Story {p}</a> '
            f'<time datetime="{self.published(section, p):%Y-%m-%d}">{self.published(section, p):%d %B %Y}</time></li>'
            for p in chunk)
        more = (f'<a href="/{section}/news/?page={number + 1}">Older</a>'
                if number * PER_LISTING < self.pages else "")
        return f"<html><body><h1>News</h1><ul>{items}</ul>{more}</body></html>".encode()

    def feed(self, section: str) -> bytes:
        base = self.site.base
        entries = "".join(
            f"<entry><title>Story {p}</title><link href=\"{base}/{section}/news/{p}\"/>"
            f"<id>{base}/{section}/news/{p}</id>"
            f"<published>{self.published(section, p):%Y-%m-%dT%H:%M:%SZ}</published>"
            f"<updated>{self.updated(section, p):%Y-%m-%dT%H:%M:%SZ}</updated></entry>"
            for p in range(self.pages - 1, max(-1, self.pages - 1 - FEED_SIZE), -1))
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Publisher {self.host} {section}</title><id>{base}/{section}/</id>"
                f"<updated>{BASE_TIME:%Y-%m-%dT%H:%M:%SZ}</updated>{entries}</feed>").encode()

    def sitemap(self, section: str) -> bytes:
        base = self.site.base
        urls = "".join(f"<url><loc>{base}/{section}/news/{p}</loc>"
                       f"<lastmod>{self.updated(section, p):%Y-%m-%dT%H:%M:%SZ}</lastmod></url>"
                       for p in range(self.pages))
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()

    def robots(self) -> bytes:
        lines = ["User-agent: *", "Disallow: /admin/"]
        lines += [f"Sitemap: {self.site.base}/{section}/sitemap.xml" for section in self.sections]
        return ("\n".join(lines) + "\n").encode()

    def edit(self, section: str, page: int, when: datetime) -> None:
        self.version[(section, page)] = self.version.get((section, page), 0) + 1
        path = f"/{section}/news/{page}"
        for changed in (path, f"/{section}/sitemap.xml"):
            self.modified[changed] = when
        if page >= self.pages - FEED_SIZE:
            self.modified[f"/{section}/feed.xml"] = when

    # -- serving -------------------------------------------------------------------

    def render(self, path: str) -> tuple[bytes, str, datetime] | None:
        bare, _, query = path.partition("?")
        parts = bare.strip("/").split("/")
        if bare == "/robots.txt":
            return self.robots(), "text/plain; charset=utf-8", BASE_TIME
        if len(parts) < 2 or parts[0] not in self.sections:
            return None
        section = parts[0]
        stamp = self.modified.get(bare, BASE_TIME)
        if parts[1:] == ["sitemap.xml"]:
            return self.sitemap(section), "application/xml", stamp
        if parts[1:] == ["feed.xml"]:
            return self.feed(section), "application/atom+xml", stamp
        if parts[1:] == ["news"]:
            number = int(query.split("=", 1)[1]) if query.startswith("page=") else 1
            return self.listing(section, number), "text/html; charset=utf-8", BASE_TIME
        if len(parts) == 3 and parts[1] == "news" and parts[2].isdigit() and int(parts[2]) < self.pages:
            page = int(parts[2])
            return self.article(section, page), "text/html; charset=utf-8", self.modified.get(
                bare, self.published(section, page))
        return None

    def handle(self, request) -> Reply:
        self.requests += 1
        rendered = self.render(request.path)
        if rendered is None:
            body = b"<html><body>not found</body></html>"
            self.body_bytes += len(body)
            return Reply(404, body)
        body, content_type, stamp = rendered
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        last_modified = _http_date(stamp)
        headers = {"ETag": etag, "Last-Modified": last_modified, "Cache-Control": "max-age=60"}
        asked_etag = request.headers.get("if-none-match")
        asked_since = request.headers.get("if-modified-since")
        if asked_etag or asked_since:
            self.conditional += 1
        if (asked_etag == etag) or (asked_etag is None and asked_since == last_modified):
            self.not_modified += 1
            return Reply(304, b"", headers, content_type=None)
        self.body_bytes += len(body)
        return Reply(200, body, headers, content_type)

    def counters(self) -> dict:
        return {"requests": self.requests, "bytes": self.body_bytes, "not_modified": self.not_modified,
                "conditional": self.conditional}

    def reset(self) -> None:
        self.requests = self.body_bytes = self.not_modified = self.conditional = 0


def serve(args, urls_out, commands) -> None:
    """Server process: the publishers' sites; answers 'counters', 'reset', 'edit', 'stop'."""
    publishers = [Publisher(h, args.sections, args.pages) for h in range(args.hosts)]
    for publisher in publishers:
        publisher.site = Site(f"127.0.0.{40 + publisher.host}")
        publisher.site.route("/*", publisher.handle)
        publisher.site.__enter__()
    urls_out.send([p.site.base for p in publishers])
    while True:
        command, argument = commands.recv()
        if command == "stop":
            break
        if command == "counters":
            total: dict = {}
            for publisher in publishers:
                for key, value in publisher.counters().items():
                    total[key] = total.get(key, 0) + value
            commands.send(total)
        elif command == "reset":
            for publisher in publishers:
                publisher.reset()
            commands.send(None)
        elif command == "edit":
            rng = random.Random(7)
            pages = [(p, s, n) for p in publishers for s in p.sections for n in range(p.pages)]
            chosen = rng.sample(pages, max(1, round(argument * len(pages))))
            when = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=1)
            for publisher, section, page in chosen:
                publisher.edit(section, page, when)
            commands.send(len(chosen))
    for publisher in publishers:
        publisher.site.__exit__(None, None, None)


def sources_text(bases: list[str], sections: int) -> str:
    lines = ["sources:"]
    for h, base in enumerate(bases):
        for n in range(sections):
            s = f"s{n}"
            host = base.split("//", 1)[1]
            lines += [
                f"  - name: pub{h}-{s}",
                f"    title: Publisher {h} section {s}",
                "    kind: trade_press",
                "    language: en",
                f"    start_urls: ['{base}/{s}/news/']",
                f"    feeds: ['{base}/{s}/feed.xml']",
                f"    allowed_hosts: ['{host.split(':')[0]}']",
                f"    article_patterns: ['/{s}/news/\\d+$']",
                f"    listing_patterns: ['/{s}/news/\\?page=\\d+$']",
                f"    sitemap_patterns: ['/{s}/sitemap\\.xml$']",
            ]
    return "\n".join(lines) + "\n"


class Server:
    def __init__(self, args):
        urls_in, urls_out = multiprocessing.Pipe(duplex=False)
        self.commands, server_commands = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=serve, args=(args, urls_out, server_commands), daemon=True)
        self.process.start()
        self.bases = urls_in.recv()

    def ask(self, command: str, argument=None):
        self.commands.send((command, argument))
        return self.commands.recv()

    def stop(self) -> None:
        self.commands.send(("stop", None))
        self.process.join(10)


def night(server: Server, db: Path, sources, config, *, nlp: bool, workers: int) -> dict:
    from presskb.nightly import run_recorded

    server.ask("reset")
    started = time.perf_counter()
    outcome = run_recorded(db, sources, config, nlp=nlp, workers=workers)
    wall = time.perf_counter() - started
    counters = server.ask("counters")
    stats = outcome.stats
    crawl_totals: dict = {}
    for counts in stats.crawl.values():
        for key, value in counts.items():
            if isinstance(value, int):
                crawl_totals[key] = crawl_totals.get(key, 0) + value
    return {"wall": wall, **counters, "extracted": stats.extracted, "exit": outcome.exit_code,
            "new": stats.articles.get("new", 0), "changed": stats.articles.get("changed", 0),
            "skipped": crawl_totals.get("skipped", 0), "crawl": crawl_totals}


def fetch_only(server: Server, sources, config) -> tuple[float, int]:
    from crawler import crawl

    server.ask("reset")
    started = time.perf_counter()
    crawl(sources, config)
    return time.perf_counter() - started, server.ask("counters")["requests"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--sections", type=int, default=2, help="sources per host")
    parser.add_argument("--pages", type=int, default=40, help="article pages per source")
    parser.add_argument("--changed", type=float, default=0.05, help="share of pages edited before night 2")
    parser.add_argument("--delay", type=float, default=0.05, help="per-host delay (s)")
    parser.add_argument("--workers", type=int, default=1, help="extraction processes")
    parser.add_argument("--nlp", action="store_true", help="entities, quotes and dates too (slow)")
    parser.add_argument("--throughput", action="store_true",
                        help="also: fetch throughput of the crawler alone against the nightly with --workers")
    args = parser.parse_args()

    from crawler import CrawlConfig, load_sources

    server = Server(args)
    sources = load_sources(sources_text(server.bases, args.sections))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        config = CrawlConfig(per_host_delay=args.delay, warc_dir=tmp / "warc", trust_env=False, progress=False,
                             concurrency=32)
        first = night(server, tmp / "kb.sqlite", sources, config, nlp=args.nlp, workers=args.workers)
        edited = server.ask("edit", args.changed)
        time.sleep(1.1)  # the edits are stamped a second after they were made
        second = night(server, tmp / "kb.sqlite", sources, config, nlp=args.nlp, workers=args.workers)
        throughput = None
        if args.throughput:
            fast = CrawlConfig(per_host_delay=0.0, warc_dir=tmp / "warc-alone", trust_env=False, progress=False,
                               concurrency=32)
            alone_s, alone_n = fetch_only(server, sources, fast)
            fast.warc_dir = tmp / "warc-pool"
            pooled = night(server, tmp / "kb-pool.sqlite", sources, fast, nlp=args.nlp, workers=args.workers)
            throughput = (alone_n / alone_s, pooled["requests"] / pooled["wall"], alone_s, pooled["wall"])
    server.stop()

    total_pages = args.hosts * args.sections * args.pages
    print(f"nightly benchmark: {args.hosts} hosts x {args.sections} sources x {args.pages} pages = "
          f"{total_pages} article pages on loopback; {edited} edited ({edited / total_pages:.1%}) before night 2; "
          f"per-host delay {args.delay} s; workers {args.workers}; nlp {'on' if args.nlp else 'off'}; "
          f"{os.cpu_count()} CPUs")
    rows = [
        ("requests", "requests", "{:d}"),
        ("304 answers", "not_modified", "{:d}"),
        ("response body bytes", "bytes", "{:,d}"),
        ("wall time (s)", "wall", "{:.2f}"),
        ("pages extracted", "extracted", "{:d}"),
    ]
    print(f"  {'':<24}{'night 1':>14}{'night 2':>14}{'night 2 / 1':>14}")
    for label, key, fmt in rows:
        a, b = first[key], second[key]
        share = f"{b / a:.1%}" if a else "-"
        print(f"  {label:<24}{fmt.format(a):>14}{fmt.format(b):>14}{share:>14}")
    print(f"  night 2: {second['changed']} articles changed, {second['new']} new, {second['skipped']} known "
          f"articles skipped unfetched; exit codes {first['exit']}, {second['exit']}")
    if throughput:
        alone, pooled, alone_s, pooled_s = throughput
        print(f"  fetch throughput, no delay: crawler alone {alone:.0f} requests/s ({alone_s:.2f} s); "
              f"nightly with {args.workers} extraction workers {pooled:.0f} requests/s ({pooled_s:.2f} s) "
              f"= {pooled / alone:.0%}")
    print("goal: night 2 at most 10 % of night 1 in requests, bytes and wall time")
    command = " ".join(["bench/nightly_bench.py", *sys.argv[1:]])
    print(f"reproduce: .venv/bin/python {command}")


if __name__ == "__main__":
    main()
