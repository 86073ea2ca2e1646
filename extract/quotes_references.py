"""Who a reference stands for: a pronoun ("she", "er", "sein") the last person named
before it whose gender agrees, a definite description ("the 24-year-old", "der Kapitän",
"la Niçoise") the person whose stated age or role it repeats, a bare surname the full
name the article gives."""
from __future__ import annotations

import functools
import re
from bisect import bisect_left

from .quotes_lexicon import (
    FEMALE_FIRST_NAMES,
    FEMALE_ROLE_WORDS,
    FEMININE_FR_ROLE_ENDINGS,
    MALE_FIRST_NAMES,
    MALE_ROLE_WORDS,
    ORG_HEADS,
    ORG_NAME_WORDS,
    ROLE_STEM_DE,
    ROLE_WORDS_FR,
    UNNAMED_SOURCE_NOUNS,
)
from .quotes_patterns import (
    MAX_REFERENTS,
    WINDOW,
    _AGE_AFTER,
    _AGE_BEFORE,
    _ARTICLE_GENDER,
    _PRONOUN_GENDER,
    _Person,
    _Speaker,
)



@functools.lru_cache(maxsize=1024)
def _described_pattern(noun: str) -> re.Pattern:
    """ "the Kenyan" ending right before a name, up to two words between."""
    return re.compile(rf"(?<!\w){re.escape(noun)}(?:\s+[\w\-]+){{0,2}}\s+$", re.I)



