"""The bring-up, in order: which tool applies what, from which folder of a plan.

A perimeter enforced before the platform exists would lock out the very tools that
build it, so the bring-up has stages (docs/foundation.md says why each exists):

0. ``foundation``: Terraform, ``foundation/0-foundation``: APIs, service identities,
   KMS, network, logs, state bucket, access levels, the perimeter in dry run;
1. ``platform``: ``pulumi up`` in ``infra/`` (the Pulumi program ``platform/graph.json``
   records), then ``sluicegate publish`` of the GitOps tree Argo CD syncs;
2. ``perimeter``: Terraform, ``foundation/2-perimeter``: the ingress rules, then the
   project into the enforced perimeter. Only with ``vpc_sc``.

``stages(platform)`` is that order as data: ``sluicegate plan`` prints it and writes it
to ``out/stages.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sluicegate.spec.model import Platform

FOUNDATION = "foundation/0-foundation"
PERIMETER = "foundation/2-perimeter"


@dataclass(frozen=True)
class Stage:
    """One step of the bring-up; ``folder`` is relative to the plan's output folder
    (``platform``'s is the repository's ``infra/``, where ``Pulumi.yaml`` is)."""

    number: int
    name: str
    tool: str
    folder: str
    command: str
    what: str

    def as_dict(self) -> dict:
        return asdict(self)


def _terraform(folder: str) -> str:
    return f"terraform -chdir=out/{folder} init && terraform -chdir=out/{folder} apply"


def stages(platform: Platform) -> list[Stage]:
    """The stages of bringing ``platform`` up, in the order they must run."""
    found = [
        Stage(
            0,
            "foundation",
            "terraform",
            FOUNDATION,
            _terraform(FOUNDATION),
            "APIs, service identities, KMS keys and grants, network and firewall, logs, "
            "the state bucket, Binary Authorization"
            + (", access levels, the perimeter in dry run" if platform.vpc_sc else ""),
        ),
        Stage(
            1,
            "platform",
            "pulumi",
            "infra",
            "pulumi -C infra up",
            "GKE cluster and node pools, registry and mirrors, team buckets and "
            "identities, Argo CD",
        ),
        Stage(
            1,
            "publish",
            "sluicegate",
            "manifests",
            "sluicegate publish",
            "the GitOps tree as an OCI artifact Argo CD syncs from inside the perimeter",
        ),
    ]
    if platform.vpc_sc:
        found.append(
            Stage(
                2,
                "perimeter",
                "terraform",
                PERIMETER,
                _terraform(PERIMETER),
                "ingress rules for the deployers"
                + (" and team owners" if platform.vpc_sc.team_owner_access else "")
                + ", then the project into the enforced perimeter",
            )
        )
    return found
