"""The Kubeflow Pipelines step that redacts a dataset and enforces the F1 contract.

Stable interface (the onboarding pipeline template calls it; change it only
with a version note in docs/redaction.md)::

    redact_and_gate(
        dataset: Input[Dataset],    # JSON lines with "text", or plain text lines
        corpus: Input[Dataset],     # labelled corpus, JSON lines (see evaluate.py)
        floor: float = 0.87,        # minimum micro F1, exact span-and-label
        engine: str = "rules",      # engine name or module:factory
    ) -> (redacted: Output[Dataset], metrics: Output[Metrics])

Order matters: the engine is scored first and the step raises ``GateFailed``
before writing any redacted data, so a failing redactor never hands a
half-redacted dataset downstream. Metrics are logged, and written as JSON to
``metrics.path``, before the gate so the failure can be read.
"""

# No `from __future__ import annotations`: kfp reads the Input/Output types from
# the live annotations, and string annotations break its artifact detection.
import os

from kfp import dsl
from kfp.dsl import Dataset, Input, Metrics, Output

# The runtime image must have sluicegate installed; the platform builds it into
# its registry. Read here, at compile time, so a pipeline can pin its own build.
RUNTIME_IMAGE = os.environ.get("SLUICEGATE_RUNTIME_IMAGE", "sluicegate-runtime:latest")


@dsl.component(base_image=RUNTIME_IMAGE)
def redact_and_gate(
    dataset: Input[Dataset],
    corpus: Input[Dataset],
    redacted: Output[Dataset],
    metrics: Output[Metrics],
    floor: float = 0.87,
    engine: str = "rules",
) -> None:
    """Score ``engine`` on ``corpus``; halt below ``floor``; else redact ``dataset``.

    Metrics: f1, precision, recall and their partial_* variants, f1_<LABEL> per
    label seen, floor, lines (of the corpus), and after redaction redacted_lines
    and spans_<LABEL>.
    """
    import json

    from sluicegate.redaction import engines
    from sluicegate.redaction.files import redact_file
    from sluicegate.redaction.gate import check_floor, enforce, evaluate

    check_floor(floor)
    redactor = engines.get(engine)
    report = evaluate(corpus.path, redactor)
    values: dict[str, float] = {**report.metrics(), "floor": floor}

    def publish() -> None:
        # The JSON file outlives a failed step; kfp keeps logged metrics only on success.
        for name, value in values.items():
            metrics.log_metric(name, value)
        with open(metrics.path, "w", encoding="utf-8") as out:
            json.dump({"engine": engine, **values}, out, indent=2, sort_keys=True)

    publish()
    enforce(report, floor)

    stats = redact_file(dataset.path, redacted.path, redactor)
    values["redacted_lines"] = stats.lines
    values.update({f"spans_{label}": count for label, count in sorted(stats.spans.items())})
    publish()
    redacted.metadata.update({"engine": engine, "f1": report.f1, "floor": floor})
