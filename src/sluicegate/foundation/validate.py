"""What the foundation refuses to build, as ``SpecError`` naming file, field and reason.

A ``Platform`` normally comes from ``spec.load``, which already ran every
cross-field rule; but it can also be built or copied in code (``model_copy``
skips validation), and the foundation writes names into a cloud that will not
accept bad ones. So the spec's rules run again here before anything is synthesized.
"""

from __future__ import annotations

from sluicegate.errors import SpecError
from sluicegate.spec import rules
from sluicegate.spec.model import Platform


def check(platform: Platform) -> None:
    """Raise ``SpecError`` for the first reason ``platform`` cannot become a foundation."""
    for file, path, reason in rules.check(platform):
        raise SpecError(file, path, reason)
