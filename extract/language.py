"""Language identification of cleaned article text (langdetect, seeded).

Run it on the extracted main text, never on the raw page: menus, cookie banners
and the page's ``lang`` attribute (CMS defaults lie) are not evidence.

Short texts (fewer than ``MIN_RELIABLE_CHARS`` characters) still get langdetect's
guess, but its probability is capped at ``LOW_CONFIDENCE`` so callers can tell
"low confidence" guesses apart from real detections. Tiny texts (fewer than
``TINY_LETTERS`` letters: "hello") are capped at ``TINY_CONFIDENCE`` and never get a
rare language when a common one (a word of its short lexicon, or langdetect's runner-up)
fits: langdetect's n-grams call "hello" Finnish.

Per paragraph (``detect_languages``): a cheap screen reads each paragraph's function
words (and script) on a bounded sample. A text whose paragraphs all screen alike gets
one detection on the whole-text sample (exactly ``detect_language``) and one run. Only
when the screen sees two languages, each with enough text, does langdetect run once per
group of like-screened paragraphs (at most ``MAX_DETECTIONS`` calls, each on at most
``GROUP_SAMPLE_CHARS``); runs shorter than ``MIN_RUN_LETTERS`` letters (a caption, a
credit line) or detected without confidence join their larger neighbour, and the
article's language is the word-weighted majority of the runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from .records import LanguageRun

# langdetect samples n-grams at random; a fixed seed makes results reproducible.
DetectorFactory.seed = 0

MIN_RELIABLE_CHARS = 60
LOW_CONFIDENCE = 0.5
TINY_LETTERS = 20
TINY_CONFIDENCE = 0.2
# Languages a tiny text may be given; a rarer guess keeps at most RARE_TINY_CONFIDENCE.
COMMON_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
RARE_TINY_CONFIDENCE = 0.1
# A thousand characters identify a language as well as the whole article (the
# benchmark's language accuracy is unchanged) and keep detection cost constant.
_SAMPLE_CHARS = 1000
_URLS_AND_EMAILS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")


def _sample(text: str) -> str:
    text = _URLS_AND_EMAILS.sub(" ", text)
    if len(text) <= _SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, _SAMPLE_CHARS)
    return text[: cut if cut > 0 else _SAMPLE_CHARS]


def detect_language(text: str) -> tuple[str | None, float]:
    """Return ``(ISO 639-1 code, probability)`` for ``text``, or ``(None, 0.0)``
    when it has no letters. Texts shorter than 60 characters are low confidence:
    their probability is at most 0.5."""
    sample = _sample(text).strip()
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return None, 0.0
    best = guesses[0]
    code = best.lang.split("-")[0]  # zh-cn / zh-tw → zh
    probability = float(best.prob)
    if len(sample) < MIN_RELIABLE_CHARS:
        probability = min(probability, LOW_CONFIDENCE)
    if _letters(sample) < TINY_LETTERS:
        code, probability = _tiny(sample, code, probability, guesses)
    return code, round(probability, 4)


_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _letters(text: str) -> int:
    return len(_NOT_LETTERS.sub("", text))


# Words that name a tiny text's language when langdetect's n-grams cannot ("hello" is
# Finnish to them): greetings, thanks, yes/no and the commonest function words.
_TINY_LEXICON = {
    "en": "hello hi hey thanks thank you welcome yes no please the and of is news photo".split(),
    "de": "hallo danke bitte willkommen ja nein und der die das ist nachrichten foto".split(),
    "fr": "bonjour salut merci bienvenue oui non et le la les est actualités photo".split(),
}
_TINY_WORD = re.compile(r"[^\W\d_]+")


def _tiny(sample: str, code: str, probability: float, guesses) -> tuple[str, float]:
    """A tiny text's language: low confidence always, a common language wherever one
    fits, a rare guess only with ``RARE_TINY_CONFIDENCE`` at most."""
    words = [w.lower() for w in _TINY_WORD.findall(sample)]
    hits = {lang: sum(w in lexicon for w in words) for lang, lexicon in _TINY_LEXICON.items()}
    best = max(hits, key=hits.get)
    if hits[best] and list(hits.values()).count(hits[best]) == 1:
        return best, TINY_CONFIDENCE
    if code in COMMON_LANGUAGES:
        return code, min(probability, TINY_CONFIDENCE)
    for guess in guesses[1:]:
        other = guess.lang.split("-")[0]
        if other in COMMON_LANGUAGES:
            return other, min(float(guess.prob), TINY_CONFIDENCE)
    return code, min(probability, RARE_TINY_CONFIDENCE)



# --- per paragraph -------------------------------------------------------------------------

PARAGRAPH_SEPARATOR = "\n\n"
PARAGRAPH_SAMPLE_CHARS = 300  # screened (and sampled for detection) per paragraph
SCREEN_CHARS = 30_000  # paragraphs starting later are not screened: they inherit
MIN_SCREEN_LETTERS = 40  # shorter paragraphs are not screened: they inherit
MIN_RUN_LETTERS = 120  # a shorter run (a caption, a credit line) joins a neighbour
MIN_RUN_PROBABILITY = 0.8  # so does a run langdetect is unsure of
GROUP_SAMPLE_CHARS = 600
MAX_DETECTIONS = 12

# Function words that tell a paragraph's language apart cheaply. The screen only decides
# whether langdetect needs to look at paragraphs separately; langdetect names them.
_FUNCTION_WORDS = {
    "en": "the and of to is that for with was are this have has from by not be it its at which will "
          "would their they but been were an or who".split(),
    "de": "der die das und ist nicht mit den dem des ein eine einer auch sich auf für von zu im wird "
          "wurde sind bei nach aus oder dass wie noch über hat haben".split(),
    "fr": "le la les et des est une un du dans pour que qui pas sur au avec ce cette sont par plus ont "
          "été il elle nous mais aux ses leur".split(),
    "es": "el los las del y una por con para es se su al lo como más pero sus fue ha este esta".split(),
    "it": "il di che della dei delle è per una con non sono gli alla nel anche come più questo".split(),
    "nl": "de het een van en is niet dat op te voor met zijn ook aan bij als maar wordt er om".split(),
    "pt": "o os as da do das dos que em um uma para com não por mais foi são na no ao pelo".split(),
}
_WORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _word in _words:
        _WORD_LANGUAGES[_word] = _WORD_LANGUAGES.get(_word, ()) + (_lang,)
_WORD = re.compile(r"[^\W\d_]+")
# Scripts other than Latin, each standing for its commonest language when langdetect is
# not asked (over the detection budget).
_SCRIPTS = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
)

_NON_LATIN = re.compile("[" + "".join(p.pattern[1:-1] for p, _ in _SCRIPTS) + "]")


@dataclass
class _Paragraph:
    start: int
    end: int
    letters: int  # both estimated from the sample for long paragraphs
    words: int
    screen: str | None = None  # the screen's language, None = too little to tell
    sample: str = ""


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph of ``text``, blank lines apart."""
    spans = []
    position = 0
    for chunk in text.split(PARAGRAPH_SEPARATOR):
        stripped = chunk.strip()
        if stripped:
            start = position + chunk.index(stripped[0])
            spans.append((start, start + len(stripped)))
        position += len(chunk) + len(PARAGRAPH_SEPARATOR)
    return spans


