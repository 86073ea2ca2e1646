"""Text reuse between a press release and a later article: pure functions, no I/O.

The steps, in the order ``kb.pickups`` runs them:

1. ``tokens`` and ``shingles``: lower-cased word tokens and hashed word 5-grams
   (Churnalism hashes 30-character windows; five words are about that).
2. ``boilerplate``: shingles a release shares with its own source's other pages, or with
   many releases at all ("About Alibaba Group…", the newsroom's contact block), are not
   evidence of reuse and are dropped before anything is compared.
3. ``ContainmentIndex``: datasketch's MinHash LSH Ensemble finds the articles that contain
   at least a share of a release's shingles. Containment, not Jaccard: a pickup that
   keeps half a release and adds its own paragraphs has a low Jaccard with it.
4. ``align``: the candidates are verified by exact fragment alignment on the token
   lists: release tokens covered by runs of shared 5-grams of at least ``MIN_RUN``
   tokens. Linear in both texts, so a 5 MB article stays bounded.
5. ``quote_survival``: each of the release's quotes is found verbatim, changed
   (trimmed, reworded) or not at all in the copy.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSHEnsemble

SHINGLE = 5  # words per shingle
MIN_RUN = 8  # an aligned fragment is at least this many consecutive release tokens
NUM_PERM = 128
CANDIDATE_CONTAINMENT = 0.2  # the ensemble's threshold; verification decides
MIN_SHARE = 0.25  # share of a release's (non-boilerplate) tokens a pickup reuses
MIN_FRAGMENT = 12  # ... and its longest fragment in tokens
SOURCE_BOILERPLATE_DOCS = 2  # a shingle in this many pages of the release's source
COMMON_SHARE = 0.3  # a shingle in this share of all reference releases (at least 5)
EXACT_ABOVE = 3000  # a copy with more shingles is checked exactly, not through MinHash
DUPLICATE_SHARE = 0.8  # a page sharing more than this with one earlier page is a version of it (0.5 took
# templated releases of one sponsor for versions and let their shared text count as reuse)

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK32 = 0xFFFFFFFF


def tokens(text: str | None) -> list[str]:
    """Lower-cased word tokens (letters and digits), the unit of every comparison."""
    return _WORD.findall((text or "").lower())


def shingles(toks: list[str], k: int = SHINGLE) -> list[int]:
    """32-bit hashes of every word k-gram, in text order (a text shorter than k words
    gives one shingle of all its words, so a short release still has a signature)."""
    if not toks:
        return []
    if len(toks) < k:
        return [zlib.crc32(" ".join(toks).encode("utf-8")) & _MASK32]
    return [zlib.crc32(" ".join(toks[i:i + k]).encode("utf-8")) & _MASK32
            for i in range(len(toks) - k + 1)]


def boilerplate(reference: Iterable[tuple[str, set[int]]]) -> dict[str, set[int]]:
    """Per source, the shingles that are boilerplate of its releases.

    ``reference`` is ``(source, shingle set)`` per page of the issuers (the releases
    being compared and other recent pages of their sources). A shingle is boilerplate
    for a source when it occurs in ``SOURCE_BOILERPLATE_DOCS`` of that source's pages,
    and for every source when it occurs in ``COMMON_SHARE`` of all the reference pages
    (at least five). Copies are never counted: ten thousand copies of one release must
    not turn that release into boilerplate; nor are versions of one page: a page more
    than ``DUPLICATE_SHARE`` of whose shingles one earlier page of its source had first
    (the same release under two URLs, a corrected re-post) is counted once."""
    per_source: dict[str, Counter] = {}
    origin: dict[str, dict[int, int]] = {}  # per source: shingle -> the first page that had it
    overall: Counter = Counter()
    pages = 0
    for number, (source, shingle_set) in enumerate(reference):
        first = origin.setdefault(source, {})
        earlier = Counter(first[s] for s in shingle_set if s in first)
        if earlier and earlier.most_common(1)[0][1] > DUPLICATE_SHARE * len(shingle_set):
            continue  # a version of a page counted already (one release at two addresses, a re-post)
        for s in shingle_set:
            first.setdefault(s, number)
        per_source.setdefault(source, Counter()).update(shingle_set)
        overall.update(shingle_set)
        pages += 1
    common = {s for s, n in overall.items() if n >= max(5, COMMON_SHARE * pages)}
    return {source: common | {s for s, n in counts.items() if n >= SOURCE_BOILERPLATE_DOCS}
            for source, counts in per_source.items()}


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)  # permutations drawn once, not per signature


def minhash(shingle_set: Iterable[int]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, permutations=_TEMPLATE.permutations,
                scheme=_TEMPLATE.scheme)
    values = list(shingle_set)
    if values:
        m.update_batch(values)
    return m


def _identity(value: int) -> int:
    return value


class _Ensemble(MinHashLSHEnsemble):
    """``MinHashLSHEnsemble`` whose optimal (b, r) table, which depends on the threshold
    and the permutations only, is computed once per process: datasketch integrates it
    numerically in every constructor (about 0.4-0.8 s, more than a run's queries)."""

    _tables: dict = {}

    def _init_optimal_params(self, weights):
        key = (self.threshold, self.h, self.m, tuple(weights))
        if key not in self._tables:
            rs = super()._init_optimal_params(weights)
            self._tables[key] = (self.xqs, self.params, frozenset(rs))
        self.xqs, self.params, rs = self._tables[key]
        return set(rs)


class ContainmentIndex:
    """Sets indexed for "which of them contain at least ``threshold`` of this query set"
    (datasketch ``MinHashLSHEnsemble``; approximate, so callers verify)."""

    def __init__(self, entries: Mapping[str, set[int]], threshold: float = CANDIDATE_CONTAINMENT):
        self.threshold = threshold
        self.sizes = {key: len(s) for key, s in entries.items() if s}
        # MinHash cannot see a release inside a much larger set (their Jaccard is near 0):
        # sets above EXACT_ABOVE (a 5 MB page, a long roundup) are checked exactly
        self._large = {key: entries[key] for key, size in self.sizes.items() if size > EXACT_ABOVE}
        self._ensemble = None
        small = [(key, size) for key, size in self.sizes.items() if key not in self._large]
        if small:
            self._ensemble = _Ensemble(threshold=threshold, num_perm=NUM_PERM, num_part=8)
            self._ensemble.index((key, minhash(entries[key]), size) for key, size in small)

    def query(self, shingle_set: set[int]) -> set[str]:
        if not shingle_set:
            return set()
        found = set(self._ensemble.query(minhash(shingle_set), len(shingle_set))) if self._ensemble else set()
        need = self.threshold * len(shingle_set)
        for key, big in self._large.items():
            if sum(1 for s in shingle_set if s in big) >= need:
                found.add(key)
        return found


@dataclass
class Alignment:
    share: float  # reused share of the release's compared tokens
    reused_tokens: int
    compared_tokens: int  # release tokens not covered by boilerplate only
    fragments: list[tuple[int, int]] = field(default_factory=list)  # token spans in the release
    longest: int = 0

    @property
    def is_pickup(self) -> bool:
        return self.share >= MIN_SHARE and self.longest >= MIN_FRAGMENT


def align(release: list[str], copy: list[str], ignore: set[int] = frozenset(),
          k: int = SHINGLE, copy_shingles: set[int] | None = None) -> Alignment:
    """Exact fragment alignment of a release's tokens against a copy's.

    A release token is reused when a k-gram covering it occurs in the copy and is not
    boilerplate; reused runs shorter than ``MIN_RUN`` tokens (a shared phrase, a name
    and title) are not fragments. Hash lookups over both texts once: linear time."""
    release_sh = shingles(release, k)
    if not release_sh or not copy:
        return Alignment(0.0, 0, 0)
    copy_sh = copy_shingles if copy_shingles is not None else set(shingles(copy, k))
    width = min(k, len(release))
    covered = bytearray(len(release))
    boiler = bytearray(len(release))
    for i, s in enumerate(release_sh):
        if s in ignore:
            boiler[i:i + width] = b"\x01" * width
        elif s in copy_sh:
            covered[i:i + width] = b"\x01" * width
    fragments: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate(covered + b"\x00"):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= min(MIN_RUN, len(release)):
                fragments.append((start, i))
            start = None
    reused = sum(end - begin for begin, end in fragments)
    compared = sum(1 for c, b in zip(covered, boiler) if c or not b)
    share = reused / compared if compared else 0.0
    longest = max((end - begin for begin, end in fragments), default=0)
    return Alignment(round(share, 4), reused, compared, fragments, longest)


def normalise_quote(text: str | None) -> str:
    """A quote's words only: case, punctuation, quote marks and spacing removed."""
    return " ".join(tokens(text))


def quote_key(text: str | None) -> str:
    return f"{zlib.crc32(normalise_quote(text).encode('utf-8')):08x}"


def contained_share(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s words that occur in ``whole`` in order (a longest common
    subsequence on short token lists; quotes are short)."""
    if not part or not whole:
        return 0.0
    part, whole = part[:400], whole[:4000]
    previous = [0] * (len(whole) + 1)
    for word in part:
        current = [0] * (len(whole) + 1)
        for j, other in enumerate(whole, 1):
            current[j] = previous[j - 1] + 1 if word == other else max(previous[j], current[j - 1])
        previous = current
    return previous[-1] / len(part)


VARIANT_SHARE = 0.6  # a copy quote whose words are mostly the release quote's, in order


def quote_survival(quote: str, copy_text: str, copy_quotes: list[tuple[object, str]]
                   ) -> tuple[str, object, float]:
    """How a release quote fared in a copy: ``(verbatim | changed | dropped, the copy
    quote's id or None, similarity)``. Verbatim: its words appear in the copy's text
    unchanged (marks and case aside). Changed: a quote of the copy is mostly its
    words in order, either way round (trimmed, or a word changed)."""
    words = tokens(quote)
    if not words:
        return "dropped", None, 0.0
    normal = " ".join(words)
    for key, text in copy_quotes:
        if normalise_quote(text) == normal:
            return "verbatim", key, 1.0
    if f" {normal} " in f" {' '.join(tokens(copy_text))} ":
        return "verbatim", None, 1.0
    best: tuple[str, object, float] = ("dropped", None, 0.0)
    for key, text in copy_quotes:
        theirs = tokens(text)
        if len(theirs) < 3:
            continue
        similarity = max(contained_share(theirs, words), contained_share(words, theirs))
        if similarity >= VARIANT_SHARE and similarity > best[2]:
            best = ("changed", key, round(similarity, 3))
    return best
