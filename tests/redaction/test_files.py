"""Whole-file redaction: JSON lines keep their other fields; plain text stays plain."""

from __future__ import annotations

import json

import pytest

from sluicegate.redaction import engines
from sluicegate.redaction.errors import CorpusError
from sluicegate.redaction.files import redact_file

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
