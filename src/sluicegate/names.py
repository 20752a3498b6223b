"""Every resource name, derived from the spec: never random, never typed twice.

The foundation (Terraform) and the platform (Pulumi) share no state: the platform
finds the foundation's network, subnet and keys because both derive their names
here. ``violations`` checks each derived name against its GCP length and
character rules so a prefix or team name that is too long fails at the edge.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sluicegate.spec.model import Platform, Team

# The KMS keys of the foundation, by purpose.
KMS_KEY_PURPOSES = ("gke-secrets", "buckets", "registry", "disks", "logs")
# The key of the in-region secret that holds the Docker Hub token: only a platform
# with registry.dockerhub_username has it (``key_purposes``).
SECRETS_KEY_PURPOSE = "secrets"

# Kubernetes service accounts of a team namespace that act as the team's Google
# service account: Kubeflow's profile controller creates `default-editor`, which
# notebooks and pipeline runs use; `default-viewer` is read-only in the UI.
TEAM_KSAS = ("default-editor",)

# The default StorageClass the platform creates: Persistent Disk through the CSI driver,
# encrypted with the region's `disks` key. `gcp.restrictNonCmekServices` covers
# compute, so a PVC on any class without a key is refused; the hydrated Kubeflow
# PVCs name this class explicitly.
CMEK_STORAGE_CLASS = "sluicegate-cmek-rwo"

# Namespace labels the rendered manifests set and the Gatekeeper constraints
# and offline policies select on.
TEAM_LABEL = "sluicegate.io/team"
DATA_CLASSIFICATION_LABEL = "sluicegate.io/data-classification"


def key_purposes(platform: Platform) -> tuple[str, ...]:
    """The KMS key purposes the foundation creates for ``platform``."""
    if platform.registry.dockerhub_username:
        return (*KMS_KEY_PURPOSES, SECRETS_KEY_PURPOSE)
    return KMS_KEY_PURPOSES


@dataclass(frozen=True)
class Rule:
    """The GCP naming rule of one kind of resource."""

    kind: str
    pattern: re.Pattern[str]
    max_len: int
    min_len: int = 1

    def problem(self, name: str) -> str | None:
        if not self.min_len <= len(name) <= self.max_len:
            return (
                f"derived {self.kind} name {name!r} is {len(name)} characters; "
                f"the limit is {self.min_len}-{self.max_len}"
            )
        if not self.pattern.fullmatch(name):
            return f"derived {self.kind} name {name!r} has characters {self.kind} names do not allow"
        return None


_RFC1035 = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
RULES = {
    "network": Rule("network", _RFC1035, 63),
    "subnetwork": Rule("subnetwork", _RFC1035, 63),
    "router": Rule("router", _RFC1035, 63),
    "firewall": Rule("firewall", _RFC1035, 63),
    "dns_zone": Rule("DNS zone", _RFC1035, 63),
    "cluster": Rule("GKE cluster", _RFC1035, 40),
    "node_pool": Rule("node pool", _RFC1035, 40),
    "service_account": Rule("service account", _RFC1035, 30, min_len=6),
    "bucket": Rule("bucket", re.compile(r"[a-z0-9][-_a-z0-9]*[a-z0-9]"), 63, min_len=3),
    "key_ring": Rule("KMS key ring", re.compile(r"[A-Za-z0-9_-]+"), 63),
    "crypto_key": Rule("KMS key", re.compile(r"[A-Za-z0-9_-]+"), 63),
    "log_bucket": Rule("log bucket", re.compile(r"[A-Za-z0-9_-]+"), 100),
    "registry": Rule("Artifact Registry repository", _RFC1035, 63),
    "perimeter": Rule("service perimeter", re.compile(r"[A-Za-z][A-Za-z0-9_]*"), 50),
    "secret": Rule("Secret Manager secret", re.compile(r"[A-Za-z0-9_-]+"), 255),
}


@dataclass(frozen=True)
class Names:
    """Names of one platform's resources."""

    prefix: str
    project_id: str
    region: str

    @classmethod
    def of(cls, platform: Platform) -> Names:
        return cls(platform.prefix, platform.project_id, platform.region)

    # foundation
    @property
    def network(self) -> str:
        return f"{self.prefix}-vpc"

    @property
    def subnetwork(self) -> str:
        return f"{self.prefix}-{self.region}-nodes"

    @property
    def proxy_only_subnetwork(self) -> str:
        return f"{self.prefix}-{self.region}-proxies"

    @property
    def pods_range(self) -> str:
        return "pods"

    @property
    def services_range(self) -> str:
        return "services"

    @property
    def router(self) -> str:
        return f"{self.prefix}-router"

    @property
    def nat(self) -> str:
        return f"{self.prefix}-nat"

    def firewall(self, purpose: str) -> str:
        return f"{self.prefix}-{purpose}"

    def dns_zone(self, domain: str) -> str:
        return f"{self.prefix}-{domain.rstrip('.').replace('.', '-')}"

    def route(self, purpose: str) -> str:
        return f"{self.prefix}-{purpose}"

    @property
    def dns_policy(self) -> str:
        return f"{self.prefix}-dns"

    @property
    def key_ring(self) -> str:
        return f"{self.prefix}-{self.region}"

    def crypto_key(self, purpose: str) -> str:
        if purpose not in (*KMS_KEY_PURPOSES, SECRETS_KEY_PURPOSE):
            raise KeyError(f"no KMS key for {purpose!r}")
        return f"{self.prefix}-{purpose}"

    def crypto_key_id(self, purpose: str) -> str:
        """The full resource ID the platform layer uses to refer to a foundation key."""
        return (
            f"projects/{self.project_id}/locations/{self.region}/keyRings/{self.key_ring}"
            f"/cryptoKeys/{self.crypto_key(purpose)}"
        )

    @property
    def network_id(self) -> str:
        return f"projects/{self.project_id}/global/networks/{self.network}"

    @property
    def subnetwork_id(self) -> str:
        return f"projects/{self.project_id}/regions/{self.region}/subnetworks/{self.subnetwork}"

    @property
    def log_bucket(self) -> str:
        return f"{self.prefix}-logs"

    @property
    def state_bucket(self) -> str:
        return f"{self.project_id}-{self.prefix}-tfstate"

    @property
    def perimeter(self) -> str:
        return f"{self.prefix}_perimeter"

    @property
    def dockerhub_secret(self) -> str:
        """The secret whose versions hold the Docker Hub access token."""
        return f"{self.prefix}-dockerhub-token"

    @property
    def dockerhub_secret_version(self) -> str:
        """The version of that secret the Docker Hub mirror reads: always the newest, so
        rotating the token is adding a version."""
        return f"projects/{self.project_id}/secrets/{self.dockerhub_secret}/versions/latest"

    # platform
    @property
    def cluster(self) -> str:
        return f"{self.prefix}-gke"

    @property
    def system_pool(self) -> str:
        """The system pool's role: its node label and the stem of its versioned name."""
        return "system"

    def system_pool_name(self, settings: Mapping[str, object]) -> str:
        """The system pool's GKE name, ``system-<hash>``: a short hash of the node
        settings that force a replacement (``settings``: machine type, disk, image,
        key, account, scopes, metadata, shielded settings).

        GKE refuses two pools of one name; with a name that changes whenever the
        pool must be replaced, the new pool is created before the old one is
        deleted, so the system workloads always have somewhere to run.
        """
        canonical = json.dumps(settings, sort_keys=True, separators=(",", ":"))
        return f"{self.system_pool}-{hashlib.sha256(canonical.encode()).hexdigest()[:8]}"

    def gpu_pool(self, pool: str) -> str:
        return f"gpu-{pool}"

    @property
    def node_service_account(self) -> str:
        return f"{self.prefix}-gke-nodes"

    def service_account_email(self, account_id: str) -> str:
        return f"{account_id}@{self.project_id}.iam.gserviceaccount.com"

    @property
    def registry(self) -> str:
        return f"{self.prefix}-images"

    def registry_mirror(self, upstream: str) -> str:
        return f"{self.prefix}-mirror-{upstream}"

    @property
    def registry_host(self) -> str:
        return f"{self.region}-docker.pkg.dev"

    @property
    def registry_url(self) -> str:
        return f"{self.registry_host}/{self.project_id}/{self.registry}"

    def registry_mirror_url(self, upstream: str) -> str:
        """Where nodes pull an upstream registry's images through its remote repository."""
        return f"{self.registry_host}/{self.project_id}/{self.registry_mirror(upstream)}"

    @property
    def gitops_repository(self) -> str:
        """The repository the GitOps tree is published to as OCI artifacts (`sluicegate publish`)."""
        return f"{self.prefix}-gitops"

    @property
    def gitops_repository_url(self) -> str:
        return f"{self.registry_host}/{self.project_id}/{self.gitops_repository}"

    def gitops_source(self, artifact: str) -> str:
        """An Argo CD ``repoURL`` for one artifact of the published tree (``oci://`` source)."""
        return f"oci://{self.gitops_repository_url}/{artifact}"

    @property
    def argocd_reader_service_account(self) -> str:
        """The Google service account Argo CD reads the GitOps repository as, and nothing else."""
        return f"{self.prefix}-argocd-reader"

    @property
    def argocd_token_ksa(self) -> str:
        """The Kubernetes service account (in Argo CD's namespace) that acts as the reader
        to refresh Argo CD's registry credential."""
        return "gitops-registry-token"

    @property
    def argocd_gitops_credential(self) -> str:
        """The Argo CD credential template (Secret) for every artifact of the GitOps repository."""
        return "sluicegate-gitops-registry"

    @property
    def argocd_namespace(self) -> str:
        return "argocd"

    @property
    def argocd_root_app(self) -> str:
        return "sluicegate-root"

    def team_bucket(self, team: str) -> str:
        return f"{self.project_id}-{self.prefix}-{team}"

    def team_service_account(self, team: str) -> str:
        return f"{self.prefix}-team-{team}"

    def team_service_account_email(self, team: str) -> str:
        return self.service_account_email(self.team_service_account(team))

    @property
    def workload_pool(self) -> str:
        return f"{self.project_id}.svc.id.goog"

    def workload_identity_member(self, namespace: str, ksa: str) -> str:
        return f"serviceAccount:{self.workload_pool}[{namespace}/{ksa}]"

    # gitops: the rendered manifests tree
    def team_namespace(self, team: str) -> str:
        """A team's namespace; also its Kubeflow Profile's name, which the profile
        controller requires to equal the namespace."""
        return team

    def argocd_project(self, purpose: str) -> str:
        return f"{self.prefix}-{purpose}"

    def argocd_app(self, group: str, app: str) -> str:
        """deployKF-style Application names: ``<group>--<app>``."""
        return f"{group}--{app}"

    def hydrated_dir(self, group: str, app: str) -> str:
        """Where an upstream component's hydrated manifests live in the tree (and the
        components artifact): one folder per Application."""
        return f"hydrated/{self.argocd_app(group, app)}"

    @property
    def gatekeeper_namespace(self) -> str:
        return "gatekeeper-system"

    def dvc_remote(self, team: str) -> str:
        return f"gs://{self.team_bucket(team)}/dvc"

    def pipeline_root(self, team: str) -> str:
        return f"gs://{self.team_bucket(team)}/pipelines"

    def team_runtime_image(self, team: str) -> str:
        """The image a team's pipeline steps run in, without a tag. It lives in the
        platform's registry: a default-deny cluster cannot pull or pip install from the internet."""
        return f"{self.registry_url}/{team}-python-runtime"


