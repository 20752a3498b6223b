"""Hydrate the upstream part of the GitOps tree: every installed Kubeflow app and
Gatekeeper, built ahead of time from the local upstream cache.

``hydrate(platform, cache)`` copies the Kubeflow release into a temporary folder
(the cache is never edited), points each remote kustomize base at the matching
cached source (``resolve_remote``), runs ``kubectl kustomize`` on every installed
app's path, reads Gatekeeper's rendered release manifest, then applies the
overlays in order. ``write_hydrated`` writes the result as
``hydrated/<group>--<app>/manifests.yaml``, the same bytes for the same input.

The cache is expected to have passed ``sluicegate.upstream.verify`` first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sluicegate import upstream
from sluicegate.errors import SluicegateError
from sluicegate.gitops.catalogue import load_release
from sluicegate.gitops.objects import NotObjects, parse_objects, remember
# The StorageClass every claim that names none gets: the platform creates it as the
# cluster's default (pd.csi, encrypted with the region's disk key), because
# gcp.restrictNonCmekServices refuses disks without a customer-managed key.
from sluicegate.names import CMEK_STORAGE_CLASS, Names
from sluicegate.spec.model import Platform


# Gatekeeper is installed from the release's rendered manifest (the same objects as
# its Helm chart with default values; there is no helm binary to render the chart).
GATEKEEPER_MANIFEST = "deploy/gatekeeper.yaml"
GATEKEEPER_APP = ("policy", "gatekeeper")

HYDRATED = "hydrated"
MANIFESTS = "manifests.yaml"

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
# Kustomization fields whose entries are other kustomizations or resource files.
_REFERENCE_FIELDS = ("resources", "bases", "components")

# Review order of kinds in a hydrated file: what others depend on comes first
# (namespaces, CRDs, identities and their rights, configuration), then the
# workloads, then what routes to them, webhooks last. Close to Helm's install
# order (helm pkg/release/util/kind_sorter.go), with CRDs moved to the front.
KIND_ORDER = (
    "Namespace",
    "CustomResourceDefinition",
    "PriorityClass",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
)
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}

Objects = list[dict[str, Any]]
Overlay = Callable[[str, Objects], Objects]
"""An overlay gets an Application name (``<group>--<app>``) and its objects and
returns the objects to write; it may change the dicts it is given."""

_GITHUB_RELEASE = re.compile(
    r"^https://github\.com/(?P<repo>[^/]+/[^/]+)/releases/download/(?P<tag>[^/]+)/(?P<asset>[^?#]+)$"
)
_GITHUB_GIT = re.compile(
    r"^(?:https://|git@|ssh://git@)?github\.com[/:](?P<repo>[^/]+/[^/?]+?)(?:\.git)?"
    r"(?P<path>(?://|/)[^?]*)?(?:\?(?P<query>.*))?$"
)


class HydrateError(SluicegateError):
    """An upstream component cannot be built: names the component and the path."""


@dataclass(frozen=True)
class Component:
    """One upstream component and where it is built from."""

    name: str
    """The Argo CD Application, ``<group>--<app>``."""
    source: str
    """The cache folder, ``<name>-<version>``."""
    path: str
    """The kustomization (or, for Gatekeeper, the manifest) inside the source."""
    kustomize: bool = True

    @property
    def where(self) -> str:
        return f"{self.source}/{self.path}"


class Hydrated(dict[str, Objects]):
    """Objects per Application name, in install order; ``components`` says where
    each came from."""

    def __init__(
        self,
        components: Sequence[Component],
        objects: Mapping[str, Objects],
        texts: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__((c.name, objects[c.name]) for c in components)
        self.components = {c.name: c for c in components}
        # ``dump`` of each component's objects, where known (the hydration cache keeps it).
        self.texts = dict(texts or {})


def components(
    platform: Platform, *, lock: Sequence[upstream.Source] | None = None
) -> tuple[Component, ...]:
    """The upstream components ``platform`` installs: the Kubeflow release's apps
    for the enabled components, then Gatekeeper."""
    n = Names.of(platform)
    release = load_release(platform.kubeflow.release)
    kubeflow = upstream.find_source("kubeflow-manifests", release.release, lock)
    found = [
        Component(n.argocd_app(app.group, app.app), kubeflow.dirname, app.path)
        for app in release.installed(platform.kubeflow.components.enabled())
    ]
    gatekeeper = upstream.find_source("gatekeeper", f"v{_gatekeeper_version()}", lock)
    found.append(
        Component(n.argocd_app(*GATEKEEPER_APP), gatekeeper.dirname, GATEKEEPER_MANIFEST, False)
    )
    return tuple(found)


def _gatekeeper_version() -> str:
    # The Application and the hydrated tree name one version: the templates' default.
    # Imported here because sluicegate.gitops may import this module.
    from sluicegate.gitops import TEMPLATES

    return str(yaml.safe_load((TEMPLATES / "defaults.yaml").read_text())["gatekeeper"]["version"])


def resolve_remote(
    url: str, lock: Sequence[upstream.Source]
) -> tuple[upstream.Source, str, upstream.ReleaseAsset | None] | None:
    """The locked source a remote kustomize base ``url`` names, the path inside it
    and, for a release download, the asset's build recipe; ``None`` when no
    locked source matches. Two forms are understood:
    ``github.com/ORG/REPO[/|//]PATH?ref=TAG`` (a git base) and
    ``https://github.com/ORG/REPO/releases/download/TAG/ASSET`` (a release file,
    built here from the tag the way the release builds it)."""
    if match := _GITHUB_RELEASE.match(url):
        repo, tag = match["repo"].lower(), match["tag"]
        for source in lock:
            if source.repo == repo and source.tag == tag:
                asset = source.release_assets.get(match["asset"])
                return (source, asset.build, asset) if asset else None
        return None
    if match := _GITHUB_GIT.match(url):
        params = dict(p.partition("=")[::2] for p in (match["query"] or "").split("&") if p)
        ref = params.get("ref") or params.get("version")
        path = (match["path"] or "").strip("/")
        for source in lock:
            if ref and source.repo == match["repo"].lower() and source.tag == ref:
                return source, path, None
    return None


def _is_remote(entry: str) -> bool:
    return "://" in entry or entry.startswith(("git@", "github.com/"))


def kustomization_file(folder: Path) -> Path | None:
    """The kustomization file of ``folder``, or ``None``."""
    for name in KUSTOMIZATION_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def references(kustomization: Path) -> list[str]:
    """The entries of a kustomization's resources, bases and components."""
    data = yaml.load(kustomization.read_text(), Loader=yaml.CSafeLoader) or {}
    found: list[str] = []
    for key in _REFERENCE_FIELDS:
        found += [e for e in data.get(key) or () if isinstance(e, str)]
    return found


