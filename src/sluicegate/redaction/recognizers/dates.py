"""Calendar dates that name a day: dates of birth, admissions, appointments.

Labelling rule (also the corpus's): numeric dates need day, month and year, so
``1/2`` tablets and ``120/80`` mmHg stay; written months may omit the year
(``3 May``), because a day and month with a name is already identifying.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sluicegate.redaction.spans import Span

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
# Title or upper case only: lower-case "may 3 times" is a verb and a count.
_MONTH = (
    "(?:"
    + "|".join(sorted({v for m in _MONTH_NAMES for v in (m, m.upper())}, key=len, reverse=True))
    + ")"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|[.-]\d)")
_ISO = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d-])")
_WRITTEN = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?|{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?)(?!\w)"
)


def _real_day(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric_is_date(match: re.Match[str]) -> bool:
    first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    # Australian day-first, but a US month-first date is still a date of birth.
    return _real_day(first, second, full_year) or _real_day(second, first, full_year)


@dataclass(frozen=True)
class DateRecognizer:
    """Numeric (d/m/y, m/d/y, ISO) and written-month dates."""

    label: str = "DATE"
    priority: int = 40

    def find(self, text: str) -> Iterator[Span]:
        """Every date span; numeric ones only when they name a real day."""
        for match in _NUMERIC.finditer(text):
            if _numeric_is_date(match):
                yield Span(match.start(), match.end(), self.label)
        for match in _ISO.finditer(text):
            year, month, day = (int(g) for g in match.groups())
            if _real_day(day, month, year):
                yield Span(match.start(), match.end(), self.label)
        for match in _WRITTEN.finditer(text):
            yield Span(match.start(), match.end(), self.label)


RECOGNIZERS = (DateRecognizer(),)
