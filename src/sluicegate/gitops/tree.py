"""The complete tree Argo CD syncs: the hydrated upstream components plus the kit's own objects.

``build(platform, dest, cache)`` verifies the upstream cache against the lock,
hydrates every installed component with the kit's overlays, writes it under
``dest/hydrated/``, then renders the kit's templates beside it (``apps/`` last: its
Applications pin the content tag of everything else). ``plan``, ``render`` and
onboarding all build the tree through here, so the three can never differ.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from sluicegate import cache as caches
from sluicegate import upstream
from sluicegate import kit
from sluicegate.gitops import TEMPLATES
from sluicegate.gitops import write as render
from sluicegate.gitops.hydrate import (
    Component,
    Hydrated,
    cmek_storage_class,
    dump,
    hydrate,
    write_hydrated,
)
from sluicegate.gitops.images import image_overlay, images_list, write_images_json
from sluicegate.gitops.login import login_overlay
from sluicegate.gitops.objects import forget
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


# The hydration cache (sluicegate.cache): kustomize builds of every component take
# about 5 s on two cores, and nothing in them depends on the teams.
CACHE = "hydrated"
_PACKAGE = Path(__file__).resolve().parents[1]
# What hydration reads besides the spec and the upstream sources: the kit's GitOps,
# upstream and catalogue code and data, the names and spec model, and the templates'
# defaults (the Gatekeeper version). The lock is in upstream/.
_SOURCES = ("gitops", "upstream", "catalogue", "spec", "names.py")


def _hydration_key(platform: Platform) -> str:
    kubectl = shutil.which("kubectl")
    stat = Path(kubectl).resolve().stat() if kubectl else None
    return caches.key(
        {
            "format": 2,
            # Hydration reads no team: a team added or changed hits.
            "spec": platform.model_dump(mode="json", exclude={"teams"}),
            "sources": caches.sources_digest(_PACKAGE, _SOURCES),
            "defaults": caches.files_digest([TEMPLATES / "defaults.yaml"], kit.ROOT),
            "kubectl": [kubectl, stat.st_size, stat.st_mtime_ns] if stat else None,
        }
    )


def hydrated(platform: Platform, cache: Path) -> tuple[Hydrated, list[dict]]:
    """Every installed upstream component of ``platform``, built from a verified cache,
    with the kit's overlays applied; and the list of the upstream images it pulls.

    The image overlay runs last, so it also sees (and its scan checks) what the
    other overlays add; the images list is taken just before it. The login overlay
    makes Identity-Aware Proxy the only way in (sluicegate.gitops.login).

    The result is kept in the hydration cache under a key of everything it depends on
    (``_hydration_key``); a hit is the same objects in the same order.
    """
    upstream.verify(cache)
    where, entry = caches.folder(CACHE), _hydration_key(platform)
    found = caches.load(where, entry)
    if found is not None:
        components = [Component(**c) for c in found["components"]]
        return Hydrated(components, found["objects"], found["texts"]), found["images"]
    result, images = _hydrate(platform, cache)
    result.texts = {name: dump(objects) for name, objects in result.items()}
    caches.store(
        where,
        entry,
        {
            "components": [asdict(c) for c in result.components.values()],
            "objects": dict(result),
            "texts": result.texts,
            "images": images,
        },
    )
    return result, images


def _hydrate(platform: Platform, cache: Path) -> tuple[Hydrated, list[dict]]:
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
    forget()
    result, images = hydrated(platform, cache)
    count = write_hydrated(result, dest, result.texts)
    write_images_json(images, dest / IMAGES_FILE)
    count += render(platform, dest)
    return Tree(objects=count, hydrated=result, webhook_ports=webhook_ports(result))
