"""Finding and masking personal data in free text, and scoring how well it is done.

    from sluicegate.redaction import engines, mask
    engine = engines.get("rules")
    mask(text, engine.find(text))   # "Pt [PERSON], DOB [DATE]"

The pipeline step is ``sluicegate.redaction.component.redact_and_gate``; the
contract it enforces is in ``sluicegate.redaction.gate``.
"""

from sluicegate.redaction import engines
from sluicegate.redaction.redact import mask
from sluicegate.redaction.spans import LABELS, Span

__all__ = ["LABELS", "Span", "engines", "mask"]
