"""The foundation layer: Terraform JSON, written in Python with CDK Terrain (``cdktn``).

``write(platform, dest)`` synthesizes the stack (``stack.FoundationStack``) and
writes ``dest/main.tf.json``, a folder any Terraform >= 1.5 can ``init``, ``plan``
and ``apply`` in. Each logical entity is one construct in its own module:
project services, organization policies, KMS, network, logs, the VPC Service
Controls perimeter and the state bucket.

CDK Terrain runs its constructs in a node process through jsii. jsii unpacks every
package it loads into a cache the first time (the Google provider's bindings are
large), so the cache is kept in the repository's ``.cache/jsii`` unless the caller
chose another place; both variables must be set before ``cdktn`` is first imported,
which is why they are set here, above every import of a construct module.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def _default_jsii_cache() -> Path:
    # In a checkout the cache sits beside the virtual environment (and is ignored by
    # git); an installed copy has no repository, so it uses the user's cache folder.
    repo = Path(__file__).resolve().parents[3]
    if (repo / "pyproject.toml").is_file():
        return repo / ".cache" / "jsii"
    return Path.home() / ".cache" / "sluicegate" / "jsii"


os.environ.setdefault("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(_default_jsii_cache()))
# Node 20 is past its end of life for jsii, which otherwise prints a banner per process.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from cdktn import App  # noqa: E402 - needs the environment above

from sluicegate.foundation.stack import STACK_ID, FoundationStack  # noqa: E402
from sluicegate.spec.rules import ensure_valid  # noqa: E402
from sluicegate.spec.model import Platform  # noqa: E402

TERRAFORM_FILE = "main.tf.json"

__all__ = [
    "STACK_ID",
    "TERRAFORM_FILE",
    "FoundationStack",
    "count_resources",
    "synth",
    "write",
]


def count_resources(config: dict) -> int:
    """The number of Terraform resources (not data sources) in a synthesized config."""
    return sum(len(by_name) for by_name in config.get("resource", {}).values())


def synth(platform: Platform, *, local_backend: bool = False) -> dict:
    """Synthesize the foundation of ``platform`` and return its Terraform JSON as a dict.

    Raises ``SpecError`` for a platform this layer cannot build.
    """
    ensure_valid(platform)
    with tempfile.TemporaryDirectory(prefix="sluicegate-cdktn-") as outdir:
        app = App(outdir=outdir)
        FoundationStack(app, STACK_ID, platform, local_backend=local_backend)
        app.synth()
        synthesized = Path(outdir) / "stacks" / STACK_ID / "cdk.tf.json"
        return json.loads(synthesized.read_text(encoding="utf-8"))


def write(platform: Platform, dest: Path, *, local_backend: bool = False) -> int:
    """Write the foundation of ``platform`` as ``dest/main.tf.json``; return its resource count.

    ``local_backend`` keeps Terraform state in ``dest/terraform.tfstate`` instead of the
    GCS state bucket (needed for the very first apply, which creates that bucket).
    Raises ``SpecError`` before anything is written if the platform cannot be built.
    """
    config = synth(platform, local_backend=local_backend)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / TERRAFORM_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return count_resources(config)
