"""Score date extraction on the annotated dev set: P/R/F1 of normalised values, and speed.

A prediction is correct when it overlaps a gold date of the same item and has the same
normalised value (both unresolved counts as the same value). Figures are pooled per
language, per granularity and per resolution class (explicit+inferred-year vs relative);
a prediction counts in the class of the gold date it overlaps, else in its own. "detected"
pools spans only (overlap, any value). Speed is CPU ms per 1,000 words of text.

The "counted" group tells which mentions are day-precision explicit dates, as the
real-article evaluation counts them: days, times and day ranges stated with a date
("3 December 2024", "am 9. Dezember", "1/28", "vom 8. bis 24. August"; a missing year
inferred), not relative expressions, months or years. ``--day-explicit`` scores only those;
``--show-errors`` marks them with [D].

    python bench/dates_eval.py                       # rules, dev split
    python bench/dates_eval.py --split heldout       # the held-out quarter, for final reports
    python bench/dates_eval.py --engine dateparser   # dateparser.search.search_dates
    python bench/dates_eval.py --split all --day-explicit  # the real-article count only
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.dates import find_dates  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "dates_dev.yml"


def load_items(path: Path, split: str) -> list[dict]:
    """Dev-set items of the split, each gold date given its offsets in the text."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    chosen = [item for item in items if split == "all" or item["split"] == split]
    for item in chosen:
        gold, position = [], 0
        for surface, value, granularity, resolved_from in item["dates"]:
            start = item["text"].index(surface, position)
            gold.append({"start": start, "end": start + len(surface), "text": surface,
                         "value": value, "granularity": granularity,
                         "resolved_from": resolved_from})
            position = start + len(surface)
        item["gold"] = gold
    return chosen


def rules_engine(item: dict) -> list[dict]:
    return [vars(d) for d in find_dates(item["text"], item["lang"], item["published"])]


def dateparser_engine(item: dict) -> list[dict]:
    """dateparser's search, values as days (or times when a time of day was found)."""
    from dateparser.search import search_dates

    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if item["published"]:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(item["published"])
    found = search_dates(item["text"], languages=[item["lang"]], settings=settings) or []
    predictions, position = [], 0
    for surface, moment in found:
        start = item["text"].find(surface, position)
        if start < 0:
            start = item["text"].find(surface)
        position = max(position, start + 1)
        has_time = (moment.hour, moment.minute) != (0, 0)
        value = moment.strftime("%Y-%m-%dT%H:%M") if has_time else moment.date().isoformat()
        predictions.append({"start": start, "end": start + len(surface), "text": surface,
                            "value": value, "granularity": "time" if has_time else "day",
                            "resolved_from": "explicit"})
    return predictions


ENGINES = {"rules": rules_engine, "dateparser": dateparser_engine}


def resolution_class(record: dict) -> str:
    return "relative" if record["resolved_from"] == "relative" else "explicit+inferred"


def is_day_explicit(record: dict) -> bool:
    """A day-precision explicit date (a missing year inferred), as real articles are scored:
    a day, time or range of days, not a relative expression, month, year or span of years."""
    if record["resolved_from"] == "relative":
        return False
    if record["granularity"] in ("day", "time"):
        return True
    value = record["value"]
    return record["granularity"] == "range" and (value is None or len(value.split("/")[0]) >= 10)


def counted_class(record: dict) -> str:
    return "day-explicit" if is_day_explicit(record) else "other"


