"""The platform layer: the Pulumi program (GKE, GPU pools, registry, teams, Argo CD)
and its offline resource graph.

``write`` runs the very program `pulumi up` runs, under mocks, and writes
``graph.json``: every resource with its type token, name, parent, inputs and the
URNs it depends on (and the options that decide how it is replaced), the contract
the policies are written against.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sluicegate.spec.model import Platform

if TYPE_CHECKING:  # the program and Pulumi are imported when a run needs them
    from sluicegate.platform import offline

PROJECT = "sluicegate"
# The stack name URNs carry in an offline plan; a real stack has its own name.
STACK = "plan"


def _plain(value: Any) -> Any:
    """Inputs as JSON: the integers Pulumi's wire format turned into floats become ints again."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def graph(registrations: list[offline.Registration]) -> dict:
    """The graph document of one run, resources sorted by URN."""
    return {
        "project": PROJECT,
        "stack": STACK,
        "resources": [
            {
                "urn": r.urn,
                "type": r.type,
                "name": r.name,
                "parent": r.parent,
                "inputs": _plain(r.inputs),
                "dependencies": list(r.dependencies),
                "options": r.options,
            }
            for r in sorted(registrations, key=lambda r: r.urn)
        ],
    }


def run(platform: Platform, *, gitops_revision: str) -> list[offline.Registration]:
    """Every resource the platform program registers for ``platform``, under mocks.

    ``gitops_revision``: what the root Application pins the apps artifact to.
    """
    from sluicegate.platform import offline, program

    return offline.run(
        lambda: program.build(platform, gitops_revision=gitops_revision),
        project=PROJECT,
        stack=STACK,
    )


def write(platform: Platform, dest: Path, *, gitops_revision: str) -> int:
    """Write ``dest/graph.json`` for ``platform`` and return how many resources it holds.

    Through the graph cache (``sluicegate.platform.cache``): the program runs for the
    teams whose resources it has not built before, and the graph is the one a run of
    every team writes."""
    from sluicegate.platform import cache

    doc = {
        "project": PROJECT,
        "stack": STACK,
        "resources": cache.resources(platform, gitops_revision=gitops_revision),
    }
    (dest / "graph.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return len(doc["resources"])
