"""Australian government identifiers, confirmed by their check digits.

A digit run is only reported when its check digit holds: a random 9-digit lab
number passes the TFN check one time in eleven, which is why the generator also
writes look-alike numbers that fail every check, so precision is measured.
"""

from __future__ import annotations

import re

from sluicegate.redaction import checksums
from sluicegate.redaction.recognizers.base import PatternRecognizer

# Not glued to other digits, even across one separator: keeps a 9-digit TFN
# pattern from matching the tail of an 11-digit ABN written in groups.
_OPEN = r"(?<!\d)(?<!\d[ -])"
_CLOSE = r"(?![ -]?\d)"
_SEP = r"[ -]?"

MEDICARE = PatternRecognizer(
    label="MEDICARE",
    priority=70,
    # 4-5-1 as printed on the card, IRN after a slash or hyphen, or run together.
    pattern=re.compile(rf"{_OPEN}[2-6]\d{{3}}{_SEP}\d{{5}}{_SEP}\d(?:[/-]?[1-9])?{_CLOSE}"),
    validate=checksums.medicare_valid,
)

IHI = PatternRecognizer(
    label="IHI",
    priority=80,
    pattern=re.compile(rf"{_OPEN}8003{_SEP}60\d\d{_SEP}\d{{4}}{_SEP}\d{{4}}{_CLOSE}"),
    validate=checksums.ihi_valid,
)

TFN = PatternRecognizer(
    label="TFN",
    priority=60,
    pattern=re.compile(rf"{_OPEN}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_CLOSE}"),
    validate=checksums.tfn_valid,
)

ABN = PatternRecognizer(
    label="ABN",
    priority=65,
    pattern=re.compile(rf"{_OPEN}[1-9]\d{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_CLOSE}"),
    validate=checksums.abn_valid,
)

RECOGNIZERS = (IHI, MEDICARE, ABN, TFN)
