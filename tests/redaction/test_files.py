"""Whole-file redaction: JSON lines keep their other fields; plain text stays plain."""

from __future__ import annotations

import json

import pytest

from sluicegate.redaction import engines, mask
from sluicegate.redaction.errors import CorpusError
from sluicegate.redaction.files import RedactionStats, redact_file, redact_lines

RULES = engines.get("rules")


def test_json_lines_mask_text_and_keep_other_fields(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 7, "text": "Mrs Nguyen on 0412 345 678", "label": 1}) + "\n\n",
        encoding="utf-8",
    )
    stats = redact_file(source, tmp_path / "out.jsonl", RULES)
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {"id": 7, "text": "Mrs [PERSON] on [PHONE]", "label": 1}
    assert lines[1] == "", "blank lines are kept where they were"
    assert (stats.lines, dict(stats.spans)) == (1, {"PERSON": 1, "PHONE": 1})


def test_plain_text_lines(tmp_path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("{curly but not JSON} from admin@example.com\n", encoding="utf-8")
    redact_file(source, tmp_path / "out.txt", RULES)
    assert (tmp_path / "out.txt").read_text() == "{curly but not JSON} from [EMAIL]\n"


def test_json_lines_file_with_a_broken_line_names_it(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "ok"}\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"in.jsonl:2: expected an object with a string \"text\""):
        redact_file(source, tmp_path / "out.jsonl", RULES)


class Counting:
    """An engine that records how it was called: batches through find_many."""

    name = "counting"

    def __init__(self) -> None:
        self.batches: list[int] = []

    def find(self, text: str):
        return RULES.find(text)

    def find_many(self, texts):
        self.batches.append(len(texts))
        return [RULES.find(text) for text in texts]


def test_lines_go_to_the_engine_in_batches_and_come_out_in_order(tmp_path) -> None:
    texts = [f"line {i}: call Mrs Nguyen on 0412 345 678" if i % 3 else "" for i in range(25)]
    engine = Counting()
    out = list(redact_lines([t + "\n" for t in texts], engine, RedactionStats(), batch=4))
    one_by_one = list(redact_lines([t + "\n" for t in texts], RULES, RedactionStats(), batch=1))
    assert out == one_by_one and len(out) == 25
    assert out[1] == "line 1: call Mrs [PERSON] on [PHONE]" and out[0] == ""
    assert engine.batches and max(engine.batches) <= 4 and sum(engine.batches) == 16


def test_the_model_engine_redacts_a_file_batched(tmp_path) -> None:
    hybrid = engines.get("hybrid")
    texts = [f"Seen by Dr Okafor in bed {i}, wife Amara Okafor present." for i in range(300)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    redact_file(source, tmp_path / "out.jsonl", hybrid)
    lines = [json.loads(line)["text"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert lines == [mask(t, hybrid.find(t)) for t in texts]