class ReferenceResolver:
    """Resolves later references to the people named. A mixin of ``quotes._QuoteFinder``
    (after ``PeopleIndex``, whose runs and persons it reads)."""

    def _resolve_pronoun(self, pos: int, pronoun: str | None = None) -> _Speaker | None:
        """The person mentioned last before ``pos`` (full name or known surname) whose
        gender, where known, agrees with ``pronoun`` ("she", "er", "sein", "her")."""
        gender = _PRONOUN_GENDER.get(pronoun.lower()) if pronoun else None
        k = bisect_left(self.person_starts, pos) - 1
        best = self.persons[k] if k >= 0 else None
        k = bisect_left(self.run_starts, pos) - 1
        floor = max(best.end if best else 0, pos - 2 * WINDOW)
        while k >= 0 and self.runs[k].start >= floor:
            found = self._name_in_run(self.runs[k])
            if found and found[3] == 1 and not self._inside_quote(found[1]):
                person = self._full_name(found[0], found[1])
                if person:
                    best = person
                    break
            k -= 1
        if best and gender and self._gender(best.name) not in (None, gender):
            best = next((p for p in self._earlier_people(best.start)
                         if self._gender(p.name) in (None, gender)), None)
        return self._speaker_for(best) if best else None

    def _earlier_people(self, pos: int) -> list[_Person]:
        """The distinct people named before ``pos``, the latest first (a bounded number)."""
        seen: dict[str, _Person] = {}
        k = bisect_left(self.person_starts, pos) - 1
        floor = k - 4 * MAX_REFERENTS  # bounded even when one name is repeated many times
        while k >= 0 and k > floor and len(seen) < MAX_REFERENTS:
            seen.setdefault(self.persons[k].name, self.persons[k])
            k -= 1
        return list(seen.values())

    def _gender(self, name: str) -> str | None:
        """ "f" or "m" from the first name, else from the person's role noun; None if unknown."""
        first = name.split()[0].lower()
        if first in FEMALE_FIRST_NAMES:
            return "f"
        if first in MALE_FIRST_NAMES:
            return "m"
        role = self._profile(name)[0]
        return self._role_gender(role.split()[0]) if role else None

    def _role_gender(self, word: str) -> str | None:
        low = word.lower()
        if low in FEMALE_ROLE_WORDS:
            return "f"
        if low in MALE_ROLE_WORDS:
            return "m"
        if self.language in (None, "de"):
            stem = ROLE_STEM_DE.search(low.rsplit("-", 1)[-1])
            if stem:
                return "f" if stem.group(2) in ("in", "innen") else "m"
        if self.language in (None, "fr") and low in ROLE_WORDS_FR:
            if low.endswith(FEMININE_FR_ROLE_ENDINGS):
                return "f"
            return None if low.endswith("e") else "m"  # "capitaine", "ministre": either
        return None

    def _person_description(self, match: re.Match | None) -> re.Match | None:
        """``match`` if it describes a person: not "the IOC", "the company", "der Verband"."""
        noun = match.group(3) if match else None
        if noun and not self._is_role_word(noun) and (
            self._word_kind(noun) == "org" or noun.lower() in ORG_HEADS
            or noun.lower() in ORG_NAME_WORDS
        ):
            return None
        return match

    def _described_person(self, description: re.Match, pos: int) -> _Speaker | None:
        """The person a definite description before ``pos`` stands for, when that is clear:
        the one whose stated age or role it repeats, the one it was used for before, else
        the only earlier person of its grammatical gender or the last one named in the
        quote's paragraph; None otherwise."""
        article, age, noun = description.group(1).lower(), description.group(2), description.group(3)
        if noun and noun.lower() in UNNAMED_SOURCE_NOUNS:
            # "said the spokesperson": someone named with that title, else nobody
            named = [p for p in self._earlier_people(pos) if self._has_role(p.name, noun.lower())]
            self.unnamed_source = not named
            return self._speaker_for(named[0]) if named else None
        gender = _ARTICLE_GENDER.get(article) if self.language != "en" else None
        if noun and not gender:
            gender = self._role_gender(noun)
        candidates = [p for p in self._earlier_people(pos)
                      if gender is None or self._gender(p.name) in (None, gender)]
        if age:
            stated = {p.name: self._stated_ages(p.name) for p in candidates}
            matches = [p for p in candidates if age in stated[p.name]]
            if not matches and not any(stated.values()):
                matches = candidates[:1]  # no ages given: the person just named
        else:
            low = noun.lower()
            # A role or a description naming the noun elsewhere: the noun occurs again.
            elsewhere = self.lowered.count(low) > 1
            matches = elsewhere and ([p for p in candidates if self._has_role(p.name, low)] or [
                p for p in candidates if self._described_as(p.name, low)])
            if not matches and candidates and self._may_stand_for_anyone(noun) and (
                (len(candidates) == 1 and pos - candidates[0].start <= 2 * WINDOW)
                or self._paragraph_start(candidates[0].start) == self._paragraph_start(pos)
            ):
                matches = candidates[:1]  # the only one, or the one just named
        return self._speaker_for(matches[0]) if matches else None

    def _may_stand_for_anyone(self, noun: str) -> bool:
        """Whether a description with no stated match may go to the person just named: a
        title ("the captain") or a demonym ("la Niçoise"), not "der Oberst"."""
        if self._is_role_word(noun):
            return True
        return self.language != "de" and noun[0].isupper()

    def _stated_ages(self, name: str) -> set[str]:
        ages = set()
        for p in self.by_name.get(name, [])[:20]:
            after = _AGE_AFTER.match(self.text, p.end)
            if after:
                ages.add(after.group(1) or after.group(2))
            before = _AGE_BEFORE.search(self.text, max(0, p.start - 20), p.start)
            if before:
                ages.add(before.group(1))
        return ages

    def _has_role(self, name: str, noun: str) -> bool:
        """Whether the person's stated role is ``noun``: "captain", "Trainer" in "Bundestrainer"."""
        if name not in self.profiles and not any(
                noun in self.lowered[max(0, p.start - 130):p.end + 170] for p in self.by_name.get(name, [])[:20]):
            return False  # a role is read next to a mention: the noun is not there
        role = (self._profile(name)[0] or "").lower()
        return bool(role) and (noun in role.split() or role.split()[-1].endswith(noun))

    def _described_as(self, name: str, noun: str) -> bool:
        """Whether ``noun`` describes a mention of the person: "the Kenyan Grace Wanjiru"."""
        described = _described_pattern(noun)
        for p in self.by_name.get(name, [])[:20]:
            if described.search(self.text, max(self._paragraph_start(p.start), p.start - 60), p.start):
                return True
        return False

    def _speaker_for(self, person: _Person, local: tuple | None = None) -> _Speaker:
        role, org = local if local and (local[0] or local[1]) else self._profile(person.name)
        return _Speaker(person.name, role, org, person.entity_id)

    def _people_in(self, a: int, b: int) -> dict[str, _Person]:
        """The people named in text[a:b] by full name, or by a known surname that speaks
        there ("Falk räumte Fehler ein", "“…,” Wilgus clarifies")."""
        names = {p.name: p for p in self.persons[bisect_left(self.person_starts, a):
                                                  bisect_left(self.person_starts, b)]}
        for run in self.runs[bisect_left(self.run_starts, a):bisect_left(self.run_starts, b)]:
            found = self._name_in_run(run)
            if found and found[3] == 1 and found[2] <= b and (
                self.verb.match(self.text, self._skip_space(found[2]))
                or re.search(r"[”“\"»«]\s*,?\s*$", self.text[max(0, found[1] - 5):found[1]])
            ):
                person = self._full_name(found[0], found[1])
                if person:
                    names.setdefault(person.name, person)
        return names
