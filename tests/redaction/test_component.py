"""The kfp step, run for real with kfp.local: it redacts when the engine meets the
floor and halts, writing no redacted data, when it does not."""

# No `from __future__ import annotations`: kfp reads the pipeline's live annotations.

import json
import os
from pathlib import Path

import pytest
from kfp import dsl, local

from sluicegate.redaction.component import redact_and_gate
from sluicegate.redaction.data import HANDWRITTEN
from sluicegate.redaction.evaluate import corpus_sha256
from sluicegate.redaction.gate import evaluate

REPO = Path(__file__).resolve().parents[2]
# SubprocessRunner(use_venv=False) runs the step in this venv, which stands in for
# the runtime image; kfp warns because that image is not a stock python one.
pytestmark = pytest.mark.filterwarnings("ignore:You may be attemping:RuntimeWarning")
DATASET = (
    '{"id": 1, "text": "Pt Jane Smith, DOB 12/03/1985, ph 0412 345 678"}\n'
    '{"id": 2, "text": "Obs stable, BP 120/80"}\n'
)


def test_interface_is_stable() -> None:
    """The onboarding pipeline template binds these names and defaults."""
    spec = redact_and_gate.component_spec
    assert spec.name == "redact-and-gate"
    assert {name: i.type for name, i in spec.inputs.items()} == {
        "dataset": "system.Dataset@0.0.1",
        "corpus": "system.Dataset@0.0.1",
        "floor": "Float",
        "engine": "String",
        "label_floors": "Dict",
        "dates": "String",
        "mask_style": "String",
    }
    defaults = {name: i.default for name, i in spec.inputs.items() if i.default is not None}
    assert defaults == {
        "floor": 0.87,
        "engine": "hybrid",
        "label_floors": {"PERSON": 0.9, "ADDRESS": 0.9},
        "dates": "all",
        "mask_style": "label",
    }
    assert {name: o.type for name, o in spec.outputs.items()} == {
        "redacted": "system.Dataset@0.0.1",
        "metrics": "system.Metrics@0.0.1",
    }


def _run(tmp_path: Path, floor: float, engine: str, label_floors: dict | None = None) -> None:
    """Run a one-step pipeline over DATASET, gated on the hand-written corpus."""
    (tmp_path / "data.jsonl").write_text(DATASET, encoding="utf-8")
    root = tmp_path / "root"
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(root))

    @dsl.pipeline(name="redaction-gate-test")
    def pipeline() -> None:
        data = dsl.importer(artifact_uri=str(tmp_path / "data.jsonl"), artifact_class=dsl.Dataset)
        corpus = dsl.importer(artifact_uri=str(HANDWRITTEN), artifact_class=dsl.Dataset)
        redact_and_gate(
            dataset=data.output, corpus=corpus.output, floor=floor, engine=engine,
            label_floors=label_floors if label_floors is not None else {"ADDRESS": 0.9},
        )

    pipeline()


def _task_dir(tmp_path: Path) -> Path:
    """The step's output folder of the one run under the pipeline root."""
    (run,) = (tmp_path / "root").iterdir()
    return run / "redact-and-gate"


@pytest.mark.slow
def test_component_redacts_and_reports_when_above_the_floor(tmp_path) -> None:
    _run(tmp_path, floor=0.87, engine="rules")
    task = _task_dir(tmp_path)
    lines = [json.loads(line) for line in (task / "redacted").read_text().splitlines()]
    assert lines == [
        {"id": 1, "text": "Pt [PERSON], DOB [DATE], ph [PHONE]"},
        {"id": 2, "text": "Obs stable, BP 120/80"},
    ]
    written = json.loads((task / "metrics").read_text())
    logged = json.loads((task / "executor_output.json").read_text())
    (artifact,) = logged["artifacts"]["metrics"]["artifacts"]
    assert written == artifact["metadata"], "file and logged metrics differ"
    assert written["engine"] == "rules"
    assert written["engine_version"].startswith("rules/sluicegate-")
    assert written["corpus_sha256"] == corpus_sha256(HANDWRITTEN)
    assert written["f1"] == pytest.approx(evaluate(HANDWRITTEN, "rules").f1)
    assert written["floor"] == 0.87
    counts = {
        k: written[k] for k in ("redacted_lines", "spans_PERSON", "spans_DATE", "spans_PHONE")
    }
    assert counts == {"redacted_lines": 2, "spans_PERSON": 1, "spans_DATE": 1, "spans_PHONE": 1}


@pytest.mark.slow
@pytest.mark.parametrize(
    "floor, engine",
    [(1.0, "rules"), (0.87, "tests.redaction.helpers:FindsNothing")],
    ids=["floor-above-the-score", "bad-redactor"],
)
def test_component_halts_below_the_floor(tmp_path, monkeypatch, floor: float, engine: str) -> None:
    # The step runs in a subprocess; it finds the test engine through PYTHONPATH.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO / "src"), str(REPO)]))
    with pytest.raises(RuntimeError, match="FAILURE.*Inner task failed.*redact-and-gate"):
        _run(tmp_path, floor=floor, engine=engine)
    task = _task_dir(tmp_path)
    metrics = json.loads((task / "metrics").read_text())
    assert metrics["f1"] < metrics["floor"] == floor, metrics
    assert not (task / "redacted").exists(), "the gate wrote redacted data"
