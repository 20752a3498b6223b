"""Argo CD from its Helm chart, and the root Application that syncs the rendered
GitOps tree (app-of-apps): from here on, git is how the cluster changes."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from sluicegate.gitops.images import mirror
from sluicegate.names import Names
from sluicegate.spec.model import ArgoCd as ArgoCdSpec

TYPE = "sluicegate:k8s:ArgoCd"

CHART = "argo-cd"
CHART_REPO = "https://argoproj.github.io/argo-helm"
IN_CLUSTER = "https://kubernetes.default.svc"

# Argo CD stopped assessing Applications' health in 1.8, so sync waves between the
# child Applications of an app-of-apps are not waited on unless this check is put back:
# an Application is as healthy as its own status says, and Progressing until it has one.
APPLICATION_HEALTH_KEY = "resource.customizations.health.argoproj.io_Application"
APPLICATION_HEALTH_LUA = """hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
"""


@dataclass(frozen=True)
class ArgoCdArgs:
    names: Names
    spec: ArgoCdSpec
    provider: k8s.Provider
    depends_on: tuple[pulumi.Resource, ...] = ()
    """Resources the chart's pods need first (the node pools they are scheduled on)."""


def chart_values(names: Names, ha: bool) -> dict:
    """Values of the argo-cd chart: images through the in-region mirrors, nothing exposed.

    Image paths keep the upstream repository path under each mirror, so a chart
    upgrade that bumps a tag needs no change here.
    """
    values: dict = {
        "global": {"image": {"repository": mirror(names, "quay.io/argoproj/argocd")}},
        # No SSO is configured by the spec yet; an idle Dex is only attack surface.
        "dex": {"enabled": False, "image": {"repository": mirror(names, "ghcr.io/dexidp/dex")}},
        "redis": {"image": {"repository": mirror(names, "redis")}},
        "configs": {"cm": {APPLICATION_HEALTH_KEY: APPLICATION_HEALTH_LUA}},
        "server": {
            "service": {"type": "ClusterIP"},
            "ingress": {"enabled": False},
        },
    }
    if ha:
        # The chart's documented HA layout without autoscaling; redis-ha replaces the
        # single Redis and needs three nodes for its anti-affinity.
        values |= {
            "redis-ha": {
                "enabled": True,
                "image": {"repository": mirror(names, "redis")},
                "haproxy": {"image": {"repository": mirror(names, "haproxy")}},
            },
            "controller": {"replicas": 1},
            "repoServer": {"replicas": 2},
            "applicationSet": {"replicas": 2},
        }
        values["server"]["replicas"] = 2
    return values


def root_application(names: Names, spec: ArgoCdSpec) -> dict:
    """The app-of-apps: every Application and AppProject under ``{path}/apps``."""
    return {
        "metadata": {"name": names.argocd_root_app, "namespace": names.argocd_namespace},
        "spec": {
            "project": "default",
            "source": {
                "repoURL": spec.repo_url,
                "targetRevision": spec.revision,
                "path": f"{spec.path.rstrip('/')}/apps",
                "directory": {"recurse": True},
            },
            "destination": {"server": IN_CLUSTER, "namespace": names.argocd_namespace},
            "syncPolicy": {
                "automated": {"prune": True, "selfHeal": True},
                "syncOptions": ["ServerSideApply=true"],
            },
        },
    }


class ArgoCd(pulumi.ComponentResource):
    """The argocd namespace, the pinned argo-cd chart, and the root Application."""

    def __init__(self, name: str, args: ArgoCdArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        n = args.names
        on_cluster = pulumi.ResourceOptions(parent=self, provider=args.provider)

        self.namespace = k8s.core.v1.Namespace(
            f"{name}-namespace",
            metadata={
                "name": n.argocd_namespace,
                "labels": {
                    "pod-security.kubernetes.io/enforce": "baseline",
                    "pod-security.kubernetes.io/warn": "restricted",
                    "pod-security.kubernetes.io/audit": "restricted",
                },
            },
            opts=on_cluster,
        )
        # A Helm release (helm.sh/v3 Release) rather than a client-side chart: Helm owns
        # upgrades and rollbacks, and the chart is fetched by the provider at apply time,
        # never by this program.
        self.release = k8s.helm.v3.Release(
            f"{name}-release",
            name="argocd",
            chart=CHART,
            version=args.spec.chart_version,
            repository_opts={"repo": CHART_REPO},
            namespace=self.namespace.metadata["name"],
            values=chart_values(n, args.spec.ha),
            atomic=True,
            cleanup_on_fail=True,
            max_history=10,
            timeout=900,
            opts=pulumi.ResourceOptions.merge(
                on_cluster, pulumi.ResourceOptions(depends_on=list(args.depends_on))
            ),
        )
        app = root_application(n, args.spec)
        self.root_application = k8s.apiextensions.CustomResource(
            f"{name}-root",
            api_version="argoproj.io/v1alpha1",
            kind="Application",
            metadata=app["metadata"],
            spec=app["spec"],
            # The Application CRD comes with the release.
            opts=pulumi.ResourceOptions.merge(
                on_cluster, pulumi.ResourceOptions(depends_on=[self.release])
            ),
        )
        self.register_outputs(
            {
                "namespace": self.namespace.metadata["name"],
                "release": self.release.name,
                "chart_version": args.spec.chart_version,
                "root_application": n.argocd_root_app,
            }
        )
