"""Argo CD from its Helm chart, and the root Application that syncs the published
GitOps tree (app-of-apps): from here on, a reviewed and published tree is how the
cluster changes.

Argo CD reads the tree from the GitOps repository in the region's Artifact
Registry (an OCI source, Argo CD 3.1 and later). Argo CD 3.4 has no keyless
credential for OCI repositories on Google Cloud: its ``gcpServiceAccountKey``
serves Cloud Source git repositories only and takes a key (argo-cd
pkg/apis/application/v1alpha1/repository_types.go; issues #17279 and #19731
ask for Workload Identity). So a CronJob running as a Kubernetes service account
bound by Workload Identity to a Google service account that may only read that
repository mints an access token from the GKE metadata server every 30 minutes
(tokens last an hour) and writes it as the password of Argo CD's credential
template for the repository. Its Role can read and patch that one Secret only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from sluicegate.gitops.artifact import APPS
from sluicegate.gitops.images import mirror
from sluicegate.names import Names
from sluicegate.platform.team import iam_policy
from sluicegate.spec.model import ArgoCd as ArgoCdSpec

TYPE = "sluicegate:k8s:ArgoCd"

CHART = "argo-cd"
CHART_REPO = "https://argoproj.github.io/argo-helm"
IN_CLUSTER = "https://kubernetes.default.svc"

READER_ROLE = "roles/artifactregistry.reader"
WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser"
# The user name Artifact Registry takes with an OAuth access token as password
# (cloud.google.com/artifact-registry/docs/docker/authentication).
TOKEN_USER = "oauth2accesstoken"
# Access tokens from the metadata server last an hour; refreshing every half hour
# leaves a failed run or two of slack.
REFRESH_SCHEDULE = "*/30 * * * *"
# The official curl image (curl/curl-container, release 8.21.0; Alpine, so it has
# a shell, sed and base64 too), pulled through the quay.io mirror.
TOKEN_IMAGE = "quay.io/curl/curl:8.21.0"
# Runs as nobody: the image's curl_user has no numeric UID to check runAsNonRoot against.
TOKEN_UID = 65534

# Mints a token for the pod's Google service account from the GKE metadata server
# and merge-patches it, base64-encoded, into the Secret's password. The token is
# only passed between shell builtins and on stdin: never on a process's command line, never logged.
TOKEN_SCRIPT = r"""set -eu
sa=/var/run/secrets/kubernetes.io/serviceaccount
token=$(curl -sSf --max-time 10 -H 'Metadata-Flavor: Google' \
  http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token \
  | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
test -n "$token"
printf '{"data":{"password":"%s"}}' "$(printf '%s' "$token" | base64 | tr -d '\n')" \
  | curl -sSf --max-time 10 -o /dev/null --cacert "$sa/ca.crt" \
      -H "Authorization: Bearer $(cat "$sa/token")" \
      -H 'Content-Type: application/merge-patch+json' -X PATCH --data-binary @- \
      "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$NAMESPACE/secrets/$SECRET"
echo "refreshed $SECRET"
"""

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
    cluster: pulumi.Resource
    """The cluster whose creation makes its Workload Identity pool exist."""
    gitops_repository: pulumi.Input[str]
    """Name of the GitOps repository (the Registry component's ``gitops``)."""
    gitops_revision: str
    """What the root Application pins the apps artifact to: the digest
    `sluicegate publish` printed (or, in an offline plan, the rendered apps tag)."""
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


def root_application(names: Names, revision: str) -> dict:
    """The app-of-apps: every Application and AppProject of the apps artifact at ``revision``."""
    return {
        "metadata": {"name": names.argocd_root_app, "namespace": names.argocd_namespace},
        "spec": {
            "project": "default",
            "source": {
                "repoURL": names.gitops_source(APPS),
                "targetRevision": revision,
                "path": APPS,
                "directory": {"recurse": True},
            },
            "destination": {"server": IN_CLUSTER, "namespace": names.argocd_namespace},
            "syncPolicy": {
                "automated": {"prune": True, "selfHeal": True},
                "syncOptions": ["ServerSideApply=true"],
            },
        },
    }


def gitops_credential(names: Names) -> dict:
    """Argo CD's credential template for every artifact of the GitOps repository;
    the token refresher fills in ``password``."""
    return {
        "metadata": {
            "name": names.argocd_gitops_credential,
            "namespace": names.argocd_namespace,
            "labels": {"argocd.argoproj.io/secret-type": "repo-creds"},
        },
        # A credential template applies to every repoURL it is a prefix of.
        "string_data": {
            "type": "oci",
            "url": f"oci://{names.gitops_repository_url}",
            "username": TOKEN_USER,
        },
    }


def token_refresh_role(names: Names) -> dict:
    """Read and patch the one credential Secret; nothing else (RBAC cannot scope
    ``create`` or ``list`` to a name, so the Secret is declared here and only patched)."""
    return {
        "metadata": {"name": names.argocd_token_ksa, "namespace": names.argocd_namespace},
        "rules": [
            {
                "api_groups": [""],
                "resources": ["secrets"],
                "resource_names": [names.argocd_gitops_credential],
                "verbs": ["get", "patch"],
            }
        ],
    }


def token_refresh_pod(names: Names) -> dict:
    """The pod that refreshes the credential: the reader's KSA, the curl image from
    the mirror, Pod Security ``restricted``."""
    return {
        "metadata": {"labels": {"app.kubernetes.io/name": names.argocd_token_ksa}},
        "spec": {
            "service_account_name": names.argocd_token_ksa,
            "restart_policy": "Never",
            "security_context": {
                "run_as_non_root": True,
                "run_as_user": TOKEN_UID,
                "run_as_group": TOKEN_UID,
                "seccomp_profile": {"type": "RuntimeDefault"},
            },
            "containers": [
                {
                    "name": "refresh",
                    "image": mirror(names, TOKEN_IMAGE),
                    "command": ["/bin/sh", "-c", TOKEN_SCRIPT],
                    "env": [
                        {"name": "NAMESPACE", "value": names.argocd_namespace},
                        {"name": "SECRET", "value": names.argocd_gitops_credential},
                    ],
                    "resources": {
                        "requests": {"cpu": "10m", "memory": "16Mi"},
                        "limits": {"memory": "64Mi"},
                    },
                    "security_context": {
                        "allow_privilege_escalation": False,
                        "read_only_root_filesystem": True,
                        "capabilities": {"drop": ["ALL"]},
                    },
                }
            ],
        },
    }


def _token_job_spec(names: Names) -> dict:
    return {
        "backoff_limit": 3,
        "active_deadline_seconds": 300,
        "template": token_refresh_pod(names),
    }


class ArgoCd(pulumi.ComponentResource):
    """The argocd namespace, the pinned argo-cd chart, Argo CD's keyless read access
    to the GitOps repository, and the root Application."""

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
        self._gitops_access(name, args, on_cluster)
        app = root_application(n, args.gitops_revision)
        self.root_application = k8s.apiextensions.CustomResource(
            f"{name}-root",
            api_version="argoproj.io/v1alpha1",
            kind="Application",
            metadata=app["metadata"],
            spec=app["spec"],
            # The Application CRD comes with the release; the first sync needs a token.
            opts=pulumi.ResourceOptions.merge(
                on_cluster, pulumi.ResourceOptions(depends_on=[self.release, self.first_token])
            ),
        )
        self.register_outputs(
            {
                "namespace": self.namespace.metadata["name"],
                "release": self.release.name,
                "chart_version": args.spec.chart_version,
                "root_application": n.argocd_root_app,
                "gitops_reader": self.reader.email,
            }
        )

    def _gitops_access(
        self, name: str, args: ArgoCdArgs, on_cluster: pulumi.ResourceOptions
    ) -> None:
        """The reader identity, its grants, and the in-cluster token refresher."""
        n = args.names
        in_cloud = pulumi.ResourceOptions(parent=self)
        self.reader = gcp.serviceaccount.Account(
            f"{name}-reader",
            project=n.project_id,
            account_id=n.argocd_reader_service_account,
            display_name="Argo CD GitOps reader",
            description="Argo CD reads the published GitOps tree as this account, nothing else.",
            opts=in_cloud,
        )
        self.reader_grant = gcp.artifactregistry.RepositoryIamMember(
            f"{name}-reader-gitops",
            project=n.project_id,
            location=n.region,
            repository=args.gitops_repository,
            role=READER_ROLE,
            member=self.reader.email.apply(lambda e: f"serviceAccount:{e}"),
            opts=in_cloud,
        )
        # Authoritative: only the refresher's KSA may act as the reader.
        self.reader_workload_identity = gcp.serviceaccount.IAMPolicy(
            f"{name}-reader-iam",
            service_account_id=self.reader.name,
            policy_data=iam_policy(
                {
                    WORKLOAD_IDENTITY_ROLE: [
                        n.workload_identity_member(n.argocd_namespace, n.argocd_token_ksa)
                    ]
                }
            ),
            # PROJECT.svc.id.goog exists only once the cluster does.
            opts=pulumi.ResourceOptions.merge(
                in_cloud, pulumi.ResourceOptions(depends_on=[args.cluster])
            ),
        )
        namespaced = pulumi.ResourceOptions.merge(
            on_cluster, pulumi.ResourceOptions(depends_on=[self.namespace])
        )
        self.credential = k8s.core.v1.Secret(
            f"{name}-gitops-credential", **gitops_credential(n), opts=namespaced
        )
        self.token_ksa = k8s.core.v1.ServiceAccount(
            f"{name}-token-ksa",
            metadata={
                "name": n.argocd_token_ksa,
                "namespace": n.argocd_namespace,
                "annotations": {"iam.gke.io/gcp-service-account": self.reader.email},
            },
            opts=namespaced,
        )
        role = token_refresh_role(n)
        self.token_role = k8s.rbac.v1.Role(f"{name}-token-role", **role, opts=namespaced)
        self.token_role_binding = k8s.rbac.v1.RoleBinding(
            f"{name}-token-role-binding",
            metadata=role["metadata"],
            role_ref={
                "api_group": "rbac.authorization.k8s.io",
                "kind": "Role",
                "name": n.argocd_token_ksa,
            },
            subjects=[
                {
                    "kind": "ServiceAccount",
                    "name": n.argocd_token_ksa,
                    "namespace": n.argocd_namespace,
                }
            ],
            opts=namespaced,
        )
        ready = pulumi.ResourceOptions.merge(
            namespaced,
            pulumi.ResourceOptions(
                depends_on=[
                    self.credential,
                    self.token_ksa,
                    self.token_role_binding,
                    self.reader_grant,
                    self.reader_workload_identity,
                ]
            ),
        )
        self.token_refresh = k8s.batch.v1.CronJob(
            f"{name}-token-refresh",
            metadata={"name": n.argocd_token_ksa, "namespace": n.argocd_namespace},
            spec={
                "schedule": REFRESH_SCHEDULE,
                "concurrency_policy": "Forbid",
                "starting_deadline_seconds": 600,
                "successful_jobs_history_limit": 1,
                "failed_jobs_history_limit": 3,
                "job_template": {"spec": _token_job_spec(n)},
            },
            opts=ready,
        )
        # The first token, at once: Pulumi waits for this Job to complete, so the root
        # Application's first sync finds a credential that works.
        self.first_token = k8s.batch.v1.Job(
            f"{name}-first-token",
            metadata={"name": f"{n.argocd_token_ksa}-first", "namespace": n.argocd_namespace},
            spec=_token_job_spec(n),
            opts=ready,
        )
