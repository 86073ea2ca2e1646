"""Step 1: everyone who could have said a quote.

A ``Candidate`` is one reference in the text (or the speaker of the quote before) with
the region it stands in relative to the quote:

- ``after``: the rest of the quote's sentence after its closing mark ("…,” said X.");
- ``within``: between the parts of a split quote ("A,” X said. “B");
- ``before``: the quote's own sentence before its opening mark ("X sagte: „…“"), or the
  last sentence of the paragraph before when that ends with a colon;
- ``context``: the sentence before that, in the same paragraph (or the paragraph before
  when the quote opens its paragraph), for a quote standing as its own sentence.

References are person mentions (the parse's PER mentions and capitalised names), bare
surnames resolved to the full name the article gives, pronouns and definite descriptions
resolved to their antecedent, organisations, and the speaker the clause rules of
``quotes.py`` read from the attribution clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..quotes_lexicon import TITLE_ABBREVIATIONS
from ..quotes_patterns import _DESCRIPTION

REGIONS = ("after", "next", "within", "before", "context")
_PRONOUN = re.compile(
    r"(?<!\w)(he|she|his|her|er|sie|sein|seine|seinem|seinen|seiner|ihr|ihre|ihrem|ihren|ihrer"
    r"|il|elle)(?![\w\-])", re.I)
_SUBJECT_PRONOUNS = {"he", "she", "er", "sie", "il", "elle"}
_POSSESSIVES = {"his", "her", "sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem",
                "ihren", "ihrer"}
_MAX_CANDIDATES = 40


@dataclass(slots=True)
class Candidate:
    speaker: object  # the quote finder's _Speaker (name, role, organisation, entity id)
    kind: str  # name | surname | bare | pronoun | possessive | description | org | rule | previous
    region: str  # after | within | before | context | none
    start: int = -1
    end: int = -1
    distance: int = 0  # characters between the reference and the quote's nearest mark
    person: object = None  # the finder's _Person a name or surname refers to (role read late)

    @property
    def name(self) -> str | None:
        return getattr(self.speaker, "name", None)


@dataclass(slots=True)
class Regions:
    spans: dict  # region -> list of (start, end)
    quote_start: int
    quote_end: int


def _after_or_next(ctx, span, after_end: int) -> str:
    """ "after" when the text after the closing mark continues the quote's sentence ("…,”
    said X", "…!” she cried", "…“, sagte X"), or is a short sentence naming the speaker
    ("…” Barkley said."); "next" when the quote ended its sentence and a new one starts
    ("…beteiligen.“ Der französische Premierminister X erklärte, …")."""
    text = ctx.text
    content = text[span.parts[-1][0]:span.parts[-1][1]].rstrip()
    after = text[span.close_end:after_end]
    if not re.search(r"[.!?…]$", content) or re.match(r"[\s\u00a0]*[,;:–—\-(]", after):
        return "after"
    first = re.match(r"[\s\u00a0]*(\S+)", after)
    if first and first.group(1)[:1].islower():
        return "after"
    short = len(after.split()) <= 7 and ctx.verb.search(after) is not None
    return "after" if short else "next"


def regions(ctx, span) -> Regions:
    """The stretches of text around ``span`` where its speaker may be named."""
    text = ctx.text
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in REGIONS}
    para_start = ctx._paragraph_start(span.open_start)
    window = 300
    # after: to the end of the sentence the closing mark ends in (the finder's estimate)
    if span.closed:
        after_end = span.after_end if span.after_end > span.close_end else ctx._sentence_end(
            span.close_end, min(len(text), ctx._paragraph_end(span.close_end), span.close_end + window))
        if after_end > span.close_end:
            out[_after_or_next(ctx, span, after_end)].append((span.close_end, after_end))
    for (_, e), (s, _) in zip(span.parts, span.parts[1:]):
        out["within"].append((e, s))
    before_start = ctx._sentence_start(span.open_start, max(para_start, span.open_start - window))
    if before_start < span.open_start and text[before_start:span.open_start].strip(" \u00a0\n"):
        out["before"].append((before_start, span.open_start))
        context_end = before_start
    else:
        context_end = before_start
        if before_start == para_start and para_start > 0:
            end = ctx._text_end_before(para_start)
            start = ctx._sentence_start(end - 1, max(0, ctx._paragraph_start(end - 1), end - window))
            if text[end - 1:end] == ":":
                out["before"].append((start, end))
                context_end = start
            else:
                out["context"].append((start, end))
                context_end = None
    if context_end is not None and context_end > para_start:
        start = ctx._sentence_start(context_end - 1, max(para_start, context_end - window))
        out["context"].append((start, context_end))
    return Regions(out, span.parts[0][0], span.parts[-1][1])


def _distance(ref_start: int, ref_end: int, r: Regions) -> int:
    if ref_end <= r.quote_start:
        return r.quote_start - ref_end
    if ref_start >= r.quote_end:
        return ref_start - r.quote_end
    return 0


def gather(ctx, span, previous_speaker=None) -> tuple[list[Candidate], Regions]:
    """The candidates for ``span``'s speaker, and the regions they were looked for in."""
    reg = regions(ctx, span)
    found: list[Candidate] = []
    for region, stretches in reg.spans.items():
        for a, b in stretches:
            found.extend(_references(ctx, span, region, a, b, reg))
    if span.speaker is not None and (_rule_pick_plausible(ctx, span.speaker) or any(
            c.kind == "bare" and c.name == span.speaker.name for c in found)):
        found.append(Candidate(span.speaker, "rule", "none"))
    if previous_speaker is not None:
        found.append(Candidate(previous_speaker, "previous", "none"))
    return found[:_MAX_CANDIDATES], reg


