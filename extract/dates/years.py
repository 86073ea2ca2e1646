"""Calendar helpers and the publication reference: parsing the publication date (a day, a
month or only a year), the nearest year of a year-less date, two-digit years."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta


_MONTH_ONLY = re.compile(r"(\d{4})-(\d{2})(?![\d-])")
_YEAR_ONLY = re.compile(r"(\d{4})(?![\d-])")


@dataclass(frozen=True)
class Reference:
    """The publication date as the rules use it: ``day`` is the day itself, or the middle of
    the month or year when the page gives only that ("2018-09", "2018")."""

    day: date
    precision: str  # day | month | year


def _parse_published(published: str | None) -> Reference | None:
    """The publication reference; None when missing, unreadable or outside 1800-2199."""
    if not published:
        return None
    text = published.strip()
    try:
        reference = Reference(date.fromisoformat(text[:10]), "day")
    except ValueError:
        month, year = _MONTH_ONLY.fullmatch(text[:7] + text[7:8].strip("-T ")), None
        if month is None:
            year = _YEAR_ONLY.fullmatch(text)
        if month and 1 <= int(month[2]) <= 12:
            reference = Reference(date(int(month[1]), int(month[2]), 15), "month")
        elif year:
            reference = Reference(date(int(year[1]), 7, 1), "year")
        else:
            return None
    return reference if 1800 <= reference.day.year <= 2199 else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: date) -> int | None:
    """The year (ref's, the one before or after) that puts month[/day] nearest to ref."""
    best, best_distance = None, None
    for year in (ref.year, ref.year - 1, ref.year + 1):
        if day is None:
            distance = abs((year * 12 + month) - (ref.year * 12 + ref.month)) * 31
        else:
            candidate = _make_date(year, month, day)
            if candidate is None:
                continue
            distance = abs((candidate - ref).days)
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    return best


def _expand_two_digit_year(yy: int, ref: date | None) -> int:
    """'24' -> 2024: the century that puts the year at most 19 years after the publication
    year; without one, 00-69 are 2000-2069 and 70-99 are 1970-1999 (the POSIX rule)."""
    pivot = ref.year + 19 if ref else 2069
    year = pivot // 100 * 100 + yy
    return year - 100 if year > pivot else year


def _week_range(day: date) -> str:
    monday = day - timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _add_months(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1
