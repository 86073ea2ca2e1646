"""Step 2: the evidence for each candidate, as named numbers.

Every feature is computed the same way for every kind of reference, so that the decision
can weigh them; none names a particular word of a particular article.
"""
from __future__ import annotations

import re

from ..quotes_lexicon import ROLE_MODIFIERS_EN
from .candidates import REGIONS, Candidate, Regions

# The word before a reference that makes it the object of the sentence, not its subject:
# the person talked about, asked, thanked or written to.
OBJECT_MARKERS = {
    "en": {"about", "of", "to", "with", "against", "for", "on", "by", "told", "asked", "than",
           "from", "toward", "towards", "at", "into", "like", "under", "between", "thanked"},
    "de": {"über", "mit", "gegen", "für", "an", "auf", "zu", "zum", "zur", "gegenüber", "bei", "vom",
           "beim", "um", "ohne", "als", "wie", "dank", "neben", "unter", "vor", "nach"},
    "fr": {"sur", "avec", "contre", "pour", "à", "au", "aux", "envers", "chez", "de", "du", "des",
           "sans", "comme"},
}
_ALL_OBJECT_MARKERS = set().union(*OBJECT_MARKERS.values())
_WORD_BEFORE = re.compile(r"(\w+)[\s\u00a0]+(?:(?:the|der|die|den|dem|des|le|la|les)\s+)?$", re.I)
_SENTENCE_PUNCT = re.compile(r"[.!?;„“”\"«»]")
_APPOSITION_AFTER = re.compile(r"(?:\s*\([^)]{0,40}\))?(?:\s*,[^,.;:!?„“”\"«»]{1,90},)?")
_TWO_WORDS = re.compile(r"(?:[\s\u00a0]+[^\W\d_][\w\-]*){0,2}?[\s\u00a0]+")
_SPACES = re.compile(r"[\s\u00a0]+")
_PHRASE_BREAK = re.compile(r"[,.;:!?„“”\"«»()]")
_WORDS = re.compile(r"[\w\-]+")
_POSSESSIVE = re.compile(r"['’]s?\s")
KINDS = ("name", "surname", "bare", "pronoun", "possessive", "description", "org", "rule", "previous")


def _cue_next(ctx, c: Candidate) -> bool:
    """A speech cue within three words of the reference, in the same clause: "X said",
    "said X", "sagte X", "X, Role of Org, sagte", "so X"."""
    text = ctx.text
    after = text[c.end:c.end + 120]
    m = _APPOSITION_AFTER.match(after)
    rest = after[m.end():] if m else after
    words = _TWO_WORDS.match(rest)
    for w in (_SPACES.match(rest), words):
        if w and ctx.verb.match(rest, w.end()):
            return True
    if ctx.verb.match(text, ctx._skip_space(c.end)):
        return True
    before = text[max(0, c.start - 60):c.start]
    for m in ctx.verb.finditer(before):
        between = before[m.end():]
        if not _SENTENCE_PUNCT.search(between) and len(between.split()) <= 3:
            return True
    return False


def _cue_clause(ctx, c: Candidate, others: list[Candidate]) -> bool:
    """A speech cue in the reference's clause (commas allowed, no sentence punctuation),
    within twelve words, with no other person between them: "warnte der Geschäftsführer
    des Verbands, X, die Politik:", "X, who won in Tokyo, said"."""
    text = ctx.text
    lo, hi = max(0, c.start - 100), min(len(text), c.end + 100)
    for m in ctx.verb.finditer(text, lo, hi):
        a, b = (m.end(), c.start) if m.end() <= c.start else (c.end, m.start()) if m.start() >= c.end else (0, -1)
        if b < a:
            continue
        between = text[a:b]
        if _SENTENCE_PUNCT.search(between) or ":" in between or len(between.split()) > 12:
            continue
        if any(o is not c and o.kind in ("name", "surname", "pronoun") and o.name != c.name
               and a <= o.start < b for o in others):
            continue
        return True
    return False


def _modifier(ctx, c: Candidate, others: list[Candidate]) -> bool:
    """Whether the reference only modifies another person's name: "Clinton spokesman
    Josh Schwerin", "Commentary’s Noah Rothman", "Cruz constituent Dan Golvach", "Die
    Sprecherin der Stiftung Warentest, Heike van Laak" (an organisation of a title)."""
    for o in others:
        if o is c or o.kind not in ("name", "surname", "bare") or o.name == c.name or not (
                c.end <= o.start <= c.end + 60):
            continue
        between = ctx.text[c.end:o.start]
        if ctx.verb.search(between) or _PHRASE_BREAK.search(between):
            continue
        words = _WORDS.findall(between)
        if _POSSESSIVE.match(between) or (words and all(
                ctx._is_role_word(w) or w.lower() in ROLE_MODIFIERS_EN or w[:1].islower()
                for w in words) and any(ctx._is_role_word(w) for w in words)):
            return True
    return False


