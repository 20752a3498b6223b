"""The typed platform spec: what `platform.yaml` and `teams/*.yaml` may say.

Every model is frozen and rejects unknown keys, so a typo is an error, not a
silently ignored setting. Rules that span several fields (a GPU pool's machine
type, CIDR overlaps, team quotas) live in ``sluicegate.spec.rules`` and run after
these models have parsed.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def _network(value: str) -> str:
    try:
        net = ipaddress.ip_network(value, strict=True)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a CIDR block ({err})") from None
    if net.version != 4:
        raise ValueError(f"{value} is not an IPv4 block")
    return str(net)


def _private_network(value: str) -> str:
    value = _network(value)
    if not ipaddress.ip_network(value).is_private:
        raise ValueError(f"{value} is not a private (RFC 1918) range")
    return value


def _dns_label(value: str) -> str:
    if len(value) > 63 or not DNS_LABEL.match(value):
        raise ValueError(
            f"{value!r} is not a DNS-1123 label (lowercase letters, digits and '-', "
            "starting with a letter, at most 63 characters)"
        )
    return value


def _email(value: str) -> str:
    if not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


Cidr = Annotated[str, AfterValidator(_network)]
PrivateCidr = Annotated[str, AfterValidator(_private_network)]
DnsLabel = Annotated[str, AfterValidator(_dns_label)]
Email = Annotated[str, AfterValidator(_email)]
NumericId = Annotated[str, Field(pattern=r"^[0-9]{6,20}$")]


class AuthorizedNetwork(BaseModel):
    """A range allowed to reach the cluster's private control-plane endpoint."""

    model_config = _MODEL
    name: str = Field(min_length=1, max_length=64)
    cidr: PrivateCidr


class Network(BaseModel):
    model_config = _MODEL
    subnet_cidr: PrivateCidr
    pods_cidr: PrivateCidr
    services_cidr: PrivateCidr
    control_plane_cidr: PrivateCidr
    # The regional proxy-only subnet the internal Application Load Balancer's Envoy
    # proxies take their addresses from (the dashboard's way in, docs/platform.md).
    proxy_only_cidr: PrivateCidr
    authorized_networks: tuple[AuthorizedNetwork, ...] = ()


class VpcServiceControls(BaseModel):
    """The VPC Service Controls perimeter: dry-run at stage 0, enforced at stage 2."""

    model_config = _MODEL
    access_policy_id: NumericId
    # Team owners reach their own bucket (DVC push and pull) from the operators'
    # access levels; without it they work only from inside (Kubeflow notebooks).
    team_owner_access: bool = True


# A deployer: the Terraform and Pulumi service accounts, and CI (a service account
# or a group). Users are not deployers: a person acts through one of these.
_MEMBER = re.compile(r"^(serviceAccount|group):(?P<email>\S+)$")
_ACCESS_LEVEL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")
_ACCESS_LEVEL_REF = re.compile(r"^accessPolicies/[0-9]{6,20}/accessLevels/[A-Za-z][A-Za-z0-9_]{0,49}$")


def _member(value: str) -> str:
    match = _MEMBER.match(value)
    if not match or not EMAIL.match(match["email"]):
        raise ValueError(
            f"{value!r} is not a deployer identity: use serviceAccount:EMAIL or group:EMAIL"
        )
    if match[1] == "serviceAccount" and not match["email"].endswith(".gserviceaccount.com"):
        raise ValueError(f"{value!r}: a service account e-mail ends in .gserviceaccount.com")
    return value


# Ranges a request can never reach Google's APIs from over the internet. (Python's
# is_private would also refuse the documentation ranges the examples use.)
_NOT_INTERNET = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
              "127.0.0.0/8", "169.254.0.0/16", "0.0.0.0/8")
)


def _public_network(value: str) -> str:
    value = _network(value)
    net = ipaddress.ip_network(value)
    if net.prefixlen == 0 or any(net.overlaps(n) for n in _NOT_INTERNET):
        raise ValueError(
            f"{value} is not a public range: an access level matches the address a request "
            "reaches Google from (the operators' internet egress)"
        )
    return value


Member = Annotated[str, AfterValidator(_member)]
PublicCidr = Annotated[str, AfterValidator(_public_network)]


def _access_level_ref(value: str) -> str:
    if not _ACCESS_LEVEL_REF.match(value):
        raise ValueError(
            f"{value!r} is not an access level name (accessPolicies/NUMBER/accessLevels/NAME)"
        )
    return value


class AccessLevel(BaseModel):
    """The operators' networks as a VPC-SC access level the foundation creates."""

    model_config = _MODEL
    name: str = Field(pattern=_ACCESS_LEVEL_NAME.pattern)
    ip_subnetworks: tuple[PublicCidr, ...] = Field(default=(), min_length=1)


