"""Numeric dates: "03.12.2024", "28/11/2024", "12/25/2024", "10.01.25", "am 31.03.", "on 1/28".

Which number is the day and which the month is decided, in this order, by
1. the text's own unambiguous numeric dates in the same style (dots, or slashes and
   dashes), then in the other style: "13/08" makes "09/08" day-first, "12/25/2024"
   makes "03/04/2024" month-first;
2. the style: dots are day-first;
3. the source: a US (or .gov/.edu/.mil) address is month-first, another country's address
   is day-first;
4. the language: English is month-first, German and French day-first.
A date that is impossible in the chosen order but possible in the other ("12/25/2024",
"13/08") is read the other way round.

Year-less slashed forms ("1/28", "12/8", "le 28/01") are dates only after a word that
introduces a date ("on", "since", "until", "dated", "am", "le", "depuis" ...) or a weekday,
and never when a fraction or ratio word follows ("1/2 of", "3/4 cup", "1/2-inch"), so
fractions, scores, ratios, prices and "24/7" stay out.
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from .patterns import (
    _NUMERIC_DAY_PREPOSITION,
    _VERSION_BEFORE,
    _vocabulary,
    _words_before,
)
from .years import _expand_two_digit_year

_SHORT_CUE = _words_before(
    ("on", "since", "until", "till", "through", "thru", "dated", "updated", "posted",
     "effective", "as of", "starting", "beginning", "ending", "due", "on or before",
     "am", "vom", "bis", "bis zum", "zum", "ab", "seit", "le", "du", "au", "depuis",
     "jusqu'au", "jusqu’au", "dès"))
_FRACTION_AFTER = re.compile(
    r"\s*(?:-\w|[%×x](?!\w)|(?i:of|cups?|inch(?:es)?|in|miles?|pounds?|lbs?|hours?|times|"
    r"shares?|points?|percent|per|mal|des|der|teaspoons?|tablespoons?|oz)\b)")
# Country addresses that write the month first; any other two-letter one writes the day first.
_MONTH_FIRST_REGIONS = {"us", "gov", "mil", "edu", "ph", "fm", "pw", "mh", "as", "gu", "pr",
                        "vi", "um"}
_EITHER_REGIONS = {"ca"}


def region_order(region: str | None) -> str | None:
    """'mdy', 'dmy' or None (unknown) for a URL, host name or bare top-level domain."""
    if not region:
        return None
    host = urlsplit(region).hostname if "//" in region else region.split("/")[0]
    tld = (host or "").rstrip(".").rsplit(".", 1)[-1].lower()
    if tld in _MONTH_FIRST_REGIONS:
        return "mdy"
    if len(tld) == 2 and tld.isalpha() and tld not in _EITHER_REGIONS:
        return "dmy"
    return None


def _style(match: re.Match) -> str:
    return "dot" if match["sep"] == "." else "slash"


class _NumericRules:
    """Numeric dates of ``_Extractor`` (a mixin)."""

    NUMERIC_PATTERNS = ("numeric", "numeric_short")

    def run_numeric(self) -> None:
        dates = []
        for m in self.numeric_found.get("numeric", []):
            if m["y1"] is None and not self.is_german_day_month(m):
                continue
            if m["y1"] and self.prefix(_VERSION_BEFORE, m.start()):
                self.add(m.start(), m.end(), None, "day", "explicit", valid=False)
                continue
            dates.append(m)
        dates += [m for m in self.numeric_found.get("numeric_short", []) if self.is_short_date(m)]
        self.numeric_evidence = {"dot": Counter(), "slash": Counter()}
        for m in dates:
            first, second = int(m["d1"]), int(m["mo1"])
            if first > 12 and 1 <= second <= 12:
                self.numeric_evidence[_style(m)]["dmy"] += 1
            elif second > 12 and 1 <= first <= 12:
                self.numeric_evidence[_style(m)]["mdy"] += 1
        for m in sorted(dates, key=lambda m: m.start()):
            self.on_numeric(m)

    def is_german_day_month(self, m: re.Match) -> bool:
        """German "bis 31.03.", "Mittwoch, 20.08.": a year-less dotted date after a word."""
        return "de" in self.languages and (
            bool(self.prefix(_NUMERIC_DAY_PREPOSITION, m.start()))
            or self.weekday_before(self.day_start(m.start()), m.start()) is not None)

    def is_short_date(self, m: re.Match) -> bool:
        if _FRACTION_AFTER.match(self.text, m.end()):
            return False
        return bool(self.prefix(_SHORT_CUE, m.start())) or self.weekday_before(
            self.day_start(m.start()), m.start()) is not None

    def numeric_order(self, style: str) -> str:
        for evidence in (self.numeric_evidence[style],
                         self.numeric_evidence["slash" if style == "dot" else "dot"]):
            if evidence["dmy"] != evidence["mdy"]:
                return "dmy" if evidence["dmy"] > evidence["mdy"] else "mdy"
        if style == "dot":
            return "dmy"
        return region_order(self.region) or ("mdy" if self.languages == ("en",) else "dmy")

    def on_numeric(self, m: re.Match) -> None:
        first, second, year = int(m["d1"]), int(m["mo1"]), m.groupdict().get("y1")
        order = self.numeric_order(_style(m))
        day, month = (second, first) if order == "mdy" else (first, second)
        if month > 12 and day <= 12 and (m["sep"] != "." or order == "mdy"):
            day, month = month, day  # "12/25/2024", "13/08" the other way round
        start = self.day_start(m.start())
        if year is None:
            self.add_day(start, m, None, month, day)
            return
        year = int(year) if len(year) == 4 else _expand_two_digit_year(int(year), self.ref)
        self.add_day(start, m, year, month, day)

    # --- English dates in German or French text ---------------------------------------
    def on_foreign_mdy(self, m: re.Match) -> None:
        if self.inside_word(m.start()):
            return
        month = _vocabulary(("en",)).months[m["m1"].rstrip(".").lower()]
        self.add_day(m.start(), m, int(m["y1"]), month, int(m["d1"]))

    on_foreign_dmy = on_foreign_mdy
