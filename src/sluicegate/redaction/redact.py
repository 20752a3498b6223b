"""Masking: each span becomes its label in brackets, e.g. ``[PERSON]``."""

from __future__ import annotations

from collections.abc import Iterable

from sluicegate.redaction.spans import Span


def mask(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every span replaced by ``[LABEL]``.

    Engines should not return overlapping spans, but a plugged-in one may; the
    cursor never moves backwards, so text inside any span is never written out,
    whatever the overlap. An overlapped span takes the label of the earliest.
    """
    out: list[str] = []
    cursor = 0
    for span in sorted(spans):
        if span.end <= cursor:
            continue
        out.append(text[cursor : max(span.start, cursor)])
        if span.start >= cursor:
            out.append(f"[{span.label}]")
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)
