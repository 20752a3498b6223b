"""A redactor that only finds e-mail addresses: far below the gate's F1 floor.

The end-to-end test runs the team pipeline with ``engine="tests.onboarding.weak_engine:EmailsOnly"``
to show the redaction gate halts the run before training sees any data.
"""

from __future__ import annotations

import re

from sluicegate.redaction.spans import Span

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class EmailsOnly:
    name = "emails-only"

    def find(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