AccessLevelRef = Annotated[str, AfterValidator(_access_level_ref)]


class Operators(BaseModel):
    """Who brings the platform up and from where: the perimeter lets exactly these in."""

    model_config = _MODEL
    deployers: tuple[Member, ...] = Field(min_length=1)
    access_levels: tuple[AccessLevel, ...] = ()
    # Access levels the organization already has (accessPolicies/N/accessLevels/NAME),
    # such as a device policy for managed laptops.
    existing_access_levels: tuple[AccessLevelRef, ...] = ()


class BinaryAuthorization(BaseModel):
    """Binary Authorization: images only from the region's registry."""

    model_config = _MODEL
    # Also require an attestation by this attestor (projects/P/attestors/NAME) that
    # CI writes when it signs the platform's own images.
    attestor: str | None = Field(default=None, pattern=r"^projects/[a-z][-a-z0-9]{4,28}[a-z0-9]/attestors/[A-Za-z0-9_-]{1,64}$")


class SystemPool(BaseModel):
    model_config = _MODEL
    machine_type: str = "e2-standard-4"
    min_nodes: int = Field(default=1, ge=1)
    max_nodes: int = Field(default=3, ge=1)
    disk_size_gb: int = Field(default=100, ge=20)


class TimeSharing(BaseModel):
    """Several containers share one GPU by time slicing."""

    model_config = _MODEL
    strategy: Literal["time-sharing"]
    max_shared_clients_per_gpu: int = Field(ge=2, le=48)


class Mig(BaseModel):
    """One GPU split into isolated Multi-Instance GPU partitions."""

    model_config = _MODEL
    strategy: Literal["mig"]
    partition_size: str


Sharing = Annotated[TimeSharing | Mig, Field(discriminator="strategy")]


class GpuPool(BaseModel):
    """A node pool of GPU machines that scales between ``min_nodes`` and ``max_nodes``.

    Node counts are totals across the pool's zones (GKE's total_*_node_count).
    """

    model_config = _MODEL
    name: DnsLabel
    gpu_type: str
    machine_type: str
    gpus_per_node: int = Field(ge=1)
    min_nodes: int = Field(default=0, ge=0)
    max_nodes: int = Field(ge=1)
    spot: bool = False
    driver_version: Literal["DEFAULT", "LATEST"] = "DEFAULT"
    disk_size_gb: int = Field(default=200, ge=50)
    sharing: Sharing | None = None

    @property
    def schedulable_gpus_per_gpu(self) -> int:
        """``nvidia.com/gpu`` units one physical GPU advertises to the scheduler."""
        from sluicegate import catalogue

        if isinstance(self.sharing, TimeSharing):
            return self.sharing.max_shared_clients_per_gpu
        if isinstance(self.sharing, Mig):
            return catalogue.load().gpus[self.gpu_type].mig_partitions[self.sharing.partition_size]
        return 1

    @property
    def max_schedulable_gpus(self) -> int:
        return self.max_nodes * self.gpus_per_node * self.schedulable_gpus_per_gpu


class Cluster(BaseModel):
    model_config = _MODEL
    release_channel: Literal["RAPID", "REGULAR", "STABLE"] = "REGULAR"
    binary_authorization: BinaryAuthorization = BinaryAuthorization()
    system_pool: SystemPool = SystemPool()
    gpu_pools: tuple[GpuPool, ...] = ()


KUBEFLOW_COMPONENTS = (
    "pipelines",
    "notebooks",
    "katib",
    "kserve",
    "trainer",
    "tensorboard",
    "volumes",
    "spark",
)


class KubeflowComponents(BaseModel):
    """Which Kubeflow components Argo CD installs; the core (Istio, cert-manager,
    Dex/oauth2-proxy, central dashboard, profiles, PodDefaults) always comes with them.

    These are the optional applications of kubeflow/manifests 26.03's
    ``example/kustomization.yaml``. Model Registry is not among them: that release
    installs it per profile namespace with its own database (its README), so it is
    not a cluster-wide switch. ``kserve`` brings Knative Serving; ``volumes`` brings
    the PVC viewer controller the volumes web app opens.
    """

    model_config = _MODEL
    pipelines: bool = True
    notebooks: bool = True
    katib: bool = False
    kserve: bool = False
    trainer: bool = False
    tensorboard: bool = True
    volumes: bool = True
    spark: bool = False

    def enabled(self) -> tuple[str, ...]:
        return tuple(c for c in KUBEFLOW_COMPONENTS if getattr(self, c))


