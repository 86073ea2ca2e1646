"""Publication date against htmldate alone, on dates the pages declare themselves.

Gold set, built on the fly from the shared main-text sets (pages annotated by others,
dates declared by their publishers): every page whose JSON-LD article object or meta
tags declare a publication day. The page is then scored **with those declarations
removed** (JSON-LD blocks, date meta tags, ``itemprop`` date attributes), so what is
measured is the inference from everything else — visible datelines and bylines,
``<time>`` elements, the URL — against a date the page itself states. Nobody on the
team chose these dates, so the set is not tuned on (unlike ``data/pubdates.yml``).

Printed in the same run, exact-day accuracy (and how often each gives no date):
- ``presskb``: ``extract_article(...).published``;
- ``htmldate``: htmldate alone as published (``find_date`` on the raw page, original
  date, its default extensive search);
- ``htmldate-fast``: htmldate without its extensive free-text search;
- ``stated-first`` / ``htmldate-first``: the two orders of combining presskb's
  stated-date rules (dateline and byline labels) with htmldate alone, as diagnostics.

Also scored: the 95 hand-checked pages of ``data/pubdates.yml`` (tuned on: not blind).

    python bench/pubdate_eval.py --data ../shared/data/extraction
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import yaml
from htmldate import find_date
from lxml import etree, html as lxml_html
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extract.article import extract_article  # noqa: E402
from extract.metadata import read_metadata, stated_publication_date  # noqa: E402

SYSTEMS = ("presskb", "htmldate", "htmldate-fast", "stated-first", "htmldate-first")
HAND_CHECKED = Path(__file__).resolve().parent / "data" / "pubdates.yml"
_DATE_WORDS = ("date", "time", "published", "modified", "issued", "created", "updated")


def declared_day(page: bytes, url: str | None) -> str | None:
    """The publication day the page declares in JSON-LD or meta tags (None if none)."""
    try:
        tree = LexborHTMLParser(page.decode("utf-8", errors="replace"))
        published = read_metadata(tree, url).published
    except Exception:  # noqa: BLE001 -- a page the parser cannot read has no gold
        return None
    return published[:10] if published else None


def without_declarations(page: bytes) -> bytes | None:
    """The page with its machine-readable date declarations removed."""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    for script in root.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]"):
        script.getparent().remove(script)
    for meta in root.xpath("//meta"):
        key = " ".join(meta.get(a, "") for a in ("name", "property", "itemprop", "http-equiv")).lower()
        if any(word in key for word in _DATE_WORDS):
            meta.getparent().remove(meta)
    for element in root.xpath("//*[@itemprop]"):
        if any(word in element.get("itemprop", "").lower() for word in _DATE_WORDS):
            del element.attrib["itemprop"]
    return lxml_html.tostring(root, encoding="utf-8")


def htmldate_day(page: bytes, url: str | None, extensive: bool = True) -> str | None:
    try:
        return find_date(page, url=url, original_date=True, extensive_search=extensive,
                         outputformat="%Y-%m-%d")
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None


def stated_day(page: bytes) -> str | None:
    try:
        return stated_publication_date(LexborHTMLParser(page.decode("utf-8", errors="replace")))
    except Exception:  # noqa: BLE001
        return None


def predictions(page: bytes, url: str | None, seconds: Counter) -> dict[str, str | None]:
    started = time.process_time()
    presskb = (extract_article(page, url).published or "")[:10] or None
    seconds["presskb"] += time.process_time() - started
    started = time.process_time()
    full = htmldate_day(page, url)
    seconds["htmldate"] += time.process_time() - started
    stated = stated_day(page)
    return {"presskb": presskb, "htmldate": full, "htmldate-fast": htmldate_day(page, url, False),
            "stated-first": stated or full, "htmldate-first": full or stated}


def _pages(data: Path):
    for directory in sorted(p for p in data.iterdir() if (p / "ground-truth.json").exists()):
        truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id, record in truth.items():
            path = directory / "html" / f"{page_id}.html.gz"
            if path.exists():
                url = record.get("url")
                yield directory.name, page_id, record, gzip.decompress(path.read_bytes()), (
                    url if url and url.startswith("http") else None)


def _table(title: str, hits: dict, empty: dict, sizes: Counter) -> list[str]:
    lines = [title, "| group | pages | " + " | ".join(SYSTEMS) + " |",
             "|---|---|" + "---|" * len(SYSTEMS)]
    for group, size in sizes.most_common():
        cells = " | ".join(f"{hits[s][group] / size:.3f} ({empty[s][group]} none)" for s in SYSTEMS)
        lines.append(f"| {group} | {size} | {cells} |")
    return lines + [""]


def evaluate_declared(data: Path, limit: int | None, errors: bool) -> list[str]:
    hits = {s: Counter() for s in SYSTEMS}
    empty = {s: Counter() for s in SYSTEMS}
    sizes, seconds = Counter(), Counter()
    for set_name, page_id, record, page, url in _pages(data):
        gold = declared_day(page, url)
        stripped = without_declarations(page) if gold else None
        if stripped is None:
            continue
        if limit and sizes["all"] >= limit:
            break
        found = predictions(stripped, url, seconds)
        groups = ("all", f"set={set_name}", f"lang={record.get('lang') or '?'}")
        sizes.update(groups)
        for system, day in found.items():
            hits[system].update(g for g in groups if day == gold)
            empty[system].update(g for g in groups if not day)
        if errors and found["presskb"] != gold:
            print(f"{set_name}/{page_id} gold {gold} presskb {found['presskb']} "
                  f"htmldate {found['htmldate']} {url}")
    for g in list(sizes):
        if g.startswith("lang=") and sizes[g] < 20:
            del sizes[g]
    lines = _table(f"## declared dates, declarations removed ({sizes['all']} pages of the shared "
                   "main-text sets): exact-day accuracy", hits, empty, sizes)
    lines.append(f"CPU s per page: presskb extract_article {seconds['presskb'] / max(sizes['all'], 1):.3f}, "
                 f"htmldate {seconds['htmldate'] / max(sizes['all'], 1):.3f}\n")
    return lines


def evaluate_hand_checked(data: Path, gold_path: Path) -> list[str]:
    pages = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["pages"]
    urls = {name: json.loads((data / name / "ground-truth.json").read_text(encoding="utf-8"))
            for name in {page["set"] for page in pages}}
    hits = {s: Counter() for s in SYSTEMS}
    empty = {s: Counter() for s in SYSTEMS}
    sizes, seconds = Counter(), Counter()
    for page in pages:
        body = gzip.decompress((data / page["set"] / "html" / f"{page['id']}.html.gz").read_bytes())
        url = urls[page["set"]][page["id"]].get("url")
        url = url if url and url.startswith("http") else None
        found = predictions(body, url, seconds)
        groups = ("all", f"lang={page['lang']}")
        sizes.update(groups)
        for system, day in found.items():
            hits[system].update(g for g in groups if day == str(page["published"]))
            empty[system].update(g for g in groups if not day)
    return _table(f"## hand-checked dates, pages as served ({sizes['all']} pages of "
                  "data/pubdates.yml; tuned on, not blind)", hits, empty, sizes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/extraction"))
    parser.add_argument("--limit", type=int, help="first N declared-date pages")
    parser.add_argument("--errors", action="store_true", help="list presskb's wrong days")
    args = parser.parse_args(argv)
    # warm-up: htmldate's extensive search loads its date-parser locales once
    for _, _, _, page, url in _pages(args.data):
        htmldate_day(page, url)
        extract_article(page, url)
        break
    print("\n".join(evaluate_declared(args.data, args.limit, args.errors)), flush=True)
    print("\n".join(evaluate_hand_checked(args.data, HAND_CHECKED)))
    print("reproduce: python bench/pubdate_eval.py --data ../shared/data/extraction")


if __name__ == "__main__":
    main()