class Stage:
    """A temporary copy of what the components need, with remote bases rewritten
    to relative paths into it.

    Only the folder of each kustomization reached from a component (and what is
    below it) is copied: kustomize's default load restrictor keeps a
    kustomization's files inside its own folder, and every other kustomization
    it names is reached and copied in turn. A release asset's source is copied
    whole, because its build first edits another kustomization's images.
    """

    def __init__(self, cache: Path, root: Path, lock: Sequence[upstream.Source]) -> None:
        self.cache, self.root, self.lock = cache, root, lock
        self.folders: dict[str, Path] = {}
        self._origins: dict[Path, Path] = {}  # staged source folder -> its cache folder
        self._copied: set[Path] = set()  # staged folders whose whole subtree is copied
        self._visited: set[Path] = set()

    def source(self, dirname: str) -> Path:
        """Where source ``dirname`` is staged (its files are copied on demand)."""
        staged = self.root / dirname
        self._origins[staged] = self.cache / dirname
        return staged

    def release_asset(self, source: upstream.Source, asset: upstream.ReleaseAsset) -> Path:
        """A whole copy of ``source`` set up as its release builds ``asset``."""
        staged = self.root / ".release" / source.dirname
        if staged not in self._copied:
            self._origins[staged] = self.cache / source.dirname
            self._copy(staged)
            for where, images in asset.images.items():
                _set_images(staged / where, images)
        return staged

    def _origin(self, staged: Path) -> Path:
        for base, origin in self._origins.items():
            if staged.is_relative_to(base):
                return origin / staged.relative_to(base)
        raise AssertionError(f"{staged} is outside every staged source")

    def _copy(self, staged: Path) -> None:
        """Copy ``staged``'s subtree from the cache unless it, or a folder above it,
        is copied already; files already staged (maybe rewritten) are kept."""
        if any(staged.is_relative_to(done) for done in self._copied):
            return
        upstream.copy_files(
            self._origin(staged), staged, skip=frozenset({upstream.MARKER}), keep_existing=True
        )
        self._copied.add(staged)

    def prepare(self, component: Component) -> Path:
        """The component's kustomization folder in the stage, its remote bases (and
        theirs) rewritten."""
        folder = self.source(component.source) / component.path
        if kustomization_file(self._origin(folder)) is None:
            raise HydrateError(
                f"{component.name}: {component.where}: no kustomization at this path of "
                f"{component.source} in {self.cache}"
            )
        self._walk(component, folder)
        return folder

    def _walk(self, component: Component, folder: Path) -> None:
        self._copy(folder)
        kfile = kustomization_file(folder)
        if kfile is None or kfile in self._visited:
            return  # a missing kustomization is kustomize's error to report, with its path
        self._visited.add(kfile)
        rewrites: dict[str, str] = {}
        nested: list[Path] = []
        for entry in references(kfile):
            if _is_remote(entry):
                target = self._resolve(component, kfile, entry)
                rewrites[entry] = os.path.relpath(target, folder)
                nested.append(target)
                continue
            target = Path(os.path.normpath(folder / entry))
            if self._origin(target).is_dir():
                nested.append(target)
        if rewrites:
            text = kfile.read_text()
            for url in sorted(rewrites, key=len, reverse=True):
                text = text.replace(url, rewrites[url])
            kfile.write_text(text)
        for target in nested:
            self._walk(component, target)

    def _resolve(self, component: Component, kfile: Path, url: str) -> Path:
        where = kfile.relative_to(self.root).as_posix()
        resolved = resolve_remote(url, self.lock)
        if resolved is None:
            raise HydrateError(
                f"{component.name}: {where}: remote base {url} maps to no source in the "
                f"upstream lock ({upstream.LOCK.name}); add it there and run `sluicegate vendor`"
            )
        source, path, asset = resolved
        base = self.release_asset(source, asset) if asset else self.source(source.dirname)
        target = base / path
        if not self._origin(target).is_dir():
            raise HydrateError(
                f"{component.name}: {where}: remote base {url} maps to {source.dirname}/{path}, "
                f"which is not in the upstream cache"
            )
        return target


