"""Language identification of cleaned article text (langdetect, seeded).

Run it on the extracted main text, never on the raw page: menus, cookie banners
and the page's ``lang`` attribute (CMS defaults lie) are not evidence.

Short texts (fewer than ``MIN_RELIABLE_CHARS`` characters) still get langdetect's
guess, but its probability is capped at ``LOW_CONFIDENCE`` so callers can tell
"low confidence" guesses apart from real detections.
"""
from __future__ import annotations

import re

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect samples n-grams at random; a fixed seed makes results reproducible.
DetectorFactory.seed = 0

MIN_RELIABLE_CHARS = 60
LOW_CONFIDENCE = 0.5
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
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None, 0.0
    code = best.lang.split("-")[0]  # zh-cn / zh-tw → zh
    probability = float(best.prob)
    if len(sample) < MIN_RELIABLE_CHARS:
        probability = min(probability, LOW_CONFIDENCE)
    return code, round(probability, 4)

