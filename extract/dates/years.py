"""Calendar helpers and the publication reference: parsing the publication date (a day, a
month or only a year), the nearest year of a year-less date, two-digit years."""
from __future__ import annotations

from datetime import date, timedelta

def _parse_published(published: str | None) -> date | None:
    """The publication day; None when missing, unreadable or outside 1800-2199."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    return day if 1800 <= day.year <= 2199 else None


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
