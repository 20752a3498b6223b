"""Redacting whole files: JSON lines with a ``"text"`` field, or plain text lines.

The first non-blank line decides the format: an object with a string ``"text"``
makes the file JSON lines, and every line must then be one (other fields are
kept as they are); anything else is read as plain text, one record a line.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sluicegate.redaction.engines import Engine
from sluicegate.redaction.errors import CorpusError
from sluicegate.redaction.policy import Policy
from sluicegate.redaction.redact import mask


@dataclass
class RedactionStats:
    """What a file redaction did: lines read and spans masked per label."""

    lines: int = 0
    spans: Counter[str] = field(default_factory=Counter)


def _is_json_record(line: str) -> bool:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


def redact_lines(
    lines: Iterable[str], engine: Engine, stats: RedactionStats, source: str = "<stdin>",
    policy: Policy | None = None,
) -> Iterator[str]:
    """Yield each line redacted (without its newline), counting into ``stats``.

    ``policy`` (default: every span as ``[LABEL]``) is one object for the whole
    run, so a pseudonym means the same value on every line.
    """
    json_mode: bool | None = None
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            yield line
            continue
        if json_mode is None:
            json_mode = _is_json_record(line)
        stats.lines += 1
        if not json_mode:
            spans = engine.find(line)
            stats.spans.update(span.label for span in spans)
            yield mask(line, spans, policy)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(source, number, f"not JSON: {err.msg} at column {err.colno}") from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise CorpusError(source, number, 'expected an object with a string "text"')
        spans = engine.find(record["text"])
        stats.spans.update(span.label for span in spans)
        record["text"] = mask(record["text"], spans, policy)
        yield json.dumps(record, ensure_ascii=False)


def redact_file(
    source: Path | str, destination: Path | str, engine: Engine, policy: Policy | None = None
) -> RedactionStats:
    """Write ``source`` redacted to ``destination``; returns what was masked."""
    stats = RedactionStats()
    with open(source, encoding="utf-8") as src, open(destination, "w", encoding="utf-8") as dst:
        dst.writelines(
            line + "\n" for line in redact_lines(src, engine, stats, str(source), policy)
        )
    return stats
