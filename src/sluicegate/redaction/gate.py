"""The contract: a redactor below the F1 floor, or below a label's recall floor,
stops the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sluicegate.errors import SluicegateError
from sluicegate.redaction import engines
from sluicegate.redaction.errors import CorpusError, GateFailed
from sluicegate.redaction.evaluate import Report, load_corpus, score
from sluicegate.redaction.spans import LABELS

# The contract floor on micro F1 over exact matches (issue 8).
DEFAULT_FLOOR = 0.87
# Recall floors per label (issue 14): a missed name or address is a leak, and a
# micro F1 carried by e-mails and phone numbers would hide it.
DEFAULT_LABEL_FLOORS: dict[str, float] = {"PERSON": 0.90, "ADDRESS": 0.90}


def check_floor(floor: float, field: str = "floor") -> float:
    """``floor`` if it is between 0 and 1; ``SluicegateError`` otherwise."""
    if not isinstance(floor, int | float) or isinstance(floor, bool) or not 0.0 <= floor <= 1.0:
        raise SluicegateError(f"{field}: must be between 0 and 1, not {floor}")
    return floor


def check_label_floors(label_floors: Mapping[str, float]) -> dict[str, float]:
    """Per-label recall floors, each a known label with a floor between 0 and 1."""
    for label, value in label_floors.items():
        if label not in LABELS:
            raise SluicegateError(
                f"label_floors.{label}: not one of {', '.join(LABELS)}"
            )
        check_floor(value, f"label_floors.{label}")
    return dict(label_floors)


def evaluate(
    corpus: Path | str,
    engine: str | engines.Engine = engines.DEFAULT_ENGINE,
    allow_generated: bool = False,
) -> Report:
    """Score ``engine`` (an engine or its name) on the corpus at ``corpus``.

    A generated corpus is refused unless ``allow_generated`` (tests only).
    """
    redactor = engines.get(engine) if isinstance(engine, str) else engine
    examples = load_corpus(corpus, allow_generated=allow_generated)
    return score(redactor, examples, corpus=str(corpus))


def enforce(
    report: Report,
    floor: float = DEFAULT_FLOOR,
    label_floors: Mapping[str, float] | None = None,
) -> Report:
    """Return ``report`` if it meets ``floor`` and every label's recall floor.

    ``GateFailed`` names the micro F1 and every label below its floor. A floor on
    a label the corpus has no span of is an input error: it would pass vacuously.
    """
    check_floor(floor)
    label_floors = check_label_floors(label_floors or {})
    for label in label_floors:
        if report.gold(label) == 0:
            raise CorpusError(
                report.corpus, 0, f"no {label} spans; its floor in label_floors would pass vacuously"
            )
    below = {
        label: (report.exact.by_label[label].recall, value)
        for label, value in label_floors.items()
        if report.exact.by_label[label].recall < value
    }
    if report.f1 < floor or below:
        raise GateFailed(report.f1, floor, report.engine, report.corpus, below)
    return report
