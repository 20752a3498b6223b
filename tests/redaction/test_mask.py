"""Masking never writes out text that any span covers, even when spans overlap."""

from __future__ import annotations

from sluicegate.redaction import mask
from sluicegate.redaction.spans import Span

TEXT = "Jane Smith 0412 345 678"


def test_each_span_becomes_its_label() -> None:
    spans = [Span(11, 23, "PHONE"), Span(0, 10, "PERSON")]
    assert mask(TEXT, spans) == "[PERSON] [PHONE]"


def test_nested_and_crossing_spans_do_not_leak() -> None:
    nested = [Span(0, 10, "PERSON"), Span(2, 4, "DATE")]
    assert mask(TEXT, nested) == "[PERSON] 0412 345 678"
    crossing = [Span(0, 6, "PERSON"), Span(5, 15, "PHONE")]
    assert mask(TEXT, crossing) == "[PERSON] 345 678"


def test_no_spans_leaves_the_text() -> None:
    assert mask(TEXT, []) == TEXT
