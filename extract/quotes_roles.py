"""Role and organisation of a speaker, read from the appositions at a mention or an
earlier one: "Kuo Zhang, President of Alibaba.com", "CSM Group CEO Zak Brown",
"Direktor der Athletenabteilung des IOC", "directrice des Services aux athlètes du CIO"."""
from __future__ import annotations

import re

from .quotes_lexicon import (
    DETERMINERS,
    NOT_NAME_WORDS,
    ORG_HEADS,
    ROLE_HEADS_EN,
    ROLE_MODIFIERS_EN,
)
from .quotes_patterns import (
    _ARTICLES,
    _DOUBLE_MARK_CHARS,
    _FILLERS,
    _FORMER,
    _LISTED_ORG,
    _PREPOSITIONS,
    _RELATIVE_START,
    _is_nationality,
)


_CLAUSE_STOP = re.compile(r"[.;:!?](?=\s)|[" + _DOUBLE_MARK_CHARS + "]")
# the last of them in a stretch, in one match from the end
_LAST_CLAUSE_STOP = re.compile(r"(?s:.*)(?:" + _CLAUSE_STOP.pattern + ")")
_ELIDED_ARTICLES = ("l'", "L'", "l’", "L’")
_AND = re.compile(r"\s(?:und|and|et)\s")


