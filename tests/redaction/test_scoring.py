"""Micro F1, exact and partial, against counts worked out by hand; corpus errors."""

from __future__ import annotations

import pytest

from sluicegate.errors import SluicegateError
from sluicegate.redaction.errors import CorpusError
from sluicegate.redaction.evaluate import Example, load_corpus, match_partial, score
from sluicegate.redaction.spans import Span
from tests.redaction.helpers import FixedEngine, write_jsonl

TEXT = "Jane Smith rang 0412 345 678 from Richmond"
JANE = Span(0, 10, "PERSON")
PHONE = Span(16, 28, "PHONE")
SUBURB = Span(34, 42, "ADDRESS")


def _report(predicted: list[Span]):
    example = Example(TEXT, (JANE, PHONE, SUBURB))
    return score(FixedEngine({TEXT: predicted}), [example])


def test_hand_computed_exact_and_partial() -> None:
    predicted = [
        JANE,  # exact hit
        Span(16, 20, "PHONE"),  # right label, boundary short: partial hit only
        Span(34, 42, "PERSON"),  # right range, wrong label: a miss and a false alarm
        Span(11, 15, "DATE"),  # nothing there
    ]
    report = _report(predicted)
    # Exact: tp 1, fp 3, fn 2 -> P 1/4, R 1/3, F1 2*1/(2+3+2) = 2/7.
    exact = report.exact.total
    assert (exact.tp, exact.fp, exact.fn) == (1, 3, 2)
    assert exact.precision == pytest.approx(1 / 4)
    assert exact.recall == pytest.approx(1 / 3)
    assert report.f1 == pytest.approx(2 / 7)
    # Partial: the short phone now counts; tp 2, fp 2, fn 1 -> F1 4/7.
    partial = report.partial.total
    assert (partial.tp, partial.fp, partial.fn) == (2, 2, 1)
    assert partial.f1 == pytest.approx(4 / 7)
    # Per label: PERSON has 1 tp (Jane) and 1 fp (the suburb), no fn -> F1 2/3.
    person = report.exact.by_label["PERSON"]
    assert (person.tp, person.fp, person.fn) == (1, 1, 0)
    assert person.f1 == pytest.approx(2 / 3)
    assert report.exact.by_label["ADDRESS"].recall == 0.0
    assert report.metrics()["f1_PERSON"] == pytest.approx(2 / 3)
    assert "f1_EMAIL" not in report.metrics(), "labels never seen are not reported as perfect"


def test_perfect_and_empty_predictions() -> None:
    assert _report([JANE, PHONE, SUBURB]).f1 == 1.0
    nothing = _report([])
    assert (nothing.f1, nothing.exact.total.recall, nothing.exact.total.precision) == (
        0.0,
        0.0,
        1.0,
    )


def test_partial_matches_each_gold_span_once() -> None:
    gold = [Span(0, 10, "PERSON")]
    halves = [Span(0, 4, "PERSON"), Span(5, 10, "PERSON")]
    counts = match_partial(gold, halves)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)


def _corpus_error(tmp_path, *lines) -> CorpusError:
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    with pytest.raises(CorpusError) as caught:
        load_corpus(path)
    assert isinstance(caught.value, SluicegateError) and caught.value.exit_code == 2
    return caught.value


GOOD = {"text": "Jane", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]}


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        ("[1, 2]", "expected an object, got list"),
        ({"spans": []}, '"text": must be a string'),
        ({"text": "x", "spans": {}}, '"spans": must be a list'),
        ({"text": "x", "spans": ["PERSON"]}, "spans[0]: expected an object"),
        (
            {"text": "Jane", "spans": [{"start": "0", "end": 4, "label": "PERSON"}]},
            "spans[0]: start and end must be integers",
        ),
        (
            {"text": "Jane", "spans": [{"start": True, "end": 4, "label": "PERSON"}]},
            "spans[0]: start and end must be integers",
        ),
        (
            {"text": "Jane", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]},
            "spans[0]: range 0-9 is outside the text (length 4)",
        ),
        (
            {"text": "Jane", "spans": [{"start": 3, "end": 3, "label": "PERSON"}]},
            "spans[0]: start 3 must be less than end 3",
        ),
        (
            {"text": "Jane", "spans": [{"start": 0, "end": 4, "label": "NAME"}]},
            (
                "spans[0]: label 'NAME' is not one of PERSON, EMAIL, PHONE, DATE, ADDRESS, "
                "MEDICARE, IHI, TFN, ABN, URL, IP"
            ),
        ),
        (
            {"text": "Jane", "spans": [GOOD["spans"][0], {"start": 2, "end": 4, "label": "DATE"}]},
            "spans[1]: overlaps PERSON at 0-4",
        ),
    ],
)
def test_bad_line_names_file_line_and_reason(tmp_path, line, reason: str) -> None:
    err = _corpus_error(tmp_path, GOOD, "", line)
    assert str(err) == f"{tmp_path / 'bad.jsonl'}:3: {reason}"


def test_corpus_without_spans_is_refused(tmp_path) -> None:
    err = _corpus_error(tmp_path, {"text": "nothing personal", "spans": []})
    assert "no labelled spans" in str(err)


def test_missing_corpus_is_an_input_error(tmp_path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "absent.jsonl")
