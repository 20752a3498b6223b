"""The default engine: this package's recognizers, no model, no network."""

from __future__ import annotations

from dataclasses import dataclass, field

from sluicegate.redaction import recognizers
from sluicegate.redaction.engines.base import resolve_overlaps
from sluicegate.redaction.recognizers.base import Recognizer
from sluicegate.redaction.spans import Span


@dataclass(frozen=True)
class RuleEngine:
    """Runs every recognizer and settles overlaps by priority then length."""

    name: str = "rules"
    recognizers: tuple[Recognizer, ...] = field(default=recognizers.ALL)

    def find(self, text: str) -> list[Span]:
        """Non-overlapping spans from all recognizers, sorted by start."""
        return resolve_overlaps(
            (recognizer.priority, span)
            for recognizer in self.recognizers
            for span in recognizer.find(text)
        )
