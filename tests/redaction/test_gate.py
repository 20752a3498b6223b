"""The contract: below the floor is an error, at or above it passes; engines compared."""

from __future__ import annotations

import pytest

from sluicegate.errors import SluicegateError
from sluicegate.redaction import engines
from sluicegate.redaction.data import CORPUS, HANDWRITTEN
from sluicegate.redaction.errors import EngineError, GateFailed
from sluicegate.redaction.evaluate import load_corpus, score
from sluicegate.redaction.gate import DEFAULT_FLOOR, enforce, evaluate


def test_default_floor_is_the_contract() -> None:
    assert DEFAULT_FLOOR == 0.87


def test_gate_halts_below_the_floor_and_passes_at_it() -> None:
    report = evaluate(HANDWRITTEN)
    with pytest.raises(GateFailed) as caught:
        enforce(report, floor=min(1.0, report.f1 + 0.01))
    assert caught.value.exit_code == 1
    assert f"F1 {report.f1:.4f}" in str(caught.value)
    assert enforce(report, floor=report.f1) is report


@pytest.mark.parametrize("floor", [-0.1, 1.5])
def test_floor_outside_zero_to_one_is_an_input_error(floor: float) -> None:
    with pytest.raises(SluicegateError, match="floor: must be between 0 and 1") as caught:
        enforce(evaluate(HANDWRITTEN), floor)
    assert caught.value.exit_code == 2


def test_unknown_engine_lists_the_choices() -> None:
    with pytest.raises(EngineError, match="engine 'spacy-lg': unknown; choose one of .*rules"):
        engines.get("spacy-lg")


def test_engine_by_module_path() -> None:
    engine = engines.get("tests.redaction.helpers:FindsNothing")
    assert engine.name == "finds-nothing"
    with pytest.raises(EngineError, match="has no 'Nope'"):
        engines.get("tests.redaction.helpers:Nope")


@pytest.mark.parametrize("corpus", [CORPUS, HANDWRITTEN], ids=["synthetic", "handwritten"])
def test_default_engine_meets_the_floor_on_the_committed_corpora(corpus) -> None:
    report = evaluate(corpus)
    assert report.f1 >= DEFAULT_FLOOR, f"{corpus}: rules F1 {report.f1:.4f}"


def test_default_is_the_better_candidate() -> None:
    pytest.importorskip("presidio_analyzer")
    for corpus in (CORPUS, HANDWRITTEN):
        examples = load_corpus(corpus)
        rules = score(engines.get("rules"), examples).f1
        presidio = score(engines.get("presidio"), examples).f1
        assert rules > presidio, f"{corpus}: rules {rules:.4f}, presidio {presidio:.4f}"
