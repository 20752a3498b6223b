"""What the foundation refuses to build, as ``SpecError`` naming file, field and reason.

A ``Platform`` normally comes from ``spec.load``, which already ran every
cross-field rule; but it can also be built or copied in code (``model_copy``
skips validation), and the foundation writes names into a cloud that will not
accept bad ones. So the rules run again here, with the foundation's own on top.
"""

from __future__ import annotations

from sluicegate.errors import SpecError
from sluicegate.names import Names
from sluicegate.spec import rules
from sluicegate.spec.model import Platform


def check(platform: Platform) -> None:
    """Raise ``SpecError`` for the first reason ``platform`` cannot become a foundation."""
    # Cloud Storage refuses bucket names that start with "goog"; the state bucket's
    # name starts with the project ID, which is the field to change. Checked first:
    # the spec's team rules see the same prefix in team bucket names but blame the team.
    bucket = Names.of(platform).state_bucket
    if bucket.startswith("goog"):
        raise SpecError(
            rules.PLATFORM_FILE,
            "project_id",
            f"the state bucket would be named {bucket!r}; bucket names may not start with 'goog'",
        )
    for file, path, reason in rules.check(platform):
        raise SpecError(file, path, reason)
