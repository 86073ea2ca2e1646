"""Step 3: the speaker is the best-scoring candidate, or nobody when the evidence is weak.

The weights are set by hand from measurements (``bench/quotes_real_eval.py`` prints the
accuracy by position and class); every feature is in ``features.FEATURES``.
"""
from __future__ import annotations

from .candidates import Candidate, Regions
from .features import COSTLY, features, modifiers_and_rivals

WEIGHTS: dict[str, float] = {
    # where the reference stands
    "region_after": 2.0, "region_next": 0.2, "region_within": 2.2, "region_before": 1.6, "region_context": 0.4,
    "region_none": 0.0,
    # what kind of reference it is
    "kind_name": 1.0, "kind_surname": 1.0, "kind_bare": -2.0, "kind_pronoun": 0.8,
    "kind_possessive": 0.3, "kind_description": 0.8, "kind_org": -0.6, "kind_rule": 2.2,
    "kind_previous": 2.6,
    # evidence from the sentence
    "near": 1.0, "nearest": 0.8, "cue_next": 2.0, "cue_clause": 1.2, "object": -3.0, "modifier": -3.0, "of_title": -3.0, "genitive": -0.6,
    "colon": 0.3, "rule_agrees": 1.5, "previous_agrees": 0.4,
}
THRESHOLD = 2.0


def score(f: dict[str, float]) -> float:
    return sum(WEIGHTS.get(k, 0.0) * v for k, v in f.items())


def choose(scored: list[tuple[Candidate, dict[str, float]]]) -> tuple[Candidate | None, float]:
    """The candidate with the highest score if it reaches ``THRESHOLD``, else nobody; the
    earliest reference wins a tie (stable order). Organisations compete with their own
    (negative) prior: they win only on clear evidence ("…,” the IOC said")."""
    best, best_score = None, THRESHOLD
    for candidate, f in scored:
        s = score(f)
        if s > best_score:
            best, best_score = candidate, s
    return best, best_score


def _costly_headroom() -> float:
    """The most the costly features can add to a score (cue_next and cue_clause exclude
    each other)."""
    cue = max(0.0, WEIGHTS["cue_next"], WEIGHTS["cue_clause"])
    return cue + sum(max(0.0, WEIGHTS[k]) for k in COSTLY if k not in ("cue_next", "cue_clause"))


def decide(ctx, candidates: list[Candidate], r: Regions, span) -> Candidate | None:
    """``choose(describe(...))``'s pick, reading the sentence (the costly features) only
    for candidates whose cheap features plus the most the costly ones can add may still
    beat the best so far; the same candidate wins, ties included (the earliest)."""
    modifiers, rivals = modifiers_and_rivals(ctx, candidates)
    headroom = _costly_headroom()
    bounds = []
    for index, c in enumerate(candidates):
        cheap = features(ctx, c, rivals, r, span, id(c) in modifiers, costly=False)
        bounds.append((score(cheap) + headroom, index, c))
    bounds.sort(key=lambda item: (-item[0], item[1]))
    best, best_score, best_index = None, THRESHOLD, len(candidates)
    for bound, index, c in bounds:
        if bound < best_score - 1e-9:
            break  # sorted: nobody after this can reach the best
        s = score(features(ctx, c, rivals, r, span, id(c) in modifiers))
        if s > best_score or (best is not None and s == best_score and index < best_index):
            best, best_score, best_index = c, s, index
    return best
