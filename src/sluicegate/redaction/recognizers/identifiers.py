"""Australian government identifiers, confirmed by their check digits.

A digit run is only reported when its check digit holds: a random 9-digit lab
number passes the TFN check one time in eleven, which is why the generator also
writes look-alike numbers that fail every check, so precision is measured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sluicegate.redaction import checksums
from sluicegate.redaction.spans import Span

# Not glued to other digits, even across one separator: keeps a 9-digit TFN
# pattern from matching the tail of an 11-digit ABN written in groups.
_OPEN = r"(?<!\d)(?<!\d[ -])"
_CLOSE = r"(?![ -]?\d)"
_SEP = r"[ -]?"

# Words that announce an identifier. A number announced as another kind is not
# this kind, even if its check digit happens to hold: "ABN 65788843986" also
# passes the Medicare check with an IRN.
_CUES = {
    "MEDICARE": re.compile(r"\bmedicare\b|\bmcn\b", re.IGNORECASE),
    "IHI": re.compile(r"\bihi\b|healthcare identifier", re.IGNORECASE),
    "TFN": re.compile(r"\btfn\b|tax file", re.IGNORECASE),
    "ABN": re.compile(r"\babn\b|business number", re.IGNORECASE),
}
_CUE_WINDOW = 25


def _announced_as(text: str, start: int) -> str | None:
    """The label whose cue sits nearest before ``start``, if any is close."""
    window = text[max(0, start - _CUE_WINDOW) : start]
    nearest: tuple[int, str] | None = None
    for label, cue in _CUES.items():
        for match in cue.finditer(window):
            if nearest is None or match.end() > nearest[0]:
                nearest = (match.end(), label)
    return nearest[1] if nearest else None


@dataclass(frozen=True)
class IdentifierRecognizer:
    """A digit pattern confirmed by its check digit and not announced as another kind."""

    label: str
    priority: int
    pattern: re.Pattern[str]
    validate: Callable[[str], bool]

    def find(self, text: str) -> Iterator[Span]:
        """Spans whose digits pass the check and whose cue, if any, is this label's."""
        for match in self.pattern.finditer(text):
            if not self.validate(match.group()):
                continue
            announced = _announced_as(text, match.start())
            if announced is None or announced == self.label:
                yield Span(match.start(), match.end(), self.label)


MEDICARE = IdentifierRecognizer(
    label="MEDICARE",
    priority=70,
    # 4-5-1 as printed on the card, IRN after a slash or hyphen, or run together.
    pattern=re.compile(rf"{_OPEN}[2-6]\d{{3}}{_SEP}\d{{5}}{_SEP}\d(?:[/-]?[1-9])?{_CLOSE}"),
    validate=checksums.medicare_valid,
)

IHI = IdentifierRecognizer(
    label="IHI",
    priority=80,
    pattern=re.compile(rf"{_OPEN}8003{_SEP}60\d\d{_SEP}\d{{4}}{_SEP}\d{{4}}{_CLOSE}"),
    validate=checksums.ihi_valid,
)

TFN = IdentifierRecognizer(
    label="TFN",
    priority=60,
    pattern=re.compile(rf"{_OPEN}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_CLOSE}"),
    validate=checksums.tfn_valid,
)

ABN = IdentifierRecognizer(
    label="ABN",
    priority=65,
    pattern=re.compile(rf"{_OPEN}[1-9]\d{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_CLOSE}"),
    validate=checksums.abn_valid,
)

RECOGNIZERS = (IHI, MEDICARE, ABN, TFN)