def _screen(sample: str, letters: int) -> str | None:
    if letters < MIN_SCREEN_LETTERS:
        return None
    if not sample.isascii() and len(_NON_LATIN.findall(sample)) * 2 > min(letters, len(sample)):
        for script, language in _SCRIPTS:
            if len(script.findall(sample)) * 2 > min(letters, len(sample)):
                return language
    counts: dict[str, int] = {}
    for word in _WORD.findall(sample.lower()):
        for language in _WORD_LANGUAGES.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    best, hits = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return best if hits >= 3 and hits >= 2 * second else None


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs = []
    for start, end in paragraph_spans(text):
        sample = text[start : min(end, start + 2 * PARAGRAPH_SAMPLE_CHARS)]
        if "://" in sample or "www." in sample or "@" in sample:
            sample = _sample(sample)
        if len(sample) > PARAGRAPH_SAMPLE_CHARS:
            cut = sample.rfind(" ", 0, PARAGRAPH_SAMPLE_CHARS)
            sample = sample[: cut if cut > 0 else PARAGRAPH_SAMPLE_CHARS]
        letters = _letters(sample)
        words = len(sample.split())
        if sample and end - start > len(sample):  # estimated from the sample
            letters = letters * (end - start) // len(sample)
            words = words * (end - start) // len(sample)
        paragraph = _Paragraph(start, end, letters, words, sample=sample)
        if start < SCREEN_CHARS:
            paragraph.screen = _screen(sample, letters)
        paragraphs.append(paragraph)
    return paragraphs


@dataclass
class _Group:
    paragraphs: list[_Paragraph]
    language: str | None
    probability: float = 0.0

    @property
    def letters(self) -> int:
        return sum(p.letters for p in self.paragraphs)

    @property
    def words(self) -> int:
        return sum(p.words for p in self.paragraphs)


