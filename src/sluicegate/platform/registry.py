"""Artifact Registry in the region: the platform's own images, remote
repositories that mirror the public registries Kubeflow's images come from, so
nodes behind default-deny egress pull everything from inside the perimeter, and
the repository the GitOps tree is published to, which Argo CD syncs from."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from sluicegate import catalogue
from sluicegate.names import Names

TYPE = "sluicegate:gcp:Registry"


# One remote repository per registry of catalogue/registries.yaml: the same list
# the GitOps image overlay maps every image of the synced tree to.
UPSTREAMS = catalogue.registries()


@dataclass(frozen=True)
class RegistryArgs:
    names: Names
    node_service_account: pulumi.Input[str]
    """E-mail of the node service account, the only reader of every repository."""
    dockerhub_username: str | None = None
    """The Docker Hub account the Docker Hub mirror pulls as (``registry.dockerhub_username``);
    ``None`` pulls anonymously, under Docker Hub's lower rate limit."""


def _remote_config(up: catalogue.Registry, n: Names, dockerhub_username: str | None) -> dict:
    """The remote repository config of one upstream: with the Docker Hub account's
    credentials on the Docker Hub mirror when the spec names one."""
    config = {"description": up.host, "docker_repository": up.remote}
    if up.key == "dockerhub" and dockerhub_username:
        # The token is the newest version of the foundation's in-region secret, which the
        # Artifact Registry service agent is granted (foundation/registry_credentials.py).
        config["upstream_credentials"] = {
            "username_password_credentials": {
                "username": dockerhub_username,
                "password_secret_version": n.dockerhub_secret_version,
            }
        }
    return config


class Registry(pulumi.ComponentResource):
    """CMEK docker repositories: the platform's images, one remote repository per
    upstream, and the GitOps tree.

    The nodes read the images and the mirrors. The GitOps repository has no reader
    here: Argo CD's own identity is granted it, alone, by the ArgoCd component.
    """

    def __init__(self, name: str, args: RegistryArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        n = args.names
        child = pulumi.ResourceOptions(parent=self)
        common = {
            "project": n.project_id,
            "location": n.region,
            "format": "DOCKER",
            "kms_key_name": n.crypto_key_id("registry"),
            "labels": {"platform": n.prefix, "managed-by": "sluicegate"},
        }
        self.images = gcp.artifactregistry.Repository(
            f"{name}-images",
            repository_id=n.registry,
            description="The platform's own images.",
            mode="STANDARD_REPOSITORY",
            # A tag that moves would let an image change without a review or a digest change.
            docker_config={"immutable_tags": True},
            **common,
            opts=child,
        )
        self.gitops = gcp.artifactregistry.Repository(
            f"{name}-gitops",
            repository_id=n.gitops_repository,
            description="The GitOps tree Argo CD syncs, as OCI artifacts (sluicegate publish).",
            mode="STANDARD_REPOSITORY",
            # Tags are content hashes the rendered Applications pin: they must never move.
            docker_config={"immutable_tags": True},
            **common,
            opts=child,
        )
        self.mirrors = {
            up.key: gcp.artifactregistry.Repository(
                f"{name}-mirror-{up.key}",
                repository_id=n.registry_mirror(up.key),
                description=f"Pull-through mirror of {up.host}.",
                mode="REMOTE_REPOSITORY",
                remote_repository_config=_remote_config(up, n, args.dockerhub_username),
                **common,
                opts=child,
            )
            for up in UPSTREAMS
        }
        reader = pulumi.Output.from_input(args.node_service_account).apply(
            lambda e: f"serviceAccount:{e}"
        )
        self.readers = [
            gcp.artifactregistry.RepositoryIamMember(
                f"{name}-{key}-nodes-reader",
                project=n.project_id,
                location=n.region,
                repository=repo.name,
                role="roles/artifactregistry.reader",
                member=reader,
                opts=child,
            )
            for key, repo in {"images": self.images, **self.mirrors}.items()
        ]
        self.register_outputs(
            {
                "images": self.images.name,
                "gitops": self.gitops.name,
                "mirrors": {key: repo.name for key, repo in self.mirrors.items()},
            }
        )
