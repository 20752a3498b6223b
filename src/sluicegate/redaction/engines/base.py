"""The engine interface every redaction engine meets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from sluicegate.redaction.spans import Span


@runtime_checkable
class Engine(Protocol):
    """Finds personal data in one text at a time.

    ``find`` returns non-overlapping spans labelled with the contract's labels
    (``sluicegate.redaction.spans.LABELS``), sorted by start.
    """

    name: str

    def find(self, text: str) -> list[Span]:
        """The labelled spans of personal data in ``text``."""
        ...


def find_many(engine: Engine, texts: Sequence[str]) -> Iterator[list[Span]]:
    """``engine.find`` over ``texts`` in order, through the engine's own batched
    ``find_many`` when it has one (the model engines batch through spaCy's
    ``nlp.pipe``, several times faster than one text at a time)."""
    batched = getattr(engine, "find_many", None)
    return iter(batched(texts)) if callable(batched) else map(engine.find, texts)


def resolve_overlaps(candidates: Iterable[tuple[int, Span]]) -> list[Span]:
    """Keep the best of overlapping ``(priority, span)`` proposals, sorted by start.

    Higher priority wins, then the longer span, then the earlier one: an
    e-mail address beats the name inside it, a full address beats the date-like
    digits inside it.
    """
    ranked = sorted(candidates, key=lambda c: (-c[0], -(c[1].end - c[1].start), c[1].start))
    kept: list[Span] = []
    for _, span in ranked:
        if not any(span.overlaps(other) for other in kept):
            kept.append(span)
    return sorted(kept)