def _absorb_small(groups: list[_Group], small) -> list[_Group]:
    """Merge groups for which ``small(group)`` holds into their larger neighbour, smallest
    first, and neighbours of one language into one group."""
    groups = _merge_alike(groups)
    while len(groups) > 1:
        candidates = [i for i, g in enumerate(groups) if small(g)]
        if not candidates:
            break
        i = min(candidates, key=lambda k: groups[k].letters)
        neighbours = [k for k in (i - 1, i + 1) if 0 <= k < len(groups)]
        into = max(neighbours, key=lambda k: groups[k].letters)
        if into < i:
            groups[into].paragraphs.extend(groups[i].paragraphs)
        else:
            groups[into].paragraphs[:0] = groups[i].paragraphs
        del groups[i]
        groups = _merge_alike(groups)
    return groups


def _merge_alike(groups: list[_Group]) -> list[_Group]:
    merged: list[_Group] = []
    for group in groups:
        if merged and merged[-1].language == group.language:
            previous = merged[-1]
            words = previous.words + group.words
            previous.probability = (
                (previous.probability * previous.words + group.probability * group.words) / words
                if words else max(previous.probability, group.probability)
            )
            previous.paragraphs.extend(group.paragraphs)
        else:
            merged.append(group)
    return merged


def _detect_group(group: _Group) -> None:
    parts, size = [], 0
    for paragraph in group.paragraphs:
        if paragraph.screen is None:
            continue
        parts.append(paragraph.sample)
        size += len(paragraph.sample) + 1
        if size >= GROUP_SAMPLE_CHARS:
            break
    sample = " ".join(parts)[:GROUP_SAMPLE_CHARS]
    language, probability = detect_language(sample)
    if language is not None:
        group.language, group.probability = language, probability


def _single(text: str) -> tuple[str | None, float, list[LanguageRun]]:
    language, probability = detect_language(text)
    spans = paragraph_spans(text)
    if not spans:
        return language, probability, []
    return language, probability, [LanguageRun(spans[0][0], spans[-1][1], language, probability)]


def detect_languages(text: str) -> tuple[str | None, float, list[LanguageRun]]:
    """``(language, probability, runs)`` of a text of paragraphs (``"\n\n"`` apart).

    A single-language text gives ``detect_language(text)`` and one run over all its
    paragraphs. A mixed one gives a run per language change, each with langdetect's
    probability for its paragraphs, and the language of the most words, whose
    probability is scaled by its share of the words (a 60/40 bilingual text is not
    "certainly" either)."""
    paragraphs = _paragraphs(text)
    screened = [p for p in paragraphs if p.screen is not None]
    if len({p.screen for p in screened}) < 2:
        return _single(text)
    # Groups of like-screened paragraphs; an unscreened one belongs to the group before
    # it (the first group when none is before).
    groups: list[_Group] = []
    pending: list[_Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.screen is None:
            (groups[-1].paragraphs if groups else pending).append(paragraph)
            continue
        if groups and groups[-1].language == paragraph.screen:
            groups[-1].paragraphs.append(paragraph)
        else:
            groups.append(_Group(pending + [paragraph], paragraph.screen))
            pending = []

    def screened_letters(group: _Group) -> int:
        return sum(p.letters for p in group.paragraphs if p.screen is not None)

    groups = _absorb_small(groups, lambda g: screened_letters(g) < MIN_RUN_LETTERS)
    if len(groups) < 2:
        return _single(text)
    for rank, group in enumerate(sorted(groups, key=lambda g: -g.letters)):
        if rank < MAX_DETECTIONS:
            _detect_group(group)
        else:
            group.probability = LOW_CONFIDENCE  # the screen's word, not langdetect's
    groups = _absorb_small(
        groups, lambda g: g.letters < MIN_RUN_LETTERS or g.probability < MIN_RUN_PROBABILITY)
    if len(groups) < 2:
        return _single(text)
    runs = [
        LanguageRun(g.paragraphs[0].start, g.paragraphs[-1].end, g.language, round(g.probability, 4))
        for g in groups
    ]
    words: dict[str, int] = {}
    for group in groups:
        words[group.language] = words.get(group.language, 0) + group.words
    language = max(words, key=words.get)
    total = sum(words.values()) or 1
    majority = [g for g in groups if g.language == language]
    mean = sum(g.probability * g.words for g in majority) / (words[language] or 1)
    return language, round(mean * words[language] / total, 4), runs