class Kubeflow(BaseModel):
    model_config = _MODEL
    release: Literal["26.03"] = "26.03"
    components: KubeflowComponents = KubeflowComponents()


class ArgoCd(BaseModel):
    """Argo CD and the platform repository.

    Argo CD does not sync from git: it syncs the tree ``sluicegate publish`` pushes
    to the region's Artifact Registry (``Names.gitops_repository``), inside the
    perimeter. ``repo_url`` and ``revision`` say where the platform repository
    lives (teams install sluicegate from it); ``path`` is the rendered tree's
    folder in it, which ``render`` writes and ``publish`` packs by default.
    """

    model_config = _MODEL
    # Chart 10.1.1 ships Argo CD v3.4.4 (argo-helm charts/argo-cd/Chart.yaml appVersion);
    # OCI sources need Argo CD 3.1 or later.
    chart_version: str = Field(default="10.1.1", pattern=r"^\d+\.\d+\.\d+$")
    repo_url: str = Field(pattern=r"^(https://|ssh://|git@)\S+$")
    revision: str = Field(default="main", min_length=1)
    path: str = Field(default="manifests/rendered", min_length=1)
    ha: bool = False


class Dashboard(BaseModel):
    """The Kubeflow dashboard's internal HTTPS address, behind Identity-Aware Proxy.

    ``hostname`` is the name data scientists open (the corporate DNS points it at
    the load balancer's internal address); ``iap_client_id`` is the OAuth client
    IAP signs users in with. Its secret and the TLS certificate are Kubernetes
    Secrets the operator creates (docs/platform.md, "How a data scientist logs in").
    """

    model_config = _MODEL
    hostname: str = Field(
        pattern=r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$", max_length=253
    )
    iap_client_id: str = Field(pattern=r"^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$")


class Storage(BaseModel):
    """Settings of every team bucket."""

    model_config = _MODEL
    soft_delete_days: int = Field(default=7, ge=0, le=90)
    retention_days: int = Field(default=0, ge=0, le=3650)
    versioning: bool = True


# Docker Hub's sign-up rule for a Docker ID: 4 to 30 lowercase letters and digits.
DOCKERHUB_USERNAME = r"^[a-z0-9]{4,30}$"


class Registry(BaseModel):
    """The region's pull-through mirrors of the public registries."""

    model_config = _MODEL
    # Docker Hub rate-limits anonymous pulls; the Docker Hub mirror pulls as this
    # account instead. Its access token is a version of an in-region secret the
    # foundation creates and the operator fills (docs/foundation.md).
    dockerhub_username: str | None = Field(default=None, pattern=DOCKERHUB_USERNAME)


class Team(BaseModel):
    """One ML team: a namespace, a bucket, an identity and a GPU quota."""

    model_config = _MODEL
    name: DnsLabel
    owners: tuple[Email, ...] = Field(min_length=1)
    data_classification: Literal["pii", "internal"]
    gpu_quota: int = Field(default=0, ge=0)
    gpu_types: tuple[str, ...] = ()


class Platform(BaseModel):
    """The whole platform: ``platform.yaml`` plus the teams read from ``teams/``."""

    model_config = _MODEL
    prefix: str = Field(pattern=r"^[a-z][a-z0-9]{1,11}$")
    project_id: str = Field(pattern=r"^[a-z][-a-z0-9]{4,28}[a-z0-9]$")
    organization_id: NumericId | None = None
    folder_id: NumericId | None = None
    # Where the organization policies go: the platform's dedicated folder by default
    # when folder_id is given, else the project. `organization` affects every project
    # of the organization and needs confirm_organization_wide: true.
    policy_scope: Literal["project", "folder", "organization"] | None = None
    confirm_organization_wide: bool = False
    region: str
    network: Network
    vpc_sc: VpcServiceControls | None = None
    operators: Operators | None = None
    cluster: Cluster = Cluster()
    kubeflow: Kubeflow = Kubeflow()
    argocd: ArgoCd
    # Without it no Gateway is built and nobody can sign in to Kubeflow (DEP-13 fails).
    dashboard: Dashboard | None = None
    storage: Storage = Storage()
    registry: Registry = Registry()
    teams: tuple[Team, ...] = ()

    @property
    def policy_node(self) -> Literal["project", "folder", "organization"]:
        """The hierarchy level the organization policies are set at."""
        if self.policy_scope:
            return self.policy_scope
        return "folder" if self.folder_id else "project"

    def team(self, name: str) -> Team:
        for team in self.teams:
            if team.name == name:
                return team
        raise KeyError(name)

    def pool(self, name: str) -> GpuPool:
        for pool in self.cluster.gpu_pools:
            if pool.name == name:
                return pool
        raise KeyError(name)