_FUNCTION_WORD_BEFORE = re.compile(r"(?<!\w)(\w+)[\s\u00a0]+$")


def _may_be_bare_name(ctx, run, name: str, start: int) -> bool:
    """A single capitalised word nobody named in full may still be a speaker ("Cruz
    said"), if it is the whole capitalised run and no article, determiner or preposition
    comes before it (German capitalises every noun: "aus Vereinskreisen")."""
    if ctx._word_kind(name) != "name" or not all(
            ctx._is_role_word(w) for w, s, _ in run.words if s < start):
        return False  # the whole run, or a title and the name: "Bundesinnenminister Schily"
    if name.lower() in TITLE_ABBREVIATIONS or ctx.text[start + len(name):start + len(name) + 1] == ".":
        return False  # "Rep. Bobby Scott", "Struck.Gleichzeitig": a title, or words glued at a stop
    m = _FUNCTION_WORD_BEFORE.search(ctx.text, max(0, start - 20), start)
    if m and m.group(1)[0].islower() and not ctx.verb.fullmatch(m.group(1)):
        return False
    # Once the parse ran, a capitalised word opening a sentence that it did not call a
    # person is an ordinary word ("Ähnlich äußerte sich …", "Asked by …").
    return not (ctx.parsed and start == run.start
                and re.search(r"(?:^|[.!?:]\s+|\n\s*)[„“\"«‚‘]?$", ctx.text[max(0, start - 4):start]))


def _rule_pick_plausible(ctx, speaker) -> bool:
    """The clause rules read a name from capitalisation alone; once the parse ran, a
    single word they call a person must be someone the article names ("Ähnlich" is not)."""
    name = getattr(speaker, "name", None) or ""
    if not ctx.parsed or not getattr(speaker, "is_person", True) or " " in name.strip():
        return True
    return name in ctx.by_name or name in ctx.by_surname


def _references(ctx, span, region: str, a: int, b: int, reg: Regions) -> list[Candidate]:
    text, out = ctx.text, []
    taken: list[tuple[int, int]] = []
    lo, hi = bisect_left(ctx.person_starts, a), bisect_left(ctx.person_starts, b)
    for person in ctx.persons[lo:hi]:
        if person.end > b or ctx._inside_quote(person.start):
            continue
        kind = "name" if person.tokens >= 2 else "surname"
        out.append(Candidate(ctx._bare_person(person), kind, region, person.start, person.end,
                             _distance(person.start, person.end, reg), person))
        taken.append((person.start, person.end))
    for run in ctx.runs[bisect_left(ctx.run_starts, a):bisect_left(ctx.run_starts, b)]:
        if run.end > b or ctx._inside_quote(run.start):
            continue
        found = ctx._name_in_run(run)
        if not found or found[3] != 1 or any(s <= found[1] < e for s, e in taken):
            continue
        name, start, end, _ = found
        person = ctx._full_name(name, start)
        if person is None and name.endswith("s"):
            person = ctx._full_name(name[:-1], start)  # German genitive: "Worte Armstrongs"
        if person is not None:
            out.append(Candidate(ctx._bare_person(person), "surname", region, start, end,
                                 _distance(start, end, reg), person))
        elif _may_be_bare_name(ctx, run, name, start):
            speaker = ctx._bare_speaker(name, start, end)
            out.append(Candidate(speaker, "bare", region, start, end, _distance(start, end, reg)))
        taken.append((start, end))
    for m in _PRONOUN.finditer(text, a, b):
        if ctx._inside_quote(m.start()) or any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group(1).lower()
        if word in ("sie", "ihr", "ihre") and ctx.language not in (None, "de"):
            continue
        if word not in ctx.pronouns and word not in _POSSESSIVES:
            continue  # a subject pronoun of another language ("er" in English text)
        speaker = ctx._resolve_pronoun(m.start(), word)
        if speaker is not None:
            kind = "pronoun" if word in _SUBJECT_PRONOUNS else "possessive"
            out.append(Candidate(speaker, kind, region, m.start(), m.end(),
                                 _distance(m.start(), m.end(), reg)))
    for m in _DESCRIPTION.finditer(text, a, b):
        if ctx._inside_quote(m.start()):
            continue
        described = ctx._person_description(m)
        speaker = ctx._described_person(described, span.open_start) if described else None
        if speaker is not None:
            out.append(Candidate(speaker, "description", region, m.start(), m.end(),
                                 _distance(m.start(), m.end(), reg)))
    for org in ctx.orgs[bisect_left(ctx.org_starts, a):bisect_left(ctx.org_starts, b)]:
        if org.end <= b and not ctx._inside_quote(org.start) and not any(
                s <= org.start < e for s, e in taken):
            out.append(Candidate(ctx._org_speaker(org), "org", region, org.start, org.end,
                                 _distance(org.start, org.end, reg)))
    return out
