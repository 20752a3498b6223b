"""Calendar dates that name a day: dates of birth, admissions, appointments.

Labelling rule (also the corpus's): numeric dates need day, month and year, so
``1/2`` tablets and ``120/80`` mmHg stay; written months may omit the year
(``3 May``), because a day and month with a name is already identifying. A day and
month in numbers with no year (``26/11``) is a date only after a weekday (``Wed
26/11``) or a word that puts a day in time (``on``, ``from``, ``until``, ``by``), or
after another such date (``12/5 and 19/5``): ``3/12`` (months), ``6/10`` (a pain
score) and ``2/52`` (weeks) stay. The weekday is not part of the span. A day before a
month in Spanish, Portuguese, French, Italian, German or Dutch is a date (``5 de
octubre``, ``14 août``).
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
# Round 7: a day before a month written in Spanish, Portuguese, French, Italian, German
# or Dutch ("5 de octubre", "14 août", "3. März 2024", "12 maart"), in any case; the day
# is needed (a month alone, "mars", "mai", is a word or a name).
_FOREIGN_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre janeiro fevereiro março abril maio junho julho setembro outubro "
    "novembro dezembro janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre gennaio febbraio marzo aprile maggio giugno luglio settembre ottobre "
    "dicembre januar februar märz april juni juli oktober dezember januari februari maart "
    "mei augustus"
).split()
_FOREIGN = re.compile(
    rf"\b{_DAY}\.?\s+(?:de\s+)?(?i:{'|'.join(sorted(set(_FOREIGN_MONTHS), key=len, reverse=True))})"
    rf"(?:\s+(?:de\s+)?{_YEAR})?(?!\w)"
)
_WRITTEN = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?|{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?)(?!\w)"
)

# "on 1/2 tablet", "1/2 strength": a fraction of a dose, not a day.
_SHORT = re.compile(
    r"(?<![\w/.-])(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])(?![\w/]|[.-]\d)"
    r"(?!\s*(?i:tab|cap|pill|puff|dose|strength|of\b|a\b|an\b))"
)
_WEEKDAY = (
    r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|rsday|urday)?\.?"
)
_SHORT_CUE = re.compile(
    rf"(?:\b{_WEEKDAY}|(?i:\b(?:on|from|until|till|by|since|dated|before|after)))\s+$"
)
_SHORT_AND = re.compile(r"\s*(?:,|and|or|&|-|–|to)\s*$")


def _short_dates(text: str) -> Iterator[tuple[int, int]]:
    """Day/month with no year, after a weekday, a time word or another such date."""
    previous_end = -1
    for match in _SHORT.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        chained = previous_end >= 0 and _SHORT_AND.fullmatch(text[previous_end : match.start()])
        if not _real_day(int(match.group(1)), int(match.group(2)), 2024):  # 29/2 is a day
            continue
        if _SHORT_CUE.search(before) or chained:
            previous_end = match.end()
            yield match.start(), match.end()


def _real_day(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric_is_date(match: re.Match[str]) -> bool:
    first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    # Australian day-first, but a US month-first date is still a date of birth; dotted
    # dates are European, day first ("10.20.30" is a version or a server, not a day).
    if match.group(2) == ".":
        return _real_day(first, second, full_year)
    return _real_day(first, second, full_year) or _real_day(second, first, full_year)


@dataclass(frozen=True)
class DateRecognizer:
    """Numeric (d/m/y, m/d/y, ISO), written-month and cued day/month dates."""

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
        for match in _FOREIGN.finditer(text):
            yield Span(match.start(), match.end(), self.label)
        for start, end in _short_dates(text):
            yield Span(start, end, self.label)


RECOGNIZERS = (DateRecognizer(),)
