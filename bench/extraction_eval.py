"""Main-text extraction benchmark: presskb's ``extract_article`` against plain
trafilatura (comments off), in the same process, on the same pages.

Sets (each ``html/<id>.html.gz`` + ``ground-truth.json``, see the data README):
- ``trafilatura/``: snippet scoring as upstream — whitespace-normalised,
  case-sensitive substring tests pooled over the corpus (``with`` found = TP,
  missing = FN; ``without`` found = FP, absent = TN).
- ``wcxb-dev/``: shingle F1 (``\\w+`` tokens, multisets of 4-token shingles;
  precision averaged over documents with output, recall over documents with
  truth; F1 from the two averages) and lower-cased bag-of-words F1, per page
  type; pages with an empty ``articleBody`` are skipped and counted.

Also printed: empty outputs, documents per second for both extractors (after an
untimed warm-up on 20 pages; the extractors alternate which runs first), and
presskb's language accuracy (pages whose ground-truth language is known).

Publication dates: the sets state none, so ``bench/data/pubdates.yml`` gives gold
days for pages of both sets, decided by reading each page. Exact-day accuracy of
presskb's ``published`` and of ``htmldate.find_date(original_date=True)`` on the
raw page (the baseline) is printed over all of them and per language.

Usage (from the repository root):
    python bench/extraction_eval.py --data ../shared/data/extraction [--limit 200]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extract.article import extract_article  # noqa: E402
from bench.pubdate_eval import htmldate_day  # noqa: E402 -- the baseline, defined once

EXTRACTORS = ("presskb", "trafilatura")
DATE_EXTRACTORS = ("presskb", "htmldate")
DEFAULT_GOLD_DATES = Path(__file__).resolve().parent / "data" / "pubdates.yml"
_TOKEN = re.compile(r"\w+")


@dataclass
class SnippetScore:
    """Pooled snippet counts (trafilatura-set scoring)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, text: str, with_snippets: list[str], without_snippets: list[str]) -> None:
        normalised = " ".join(text.split())
        for snippet in with_snippets:
            if " ".join(snippet.split()) in normalised:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in without_snippets:
            if " ".join(snippet.split()) in normalised:
                self.fp += 1
            else:
                self.tn += 1

    def figures(self) -> tuple[float, float, float, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        return precision, recall, f1, accuracy


@dataclass
class OverlapScore:
    """Per-document precision/recall averages (WCXB scoring)."""

    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    empty: int = 0

    def add(self, predicted: Counter, truth: Counter) -> None:
        overlap = sum((predicted & truth).values())
        if predicted:
            self.precisions.append(overlap / sum(predicted.values()))
        else:
            self.empty += 1
        if truth:
            self.recalls.append(overlap / sum(truth.values()))

    def figures(self) -> tuple[float, float, float]:
        precision = sum(self.precisions) / len(self.precisions) if self.precisions else 0.0
        recall = sum(self.recalls) / len(self.recalls) if self.recalls else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def shingles(text: str, size: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1))
                   if tokens[i:i + size])


def bag_of_words(text: str) -> Counter:
    return Counter(_TOKEN.findall((text or "").lower()))


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def warm_up(directory: Path, pages: int = 20) -> None:
    """Run both extractors untimed on a few pages: loading the language profiles
    and date-parser locales is a one-time cost, not throughput."""
    for _, html, url in _pages(directory, pages):
        extract_article(html, url)
        trafilatura.extract(html, include_comments=False)