def _platform_names(n: Names, p: Platform) -> Iterator[tuple[str, str]]:
    yield "network", n.network
    yield "subnetwork", n.subnetwork
    yield "router", n.router
    yield "router", n.nat
    yield "firewall", n.firewall("deny-all-egress")
    yield "dns_zone", n.dns_zone("googleapis.com")
    yield "key_ring", n.key_ring
    for purpose in key_purposes(p):
        yield "crypto_key", n.crypto_key(purpose)
    yield "log_bucket", n.log_bucket
    yield "bucket", n.state_bucket
    yield "perimeter", n.perimeter
    if p.registry.dockerhub_username:
        yield "secret", n.dockerhub_secret
    yield "cluster", n.cluster
    yield "service_account", n.node_service_account
    yield "registry", n.registry
    yield "registry", n.registry_mirror("ghcr")
    yield "registry", n.gitops_repository
    yield "service_account", n.argocd_reader_service_account


def _team_names(n: Names, team: Team) -> Iterator[tuple[str, str]]:
    yield "bucket", n.team_bucket(team.name)
    yield "service_account", n.team_service_account(team.name)


def _bucket_words(name: str) -> str | None:
    """Cloud Storage's extra rule: no name starting with "goog" or containing "google"."""
    if name.startswith("goog"):
        return f"derived bucket name {name!r} may not start with 'goog'"
    if "google" in name:
        return f"derived bucket name {name!r} may not contain 'google'"
    return None