def _set_images(folder: Path, images: Mapping[str, str]) -> None:
    """What ``kustomize edit set image NAME=REF`` does to ``folder``'s kustomization."""
    kfile = kustomization_file(folder)
    if kfile is None:
        raise HydrateError(f"{folder}: no kustomization to set images {dict(images)} in")
    data = yaml.load(kfile.read_text(), Loader=yaml.CSafeLoader) or {}
    entries = [e for e in data.get("images") or () if e.get("name") not in images]
    for name, ref in images.items():
        new_name, _, tag = ref.rpartition(":")
        entries.append({"name": name, "newName": new_name, "newTag": tag})
    data["images"] = entries
    kfile.write_text(yaml.safe_dump(data, sort_keys=False))


@contextmanager
def staged(
    cache: Path, parts: Sequence[Component], *, lock: Sequence[upstream.Source] | None = None
) -> Iterator[Stage]:
    """A temporary stage for the kustomize ``parts`` (``stage.folders``: the folder
    to build per Application name), removed on exit."""
    with tempfile.TemporaryDirectory(prefix="sluicegate-hydrate-") as root:
        stage = Stage(cache, Path(root), upstream.load_lock() if lock is None else lock)
        for part in parts:
            if part.kustomize:
                stage.folders[part.name] = stage.prepare(part)
        yield stage


def _kustomize(component: Component, folder: Path, stage_root: Path, cache: Path) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise HydrateError(
            f"{component.name}: kubectl is not on PATH; hydration runs `kubectl kustomize`"
        )
    run = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        first = _first_error(run.stderr or f"exit {run.returncode}")
        first = first.replace(f"{stage_root}/", f"{cache}/")
        raise HydrateError(f"{component.name}: {component.where}: kustomize build failed: {first}")
    return run.stdout


# kubectl reports through klog: `E... run.go:72] "command failed" err="..."`, or
# for a message with newlines `err=<` then the message, tab-indented, then ` >`.
_KLOG_ERROR = re.compile(
    r'"command failed" err=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|<\n(?P<block>.*?)\n\s*>)', re.S
)


def _first_error(stderr: str) -> str:
    """kustomize's error from kubectl's stderr, on one line."""
    if match := _KLOG_ERROR.search(stderr):
        if match["quoted"] is not None:
            text = re.sub(r"\\(.)", r"\1", match["quoted"])
        else:
            text = match["block"]
        return " ".join(text.split())
    lines = [s for s in stderr.splitlines() if s.strip() and not s.startswith("# Warning")]
    return " ".join(lines[0].split()) if lines else stderr.strip()


def _parse(component: Component, text: str) -> Objects:
    try:
        return parse_objects(text)
    except NotObjects as err:
        raise HydrateError(f"{component.name}: {component.where}: {err}") from None


