"""The example platform rendered and hydrated once per session, and readers over the tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sluicegate import spec, upstream
from sluicegate.gitops import tree
from sluicegate.gitops.hydrate import (
    HYDRATED,
    Hydrated,
    cmek_storage_class,
    hydrate,
    write_hydrated,
)
from sluicegate.names import Names

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "manifests" / "rendered"


@dataclass(frozen=True)
class Obj:
    """One Kubernetes object of the rendered tree and the file it is in."""

    file: str
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.doc["kind"]

    @property
    def name(self) -> str:
        return self.doc["metadata"]["name"]

    @property
    def hydrated(self) -> bool:
        """Whether it is an upstream component's object (under ``hydrated/``), not the kit's."""
        return self.file.partition("/")[0] == HYDRATED

    def __str__(self) -> str:
        return f"{self.file}: {self.kind}/{self.name}"


# libyaml's loader when PyYAML has it: the hydrated tree is ~540 objects, and the
# pure-Python loader takes seconds over it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def objects_in(root: Path) -> list[Obj]:
    found = []
    for path in sorted(root.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.load_all(path.read_text(), Loader=_LOADER):
            if doc is not None:
                found.append(Obj(path.relative_to(root).as_posix(), doc))
    return found


@pytest.fixture(scope="session")
def platform():
    return spec.load(REPO)


@pytest.fixture(scope="session")
def names(platform) -> Names:
    return Names.of(platform)


@pytest.fixture(scope="session")
def rendered(platform, upstream_cache, tmp_path_factory) -> Path:
    """The whole tree Argo CD syncs for the example: hydrated upstream and the kit's own."""
    dest = tmp_path_factory.mktemp("rendered")
    tree.build(platform, dest, upstream_cache)
    return dest


@pytest.fixture(scope="session")
def objects(rendered) -> list[Obj]:
    return objects_in(rendered)


def kit_objects(objects: list[Obj]) -> list[Obj]:
    """The kit's own objects of the tree (apps/, gatekeeper/, teams/): everything not hydrated."""
    return [o for o in objects if not o.hydrated]


def of_kind(objects: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objects if o.kind == kind]


def one(objects: list[Obj], kind: str, name: str, namespace: str | None = None) -> Obj:
    hits = [
        o
        for o in objects
        if o.kind == kind
        and o.name == name
        and (namespace is None or o.doc["metadata"].get("namespace") == namespace)
    ]
    assert len(hits) == 1, (
        f"expected one {kind}/{name} in {namespace or 'the tree'}, found {len(hits)}"
    )
    return hits[0]


@pytest.fixture(scope="session")
def upstream_cache() -> Path:
    """The upstream cache the tests hydrate from: ``$SLUICEGATE_UPSTREAM`` (CI and
    the Makefile point it at the shared snapshot), checked against the lock."""
    try:
        cache = upstream.locate(None, cwd=REPO)
    except upstream.UpstreamError as err:
        pytest.skip(f"no upstream cache to hydrate from: {err}")
    upstream.verify(cache)
    return cache


@pytest.fixture(scope="session")
def hydrated(platform, upstream_cache) -> Hydrated:
    """The example platform's upstream components, hydrated once per session with
    the kit's own overlays (the CMEK StorageClass). Do not change its objects."""
    return hydrate(platform, upstream_cache, overlays=[cmek_storage_class])


@pytest.fixture(scope="session")
def hydrated_tree(hydrated, tmp_path_factory) -> Path:
    """``hydrated`` written out: ``<dir>/hydrated/<group>--<app>/manifests.yaml``."""
    dest = tmp_path_factory.mktemp("hydrated")
    write_hydrated(hydrated, dest)
    return dest
