"""The Kubeflow Pipelines step that redacts a dataset and enforces the F1 contract.

Stable interface (the onboarding pipeline template calls it; change it only
with a version note in docs/redaction.md)::

    redact_and_gate(
        dataset: Input[Dataset],    # JSON lines with "text", or plain text lines
        corpus: Input[Dataset],     # labelled corpus, JSON lines (see evaluate.py)
        floor: float = 0.87,        # minimum micro F1, exact span-and-label
        engine: str = "hybrid",     # engine name or module:factory
        label_floors: dict = {"PERSON": 0.9, "ADDRESS": 0.9},  # recall floor per label
        dates: str = "all",         # all | year | birth (redaction policy)
        mask_style: str = "label",  # label | pseudonym
    ) -> (redacted: Output[Dataset], metrics: Output[Metrics])

Version 2 (issue 14): label_floors, dates and mask_style added; the default
engine is ``hybrid``; a generated corpus is refused; metrics record
engine_version and corpus_sha256.

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
    engine: str = "hybrid",
    label_floors: dict = {"PERSON": 0.9, "ADDRESS": 0.9},  # noqa: B006 - kfp needs the literal
    dates: str = "all",
    mask_style: str = "label",
) -> None:
    """Score ``engine`` on ``corpus``; halt below ``floor`` or a label's recall
    floor; else redact ``dataset`` under the ``dates`` and ``mask_style`` policy.

    Metrics: f1, precision, recall and their partial_* variants, f1_<LABEL> and
    recall_<LABEL> per label seen, floor, floor_<LABEL>, lines (of the corpus),
    and after redaction redacted_lines and spans_<LABEL>. The JSON file and the
    artifact's metadata also hold engine, engine_version and corpus_sha256.
    """
    import json

    from sluicegate.redaction import engines
    from sluicegate.redaction.evaluate import corpus_sha256
    from sluicegate.redaction.files import redact_file
    from sluicegate.redaction.gate import check_floor, check_label_floors, enforce, evaluate
    from sluicegate.redaction.policy import Policy

    check_floor(floor)
    label_floors = check_label_floors(label_floors)
    policy = Policy.of(dates, mask_style)
    redactor = engines.get(engine)
    report = evaluate(corpus.path, redactor)
    values: dict[str, float] = {
        **report.metrics(),
        "floor": floor,
        **{f"floor_{label}": value for label, value in sorted(label_floors.items())},
    }
    identity = {
        "engine": engine,
        "engine_version": engines.engine_version(redactor),
        "corpus_sha256": corpus_sha256(corpus.path),
    }

    def publish() -> None:
        # The JSON file outlives a failed step; kfp keeps logged metrics only on success.
        for name, value in values.items():
            metrics.log_metric(name, value)
        metrics.metadata.update(identity)
        with open(metrics.path, "w", encoding="utf-8") as out:
            json.dump({**identity, **values}, out, indent=2, sort_keys=True)

    publish()
    enforce(report, floor, label_floors)

    stats = redact_file(dataset.path, redacted.path, redactor, policy)
    values["redacted_lines"] = stats.lines
    values.update({f"spans_{label}": count for label, count in sorted(stats.spans.items())})
    publish()
    redacted.metadata.update(
        {**identity, "f1": report.f1, "floor": floor, "dates": dates, "mask_style": mask_style}
    )
