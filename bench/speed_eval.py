"""Extraction speed and memory against trafilatura alone, in the same run.

300 pages of the shared trafilatura set (the first 200 German and 100 English by id
order), read into memory first. Printed, in documents per CPU-second of this process:
- trafilatura alone (``trafilatura.extract``, comments off): the baseline;
- presskb's cleaning (``extract_article(..., nlp=False)``: text, metadata, language);
- presskb's full extraction (``extract_article``: + entities, quotes, dates);
- the full extraction in a pool of ``--workers`` processes (wall-clock documents per
  second against one worker, so the ratio is the speed-up the cores give);
and the peak memory (max RSS) of a worker after the full extraction.

    python bench/speed_eval.py --data ../shared/data/extraction/trafilatura [--workers 2] [--stages]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from crawler.records import FetchResult  # noqa: E402
from extract import extract_article  # noqa: E402
from presskb.workers import ExtractionPool, warm_models  # noqa: E402


def load_pages(directory: Path, per_language: dict[str, int]) -> list[tuple[bytes, str | None, str]]:
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    wanted = dict(per_language)
    pages = []
    for page_id in sorted(truth):
        lang = truth[page_id].get("lang")
        if wanted.get(lang, 0) <= 0:
            continue
        path = directory / "html" / f"{page_id}.html.gz"
        if not path.exists():
            continue
        url = truth[page_id].get("url")
        pages.append((gzip.decompress(path.read_bytes()), url if url and url.startswith("http") else None, lang))
        wanted[lang] -= 1
    return pages


def cpu_rate(function, pages) -> tuple[float, float]:
    """(documents per CPU-second, words per CPU-second of the texts produced)."""
    started = time.process_time()
    words = 0
    for html, url, _ in pages:
        words += function(html, url)
    seconds = time.process_time() - started
    return len(pages) / seconds, words / seconds


def _trafilatura(html, url) -> int:
    return len((trafilatura.extract(html, url=url, include_comments=False) or "").split())


def _clean(html, url) -> int:
    return extract_article(html, url, nlp=False).word_count or 0


def _full(html, url) -> int:
    return extract_article(html, url).word_count or 0


def pool_rate(pages, workers: int) -> tuple[float, int]:
    """Wall-clock documents per second through presskb's extraction pool
    (``presskb.workers.ExtractionPool``, as ``--workers`` runs it), models warmed first;
    and the peak RSS of a worker in kB."""
    pool = ExtractionPool(workers, known_entities=None, nlp=True)
    try:
        list(pool.executor.map(_warm, range(workers * 2)))
        started = time.perf_counter()
        done = 0
        for n, (html, url, _) in enumerate(pages):
            pool.submit(FetchResult(source="bench", url=url or f"https://example.org/{n}", body=html,
                                    status=200), None, False)
            done += sum(1 for _ in pool.completed())
        done += sum(1 for _ in pool.completed(block=True))
        seconds = time.perf_counter() - started
        rss = max(pool.executor.map(_peak_rss, range(workers * 4)))
    finally:
        pool.close()
    return done / seconds, rss


def _peak_rss(_: int) -> int:
    time.sleep(0.05)  # so that every worker answers at least once
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _warm(_: int) -> int:
    warm_models()
    return 0


def stage_times(pages) -> None:
    """CPU ms per page of each NLP step over the cleaned texts, and the parse of each
    article's paragraphs batched through ``nlp.pipe`` against one ``nlp(text)``: CPU time and
    the articles whose entities change."""
    from spacy.tokens import Doc

    from extract.dates import find_dates
    from extract.entities import find_entities
    from extract.pipelines import _pipeline, parse
    from extract.quotes import find_quotes

    articles = [a for a in (extract_article(html, url, nlp=False) for html, url, _ in pages) if (a.text or "").strip()]
    spent = dict.fromkeys(("parse", "entities", "quotes", "dates"), 0.0)

    def timed(step, function, *args, **kwargs):
        started = time.process_time()
        result = function(*args, **kwargs)
        spent[step] += time.process_time() - started
        return result

    for a in articles:
        doc = timed("parse", parse, a.text, a.language)
        people = timed("entities", find_entities, a.text, a.language, doc=doc)
        timed("quotes", find_quotes, a.text, a.language, people=people)
        timed("dates", find_dates, a.text, a.language, a.published, source=a.url)
    print("NLP steps, CPU ms per page: " + ", ".join(f"{k} {v / len(pages) * 1000:.1f}" for k, v in spent.items()))
    for language in ("de", "en"):
        nlp, _ = _pipeline(language)
        texts = [a.text for a in articles if a.language == language]
        started = time.process_time()
        whole = [nlp(text) for text in texts]
        one = time.process_time() - started
        started = time.process_time()
        batched = [Doc.from_docs(list(nlp.pipe(re.findall(r"[^\n]*\n+|[^\n]+$", text), batch_size=256)),
                                 ensure_whitespace=False) for text in texts]
        piped = time.process_time() - started
        changed = sum(1 for x, y in zip(whole, batched)
                      if [(e.start_char, e.end_char, e.label_) for e in x.ents]
                      != [(e.start_char, e.end_char, e.label_) for e in y.ents])
        words = sum(len(text.split()) for text in texts)
        print(f"{language}: parse {words / one:,.0f} words/CPU-s; paragraphs through nlp.pipe "
              f"{one / piped:.2f}× as fast, entities changed in {changed} of {len(texts)} articles")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/extraction/trafilatura"))
    parser.add_argument("--de", type=int, default=200)
    parser.add_argument("--en", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stages", action="store_true", help="also time each NLP step and batched parsing")
    args = parser.parse_args(argv)
    pages = load_pages(args.data, {"de": args.de, "en": args.en})
    warm_models()
    for html, url, _ in pages[:5]:
        _trafilatura(html, url)
    baseline, _ = cpu_rate(_trafilatura, pages)
    clean, _ = cpu_rate(_clean, pages)
    full, full_words = cpu_rate(_full, pages)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# extraction speed on {len(pages)} pages (de {args.de}, en {args.en}), docs per CPU-second")
    print("| system | docs/CPU-s | ratio to trafilatura |")
    print("|---|---|---|")
    for name, rate in (("trafilatura alone", baseline), ("presskb cleaning (nlp=False)", clean),
                       ("presskb full extraction", full)):
        print(f"| {name} | {rate:.1f} | {rate / baseline:.2f} |")
    print(f"full extraction: {full_words:,.0f} words of clean text per CPU-second; "
          f"peak RSS of this process {rss_mb:.0f} MB")
    if args.stages:
        stage_times(pages)
    if args.workers > 1:
        one, _ = pool_rate(pages, 1)
        many, rss_many = pool_rate(pages, args.workers)
        print(f"pool, wall clock: 1 worker {one:.1f} docs/s, {args.workers} workers {many:.1f} docs/s "
              f"→ {many / one:.2f}× (peak RSS per worker {rss_many / 1024:.0f} MB)")
    print(f"reproduce: python bench/speed_eval.py --data {args.data} --workers {args.workers}"
          + (" --stages" if args.stages else ""))


if __name__ == "__main__":
    main()
