"""Committed corpora and word lists of the redaction package."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent

# Regenerate with: sluicegate redaction generate --out <this path> --count 300 --seed 2026
CORPUS = _HERE / "corpus.jsonl"
CORPUS_LINES, CORPUS_SEED = 300, 2026
# Written by hand in styles the generator's templates do not produce: the honest score.
# Lines 1-60 were seen while the rule engine was developed; 61-100 were written after
# its last change and scored once (docs/redaction.md).
HANDWRITTEN = _HERE / "handwritten.jsonl"
