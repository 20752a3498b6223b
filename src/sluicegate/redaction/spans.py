"""The labels the redactor knows and the span it reports."""

from __future__ import annotations

from dataclasses import dataclass

# The contract's label set, in the order reports list them.
LABELS = (
    "PERSON",
    "EMAIL",
    "PHONE",
    "DATE",
    "ADDRESS",
    "MEDICARE",
    "IHI",
    "TFN",
    "ABN",
    "URL",
    "IP",
)


@dataclass(frozen=True, order=True)
class Span:
    """A labelled character range ``text[start:end]``."""

    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        """True when the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end
