"""Generated files match their sources (the Pulumi policy pack is generated per stack
by `sluicegate plan`: tests/policy/test_pack.py)."""

from __future__ import annotations

import re

from sluicegate.policy import generate
from sluicegate.policy.catalogue import POLICIES, controls


def test_generated_files_are_up_to_date() -> None:
    stale = [
        str(path.relative_to(generate.REPO))
        for path, text in generate.generated().items()
        if not path.is_file() or path.read_text() != text
    ]
    assert not stale, f"out of date: {stale}; run `python -m sluicegate.policy.generate`"


def test_catalogue_lists_every_control_once() -> None:
    text = (POLICIES / "controls.yaml").read_text()
    ids = re.findall(r"^- id: (\S+)$", text, re.MULTILINE)
    assert ids == sorted({c.id for c in controls()})
