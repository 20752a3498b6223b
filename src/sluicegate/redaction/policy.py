"""What redaction does with the spans it finds: which dates, and how a span is masked.

Detection and scoring are the same under every policy; the policy decides what
the redacted text keeps. Settings (docs/redaction.md, "Policy"):

- ``dates``: ``all`` masks every date (the default; HIPAA Safe Harbor's "all
  elements of dates ... directly related to an individual", 45 CFR 164.514(b)(2)(i)(C));
  ``year`` masks day and month and keeps a four-digit year (``[DATE] 1985``), as
  Safe Harbor allows; ``birth`` masks only dates announced as a date of birth
  (``DOB``, ``born``, ``date of birth``) and leaves other dates readable.
- ``mask``: ``label`` writes ``[PERSON]``; ``pseudonym`` writes ``[PERSON 3]``,
  the same number for the same value (case and spacing ignored) throughout one
  redaction run, so records about one person stay linkable. The numbering lives
  only in memory: nothing maps a pseudonym back to the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sluicegate.errors import SluicegateError
from sluicegate.redaction.spans import Span

DATES = ("all", "year", "birth")
MASKS = ("label", "pseudonym")
_BIRTH_CUE = re.compile(r"(?i:\b(?:d\.?o\.?b\.?|born|date of birth|birth ?date|b\.)\W{0,3})$")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass
class Policy:
    """One redaction policy; ``Policy.of`` checks the setting values."""

    dates: str = "all"
    mask: str = "label"
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, dates: str = "all", mask: str = "label") -> Policy:
        """A policy, or ``SluicegateError`` naming the setting and its choices."""
        if dates not in DATES:
            raise SluicegateError(f"dates: {dates!r} is not one of {', '.join(DATES)}")
        if mask not in MASKS:
            raise SluicegateError(f"mask: {mask!r} is not one of {', '.join(MASKS)}")
        return cls(dates, mask)

    def keeps(self, text: str, span: Span) -> bool:
        """True when the policy leaves ``span`` in clear (a date not of birth, under ``birth``)."""
        if span.label != "DATE" or self.dates != "birth":
            return False
        return _BIRTH_CUE.search(text, max(0, span.start - 20), span.start) is None

    def replacement(self, text: str, span: Span) -> str:
        """What ``span`` becomes in the redacted text."""
        value = text[span.start : span.end]
        token = span.label
        if self.mask == "pseudonym":
            key = (span.label, " ".join(value.casefold().split()))
            number = self._numbers.setdefault(key, 1 + sum(k[0] == span.label for k in self._numbers))
            token = f"{span.label} {number}"
        out = f"[{token}]"
        if span.label == "DATE" and self.dates == "year":
            year = _YEAR.search(value)
            if year:
                out += f" {year.group()}"
        return out
