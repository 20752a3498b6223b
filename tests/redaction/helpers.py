"""Small builders shared by the redaction tests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sluicegate.redaction.spans import Span


def found(finder, text: str) -> list[tuple[str, str]]:
    """(label, surface text) of every span ``finder.find`` reports, in order."""
    return [(span.label, text[span.start : span.end]) for span in sorted(finder.find(text))]


def labelled(text: str, *pieces: tuple[str, str]) -> dict:
    """A corpus record whose spans are located by their surface text."""
    spans, cursor = [], 0
    for label, surface in pieces:
        start = text.index(surface, cursor)
        spans.append({"start": start, "end": start + len(surface), "label": label})
        cursor = start + len(surface)
    return {"text": text, "spans": spans}


def write_jsonl(path: Path, records: Iterable[dict | str]) -> Path:
    """Write records (dicts as JSON, strings verbatim) one a line."""
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


@dataclass
class FixedEngine:
    """An engine that answers from a table: text → spans."""

    answers: dict[str, list[Span]]
    name: str = "fixed"

    def find(self, text: str) -> list[Span]:
        return list(self.answers.get(text, []))


class FindsNothing:
    """A redactor that misses everything: loaded by module path, it must fail any gate."""

    name = "finds-nothing"

    def find(self, text: str) -> list[Span]:
        return []
