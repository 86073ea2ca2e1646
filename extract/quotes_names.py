"""The people a quote finder knows: capitalised runs read around the quotes and the
parse's person mentions, indexed by name and surname (``quotes_references`` resolves
pronouns and descriptions to them)."""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right

from .names import FAMILY_NAMES_FIRST, first_names
from .quotes_lexicon import (
    DETERMINERS,
    NOT_NAME_WORDS,
    ORG_HEADS,
    ORG_NAME_WORDS,
    ROLE_HEADS_EN,
    ROLE_STEM_DE,
    ROLE_WORDS_FR,
)
from .records import Mention
from .quotes_patterns import (
    RUN_LOOKBACK,
    WINDOW,
    _DESCRIPTOR_END,
    _FIRST_NAMES,
    _GERMAN_ARTICLES,
    _PARTICLES,
    _PREPOSITIONS,
    _Person,
    _RUNISH,
    _Run,
    _WORD,
)


@functools.lru_cache(maxsize=1 << 16)
def word_kind(word: str, language: str | None) -> str:
    """What a capitalised word may be in a name run: "role", "org", "stop" (an ordinary
    word), "particle" or "name". A pure function of the word and the language, cached for
    the process: the same words recur in every article."""
    low = word.lower()
    if is_role_word(word, language):
        return "role"
    if (len(word) > 1 and word.isupper()) or "." in word or _DIGIT.search(word) \
            or low in ORG_HEADS or word.endswith(("'s", "’s")):
        return "org"
    if low in NOT_NAME_WORDS or low.rstrip("'’s") in NOT_NAME_WORDS:
        return "stop"
    if word[0].islower():
        return "particle"
    return "name"


@functools.lru_cache(maxsize=1 << 16)
def is_role_word(word: str, language: str | None) -> bool:
    """Whether a word is a job title or role noun in ``language`` (all three when None)."""
    low = word.lower()
    tail = low.rsplit("-", 1)[-1]
    if language in (None, "en") and low in ROLE_HEADS_EN:
        return True
    if language in (None, "de") and ROLE_STEM_DE.search(tail):
        return True
    return language in (None, "fr") and low in ROLE_WORDS_FR


_DIGIT = re.compile(r"\d")