def _blame(platform: Platform, team: Team | None) -> str:
    """The field that put "goog" into a bucket name: the project, the prefix or the team."""
    if platform.project_id.startswith("goog") or "google" in platform.project_id:
        return "project_id"
    if "google" in platform.prefix:
        return "prefix"
    return "name" if team else "prefix"


def violations(platform: Platform) -> Iterator[tuple[Team | None, str, str]]:
    """Yield ``(team or None, field, problem)`` for every derived name that breaks its rule.

    Platform-wide problems come first, so a project ID that spoils every bucket name is
    blamed once, on ``project_id``, not on each team.
    """
    n = Names.of(platform)
    for kind, name in _platform_names(n, platform):
        if kind == "bucket" and (problem := _bucket_words(name)):
            yield None, _blame(platform, None), problem
        elif problem := RULES[kind].problem(name):
            yield None, "prefix", problem
    for i, pool in enumerate(platform.cluster.gpu_pools):
        if problem := RULES["node_pool"].problem(n.gpu_pool(pool.name)):
            yield None, f"cluster.gpu_pools[{i}].name", problem
    for team in platform.teams:
        for kind, name in _team_names(n, team):
            if kind == "bucket" and (problem := _bucket_words(name)):
                yield team, _blame(platform, team), problem
            elif problem := RULES[kind].problem(name):
                yield team, "name", problem
