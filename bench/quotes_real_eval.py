"""Quotes and speakers on real articles annotated by others, beside a naive baseline.

Scores ``../shared/data/quotes/<set>/`` (``gold.jsonl`` + ``articles/``) by the rules of
that directory's README, and prints in the same run:

- presskb (the full NLP stage, ``analyse_text``: the parse's people feed the quotes);
- the naive baseline of the README: every stretch in paired marks with >= 4 words, the
  speaker being the nearest person name in the quote's paragraph, after the quote first,
  then before (names = a first name from ``extract/data/first_names.txt`` and the
  capitalised words after it; no model, no verb list);

each with quote P/R/F1 (required = ``kind == "direct"``; partial and headline quotes are
optional, neither rewarded nor penalised) and speaker accuracy on the matched required
quotes whose gold names a speaker, broken down by ``speaker_position`` and
``speaker_class``; and the time attribution takes (``find_quotes`` on the parsed text) per
1,000 words.

    python bench/quotes_real_eval.py                       # every set under ../shared/data/quotes
    python bench/quotes_real_eval.py --set wikinews-de-train --errors
    python bench/quotes_real_eval.py --data DIR           # another directory of sets

The articles are evaluation data only: never copy their text or gold into the repository.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MATCH_F1 = 0.8
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "quotes"
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "prof", "herr", "frau", "president",
           "senator", "sir", "lord", "mme", "m"}


def normalise(text: str | None) -> str:
    """Entities decoded, NFKD, diacritics and punctuation removed, case-folded."""
    text = unicodedata.normalize("NFKD", html.unescape(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).casefold().split())


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(normalise(a).split()), Counter(normalise(b).split())
    overlap = sum((ta & tb).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(ta.values()), overlap / sum(tb.values())
    return 2 * p * r / (p + r)


def quote_f1(predicted: str, gold: dict) -> float:
    """Against the whole quote or any one of its parts."""
    return max(token_f1(predicted, t) for t in [gold["text"], *(gold.get("parts") or [])])


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Normalised names equal, or their last tokens equal (titles dropped)."""
    if not predicted or not gold:
        return False
    a, b = normalise(predicted), normalise(gold)
    if a == b:
        return True
    ta = [t for t in a.split() if t not in _TITLES]
    tb = [t for t in b.split() if t not in _TITLES]
    return bool(ta and tb and ta[-1] == tb[-1])


