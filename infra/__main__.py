"""The platform program `pulumi up` runs: read the spec named by the stack
configuration and build every component from it (sluicegate.platform.program),
with the root Application pinned to the published apps digest the stack names, or
to the content tag of the rendered tree's apps/ when it names none."""

from pathlib import Path

import pulumi

from sluicegate import spec
from sluicegate.platform import program

HERE = Path(__file__).resolve().parent

# The one place configuration is read; everything below works on the typed spec.
config = pulumi.Config("sluicegate")
spec_path = HERE / (config.get("spec") or "..")
platform = spec.load(spec_path)
root, _ = spec.spec_root(spec_path)
program.build(
    platform,
    gitops_revision=program.pinned_revision(
        config.get("gitopsDigest"), root / platform.argocd.path
    ),
)
