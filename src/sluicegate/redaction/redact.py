"""Masking: each span becomes its label in brackets, e.g. ``[PERSON]``."""

from __future__ import annotations

from collections.abc import Iterable

from sluicegate.redaction.policy import Policy
from sluicegate.redaction.spans import Span


def mask(text: str, spans: Iterable[Span], policy: Policy | None = None) -> str:
    """``text`` with every span replaced by ``[LABEL]``, or as ``policy`` says.

    Engines should not return overlapping spans, but a plugged-in one may; the
    cursor never moves backwards, so text inside any span is never written out,
    whatever the overlap. An overlapped span takes the label of the earliest.
    """
    out: list[str] = []
    cursor = 0
    for span in sorted(spans):
        if span.end <= cursor:
            continue
        if policy is not None and span.start >= cursor and policy.keeps(text, span):
            continue
        out.append(text[cursor : max(span.start, cursor)])
        if span.start >= cursor:
            out.append(policy.replacement(text, span) if policy else f"[{span.label}]")
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)