def match(predicted: list, gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (prediction, gold) pairs, best F1 first; on a tie the earlier prediction
    (the first part of a split quote, where its attribution usually is)."""
    pairs = sorted((-quote_f1(p.text, g), i, j) for i, p in enumerate(predicted)
                   for j, g in enumerate(gold))
    used_p, used_g, out = set(), set(), []
    for f1, i, j in pairs:
        if -f1 < MATCH_F1:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j), out.append((i, j))
    return out


def load_set(directory: Path) -> list[dict]:
    items = []
    for line in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            item["text"] = (directory / item["file"]).read_text(encoding="utf-8")
            items.append(item)
    return items


# --- the naive baseline -------------------------------------------------------------------

def naive_first_names() -> set[str]:
    """Faker's first names of its Latin-script locales, unfiltered, when Faker is installed
    (``pip install -e '.[train]'``: the stronger baseline); else presskb's filtered list."""
    try:
        from ner.lexicon import faker_names

        names = set(faker_names()["first_name"])
        if names:
            NAIVE_NAMES[0] = f"Faker's first names ({len(names):,})"
            return names
    except ImportError:
        pass
    names = {w.strip() for w in (ROOT / "extract/data/first_names.txt").read_text(
        encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")}
    NAIVE_NAMES[0] = f"extract/data/first_names.txt ({len(names):,}; install faker for the stronger list)"
    return names


NAIVE_NAMES = [""]


def naive_finder():
    from extract.records import Quote

    first = naive_first_names()
    pairs = re.compile(r"“([^”\n]{1,3000})”|„([^“”\n]{1,3000})[“”]|\"([^\"\n]{1,3000})\"|«\s*([^»\n]{1,3000}?)\s*»")
    cap = r"[A-ZÀ-ÞŁ][\w\-]*\w"
    name = re.compile(rf"\b(?=({cap})\s+(?:(?:van|von|de|der|da|di|le|al)\s+)?{cap}\b)")
    whole = re.compile(rf"{cap}\s+(?:(?:van|von|de|der|da|di|le|al)\s+)?{cap}")

    def names(text: str, a: int, b: int, surnames: dict[str, str]) -> list[tuple[int, str]]:
        """Full names (a first name and capitalised words) and bare surnames of names the
        article gives in full, in text order."""
        found = [(m.start(), whole.match(text, m.start()).group(0))
                 for m in name.finditer(text, a, b) if m.group(1) in first]
        taken = [(s, s + len(n)) for s, n in found]
        for m in re.finditer(rf"\b{cap}\b", text[a:b]):
            s = a + m.start()
            if m.group(0) in surnames and not any(x <= s < y for x, y in taken):
                found.append((s, surnames[m.group(0)]))
        return sorted(found)

    def find(text: str, language: str | None = None, published: str | None = None) -> list:
        out = []
        surnames = {n.split()[-1]: n for _, n in names(text, 0, len(text), {})}
        for m in pairs.finditer(text):
            content = next(g for g in m.groups() if g is not None)
            if len(content.split()) < 4:
                continue
            para_start = text.rfind("\n", 0, m.start()) + 1
            para_end = text.find("\n", m.end())
            para_end = len(text) if para_end < 0 else para_end
            after = names(text, m.end(), para_end, surnames)
            before = names(text, para_start, m.start(), surnames)
            speaker = after[0][1] if after else (before[-1][1] if before else None)
            out.append(Quote(text=content.strip(), start=m.start(), end=m.end(), speaker=speaker))
        return out

    return find


def presskb_finder():
    from extract.analyse import analyse_text

    def find(text: str, language: str | None = None, published: str | None = None) -> list:
        return analyse_text(text, language, published).quotes

    return find


# --- scoring --------------------------------------------------------------------------------

def evaluate(items: list[dict], finder, errors: bool = False, label: str = "") -> Counter:
    c: Counter = Counter()
    for item in items:
        predicted = finder(item["text"], item["language"], item.get("publication_date"))
        gold = item["quotes"]
        matched = match(predicted, gold)
        hit_p = {i for i, _ in matched}
        required = [g for g in gold if g["kind"] == "direct"]
        c["gold"] += len(required)
        # A prediction matching a gold quote only through a part that another prediction's
        # quote already covers ("A," he said. "B." given as two quotes) is a piece of a found
        # quote: not a second hit, not a false positive. Optional gold is never counted.
        ignored = {i for i, j in matched if gold[j]["kind"] != "direct"}
        for i, p in enumerate(predicted):
            if i not in hit_p and any(quote_f1(p.text, gold[j]) >= MATCH_F1 for _, j in matched):
                ignored.add(i)
        c["pred"] += len(predicted) - len(ignored)
        for i, j in matched:
            g, p = gold[j], predicted[i]
            if g["kind"] != "direct":
                continue
            c["tp"] += 1
            if g["speaker"] and not g.get("ambiguous"):
                ok = same_speaker(p.speaker, g["speaker"])
                none = not p.speaker
                for key in ("all", f"pos:{g['speaker_position']}", f"class:{g['speaker_class']}"):
                    c[f"n {key}"] += 1
                    c[f"ok {key}"] += ok
                    c[f"none {key}"] += none
                if errors and not ok:
                    print(f"{label} {item['id']} [{g['speaker_position']}/{g['speaker_class']}] "
                          f"got {p.speaker!r} want {g['speaker']!r} (mention {g.get('speaker_mention')!r})"
                          f"\n    {p.text[:100]!r}")
        if errors:
            for i, p in enumerate(predicted):
                if i not in hit_p and i not in ignored:
                    print(f"{label} {item['id']} EXTRA {p.text[:100]!r}")
            hit_g = {j for _, j in matched}
            for j, g in enumerate(gold):
                if g["kind"] == "direct" and j not in hit_g:
                    print(f"{label} {item['id']} MISS {g['text'][:100]!r}")
    return c


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def acc(c: Counter, key: str) -> str:
    n = c[f"n {key}"]
    return f"{c[f'ok {key}'] / n:.3f} ({n})" if n else "-"


def attribution_ms_per_kwords(items: list[dict]) -> float:
    """find_quotes alone on parsed text (the people given), ms per 1,000 words."""
    from extract.entities import find_entities, parse
    from extract.quotes import find_quotes

    prepared = []
    for item in items:
        doc = parse(item["text"], item["language"])
        prepared.append((item["text"], item["language"],
                         find_entities(item["text"], item["language"], doc=doc)))
    words = sum(len(t.split()) for t, _, _ in prepared)
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text, language, people in prepared:
            find_quotes(text, language, people=people)
        best = min(best, time.process_time() - started)
    return 1000 * best / words * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--set", action="append", help="one set (directory name); repeatable")
    parser.add_argument("--errors", action="store_true", help="list every wrong speaker, miss, extra")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()

    names = args.set or sorted(p.name for p in args.data.iterdir() if (p / "gold.jsonl").exists())
    systems = {"naive": naive_finder(), "presskb": presskb_finder()}
    rows, details = [], {}
    for name in names:
        items = load_set(args.data / name)
        for system, finder in systems.items():
            c = evaluate(items, finder, args.errors and system == "presskb", f"[{name}]")
            details[(name, system)] = c
            p, r, f1 = prf(c)
            rows.append((name, system, p, r, f1, acc(c, "all"),
                         f"{c['none all'] / c['n all']:.3f}" if c["n all"] else "-"))
        if not args.no_speed:
            details[(name, "speed")] = attribution_ms_per_kwords(items)

    print(f"\nquotes on real annotated articles; a quote matches at token F1 >= {MATCH_F1}")
    header = f"{'set':22} {'system':8} {'P':>6} {'R':>6} {'F1':>6} {'speaker acc (n)':>16} {'no speaker':>10}"
    print(header + "\n" + "-" * len(header))
    for name, system, p, r, f1, a, none in rows:
        print(f"{name:22} {system:8} {p:>6.3f} {r:>6.3f} {f1:>6.3f} {a:>16} {none:>10}")

    for name in names:
        keys = sorted({k[2:] for k in details[(name, "presskb")] if k.startswith("n ")} |
                      {k[2:] for k in details[(name, "naive")] if k.startswith("n ")})
        print(f"\n{name}: speaker accuracy by gold position and class (n)")
        print(f"  {'breakdown':22} {'presskb':>12} {'naive':>12}")
        for key in keys:
            if key == "all":
                continue
            print(f"  {key:22} {acc(details[(name, 'presskb')], key):>12} "
                  f"{acc(details[(name, 'naive')], key):>12}")
        if (name, "speed") in details:
            print(f"  attribution (find_quotes, people given): {details[(name, 'speed')]:.2f} ms per 1,000 words")
    print(f"\nnaive baseline's names: {NAIVE_NAMES[0]}")
    shown = "../shared/data/quotes" if args.data == DEFAULT_DATA else str(args.data)
    print(f"command: python bench/quotes_real_eval.py --data {shown}")


if __name__ == "__main__":
    main()
