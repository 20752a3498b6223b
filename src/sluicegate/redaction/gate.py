"""The contract: a redactor below the F1 floor stops the pipeline."""

from __future__ import annotations

from pathlib import Path

from sluicegate.errors import SluicegateError
from sluicegate.redaction import engines
from sluicegate.redaction.errors import GateFailed
from sluicegate.redaction.evaluate import Report, load_corpus, score

# The contract floor on micro F1 over exact matches (issue 8).
DEFAULT_FLOOR = 0.87


def check_floor(floor: float) -> float:
    """``floor`` if it is between 0 and 1; ``SluicegateError`` otherwise."""
    if not 0.0 <= floor <= 1.0:
        raise SluicegateError(f"floor: must be between 0 and 1, not {floor}")
    return floor


def evaluate(corpus: Path | str, engine: str | engines.Engine = engines.DEFAULT_ENGINE) -> Report:
    """Score ``engine`` (an engine or its name) on the corpus at ``corpus``."""
    redactor = engines.get(engine) if isinstance(engine, str) else engine
    return score(redactor, load_corpus(corpus), corpus=str(corpus))


def enforce(report: Report, floor: float = DEFAULT_FLOOR) -> Report:
    """Return ``report`` if its F1 meets ``floor``; raise ``GateFailed`` if not."""
    check_floor(floor)
    if report.f1 < floor:
        raise GateFailed(report.f1, floor, report.engine, report.corpus)
    return report
