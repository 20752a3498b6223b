"""Scoring an engine against a labelled corpus.

Corpus: JSON lines, one object a line,
``{"text": "...", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}``.
Two scores sit side by side: exact (start, end and label all equal) is the
contract; partial (same label, ranges overlap, each gold span used once) shows
how much of a miss is a boundary disagreement rather than a leak.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sluicegate.redaction.engines import Engine
from sluicegate.redaction.errors import CorpusError
from sluicegate.redaction.spans import LABELS, Span


@dataclass(frozen=True)
class Example:
    """One corpus line: a text and its gold spans."""

    text: str
    spans: tuple[Span, ...]


def load_corpus(path: Path | str) -> list[Example]:
    """Read and check a corpus; ``CorpusError`` names ``file:line`` and the reason."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as err:
        raise CorpusError(str(path), 0, "no such file") from err
    except UnicodeDecodeError as err:
        raise CorpusError(str(path), 0, f"not UTF-8: {err.reason}") from err
    examples = [
        _parse_line(str(path), number, line)
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]
    if not any(example.spans for example in examples):
        raise CorpusError(str(path), 0, "no labelled spans; a gate on it would pass vacuously")
    return examples


def _parse_line(file: str, number: int, line: str) -> Example:
    def fail(reason: str) -> CorpusError:
        return CorpusError(file, number, reason)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise fail(f"not JSON: {err.msg} at column {err.colno}") from err
    if not isinstance(record, dict):
        raise fail(f"expected an object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise fail('"text": must be a string')
    raw_spans = record.get("spans")
    if not isinstance(raw_spans, list):
        raise fail('"spans": must be a list')
    spans: list[Span] = []
    for i, raw in enumerate(raw_spans):
        where = f"spans[{i}]"
        if not isinstance(raw, dict):
            raise fail(f"{where}: expected an object")
        start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
        # bool is an int subclass; true/false as offsets is a typo, not a position.
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise fail(f"{where}: start and end must be integers")
        if start >= end:
            raise fail(f"{where}: start {start} must be less than end {end}")
        if start < 0 or end > len(text):
            raise fail(f"{where}: range {start}-{end} is outside the text (length {len(text)})")
        if label not in LABELS:
            raise fail(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
        span = Span(start, end, label)
        clash = next((other for other in spans if other.overlaps(span)), None)
        if clash is not None:
            raise fail(f"{where}: overlaps {clash.label} at {clash.start}-{clash.end}")
        spans.append(span)
    return Example(text, tuple(sorted(spans)))


@dataclass
class Counts:
    """True positives, false positives and false negatives, with their ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, as 2tp / (2tp + fp + fn)."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Score:
    """Micro totals and per-label counts under one matching rule."""

    total: Counts = field(default_factory=Counts)
    by_label: dict[str, Counts] = field(
        default_factory=lambda: {label: Counts() for label in LABELS}
    )


@dataclass
class Report:
    """An engine's exact and partial scores on a corpus."""

    engine: str
    corpus: str
    lines: int
    exact: Score
    partial: Score

    @property
    def f1(self) -> float:
        """The contract figure: micro F1 over exact span-and-label matches."""
        return self.exact.total.f1

    def metrics(self) -> dict[str, float]:
        """Flat name → value pairs for pipeline metrics and JSON output."""
        out = {
            "f1": self.exact.total.f1,
            "precision": self.exact.total.precision,
            "recall": self.exact.total.recall,
            "partial_f1": self.partial.total.f1,
            "partial_precision": self.partial.total.precision,
            "partial_recall": self.partial.total.recall,
            "lines": float(self.lines),
        }
        for label, counts in self.exact.by_label.items():
            if counts.tp + counts.fp + counts.fn:
                out[f"f1_{label}"] = counts.f1
        return out


def match_exact(gold: Sequence[Span], predicted: Sequence[Span]) -> Counts:
    """Counts where a prediction is right only if start, end and label all agree."""
    gold_set, predicted_set = set(gold), set(predicted)
    tp = len(gold_set & predicted_set)
    return Counts(tp=tp, fp=len(predicted_set) - tp, fn=len(gold_set) - tp)


def match_partial(gold: Sequence[Span], predicted: Sequence[Span]) -> Counts:
    """Counts where an overlapping prediction of the same label matches, one to one."""
    unused = list(gold)
    tp = 0
    for span in sorted(predicted):
        hit = next((g for g in unused if g.label == span.label and g.overlaps(span)), None)
        if hit is not None:
            unused.remove(hit)
            tp += 1
    return Counts(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


Matcher = Callable[[Sequence[Span], Sequence[Span]], Counts]


def _tally(score: Score, gold: Sequence[Span], predicted: Sequence[Span], match: Matcher) -> None:
    for label in {s.label for s in (*gold, *predicted)}:
        counts = match(
            [s for s in gold if s.label == label], [s for s in predicted if s.label == label]
        )
        score.by_label.setdefault(label, Counts()).add(counts)
        score.total.add(counts)


def score(engine: Engine, examples: Iterable[Example], corpus: str = "<corpus>") -> Report:
    """Run ``engine`` over every example and count matches both ways."""
    exact, partial = Score(), Score()
    lines = 0
    for example in examples:
        predicted = engine.find(example.text)
        _tally(exact, example.spans, predicted, match_exact)
        _tally(partial, example.spans, predicted, match_partial)
        lines += 1
    return Report(engine=engine.name, corpus=corpus, lines=lines, exact=exact, partial=partial)