def hydrate(
    platform: Platform,
    cache: Path,
    *,
    overlays: Iterable[Overlay] = (),
    lock: Sequence[upstream.Source] | None = None,
    workers: int | None = None,
) -> Hydrated:
    """Build every upstream component ``platform`` installs from ``cache``, apply
    ``overlays`` in order to each, and return the objects per Application name.

    ``workers`` kustomize builds run at once (default: one per CPU). Raises
    ``HydrateError`` naming the component and path when a path is missing at the
    release, a remote base maps to no cached source, or kustomize fails (with its
    first error line).
    """
    lock = upstream.load_lock() if lock is None else lock
    parts = components(platform, lock=lock)
    by_name = {c.name: c for c in parts}
    with staged(cache, parts, lock=lock) as stage:

        def build(name: str) -> Objects:
            text = _kustomize(by_name[name], stage.folders[name], stage.root, cache)
            return _parse(by_name[name], text)

        # Each build is a kubectl process; a thread parses one build's output
        # while another build runs.
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            built = dict(zip(stage.folders, pool.map(build, stage.folders), strict=True))
    for part in parts:
        if not part.kustomize:
            manifest = cache / part.source / part.path
            if not manifest.is_file():
                raise HydrateError(f"{part.name}: {part.where}: no such file in {cache}")
            built[part.name] = _parse(part, manifest.read_text())
    for overlay in overlays:
        for part in parts:
            built[part.name] = overlay(part.name, built[part.name])
    return Hydrated(parts, built)


def _claim_specs(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The PVC specs an object creates: a PersistentVolumeClaim's own, a
    StatefulSet's volumeClaimTemplates, and generic ephemeral volumes in a pod
    template (each becomes a PVC when the pod starts)."""
    kind = obj.get("kind")
    if kind == "PersistentVolumeClaim":
        yield obj.setdefault("spec", {})
        return
    spec = obj.get("spec") or {}
    if kind == "StatefulSet":
        for template in spec.get("volumeClaimTemplates") or ():
            yield template.setdefault("spec", {})
    pod = spec if kind == "Pod" else (spec.get("template") or {}).get("spec") or {}
    if kind == "CronJob":
        pod = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template", {}).get(
            "spec"
        ) or {}
    for volume in pod.get("volumes") or ():
        ephemeral = (volume.get("ephemeral") or {}).get("volumeClaimTemplate")
        if ephemeral:
            yield ephemeral.setdefault("spec", {})


def cmek_storage_class(app: str, objects: Objects) -> Objects:
    """Overlay: every claim that names no StorageClass gets ``CMEK_STORAGE_CLASS``.

    An empty ``storageClassName: ""`` is left alone: it asks for no dynamic
    provisioning (a pre-created volume), which is a choice, not an omission.
    """
    for obj in objects:
        for spec in _claim_specs(obj):
            if spec.get("storageClassName") is None:
                spec["storageClassName"] = CMEK_STORAGE_CLASS
    return objects


def _sort_key(obj: dict[str, Any]) -> tuple[int, str, str, str, str]:
    meta = obj.get("metadata") or {}
    kind = obj["kind"]
    return (
        _KIND_RANK.get(kind, len(KIND_ORDER)),
        kind,
        meta.get("namespace") or "",
        meta.get("name") or "",
        obj["apiVersion"],
    )


class _Dumper(yaml.CSafeDumper):
    """Block style throughout; multi-line strings (embedded configs, scripts) as
    literal blocks so they read as they were written."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(objects: Iterable[dict[str, Any]]) -> str:
    """``objects`` as one multi-document YAML text, in review order (``KIND_ORDER``,
    then namespace, name and apiVersion): the same objects give the same text."""
    return yaml.dump_all(
        sorted(objects, key=_sort_key),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1 << 16,
        explicit_start=True,
    )


def write_hydrated(
    result: Mapping[str, Objects], dest: Path, texts: Mapping[str, str] | None = None
) -> int:
    """Write ``result`` as ``dest/hydrated/<group>--<app>/manifests.yaml``, one
    folder per Application (Argo CD reads a plain folder of manifests), and return
    the number of objects written. ``texts`` holds ``dump`` of a component's objects
    where it is already known (the hydration cache keeps it).

    ``dest/hydrated`` is generated whole: it is written beside itself and then
    swapped in, so a component switched off leaves no folder behind and a failed
    write leaves the previous tree.
    """
    sources = getattr(result, "components", {})
    texts = texts or {}
    dest.mkdir(parents=True, exist_ok=True)
    final = dest / HYDRATED
    count = 0
    with tempfile.TemporaryDirectory(dir=dest, prefix=f".{HYDRATED}-") as scratch_name:
        scratch = Path(scratch_name)
        new = scratch / HYDRATED
        for name, objects in result.items():
            folder = new / name
            folder.mkdir(parents=True)
            where = f" from {sources[name].where}" if name in sources else ""
            header = (
                f"# Hydrated by sluicegate{where} (pinned in src/sluicegate/upstream/lock.yaml),\n"
                "# with the kit's overlays applied: do not edit; re-run `sluicegate plan`\n"
                "# or `sluicegate render`.\n"
            )
            text = header + (texts[name] if name in texts else dump(objects))
            (folder / MANIFESTS).write_text(text, encoding="utf-8")
            remember(final / name / MANIFESTS, text, sorted(objects, key=_sort_key))
            count += len(objects)
        if final.exists():
            os.rename(final, scratch / f"{HYDRATED}.old")
        os.rename(new, final)
    return count
