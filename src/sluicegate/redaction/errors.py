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

    def __init__(self, f1: float, floor: float, engine: str, corpus: str) -> None:
        self.f1 = f1
        self.floor = floor
        super().__init__(
            f"{corpus}: redaction F1 {f1:.4f} with engine {engine!r} is below the floor {floor:.2f}"
        )