class PeopleIndex:
    """People named in the text. A mixin of ``quotes._QuoteFinder``."""

    # ---- names --------------------------------------------------------------------

    def _runs(self) -> list[_Run]:
        """Runs of capitalised words; lower-case name particles may sit inside."""
        runs: list[_Run] = []
        for a, b in self._windows():
            runs.extend(self._runs_in(a, b))
        return runs

    def _windows(self) -> list[tuple[int, int]]:
        """The stretches around quotes where names matter (attribution looks back at most
        a few hundred characters, surnames further): the rest of a long text is not read."""
        out: list[tuple[int, int]] = []
        for span in self.spans:
            a, b = max(0, span.open_start - RUN_LOOKBACK), min(len(self.text), span.close_end + 2 * WINDOW)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _runs_in(self, a: int, b: int) -> list[_Run]:
        # A cheap regex finds the stretches that may hold a run; the word loop reads them.
        runs: list[_Run] = []
        for m in _RUNISH.finditer(self.text, a, b):
            runs.extend(self._runs_of(m.start(), m.end()))
        return runs

    def _runs_of(self, a: int, b: int) -> list[_Run]:
        stretch = self.text[a:b]
        if stretch.isalnum():  # one plain word (most stretches): nothing to join
            return [_Run(a, b, [(stretch, a, b)])] if stretch[0].isupper() else []
        runs: list[_Run] = []
        current: _Run | None = None
        pending: list[tuple[str, int, int]] = []
        for m in _WORD.finditer(self.text, a, b):
            word, start, end = m.group(1), m.start(1), m.end(1)
            last_end = pending[-1][2] if pending else (current.end if current else -2)
            joined = current is not None and start - last_end == 1 and self.text[last_end] in " \u00a0"
            if word[0].isupper():
                if joined:
                    current.words.extend(pending)
                    current.words.append((word, start, end))
                    current.end = end
                else:
                    current = _Run(start, end, [(word, start, end)])
                    runs.append(current)
                pending = []
            elif joined and len(pending) < 2 and (
                word in _PARTICLES or (pending and word in ("der", "den"))
            ):
                pending.append((word, start, end))
            else:
                current, pending = None, []
        return runs

    def _word_kind(self, word: str) -> str:
        return word_kind(word, self.language)

    def _is_role_word(self, word: str) -> bool:
        return is_role_word(word, self.language)

    def _name_in_run(self, run: _Run) -> tuple[str, int, int, int] | None:
        """The person name a run ends with: (name, start, end, number of words)."""
        if run.start not in self._names:
            self._names[run.start] = self._read_name(run)
        return self._names[run.start]

    def _read_name(self, run: _Run) -> tuple[str, int, int, int] | None:
        words = run.words
        k = len(words)
        while k > 0 and (
            self._word_kind(words[k - 1][0]) in ("name", "particle")
            # a capitalised particle inside a name: "Marie-Amélie Le Fur", "Ursula Von Thun"
            or (words[k - 1][0].lower() in _PARTICLES and k < len(words) and k >= 2
                and self._word_kind(words[k - 2][0]) == "name")
        ):
            k -= 1
        while k < len(words) and words[k][0][0].islower():
            k += 1
        name = words[k:]
        if not name or name[-1][0][0].islower():
            return None
        capitalised = [w for w in name if w[0][0].isupper()]
        before = self._word_before(name[0][1])
        # Three capitalised words usually start with a descriptor ("Sprinter Amara
        # Okafor"); in German, where every noun is capitalised, they nearly always do.
        if len(capitalised) >= 3 and name[0][0].lower() not in _FIRST_NAMES and (
            _DESCRIPTOR_END.search(name[0][0].lower()) or (before or "") in DETERMINERS
            or self.language == "de"
        ):
            name = name[1:]
        return (self.text[name[0][1]:name[-1][2]], name[0][1], name[-1][2],
                sum(1 for w in name if w[0][0].isupper()))

    def _word_before(self, pos: int) -> str | None:
        """The word (lower-case) ending before ``pos``, spaces and an apostrophe between."""
        chunk = self.text[max(0, pos - 30):pos].rstrip()
        if chunk[-1:] in ("'", "’"):
            chunk = chunk[:-1]
        k = len(chunk)
        while k > 0 and (chunk[k - 1].isalnum() or chunk[k - 1] == "_"):
            k -= 1
        return chunk[k:].lower() if k < len(chunk) else None

    def _inside_quote(self, pos: int) -> bool:
        k = bisect_right(self.quoted, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def _persons(self, people: list[Mention]) -> list[_Person]:
        """Multi-word person names outside quotes; PER mentions replace the runs they overlap."""
        mentions = sorted(
            (m for m in people if m.label == "PER" and not self._inside_quote(m.start)),
            key=lambda m: m.start,
        )
        mention_starts = [m.start for m in mentions]
        persons = [
            _Person(m.canonical or m.text, m.start, m.end, len(m.text.split()), entity_id=m.entity_id)
            for m in mentions
        ]
        names = first_names()
        for run in self.runs:
            if len(run.words) < 2 or (self.parsed and not self._may_hold_person(run, names)):
                continue
            found = self._name_in_run(run)
            if not found or found[3] < 2 or self._inside_quote(found[1]):
                continue
            name, start, end, count = found
            if self.parsed and (self._labelled_otherwise(start, end) or (
                    not self._known_first_name(name.split()[0]) and not self._introduced_as_person(start, end))):
                continue
            if count == 2 and self.language == "de" and self._after_german_article(start):
                continue  # "im Viertelfinale Bilanz", "an der Seite von Seidel": nouns
            k = bisect_left(mention_starts, end) - 1
            overlaps = k >= 0 and mentions[k].end > start
            if not overlaps and not self._complement_of_title(start):
                persons.append(_Person(name, start, end, count))
        persons.sort(key=lambda p: p.start)
        return persons

    def _may_hold_person(self, run: _Run, names: frozenset[str]) -> bool:
        """A cheap test before reading a name out of a run, once the parse ran: a known
        first name in it, or a comma, a speech verb or a title around it."""
        if any(w in names or w in FAMILY_NAMES_FIRST or w.lower() in _FIRST_NAMES or "-" in w
               for w, _, _ in run.words):
            return True
        after = self.text[run.end:run.end + 2]
        return after[:1] == "," or bool(self.verb.match(self.text, self._skip_space(run.end))) \
            or self._only_titles(self.text[max(0, run.start - 40):run.start].split(",")[-1])

    def _labelled_otherwise(self, start: int, end: int) -> bool:
        """Whether the parse calls (part of) this run an organisation or a place, or the
        run holds an organisation word ("Brooks Athletic", "Lyon Arena")."""
        for m in self.non_persons:
            if m.start < end and start < m.end:
                # "Tennisprofi Milan Kovac" tagged ORG: a descriptor glued before a name
                # that opens with a known first name does not make the name an organisation
                if not (m.start < start and self._known_first_name(self.text[start:end].split()[0])):
                    return True
        return any(w.lower() in ORG_NAME_WORDS or w.lower() in ORG_HEADS
                   for w in self.text[start:end].split()[1:])

    def _known_first_name(self, word: str) -> bool:
        """ "Bobby", "Frank-Jürgen", "Jae-won" (each part of a hyphenated name known)."""
        names = first_names()
        if word in FAMILY_NAMES_FIRST:
            return True  # a family name given first: "Zhou Mingyu"
        return word in names or all(p in _FIRST_NAMES or p.capitalize() in names
                                    for p in word.lower().split("-"))

    def _introduced_as_person(self, start: int, end: int) -> bool:
        """Whether the text says a capitalised run is a person: a speech verb or a job
        title set off by a comma follows it ("Jae-won Park, Vice President of…, said"), or
        a job title precedes it."""
        if any(m.start < end and start < m.end for m in self.orgs):
            return False  # the parse calls it an organisation
        before = re.search(r"(\w+)\s+$", self.text[max(0, start - 12):start])
        if before and before.group(1).lower() in _PREPOSITIONS:
            return False  # "at Alibaba Cloud": the organisation of a title
        if self.verb.match(self.text, end + len(self.text[end:end + 3]) - len(self.text[end:end + 3].lstrip(" "))):
            return True
        title = re.match(r",\s+(?:the\s+|der\s+|die\s+|le\s+|la\s+)?((?:[\w\-]+\s+){0,2}[\w\-]+)",
                         self.text[end:end + 80])
        if title and any(self._is_role_word(w) for w in title.group(1).split()):
            return True
        title = re.search(r"([\w\-]+)\s+$", self.text[max(0, start - 40):start])
        return bool(title) and self._is_role_word(title.group(1))  # "Medienunternehmer X Y"

    def _after_german_article(self, pos: int) -> bool:
        """Whether a lower-case article or article-bearing preposition ends right before
        ``pos``: German names take none, so the capitalised word after it is a noun."""
        m = re.search(r"(?<!\w)(\w+)\s+$", self.text[max(0, pos - 12):pos])
        return bool(m) and m.group(1) in _GERMAN_ARTICLES

    def _index_persons(self) -> None:
        self.person_starts = [p.start for p in self.persons]
        self.person_at = {p.start: p for p in self.persons}
        self.first_named_ends = {p.end for p in self.persons if p.name.split()[0].lower() in _FIRST_NAMES}
        self.by_name: dict[str, list[_Person]] = {}
        self.by_surname: dict[str, list[_Person]] = {}
        for p in self.persons:
            self.by_name.setdefault(p.name, []).append(p)
            if p.tokens >= 2:
                self.by_surname.setdefault(p.name.split()[-1], []).append(p)
                first = p.name.split()[0]
                if (first in FAMILY_NAMES_FIRST or not self._known_first_name(first)) \
                        and first.lower() not in _PARTICLES:
                    # family name first ("Chen Qigang", "Han Seo-yeon"): "Chen" is the person too
                    self.by_surname.setdefault(first, []).append(p)
        self.surname_starts = {name: [p.start for p in ps] for name, ps in self.by_surname.items()}
        self.profiles: dict[str, tuple[str | None, str | None]] = {}

    def _complement_of_title(self, pos: int) -> bool:
        """Whether a name is the organisation of a title: "chairman of Bridgestone Europe"."""
        m = re.search(r"([\w\-]+)\s+(\w+)['’]?(?:\s+(?:the|der|die|das|dem|den|la|le|les))?\s*$",
                      self.text[max(0, pos - 60):pos])
        return bool(m) and m.group(2).lower() in _PREPOSITIONS and self._is_role_word(m.group(1))

    def _full_name(self, surname: str, pos: int) -> _Person | None:
        """The person a bare surname refers to: the latest earlier full mention, else the first."""
        matches = self.by_surname.get(surname, [])
        k = bisect_left(self.surname_starts[surname], pos) if len(matches) > 1 else int(
            bool(matches) and matches[0].start < pos)
        return matches[k - 1] if k else (matches[0] if matches else None)
