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

from sluicegate.redaction.engines import Engine, find_many
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


# Lines handed to the engine at once: spaCy's nlp.pipe batches them.
BATCH_LINES = 256


def redact_lines(
    lines: Iterable[str], engine: Engine, stats: RedactionStats, source: str = "<stdin>",
    policy: Policy | None = None, batch: int = BATCH_LINES,
) -> Iterator[str]:
    """Yield each line redacted (without its newline), counting into ``stats``.

    Lines go to the engine ``batch`` at a time (``engines.find_many``). ``policy``
    (default: every span as ``[LABEL]``) is one object for the whole run, so a
    pseudonym means the same value on every line.
    """
    for chunk in _chunks(_records(lines, source), batch):
        texts = [text for text, _ in chunk if text is not None]
        found = find_many(engine, texts)
        for text, record in chunk:
            if text is None:  # a blank line, kept as it was
                yield record
                continue
            spans = next(found)
            stats.lines += 1
            stats.spans.update(span.label for span in spans)
            masked = mask(text, spans, policy)
            if record is None:
                yield masked
            else:
                record["text"] = masked
                yield json.dumps(record, ensure_ascii=False)


def _records(lines: Iterable[str], source: str) -> Iterator[tuple[str | None, object]]:
    """(text, JSON record or None) per line; (None, the line) for a blank one."""
    json_mode: bool | None = None
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            yield None, line
            continue
        if json_mode is None:
            json_mode = _is_json_record(line)
        if not json_mode:
            yield line, None
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(source, number, f"not JSON: {err.msg} at column {err.colno}") from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise CorpusError(source, number, 'expected an object with a string "text"')
        yield record["text"], record


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
