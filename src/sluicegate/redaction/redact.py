"""Masking: each span becomes its label in brackets, e.g. ``[PERSON]``."""

from __future__ import annotations

from collections.abc import Iterable

from sluicegate.redaction.spans import Span


def mask(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every span replaced by ``[LABEL]``; spans must not overlap."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans):
        out.append(text[cursor : span.start])
        out.append(f"[{span.label}]")
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)