class Run:
    """Both extractors over one set, with timings and presskb's languages."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(EXTRACTORS, 0.0)
        self.documents = 0
        self.language_hits = 0
        self.language_total = 0
        # pages where presskb keeps under half of what trafilatura alone returns (≥ 150
        # words): header-only output would show here; on wcxb also whether the truth agrees
        self.much_shorter = 0
        self.lost_body = 0
        self.last_much_shorter = False

    def extract_both(self, html: bytes, url: str | None) -> dict[str, str]:
        # Alternate which extractor runs first, so cache effects favour neither.
        first_presskb = self.documents % 2 == 0
        if first_presskb:
            article, presskb_seconds = _timed(extract_article, html, url)
        baseline, baseline_seconds = _timed(trafilatura.extract, html, include_comments=False)
        if not first_presskb:
            article, presskb_seconds = _timed(extract_article, html, url)
        self.seconds["presskb"] += presskb_seconds
        self.seconds["trafilatura"] += baseline_seconds
        self.documents += 1
        self._last_language = article.language
        baseline_words = len((baseline or "").split())
        self.last_much_shorter = baseline_words >= 150 and len(article.text.split()) < baseline_words / 2
        self.much_shorter += self.last_much_shorter
        return {"presskb": article.text, "trafilatura": baseline or ""}

    def score_language(self, truth: str | None) -> None:
        if truth and truth != "und":
            self.language_total += 1
            self.language_hits += self._last_language == truth

    def rates(self) -> dict[str, float]:
        return {name: self.documents / s if s else 0.0 for name, s in self.seconds.items()}


def _selected(truth: dict, limit: int | None) -> list[str]:
    """All document ids, or ``limit`` of them spread evenly over the sorted ids
    (the sets are sorted by page type or source, so the first N would be biased)."""
    ids = sorted(truth)
    if limit is None or limit >= len(ids):
        return ids
    step = len(ids) / limit
    return [ids[int(i * step)] for i in range(limit)]


def _pages(directory: Path, limit: int | None):
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    for doc_id in _selected(truth, limit):
        record = truth[doc_id]
        html = gzip.decompress((directory / "html" / f"{doc_id}.html.gz").read_bytes())
        url = record.get("url")
        yield record, html, url if url and url.startswith("http") else None


def evaluate_trafilatura_set(directory: Path, limit: int | None) -> list[str]:
    run = Run()
    scores = {name: defaultdict(SnippetScore) for name in EXTRACTORS}
    empty = Counter()
    group_sizes = Counter()
    for record, html, url in _pages(directory, limit):
        texts = run.extract_both(html, url)
        run.score_language(record.get("lang"))
        groups = ("all", f"lang={record.get('lang')}")
        group_sizes.update(groups)
        for name, text in texts.items():
            empty[name] += not text.strip()
            for group in groups:
                scores[name][group].add(text, record["with"], record["without"])
    lines = [f"## trafilatura set ({run.documents} pages): snippet P/R/F1/accuracy, pooled",
             "| group | pages | presskb P | R | F1 | acc | trafilatura P | R | F1 | acc |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for group, size in group_sizes.most_common():
        if size < 10 and group != "all":
            continue
        cells = [f"{v:.3f}" for name in EXTRACTORS for v in scores[name][group].figures()]
        lines.append(f"| {group} | {size} | " + " | ".join(cells) + " |")
    lines += _summary(run, empty)
    return lines


def evaluate_wcxb(directory: Path, limit: int | None) -> list[str]:
    run = Run()
    shingle = {name: defaultdict(OverlapScore) for name in EXTRACTORS}
    words = {name: defaultdict(OverlapScore) for name in EXTRACTORS}
    snippets = {name: SnippetScore() for name in EXTRACTORS}
    sizes = Counter()
    skipped = 0
    for record, html, url in _pages(directory, limit):
        if not record.get("articleBody", "").strip():
            skipped += 1
            continue
        texts = run.extract_both(html, url)
        if record.get("page_type") == "article":
            run.score_language(record.get("lang"))
        page_type = record.get("page_type", "unknown")
        groups = ("all", f"type={page_type}")
        for group in groups:
            sizes[group] += 1
        truth_shingles = shingles(record["articleBody"])
        truth_words = bag_of_words(record["articleBody"])
        if run.last_much_shorter:
            recall = {name: _shingle_recall(shingles(text), truth_shingles) for name, text in texts.items()}
            run.lost_body += recall["presskb"] < recall["trafilatura"] - 0.1
        for name, text in texts.items():
            snippets[name].add(text, record.get("with", []), record.get("without", []))
            predicted_shingles, predicted_words = shingles(text), bag_of_words(text)
            for group in groups:
                shingle[name][group].add(predicted_shingles, truth_shingles)
                words[name][group].add(predicted_words, truth_words)
    lines = [f"## wcxb-dev ({run.documents} pages, {skipped} with empty truth skipped): "
             "shingle P/R/F1, bag-of-words F1, empty outputs",
             "| group | pages | presskb P | R | F1 | BoW F1 | empty | "
             "trafilatura P | R | F1 | BoW F1 | empty |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for group, size in sizes.most_common():
        cells = []
        for name in EXTRACTORS:
            precision, recall, f1 = shingle[name][group].figures()
            cells += [f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}",
                      f"{words[name][group].figures()[2]:.3f}", str(shingle[name][group].empty)]
        lines.append(f"| {group} | {size} | " + " | ".join(cells) + " |")
    snippet_cells = " · ".join(
        f"{name} P/R/F1 {'/'.join(f'{v:.3f}' for v in snippets[name].figures()[:3])}"
        for name in EXTRACTORS)
    lines.append(f"snippet tests (with/without): {snippet_cells}")
    empty = Counter({name: shingle[name]["all"].empty for name in EXTRACTORS})
    lines += _summary(run, empty, language_scope="article pages", truth_checked=True)
    return lines


def _shingle_recall(predicted: Counter, truth: Counter) -> float:
    total = sum(truth.values())
    return sum((predicted & truth).values()) / total if total else 1.0


def _summary(run: Run, empty: Counter, language_scope: str = "all pages",
             truth_checked: bool = False) -> list[str]:
    rates = run.rates()
    ratio = rates["presskb"] / rates["trafilatura"] if rates["trafilatura"] else 0.0
    accuracy = run.language_hits / run.language_total if run.language_total else 0.0
    shorter = (f"presskb under half of trafilatura's words (trafilatura ≥ 150 words): "
               f"{run.much_shorter} pages")
    if truth_checked:
        shorter += f", of which {run.lost_body} lose more than 0.1 of the truth's shingles that trafilatura keeps"
    return [
        f"empty outputs: presskb {empty['presskb']}, trafilatura {empty['trafilatura']}",
        shorter,
        f"docs/s: presskb {rates['presskb']:.1f}, trafilatura {rates['trafilatura']:.1f} "
        f"(ratio {ratio:.2f}; presskb includes metadata, dates, language, page type)",
        f"presskb language accuracy ({language_scope}, known language): {accuracy:.3f} "
        f"({run.language_hits}/{run.language_total})",
        "",
    ]


def evaluate_dates(data: Path, gold_path: Path) -> list[str]:
    """Exact-day accuracy of presskb and htmldate on the gold-dated pages."""
    pages = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["pages"]
    urls = {name: json.loads((data / name / "ground-truth.json").read_text(encoding="utf-8"))
            for name in {page["set"] for page in pages}}
    hits = {name: Counter() for name in DATE_EXTRACTORS}
    sizes = Counter()
    for page in pages:
        html = gzip.decompress((data / page["set"] / "html" / f"{page['id']}.html.gz").read_bytes())
        url = urls[page["set"]][page["id"]].get("url")
        url = url if url and url.startswith("http") else None
        found = {"presskb": (extract_article(html, url).published or "")[:10],
                 "htmldate": htmldate_day(html, url)}
        groups = ("all", f"lang={page['lang']}")
        sizes.update(groups)
        for name, day in found.items():
            hits[name].update(group for group in groups if day == str(page["published"]))
    lines = [f"## publication date, exact day ({sizes['all']} gold-dated pages of both sets)",
             "| group | pages | presskb | htmldate |", "|---|---|---|---|"]
    for group, size in sizes.most_common():
        cells = " | ".join(f"{hits[name][group] / size:.3f}" for name in DATE_EXTRACTORS)
        lines.append(f"| {group} | {size} | {cells} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/extraction", type=Path,
                        help="folder holding trafilatura/ and wcxb-dev/")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--sets", nargs="+", default=["trafilatura", "wcxb-dev"],
                        choices=["trafilatura", "wcxb-dev"])
    parser.add_argument("--dates", default=DEFAULT_GOLD_DATES, type=Path,
                        help="gold publication dates (YAML) for pages of the sets under --data")
    args = parser.parse_args(argv)
    command = "python bench/extraction_eval.py --data " + str(args.data)
    if args.limit:
        command += f" --limit {args.limit}"
    if args.sets != ["trafilatura", "wcxb-dev"]:
        command += " --sets " + " ".join(args.sets)
    print(f"# presskb vs trafilatura {trafilatura.__version__} (include_comments=False)\n")
    for name in args.sets:
        evaluate = evaluate_trafilatura_set if name == "trafilatura" else evaluate_wcxb
        warm_up(args.data / name)
        print("\n".join(evaluate(args.data / name, args.limit)), flush=True)
    print("\n".join(evaluate_dates(args.data, args.dates)), flush=True)
    print(f"reproduce: {command}")


if __name__ == "__main__":
    main()