def match(gold: list[dict], predicted: list[dict], same_value: bool) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index), each used once, overlapping (and equal values)."""
    pairs, used = [], set()
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            if p_index in used or not (p["start"] < g["end"] and g["start"] < p["end"]):
                continue
            if same_value and p["value"] != g["value"]:
                continue
            pairs.append((g_index, p_index))
            used.add(p_index)
            break
    return pairs


def class_by_overlap(gold: list[dict], predicted: list[dict], span_pairs) -> list[dict]:
    """Predictions with the granularity and resolution of the gold date they overlap.

    Per-class precision then counts a wrong value against the class the text really holds,
    also for an engine that does not label its output (dateparser).
    """
    classed = [dict(p) for p in predicted]
    for g_index, p_index in span_pairs:
        classed[p_index]["granularity"] = gold[g_index]["granularity"]
        classed[p_index]["resolved_from"] = gold[g_index]["resolved_from"]
    return classed


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(items: list[dict], engine, show_errors: bool, day_explicit: bool = False) -> None:
    groupings = {
        "all": lambda item, r: "all",
        "language": lambda item, r: item["lang"],
        "granularity": lambda item, r: r["granularity"],
        "resolution": lambda item, r: resolution_class(r),
        "counted": lambda item, r: counted_class(r),
    }
    n_gold, n_pred, tp_gold, tp_pred = Counter(), Counter(), Counter(), Counter()
    detected = Counter()
    for item in items:
        predicted = engine(item)
        gold = item["gold"]
        if day_explicit:  # keep the predictions that count as the gold they overlap counts
            classed = class_by_overlap(gold, predicted, match(gold, predicted, False))
            predicted = [p for p, c in zip(predicted, classed, strict=True) if is_day_explicit(c)]
            gold = [g for g in gold if is_day_explicit(g)]
        item = {**item, "gold": gold}
        pairs = match(item["gold"], predicted, same_value=True)
        span_pairs = match(item["gold"], predicted, same_value=False)
        classed = class_by_overlap(item["gold"], predicted, span_pairs)
        detected["tp"] += len(span_pairs)
        detected["gold"] += len(item["gold"])
        detected["pred"] += len(predicted)
        for grouping, key_of in groupings.items():
            for g in item["gold"]:
                n_gold[grouping, key_of(item, g)] += 1
            for p in classed:
                n_pred[grouping, key_of(item, p)] += 1
            for g_index, p_index in pairs:
                tp_gold[grouping, key_of(item, item["gold"][g_index])] += 1
                tp_pred[grouping, key_of(item, classed[p_index])] += 1
        if show_errors:
            matched_gold = {g for g, _ in pairs}
            matched_pred = {p for _, p in pairs}
            for index, g in enumerate(item["gold"]):
                if index not in matched_gold:
                    mark = "[D] " if is_day_explicit(g) else ""
                    print(f"  MISS {mark}{item['id']}: {g['text']!r} -> {g['value']}")
            for index, p in enumerate(predicted):
                if index not in matched_pred:
                    mark = "[D] " if is_day_explicit(classed[index]) else ""
                    print(f"  FP   {mark}{item['id']}: {p['text']!r} -> {p['value']} "
                          f"({p['granularity']}, {p['resolved_from']})")

    print(f"{'group':<12} {'class':<18} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for grouping in groupings:
        keys = sorted({k for g, k in n_gold if g == grouping} | {k for g, k in n_pred
                                                                 if g == grouping})
        for key in keys:
            p, r, f = prf(tp_pred[grouping, key], n_pred[grouping, key],
                          tp_gold[grouping, key], n_gold[grouping, key])
            print(f"{grouping:<12} {key:<18} {n_gold[grouping, key]:>5} "
                  f"{n_pred[grouping, key]:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    p, r, f = prf(detected["tp"], detected["pred"], detected["tp"], detected["gold"])
    print(f"{'detected':<12} {'(span only)':<18} {detected['gold']:>5} {detected['pred']:>5} "
          f"{p:>6.3f} {r:>6.3f} {f:>6.3f}")


def time_engine(items: list[dict], engine, repeats: int) -> float:
    """Milliseconds of CPU time per 1,000 words, best of ``repeats`` passes over the items.

    CPU time of this process, so that other work on the machine does not blur the figure.
    """
    words = sum(len(item["text"].split()) for item in items)
    for item in items:  # compile patterns / load language data outside the timing
        engine(item)
    best = float("inf")
    for _ in range(repeats):
        began = time.process_time()
        for item in items:
            engine(item)
        best = min(best, time.process_time() - began)
    return best * 1000 / words * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="rules")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--day-explicit", action="store_true",
                        help="score only day-precision explicit dates (the real-article count)")
    args = parser.parse_args()

    items = load_items(args.data, args.split)
    engine = ENGINES[args.engine]
    words = sum(len(item["text"].split()) for item in items)
    print(f"engine={args.engine} split={args.split} items={len(items)} words={words}")
    evaluate(items, engine, args.show_errors, args.day_explicit)
    repeats = args.repeats if args.engine == "rules" else max(1, args.repeats // 10)
    print(f"speed: {time_engine(items, engine, repeats):.2f} ms per 1,000 words")
    flags = " --day-explicit" if args.day_explicit else ""
    print(f"reproduce: python bench/dates_eval.py --engine {args.engine} --split {args.split}"
          f"{flags}")


if __name__ == "__main__":
    main()
