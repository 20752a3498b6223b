"""Typed errors of the redaction package; the CLI prints each as one line."""

from __future__ import annotations

from sluicegate.errors import SluicegateError


class CorpusError(SluicegateError):
    """A corpus line that cannot be scored: names ``file:line`` and the reason."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        super().__init__(f"{file}:{line}: {reason}")


class EngineError(SluicegateError):
    """An engine name that does not resolve, or an engine that cannot start."""


class GateFailed(SluicegateError):
    """The redactor scored below the contract floor: the pipeline must stop here."""

    # 1 like a blocking policy finding: the input was valid, the result is not acceptable.
    exit_code = 1

    def __init__(
        self, f1: float, floor: float, engine: str, corpus: str,
        labels: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        self.f1 = f1
        self.floor = floor
        # label -> (recall, floor) for every label below its floor
        self.labels = dict(labels or {})
        below = []
        if f1 < floor:
            below.append(f"F1 {f1:.4f} is below the floor {floor:.2f}")
        below += [
            f"{label} recall {recall:.4f} is below its floor {label_floor:.2f}"
            for label, (recall, label_floor) in self.labels.items()
        ]
        super().__init__(f"{corpus}: redaction with engine {engine!r}: {'; '.join(below)}")
