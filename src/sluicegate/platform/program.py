"""The platform program: every component built from one ``Platform``.

``infra/__main__.py`` (what `pulumi up` runs) and ``sluicegate plan`` (the same
program under mocks) both call ``build``; the spec is read once, at the edge, by
the caller.
"""

from __future__ import annotations

import re

from pathlib import Path

import pulumi

from sluicegate import catalogue
from sluicegate.errors import SpecError
from sluicegate.gitops.artifact import APPS, content_tag
from sluicegate.names import CMEK_STORAGE_CLASS, Names
from sluicegate.platform.argocd import ArgoCd, ArgoCdArgs
from sluicegate.platform.cluster import Cluster, ClusterArgs
from sluicegate.platform.dashboard import Dashboard, DashboardArgs
from sluicegate.platform.gpu_pool import GpuPool, GpuPoolArgs
from sluicegate.platform.registry import Registry, RegistryArgs
from sluicegate.platform.storage import Storage, StorageArgs
from sluicegate.platform.system_pool import SystemPool, SystemPoolArgs
from sluicegate.platform.team import Team, TeamArgs
from sluicegate.spec.model import Platform
from sluicegate.spec.rules import ensure_valid


DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def pinned_revision(value: str | None, tree: Path) -> str:
    """What the root Application pins the apps artifact to.

    The ``sluicegate:gitopsDigest`` stack setting when it is given (the digest
    `sluicegate publish` printed), checked; otherwise the content tag of the rendered
    tree's ``apps/`` in the repository, which the registry's immutable tags make a pin
    too. So the first `pulumi up` needs nothing from `sluicegate publish`: Argo CD
    retries until the artifact it names is published.
    """
    if value:
        if not DIGEST.fullmatch(value):
            raise SpecError(
                "stack configuration",
                "sluicegate:gitopsDigest",
                f"{value!r} is not a digest; set it to the apps@sha256:... digest "
                "`sluicegate publish` printed, or unset it to pin the rendered tree's tag",
            )
        return value
    if not (tree / APPS).is_dir():
        raise SpecError(
            "stack configuration",
            "sluicegate:gitopsDigest",
            f"not set, and {tree} has no {APPS}/ to pin; run `sluicegate render` first",
        )
    return content_tag(tree, APPS)


def build(platform: Platform, *, gitops_revision: str) -> None:
    """Declare every platform resource of ``platform`` and export what operators need.

    ``gitops_revision`` is what the root Application pins the published apps
    artifact to: its digest in a real stack, its content tag in an offline plan.
    """
    ensure_valid(platform)
    names = Names.of(platform)
    cat = catalogue.load()
    cluster_spec = platform.cluster

    cluster = Cluster(
        names.cluster,
        ClusterArgs(
            names=names,
            network=platform.network,
            release_channel=cluster_spec.release_channel,
            zones=cat.zones(platform.region),
            # Operators reach the API server over the DNS endpoint only where the
            # perimeter guards it; without one, only from the authorized networks.
            external_dns_access=platform.vpc_sc is not None,
        ),
    )
    node_sa = cluster.node_service_account.email
    system_pool = SystemPool(
        f"{names.cluster}-{names.system_pool}",
        SystemPoolArgs(
            names=names,
            spec=cluster_spec.system_pool,
            cluster_id=cluster.cluster.id,
            node_service_account=node_sa,
            zones=cat.zones(platform.region),
        ),
        opts=pulumi.ResourceOptions(parent=cluster),
    )
    for pool in cluster_spec.gpu_pools:
        GpuPool(
            f"{names.cluster}-{names.gpu_pool(pool.name)}",
            GpuPoolArgs(
                names=names,
                spec=pool,
                cluster_id=cluster.cluster.id,
                node_service_account=node_sa,
                zones=cat.gpu_zones(pool.gpu_type, platform.region),
            ),
            opts=pulumi.ResourceOptions(parent=cluster),
        )
    registry = Registry(
        names.registry,
        RegistryArgs(
            names=names,
            node_service_account=node_sa,
            dockerhub_username=platform.registry.dockerhub_username,
        ),
    )
    teams = {
        team.name: Team(
            f"team-{team.name}",
            TeamArgs(names=names, spec=team, storage=platform.storage, cluster=cluster.cluster),
        )
        for team in platform.teams
    }
    storage = Storage("storage", StorageArgs(names=names, provider=cluster.provider))
    ArgoCd(
        "argocd",
        ArgoCdArgs(
            names=names,
            spec=platform.argocd,
            provider=cluster.provider,
            cluster=cluster.cluster,
            gitops_repository=registry.gitops.name,
            gitops_revision=gitops_revision,
            # Argo CD's pods run on the system pool and pull through the mirrors; the
            # PVCs it syncs need the CMEK StorageClass.
            depends_on=(system_pool, registry, storage),
        ),
    )
    # Without a dashboard block there is no way in for users: DEP-13 fails the plan.
    if platform.dashboard:
        Dashboard(
            "dashboard",
            DashboardArgs(
                spec=platform.dashboard,
                provider=cluster.provider,
                # The Gateway API and GKE policy CRDs come with the cluster.
                depends_on=(cluster.cluster,),
            ),
        )
        pulumi.export("dashboard_url", f"https://{platform.dashboard.hostname}/")

    pulumi.export("cluster", cluster.cluster.name)
    pulumi.export("registry", names.registry_url)
    pulumi.export("gitops_repository", names.gitops_repository_url)
    pulumi.export("dns_endpoint", cluster.dns_endpoint)
    pulumi.export("system_pool", system_pool.pool_name)
    pulumi.export("storage_class", CMEK_STORAGE_CLASS)
    pulumi.export(
        "teams",
        {
            name: {"bucket": team.bucket.name, "service_account": team.service_account.email}
            for name, team in teams.items()
        },
    )
