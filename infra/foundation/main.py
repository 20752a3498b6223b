"""The foundation as a CDK Terrain app: what `cdktn synth` runs in this folder.

The spec is the repository's example unless SLUICEGATE_SPEC names another
platform.yaml (or its folder); SLUICEGATE_LOCAL_BACKEND=1 keeps state locally, as
`sluicegate synth --local-backend` does. The CLI passes the output folder in
CDKTF_OUTDIR; stage 0 is written to <outdir>/stacks/foundation/cdk.tf.json and, with a
perimeter, stage 2 to <outdir>/stacks/perimeter/cdk.tf.json (`cdktn deploy foundation`,
later `cdktn deploy perimeter`). `sluicegate synth` builds the same stacks without the
CDK Terrain CLI; the app has no manifests, so it writes no webhook firewall rule.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sluicegate import spec
from sluicegate.errors import SpecError
from sluicegate.foundation import PERIMETER_STACK_ID, STACK_ID, FoundationStack, PerimeterStack
from cdktn import App  # after sluicegate.foundation, which sets up jsii

REPO = Path(__file__).resolve().parents[2]


def main() -> int:
    """Synthesize the foundation stages of the chosen spec; a bad spec is one line and exit code 2."""
    try:
        platform = spec.load(os.environ.get("SLUICEGATE_SPEC", REPO))
    except SpecError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    app = App()
    FoundationStack(
        app,
        STACK_ID,
        platform,
        local_backend=os.environ.get("SLUICEGATE_LOCAL_BACKEND", "") not in ("", "0"),
    )
    if platform.vpc_sc:
        PerimeterStack(app, PERIMETER_STACK_ID, platform)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
