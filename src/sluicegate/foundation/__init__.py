"""The foundation layer: Terraform JSON, written in Python with CDK Terrain (``cdktn``).

``write(platform, dest)`` synthesizes the foundation's root modules and writes each
as ``dest/<folder>/main.tf.json``, a folder any Terraform >= 1.5 can ``init``,
``plan`` and ``apply`` in: ``0-foundation`` (stage 0, ``stack.FoundationStack``)
always, ``2-perimeter`` (stage 2, ``stack.PerimeterStack``, the perimeter enforced)
when the spec has a perimeter. Each logical entity is one construct in its own
module: project services, service identities, organization policies, KMS, network,
egress and webhook firewall rules, logs, Binary Authorization, access levels, the
VPC Service Controls perimeter and the state bucket.

CDK Terrain runs its constructs in a node process through jsii. jsii unpacks every
package it loads into a cache the first time (the Google provider's bindings are
large), so the cache is kept in the repository's ``.cache/jsii`` unless the caller
chose another place; both variables must be set before ``cdktn`` is first imported,
which is why they are set here, in the package every construct module belongs to.

Importing ``cdktn`` starts that node process (about 3.5 s), so this package imports it
only when something is synthesized: ``synth`` imports the stacks when called, and the
stack classes are loaded on first access (``FoundationStack``, ...). Reading the folder
names, ``count_resources`` or the synthesis cache (``cache.py``) costs no node start.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def _default_jsii_cache() -> Path:
    # In a checkout the cache sits beside the virtual environment (and is ignored by
    # git); an installed copy has no repository, so it uses the user's cache folder.
    from sluicegate import kit

    if (kit.ROOT / "pyproject.toml").is_file():
        return kit.ROOT / ".cache" / "jsii"
    return Path.home() / ".cache" / "sluicegate" / "jsii"


os.environ.setdefault("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(_default_jsii_cache()))
# Node 20 is past its end of life for jsii, which otherwise prints a banner per process.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from sluicegate.spec.rules import ensure_valid  # noqa: E402
from sluicegate.spec.model import Platform  # noqa: E402

TERRAFORM_FILE = "main.tf.json"
# The root module of each stage, by folder, in the order they are applied.
FOUNDATION_FOLDER = "0-foundation"
PERIMETER_FOLDER = "2-perimeter"

__all__ = [
    "FOUNDATION_FOLDER",
    "PERIMETER_FOLDER",
    "PERIMETER_STACK_ID",
    "STACK_ID",
    "TERRAFORM_FILE",
    "FoundationStack",
    "PerimeterStack",
    "count_resources",
    "synth",
    "write",
]

# Loaded from ``stack`` (and so ``cdktn``) on first access, by ``__getattr__``.
_FROM_STACK = ("PERIMETER_STACK_ID", "STACK_ID", "FoundationStack", "PerimeterStack")


def __getattr__(name: str) -> object:
    if name in _FROM_STACK:
        from sluicegate.foundation import stack

        return getattr(stack, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def count_resources(config: dict) -> int:
    """The number of Terraform resources (not data sources) in a synthesized config."""
    return sum(len(by_name) for by_name in config.get("resource", {}).values())


def _check_ports(ports: tuple[int, ...]) -> tuple[int, ...]:
    bad = [p for p in ports if not isinstance(p, int) or not 0 < p < 65536]
    if bad:
        raise ValueError(f"webhook ports must be TCP ports (1-65535), got {bad}")
    return tuple(sorted(set(ports)))


def synth(
    platform: Platform, *, local_backend: bool = False, webhook_ports: tuple[int, ...] = ()
) -> dict[str, dict]:
    """Synthesize the foundation of ``platform``: each stage's Terraform JSON by folder.

    ``webhook_ports`` are the admission webhooks' target ports (derived from the
    hydrated manifests by the caller); the control plane may reach exactly those on
    the nodes. Raises ``SpecError`` for a platform this layer cannot build.
    """
    from cdktn import App

    from sluicegate.foundation.stack import (
        PERIMETER_STACK_ID,
        STACK_ID,
        FoundationStack,
        PerimeterStack,
    )

    ensure_valid(platform)
    ports = _check_ports(tuple(webhook_ports))
    with tempfile.TemporaryDirectory(prefix="sluicegate-cdktn-") as outdir:
        app = App(outdir=outdir)
        stacks = {
            FOUNDATION_FOLDER: FoundationStack(
                app, STACK_ID, platform, local_backend=local_backend, webhook_ports=ports
            )
        }
        if platform.vpc_sc:
            stacks[PERIMETER_FOLDER] = PerimeterStack(app, PERIMETER_STACK_ID, platform)
        app.synth()
        return {
            folder: json.loads(
                (Path(outdir) / "stacks" / stack.node.id / "cdk.tf.json").read_text(
                    encoding="utf-8"
                )
            )
            for folder, stack in stacks.items()
        }


def write(
    platform: Platform,
    dest: Path,
    *,
    local_backend: bool = False,
    webhook_ports: tuple[int, ...] = (),
) -> int:
    """Write each stage's root module as ``dest/<folder>/main.tf.json``; return the number
    of Terraform resources in all of them.

    ``local_backend`` keeps stage 0's state in ``dest/0-foundation/terraform.tfstate``
    instead of the GCS state bucket (needed for the very first apply, which creates
    that bucket); stage 2 always uses the bucket. Raises ``SpecError`` before anything
    is written if the platform cannot be built.
    """
    configs = synth(platform, local_backend=local_backend, webhook_ports=webhook_ports)
    dest = Path(dest)
    for folder, config in configs.items():
        (dest / folder).mkdir(parents=True, exist_ok=True)
        (dest / folder / TERRAFORM_FILE).write_text(
            json.dumps(config, indent=2) + "\n", encoding="utf-8"
        )
    return sum(count_resources(config) for config in configs.values())