class RoleReader:
    """Role and organisation from appositions. A mixin of ``quotes._QuoteFinder``."""

    def _profile(self, name: str) -> tuple[str | None, str | None]:
        """Role and organisation from the first mention of ``name`` that has them."""
        if name not in self.profiles:
            self.profiles[name] = (None, None)
            for p in self.by_name.get(name, [])[:20]:
                role, org = self._apposition(p.start, p.end)
                if role or org:
                    self.profiles[name] = (role, org)
                    break
        return self.profiles[name]

    # ---- role and organisation ----------------------------------------------------

    def _apposition(self, start: int, end: int) -> tuple[str | None, str | None]:
        """Role and organisation around a name: "IOC President X", "X, Director of Y"."""
        key = (start, end)
        if key not in self._appositions:
            role, org = self._role_before(start)
            after_role, after_org = self._role_after(end)
            self._appositions[key] = (role or after_role, org or after_org)
        return self._appositions[key]

    def _clause_before(self, pos: int) -> tuple[str, bool]:
        """The words before a name that may describe it, and whether a comma sets them
        off ("the IOC's Sports Director, Kit McConnell")."""
        floor = max(self._paragraph_start(pos), pos - 120)
        chunk = self.text[floor:pos]
        stop, verb = _LAST_CLAUSE_STOP.match(chunk), self.last_verb.match(chunk)
        cut = max(stop.end() if stop else 0, verb.end() if verb else 0)
        # "Trainer X (52) und Kapitänin Y": a title after "and" belongs to the next name.
        for m in _AND.finditer(chunk):
            if chunk[:m.start()].rstrip().endswith(")") or floor + m.start() in self.first_named_ends:
                cut = max(cut, m.end())
        chunk = chunk[cut:].rstrip()
        comma_form = chunk.endswith(",")
        if comma_form:
            chunk = chunk[:-1]
        return chunk[chunk.rfind(",") + 1:].strip(), comma_form

    def _role_before(self, pos: int) -> tuple[str | None, str | None]:
        clause, comma_form = self._clause_before(pos)
        words = clause.split()
        if not words or (words[-1].lower() in _PREPOSITIONS and not comma_form):
            return None, None
        # Start at the last article that is not part of a preposition ("de la"), so that
        # "Die Ruderin Hanna Schulte und der Kanute Jan Becker" describes Becker as "Kanute".
        had_article = False
        for k in range(len(words) - 1, -1, -1):
            word = "l" if words[k][:2] in _ELIDED_ARTICLES else words[k].lower()
            genitive = (self.language == "de" and k > 0 and word in ("der", "des")
                        and words[k - 1][:1].isupper())  # "Die Sprecherin der Stiftung X"
            if word in _ARTICLES and not genitive and (k == 0 or words[k - 1].lower() not in _PREPOSITIONS):
                if words[k].lower()[:2] in ("l'", "l’"):
                    words = [words[k][2:]] + words[k + 1:]
                else:
                    words = words[k + 1:]
                had_article = True
                break
        # Adverbs and reflexives between a verb and a title: "freute sich Oberbürgermeister X".
        while words and not self._is_role_word(words[0]) and (
            words[0].lower() in _FILLERS or (self.language == "de" and words[0][0].islower())
        ):
            words = words[1:]
        phrase = _FORMER.sub("", " ".join(words)).strip()
        if not phrase or re.fullmatch(r"\d+-\w+", phrase):  # "die 19-jährige X": an age
            return None, None
        possessive = re.search(r"([A-Z][\w.&\-]*(?:\s[A-Z][\w.&\-]*)*)['’]s(?:\s+(.+))?$", phrase)
        if possessive:  # "Alibaba’s Selina Yuan", "the IOC's Sports Director, Kit McConnell"
            title = possessive.group(2)
            return (title if self._has_role_word(title) else None), possessive.group(1)
        compound = re.fullmatch(r"(\S+)-(\w+)", phrase)
        if compound and self._is_role_word(compound.group(2)) and compound.group(1)[0].isupper():
            return compound.group(2), compound.group(1)
        role, org = self._split_role(phrase)
        if self._has_role_word(role):
            if self.language in (None, "en") and not org:
                return self._english_title(role)
            return role, org
        # A noun after an article describes the person in German and French:
        # "la nageuse Claire Dumont", "die Ruderin Hanna Schulte".
        if had_article and self.language in ("de", "fr") and (len(phrase.split()) == 1 or (comma_form and len(phrase.split()) <= 6)):
            return role, org
        return None, None

    def _english_title(self, phrase: str) -> tuple[str | None, str | None]:
        """ "CSM Group CEO" -> ("CEO", "CSM Group"): the title is the trailing job words."""
        words = phrase.split()
        k = len(words)
        while k > 0 and words[k - 1].lower() in ROLE_HEADS_EN | ROLE_MODIFIERS_EN:
            k -= 1
        title = words[k:]
        if not title or not any(w.lower() in ROLE_HEADS_EN for w in title):
            return phrase, None
        org_words: list[str] = []
        for w in reversed(words[:k]):  # the capitalised words right before the title
            if not (w[0].isupper() or w[0].isdigit() or w == "&"):
                break
            org_words.insert(0, w)
        while org_words and org_words[0].lower() in DETERMINERS:
            org_words = org_words[1:]
        if not org_words:
            return phrase, None  # "two-time Olympian", "associate editorial director": whole
        if _is_nationality(org_words):
            return " ".join(org_words + title), None  # "French President": no organisation
        org = " ".join(org_words) or None
        return " ".join(title), re.sub(r"['’]s$", "", org) if org else None

    def _role_after(self, end: int) -> tuple[str | None, str | None]:
        chunk = self.text[end:min(self._paragraph_end(end), end + 160)]
        word = r"[A-Z][\w&'’\-]*(?:\.[\w&'’\-]+)*"  # dots only inside: "Alibaba.com"
        of = re.match(rf"\s+(?:of|at|from)\s+(?:the\s+)?({word}(?:\s+(?:(?:of|for|and|the|&)\s+)*{word})*)"
                      r"(?=[,.;:]|\s[a-z]|\s*$)", chunk)
        if of and self.language in (None, "en"):
            return None, of.group(1).strip()
        m = re.match(r"\s*,\s*([^,;:!?()\n" + _DOUBLE_MARK_CHARS + r"]{2,140}?)\s*(?=[,;:(]|\.\s|\.$|$)",
                     chunk)
        if not m:
            return None, None
        phrase = m.group(1)
        if _RELATIVE_START.match(phrase):  # "X, qui a été vice-championne": not a title
            return None, None
        verb = self.verb.search(phrase)
        if verb:
            phrase = phrase[: verb.start()]
        phrase = phrase.strip()
        # "X, Head of Partnerships, World Aquatics": the last item is the organisation.
        listed = _LISTED_ORG.match(chunk, m.end())
        if listed and not verb and self._has_role_word(phrase) \
                and not self.verb.search(listed.group(1)):
            return _FORMER.sub("", phrase), listed.group(1).rstrip(".")
        possessive = re.search(r"([A-Z][\w.&\-]*(?:\s[A-Z][\w.&\-]*)*)['’]s\s+(.+)$", phrase)
        if possessive and self._has_role_word(possessive.group(2)):
            return possessive.group(2), possessive.group(1)
        if re.match(r"(?:the\s+)?\w+['’]s\s", phrase):  # "the federation's Secretary General"
            return re.sub(r"^(?:the\s+)?\w+['’]s\s+", "", phrase), None
        words = phrase.split()
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        role, org = self._split_role(_FORMER.sub("", " ".join(words)))
        if not self._has_role_word(role):
            return None, None
        if self.language in (None, "en") and not org:  # "X, LA28 chief operating officer"
            return self._english_title(role)
        return role, org

    def _has_role_word(self, phrase: str | None) -> bool:
        if not phrase:
            return False
        words = re.findall(r"[\w\-]+", phrase)
        if self.language in (None, "en") and any(w.lower() in ROLE_HEADS_EN for w in words):
            return True
        return any(self._is_role_word(w) for w in words)

    def _split_role(self, phrase: str) -> tuple[str, str | None]:
        """ "Director of the IOC Athletes' Department" -> ("Director", "IOC Athletes' Department")."""
        lang = self.language or "en"
        if lang == "de":
            seps = [m for m in re.finditer(r"\s(?:von|vom|der|des|bei|beim)\s", phrase)]
            seps.reverse()
        elif lang == "fr":
            seps = list(re.finditer(r"\s(?:du|de|des|d['’]|chez|à|au|aux)(?:\s|(?<=['’]))", phrase))
        else:
            seps = list(re.finditer(r"\s(?:at|for|with|from)\s", phrase))
            seps.reverse()
            seps += list(re.finditer(r"\s(?:of)\s", phrase))
        candidates = []
        for sep in seps:
            org = re.sub(r"^(?:the|la|le|les|l['’]|der|die|das|dem|den)(?:\s+|(?<=['’]))", "",
                         phrase[sep.end():].strip(), flags=re.I)
            org = self._named_tail(org.rstrip(" .,;"))
            if org in self.place_names:
                return phrase[: sep.start()].strip(), None  # "Olympian from Nigeria": a place
            if self._looks_like_org(org):
                candidates.append((phrase[: sep.start()].strip(), org))
        # A known organisation (the parse's or an acronym) closing the phrase wins over a
        # longer capitalised stretch: "directrice des Services aux athlètes du CIO".
        known = [c for c in candidates if c[1] in self.org_names or re.fullmatch(r"[A-Z0-9]{2,}", c[1])]
        if known:
            return min(known, key=lambda c: len(c[1]))
        if candidates:
            return candidates[0]
        return phrase.strip(), None

    def _named_tail(self, org: str) -> str:
        """ "sportswear label Brooks Athletic" -> "Brooks Athletic": a description of up to
        three lower-case words before a name is not part of the name."""
        if self.language not in (None, "en"):
            return org
        m = re.fullmatch(r"((?:[a-z][\w\-]*\s+){1,3})([A-Z0-9].*)", org)
        return m.group(2) if m else org

    def _looks_like_org(self, org: str) -> bool:
        if not org:
            return False
        first = org.split()[0]
        if len(org.split()) == 1 and org.lower() in NOT_NAME_WORDS:
            return False
        return first[0].isupper() or first[0].isdigit() or first.lower() in ORG_HEADS
