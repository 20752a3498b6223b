"""The rule engine's recognizers, one module per family of personal data."""

from __future__ import annotations

from sluicegate.redaction.recognizers import address, contact, dates, identifiers, person
from sluicegate.redaction.recognizers.base import PatternRecognizer, Recognizer

ALL: tuple[Recognizer, ...] = (
    *contact.RECOGNIZERS,
    *identifiers.RECOGNIZERS,
    *dates.RECOGNIZERS,
    *address.RECOGNIZERS,
    *person.RECOGNIZERS,
)

__all__ = ["ALL", "PatternRecognizer", "Recognizer"]
