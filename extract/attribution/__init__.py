"""Who said a quote: candidates → features → decision.

``quotes.py`` finds the quotes and the attribution clause around each (the speech cue,
the sentence before, the text after, the parts of a split quote). This package names the
speaker in three steps, each in its own module:

1. ``candidates``: every reference to someone who could have said the quote, in the
   quote's attribution region and its paragraph — person mentions (full names, bare
   surnames resolved to the full name the article gives), pronouns and definite
   descriptions resolved to their antecedent, organisations (a last resort), the speaker
   of the quote just before (a continuation);
2. ``features``: evidence for each candidate — where it stands (after / within / before
   the quote, the sentence before), how far, whether a speech cue is next to it, whether
   it is only the object of the sentence ("über X", "about X", "asked by X", "told X"),
   whether it is a genitive, what kind of reference it is, the punctuation pattern;
3. ``decide``: a weighted sum of the evidence; the best candidate wins, none when the
   best is weak.
"""
from .candidates import Candidate, gather
from .decide import WEIGHTS, THRESHOLD, choose, decide
from .features import describe, features

__all__ = ["Candidate", "gather", "features", "describe", "choose", "decide", "WEIGHTS", "THRESHOLD"]
