"""What a recognizer is: something that proposes labelled spans in a text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sluicegate.redaction.spans import Span


class Recognizer(Protocol):
    """Proposes spans of one label; the engine settles overlaps between them."""

    label: str
    # Higher wins when two proposals overlap: an e-mail beats the name inside it.
    priority: int

    def find(self, text: str) -> Iterator[Span]:
        """Every span of ``self.label`` in ``text``."""
        ...


@dataclass(frozen=True)
class PatternRecognizer:
    """A regular expression, optionally confirmed by a validator on the match, and
    optionally run only on texts that hold what every match needs (``needs``, a cheap
    search: a postcode after a comma, say), which spares most lines a long pattern."""

    label: str
    priority: int
    pattern: re.Pattern[str]
    validate: Callable[[str], bool] | None = None
    needs: re.Pattern[str] | None = None

    def find(self, text: str) -> Iterator[Span]:
        """Spans of every match that the validator (if any) accepts."""
        if self.needs is not None and not self.needs.search(text):
            return
        for match in self.pattern.finditer(text):
            if self.validate is None or self.validate(match.group()):
                yield Span(match.start(), match.end(), self.label)