_CLAUSE_STOP = re.compile(r"[,.;:!?„“”\"«»()\n]")
_QUESTIONERS = {"asked", "interviewed", "questioned", "pressed", "gefragt", "interviewt"}


def _object(ctx, c: Candidate) -> bool:
    """Whether a preposition or an object-taking verb heads the phrase the reference
    stands in: "über den verletzten Kapitän X", "about X", "asked by host X", "told X"."""
    text = ctx.text
    before = text[max(0, c.start - 60):c.start]
    stop = None
    for stop in _CLAUSE_STOP.finditer(before):
        pass
    if stop is not None:
        before = before[stop.end():]
    words = _WORDS.findall(before)[-5:]
    markers = OBJECT_MARKERS.get(ctx.language, _ALL_OBJECT_MARKERS)
    for k in range(len(words) - 1, -1, -1):
        word = words[k].lower()
        if word == "by":
            return k > 0 and words[k - 1].lower() in _QUESTIONERS
        if word in markers:
            return True
        if ctx.verb.fullmatch(words[k]) and word not in ("told", "asked"):
            return False  # "…, sagte X": the verb's subject, not an object
    return False


def _of_title(ctx, c: Candidate) -> bool:
    """Whether an organisation completes a job title: "Hauptgeschäftsführer des X", "head
    of communications at X", "directrice du X" — the person holding it is the speaker."""
    if c.kind != "org" and getattr(c.speaker, "is_person", True):
        return False
    before = ctx.text[max(0, c.start - 60):c.start]
    m = re.search(r"([\w\-]+)(?:\s+[\w\-]+){0,2}\s+(?:of|at|for|with|des|der|von|vom|beim|bei|du|de|des|d['’]|chez)"
                  r"(?:\s+(?:the|la|le|l['’]))?\s*$", before)
    return bool(m) and ctx._is_role_word(m.group(1))


def _genitive(ctx, c: Candidate) -> bool:
    tail = ctx.text[c.end:c.end + 2]
    if tail in ("'s", "’s") or tail[:1] in ("'", "’"):
        return True
    ref = ctx.text[c.start:c.end]
    return c.kind == "surname" and ref.endswith("s") and bool(c.name) and not c.name.endswith(ref)


def describe(ctx, candidates: list[Candidate], r: Regions, span) -> list[tuple[Candidate, dict[str, float]]]:
    """Every candidate with its features (a modifier of another name is no rival)."""
    modifiers, rivals = modifiers_and_rivals(ctx, candidates)
    return [(c, features(ctx, c, rivals, r, span, id(c) in modifiers)) for c in candidates]


def modifiers_and_rivals(ctx, candidates: list[Candidate]) -> tuple[set[int], list[Candidate]]:
    """The ids of the candidates that only modify another name, and the others."""
    modifiers = {id(c) for c in candidates if c.region != "none" and _modifier(ctx, c, candidates)}
    return modifiers, [c for c in candidates if id(c) not in modifiers]


# The features that read the sentence around a reference (regex scans); the others are
# cheap. ``decide.decide`` scores the cheap ones first and reads these only for candidates
# that could still win.
COSTLY = ("cue_next", "cue_clause", "object", "of_title")


def features(ctx, c: Candidate, others: list[Candidate], r: Regions, span,
             modifier: bool = False, costly: bool = True) -> dict[str, float]:
    f: dict[str, float] = {f"region_{c.region}": 1.0, f"kind_{c.kind}": 1.0}
    rule = getattr(span.speaker, "name", None)
    if c.region != "none":
        f["near"] = 1.0 / (1.0 + c.distance / 40.0)
        rivals = [o for o in others if o.region == c.region and o.kind not in ("rule", "previous")
                  and o.name != c.name and o.distance < c.distance]
        f["nearest"] = 0.0 if rivals else 1.0
        if costly:
            f["cue_next"] = float(_cue_next(ctx, c))
            f["cue_clause"] = float(not f["cue_next"] and _cue_clause(ctx, c, others))
            f["object"] = float(_object(ctx, c))
        f["modifier"] = float(modifier)
        if costly:
            f["of_title"] = float(_of_title(ctx, c))
        f["genitive"] = float(_genitive(ctx, c))
        between = ctx.text[c.end:r.quote_start] if c.end <= r.quote_start else ""
        f["colon"] = float(c.region == "before" and between.rstrip(" \u00a0\n„“\"«»‚‘").endswith(":"))
    if rule and c.kind != "rule" and c.name == rule:
        f["rule_agrees"] = 1.0
    if c.kind != "previous" and c.name and c.name == getattr(ctx.previous_speaker, "name", None):
        f["previous_agrees"] = 1.0
    return f


FEATURES = tuple(f"region_{r}" for r in (*REGIONS, "none")) + tuple(f"kind_{k}" for k in KINDS) + (
    "near", "nearest", "cue_next", "cue_clause", "object", "modifier", "of_title", "genitive", "colon", "rule_agrees", "previous_agrees")
