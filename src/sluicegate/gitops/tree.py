"""The complete tree Argo CD syncs: the hydrated upstream components plus the kit's own objects.

``build(platform, dest, cache)`` verifies the upstream cache against the lock,
hydrates every installed component with the kit's overlays, writes it under
``dest/hydrated/``, then renders the kit's templates beside it (``apps/`` last: its
Applications pin the content tag of everything else). ``plan``, ``render`` and
onboarding all build the tree through here, so the three can never differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sluicegate import upstream
from sluicegate.gitops import write as render
from sluicegate.gitops.hydrate import Hydrated, cmek_storage_class, hydrate, write_hydrated
from sluicegate.gitops.images import image_overlay, images_list, write_images_json
from sluicegate.gitops.login import login_overlay
from sluicegate.gitops.webhooks import webhook_ports
from sluicegate.names import Names
from sluicegate.spec.model import Platform


@dataclass(frozen=True)
class Tree:
    """What one build wrote, and what the other layers need from it."""

    objects: int
    """Kubernetes objects in the tree: the kit's and the hydrated ones."""
    hydrated: Hydrated
    webhook_ports: tuple[int, ...]
    """Pod ports the control plane calls (admission and conversion webhooks): the
    foundation opens exactly these from the control-plane range to the nodes."""


# The machine-readable list of every upstream image the tree pulls and its
# in-region name, at the root of the tree (for pre-pulling with skopeo or crane).
IMAGES_FILE = "images.json"


def hydrated(platform: Platform, cache: Path) -> tuple[Hydrated, list[dict]]:
    """Every installed upstream component of ``platform``, built from a verified cache,
    with the kit's overlays applied; and the list of the upstream images it pulls.

    The image overlay runs last, so it also sees (and its scan checks) what the
    other overlays add; the images list is taken just before it. The login overlay
    makes Identity-Aware Proxy the only way in (sluicegate.gitops.login).
    """
    upstream.verify(cache)
    names = Names.of(platform)
    built = hydrate(
        platform,
        cache,
        overlays=(cmek_storage_class, login_overlay(platform.network.proxy_only_cidr)),
    )
    images = images_list(names, built)
    overlay = image_overlay(names)
    return Hydrated(built.components.values(), {n: overlay(n, o) for n, o in built.items()}), images


def build(platform: Platform, dest: Path, cache: Path) -> Tree:
    """Write the whole synced tree of ``platform`` into ``dest``; see the module doc."""
    result, images = hydrated(platform, cache)
    count = write_hydrated(result, dest)
    write_images_json(images, dest / IMAGES_FILE)
    count += render(platform, dest)
    return Tree(objects=count, hydrated=result, webhook_ports=webhook_ports(result))
