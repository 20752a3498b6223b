"""Every image of the synced tree from the region's Artifact Registry.

Nodes behind default-deny egress reach nothing but the restricted Google APIs VIP,
so each image must be pulled through the remote repository that mirrors its
registry (``catalogue/registries.yaml``): ``ghcr.io/kubeflow/kfp-driver:2.16.0``
becomes ``REGION-docker.pkg.dev/PROJECT/<prefix>-mirror-ghcr/kubeflow/kfp-driver:2.16.0``.

``image_overlay(names)`` is the hydration overlay that rewrites them. It covers
two kinds of place:

- the containers, init containers and ephemeral containers of every pod spec,
  wherever an object embeds one (workloads, Pods, CronJobs, Argo and Kubeflow
  custom resources), found by the shape of the Kubernetes API;
- the images controllers launch from configuration, one explicit rule each in
  ``RULES`` (component, object, field or key path, format), read off the
  hydrated kubeflow/manifests 26.03 tree.

After rewriting, ``public_references`` scans every string of the component for
anything still naming a public registry; the overlay refuses the tree if one is
left, so a new upstream image position fails the plan instead of failing a pull.
``images_list`` lists every upstream image and its in-region name for teams that
pre-pull or copy (``write_images_json``, ``copy_list``).
"""

from __future__ import annotations

import copy
import enum
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sluicegate import catalogue
from sluicegate.errors import SluicegateError
from sluicegate.names import Names

Overlay = Callable[[str, list[dict]], list[dict]]


class ImageError(SluicegateError):
    """An image the platform cannot pull from inside the perimeter, named by where it is:
    ``tools--pipelines: Deployment/ml-pipeline: spec.template...image: reason``."""

    def __init__(self, reason: str, component: str = "", obj: str = "", field: str = "") -> None:
        self.reason, self.component, self.obj, self.field = reason, component, obj, field
        super().__init__(": ".join(part for part in (component, obj, field, reason) if part))

    def at(self, component: str, obj: str, field: str) -> ImageError:
        return ImageError(self.reason, component, obj, field)


# --- references: the grammar of github.com/distribution/reference (reference.go,
# normalize.go), the one Docker, containerd and the kubelet parse image names with.

DOCKER_HUB = "docker.io"
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_PATH = re.compile(rf"{_COMPONENT}(?:/{_COMPONENT})*")
_HOST = re.compile(
    r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
    r"|\[[0-9a-fA-F:]+\])(?::[0-9]+)?"
)
_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
_NAME_MAX = 255


@dataclass(frozen=True)
class Reference:
    """A fully qualified image reference: Docker Hub made explicit, ``library/`` added."""

    host: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def repository(self) -> str:
        return f"{self.host}/{self.path}"

    def __str__(self) -> str:
        tag = f":{self.tag}" if self.tag else ""
        digest = f"@{self.digest}" if self.digest else ""
        return f"{self.repository}{tag}{digest}"


def parse(text: str) -> Reference:
    """``text`` as a reference, the way the kubelet reads an image field.

    The first path component is a registry host only if it has a ``.`` or a ``:``,
    is ``localhost``, or has an upper-case letter; otherwise the image is Docker
    Hub's, and a one-component Docker Hub name is an official ``library/`` image.
    Tag and digest are kept. Raises ``ImageError`` (without a location) if ``text``
    is not a reference.
    """
    rest, digest = text, None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
        if not _DIGEST.fullmatch(digest):
            raise ImageError(f"{text!r} is not an image reference: bad digest {digest!r}")
    name, tag = rest, None
    last = rest.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = rest.rsplit(":", 1)
        if not _TAG.fullmatch(tag):
            raise ImageError(f"{text!r} is not an image reference: bad tag {tag!r}")
    first, _, remainder = name.partition("/")
    if remainder and (
        any(c in first for c in ".:") or first == "localhost" or first != first.lower()
    ):
        host, path = first, remainder
        if not _HOST.fullmatch(host):
            raise ImageError(f"{text!r} is not an image reference: bad registry host {host!r}")
    else:
        host, path = DOCKER_HUB, name
    if not _PATH.fullmatch(path) or len(name) > _NAME_MAX:
        raise ImageError(f"{text!r} is not an image reference: bad repository name {path!r}")
    host = _canonical_host(host)
    if host == DOCKER_HUB and "/" not in path:
        path = f"library/{path}"
    return Reference(host, path, tag, digest)


def _canonical_host(host: str) -> str:
    for registry in catalogue.registries():
        if host in registry.aliases:
            return registry.host
    return host


@cache
def _mirror_keys() -> dict[str, str]:
    return {r.host: r.key for r in catalogue.registries()}


def mirror(names: Names, image: str | Reference) -> str:
    """The in-region name of ``image``: the same path, tag and digest under the remote
    repository of its registry. A repository without a tag stays one (a prefix such
    as Istio's hub, or an image whose tag the launcher adds). An image already in the
    platform's registry is returned as it is, so the overlay can run on its own
    output. Raises ``ImageError`` if no mirror serves its registry."""
    if in_region(names, str(image)):
        return str(image)
    ref = image if isinstance(image, Reference) else parse(image)
    key = _mirror_keys().get(ref.host)
    if key is None:
        hosts = ", ".join(sorted(_mirror_keys()))
        raise ImageError(
            f"image {str(image)!r} is from {ref.host}, which no mirror serves "
            f"(catalogue/registries.yaml mirrors {hosts})"
        )
    return str(Reference(names.registry_mirror_url(key), ref.path, ref.tag, ref.digest))


def in_region(names: Names, image: str) -> bool:
    """Whether ``image`` is already pulled from the platform's registry in its region."""
    return image.startswith(f"{names.registry_host}/{names.project_id}/")


# --- where images are: visits that rewrite (overlay) or record (images_list).


class Form(enum.Enum):
    IMAGE = "image"
    """A reference the kubelet pulls as written."""
    REPOSITORY = "repository"
    """A repository or registry prefix; the launcher adds the image name or tag."""


Visit = Callable[[str, str, Form], str]
"""``visit(field, value, form)`` returns the value to put in its place."""

_POD_CONTAINERS = ("containers", "initContainers", "ephemeralContainers")
# Argo Workflows templates name a single `container` or `script`, and `sidecars`.
_ARGO_CONTAINERS = ("container", "script")
_ARGO_LISTS = ("sidecars",)
# Kinds whose strings are schemas or opaque bytes, never pod specs.
_NOT_POD_HOLDERS = frozenset({"CustomResourceDefinition", "ConfigMap", "Secret"})


def _pod_container_images(node: Any, path: str, argo: bool, visit: Visit) -> None:
    """Every container image in ``node`` by the shape of the API: a list under
    ``containers``/``initContainers``/``ephemeralContainers`` (and Argo's
    ``container``, ``script`` and ``sidecars``) whose items have an ``image``."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _pod_container_images(item, f"{path}[{i}]", argo, visit)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = f"{path}.{key}" if path else key
        lists = _POD_CONTAINERS + (_ARGO_LISTS if argo else ())
        if key in lists and isinstance(value, list):
            for i, c in enumerate(value):
                if isinstance(c, dict) and isinstance(c.get("image"), str):
                    c["image"] = visit(f"{here}[{i}].image", c["image"], Form.IMAGE)
        elif argo and key in _ARGO_CONTAINERS and isinstance(value, dict):
            if isinstance(value.get("image"), str):
                value["image"] = visit(f"{here}.image", value["image"], Form.IMAGE)
        _pod_container_images(value, here, argo, visit)


def _label(obj: dict) -> str:
    meta = obj.get("metadata") or {}
    ns = f"{meta['namespace']}/" if meta.get("namespace") else ""
    return f"{obj.get('kind')}/{ns}{meta.get('name')}"


# --- config-embedded images: one rule per place a controller reads an image from.


# A configMapGenerator's name suffix: ten characters of the alphabet kustomize
# encodes its hash in (api/hasher/hasher.go, encode: no vowels, no 0, 1 or 3).
_KUSTOMIZE_HASH = "[bcdfghkmt2456789]{10}"


@dataclass(frozen=True)
class Rule:
    """Images a controller launches, read from one field of one object of one component."""

    component: str
    kind: str
    name: str
    """The object's name; a ConfigMap may carry a generator's hash suffix after it."""
    field: str
    """The field or key path, for people (the docs table and error messages)."""
    apply: Callable[[dict, Visit], bool]
    """Visits the images in the object; False if the field is not there."""
    why: str

    def matches(self, obj: dict) -> bool:
        name = (obj.get("metadata") or {}).get("name", "")
        if obj.get("kind") != self.kind:
            return False
        return name == self.name or (
            self.kind == "ConfigMap"
            and re.fullmatch(rf"{re.escape(self.name)}-{_KUSTOMIZE_HASH}", name) is not None
        )


def _containers(obj: dict, container: str) -> list[dict]:
    spec = obj.get("spec", {}).get("template", {}).get("spec", {})
    return [c for c in spec.get("containers", []) if c.get("name") == container]


def _env(
    container: str, var: str, form: Form, default: str | None = None
) -> Callable[[dict, Visit], bool]:
    """An environment variable of one container; with ``default`` (the value the
    program falls back to when it is unset), set it if it is missing."""

    def apply(obj: dict, visit: Visit) -> bool:
        found = False
        for c in _containers(obj, container):
            env = c.setdefault("env", []) if default else c.get("env", [])
            entries = [e for e in env if e.get("name") == var and "value" in e]
            if not entries and default is not None:
                env.append({"name": var, "value": default})
                entries = env[-1:]
            for e in entries:
                e["value"] = visit(f"{container}.env[{var}]", e["value"], form)
                found = True
        return found

    return apply


def _flag(container: str, flag: str) -> Callable[[dict, Visit], bool]:
    """A command-line flag of one container, as ``--flag=IMAGE`` or ``--flag IMAGE``."""

    def apply(obj: dict, visit: Visit) -> bool:
        found = False
        for c in _containers(obj, container):
            args = c.get("args", [])
            for i, arg in enumerate(args):
                if arg.startswith(f"{flag}="):
                    args[i] = f"{flag}=" + visit(
                        f"{container}.args[{i}]", arg[len(flag) + 1 :], Form.IMAGE
                    )
                    found = True
                elif arg == flag and i + 1 < len(args):
                    args[i + 1] = visit(f"{container}.args[{i + 1}]", args[i + 1], Form.IMAGE)
                    found = True
        return found

    return apply


def _data(key: str, form: Form) -> Callable[[dict, Visit], bool]:
    """A ConfigMap key whose whole value is the image."""

    def apply(obj: dict, visit: Visit) -> bool:
        data = obj.get("data") or {}
        if key not in data:
            return False
        data[key] = visit(f"data.{key}", data[key], form)
        return True

    return apply


Finder = Callable[[Any], Iterator[tuple[str, str, Form]]]
"""Yields ``(path, value, form)`` for the images in a parsed document."""


def _at(*patterns: str, form: Form = Form.IMAGE) -> Finder:
    """Values at dotted paths; ``[*]`` is every item of a list, a missing step is skipped."""

    def find(doc: Any) -> Iterator[tuple[str, str, Form]]:
        for pattern in patterns:
            yield from _walk_pattern(doc, pattern.replace("[*]", ".[*]").split("."), "", form)

    return find


def _walk_pattern(
    node: Any, steps: list[str], path: str, form: Form
) -> Iterator[tuple[str, str, Form]]:
    if not steps:
        if isinstance(node, str):
            yield path, node, form
        return
    step, rest = steps[0], steps[1:]
    if step == "[*]" and isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk_pattern(item, rest, f"{path}[{i}]", form)
    elif isinstance(node, dict) and step in node:
        yield from _walk_pattern(node[step], rest, f"{path}.{step}" if path else step, form)


def _pod_images_in(doc: Any) -> Iterator[tuple[str, str, Form]]:
    """The container images of a manifest held as text (Katib's trial templates)."""
    found: list[tuple[str, str, Form]] = []

    def record(path: str, value: str, form: Form) -> str:
        found.append((path, value, form))
        return value

    _pod_container_images(doc, "", False, record)
    yield from found


def _load(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def _structured(
    key: str, finder: Finder, loads: Callable[[str], Any]
) -> Callable[[dict, Visit], bool]:
    """A ConfigMap key holding YAML or JSON (``key`` ``*``: every key).

    The document is parsed to find the images at the rule's paths, each image is
    replaced where it stands in the text, so the upstream layout and comments stay,
    and the text is parsed again to check that each path now holds the new value.
    """

    def apply(obj: dict, visit: Visit) -> bool:
        data = obj.get("data") or {}
        found = False
        for k in sorted(data) if key == "*" else [key] if key in data else []:
            sites = list(finder(loads(data[k])))
            text, expected = data[k], {}
            for path, value, form in sites:
                new = visit(f"data.{k}: {path}", value, form)
                expected[path] = new
                text = _replace_token(text, value, new)
            again = {path: value for path, value, _ in finder(loads(text))}
            for path, new in expected.items():
                if again.get(path) != new:
                    raise ImageError(
                        f"rewrote {path} to {new!r} but it reads back {again.get(path)!r}",
                        field=f"data.{k}",
                    )
            data[k] = text
            found = found or bool(sites)
        return found

    return apply


def _text(key: str, pattern: str, form: Form) -> Callable[[dict, Visit], bool]:
    """A ConfigMap key holding text that is neither YAML nor JSON to this kit (Go
    templates, Python): the images are what ``pattern``'s ``ref`` group matches on
    lines that are not comments."""
    regex = re.compile(pattern)

    def apply(obj: dict, visit: Visit) -> bool:
        data = obj.get("data") or {}
        if key not in data:
            return False
        found = False
        lines = data[key].split("\n")
        for n, line in enumerate(lines):
            if line.lstrip().startswith("#"):
                continue
            for m in reversed(list(regex.finditer(line))):
                new = visit(f"data.{key}: line {n + 1}", m["ref"], form)
                line = line[: m.start("ref")] + new + line[m.end("ref") :]
                found = True
            lines[n] = line
        data[key] = "\n".join(lines)
        return found

    return apply


def _every(*applies: Callable[[dict, Visit], bool]) -> Callable[[dict, Visit], bool]:
    """Several fields of one object, each of which must be there."""

    def apply(obj: dict, visit: Visit) -> bool:
        return all([a(obj, visit) for a in applies])

    return apply


def _replace_token(text: str, old: str, new: str) -> str:
    """``old`` replaced by ``new`` where it stands alone (not inside a longer
    reference), on lines that are not comments."""
    token = re.compile(rf"(?<![\w./:@-]){re.escape(old)}(?![\w./:@-])")
    return "\n".join(
        line if line.lstrip().startswith("#") else token.sub(lambda _: new, line)
        for line in text.split("\n")
    )


def _istio_values(*, resolve: bool) -> Callable[[Any], Iterator[tuple[str, str, Form]]]:
    """Istio's Helm values: ``global.hub`` (a registry prefix), and the images the
    sidecar injector builds from it, ``hub/image:tag`` for ``global.proxy`` and
    ``global.proxy_init`` unless their ``image`` is a full reference (has a ``/``)."""

    def find(doc: Any) -> Iterator[tuple[str, str, Form]]:
        g = doc.get("global", {})
        if isinstance(g.get("hub"), str) and g["hub"]:
            yield "global.hub", g["hub"], Form.REPOSITORY
        for part in ("proxy", "proxy_init"):
            image = g.get(part, {}).get("image")
            if isinstance(image, str) and "/" in image:
                yield f"global.{part}.image", image, Form.IMAGE

    def resolved(doc: Any) -> Iterator[tuple[str, str, Form]]:
        g = doc.get("global", {})
        for part in ("proxy", "proxy_init"):
            image = g.get(part, {}).get("image")
            if isinstance(image, str) and "/" not in image and g.get("hub"):
                yield f"global.{part}.image", f"{g['hub']}/{image}:{g['tag']}", Form.IMAGE

    return resolved if resolve else find


def _istio_injector(key: str) -> Callable[[dict, Visit], bool]:
    """The injector's values: rewrite the hub, and visit (to list and to check that a
    mirror serves them) the proxy images it resolves, which are written nowhere."""
    rewrite = _structured(key, _istio_values(resolve=False), json.loads)

    def apply(obj: dict, visit: Visit) -> bool:
        data = obj.get("data") or {}
        if key not in data:
            return False
        for path, image, form in _istio_values(resolve=True)(json.loads(data[key])):
            visit(f"data.{key}: {path} (resolved)", image, form)
        return rewrite(obj, visit)

    return apply


_KATIB_CONFIG = (
    "runtime.metricsCollectors[*].image",
    "runtime.suggestions[*].image",
    "runtime.earlyStoppings[*].image",
)
_SPAWNER = tuple(
    f"spawnerFormDefaults.{group}.{field}"
    for group in ("image", "imageGroupOne", "imageGroupTwo")
    for field in ("value", "options[*]")
)

# Every image kubeflow/manifests 26.03 (and Gatekeeper v3.23.0's deploy manifest)
# names outside a pod spec, found by reading the hydrated tree: each is a value a
# controller or web app turns into a pod. Gatekeeper has none: its post-install
# jobs are Helm hooks of its chart, not part of deploy/gatekeeper.yaml.
RULES: tuple[Rule, ...] = (
    Rule(
        "tools--pipelines",
        "Deployment",
        "ml-pipeline",
        "env V2_DRIVER_IMAGE, V2_LAUNCHER_IMAGE",
        _every(
            _env("ml-pipeline-api-server", "V2_DRIVER_IMAGE", Form.IMAGE),
            _env("ml-pipeline-api-server", "V2_LAUNCHER_IMAGE", Form.IMAGE),
        ),
        "the API server puts the KFP v2 driver and launcher into every run's pods",
    ),
    Rule(
        "tools--pipelines",
        "Deployment",
        "workflow-controller",
        "args --executor-image",
        _flag("workflow-controller", "--executor-image"),
        "Argo's controller adds argoexec to every workflow pod",
    ),
    Rule(
        "tools--pipelines",
        "ConfigMap",
        "pipeline-install-config",
        "data.cacheImage",
        _data("cacheImage", Form.IMAGE),
        "the cache webhook (env CACHE_IMAGE) swaps a cached step's image for this one",
    ),
    Rule(
        "tools--pipelines",
        "Deployment",
        "kubeflow-pipelines-profile-controller",
        "env FRONTEND_IMAGE",
        _env(
            "profile-controller",
            "FRONTEND_IMAGE",
            Form.REPOSITORY,
            default="ghcr.io/kubeflow/kfp-frontend",
        ),
        "the profile controller runs ml-pipeline-ui-artifact in every team namespace; "
        "unset, it falls back to the default in its sync.py (tag: KFP_VERSION)",
    ),
    Rule(
        "tools--pipelines",
        "ConfigMap",
        "kubeflow-pipelines-profile-controller-code",
        "data.sync.py: the FRONTEND_IMAGE default",
        _text(
            "sync.py",
            r'(?:os\.environ\.get\("FRONTEND_IMAGE", "|frontend_image: )(?P<ref>[^"\s]+)',
            Form.REPOSITORY,
        ),
        "the code's fallback for FRONTEND_IMAGE and its docstring: the same repository, "
        "so the tree names no public image",
    ),
    Rule(
        "tools--pipelines",
        "Deployment",
        "ml-pipeline-ui",
        "env VIEWER_TENSORBOARD_TF_IMAGE_NAME",
        # Default from kubeflow/pipelines frontend/server/configs.ts at 2.16.0; the
        # UI appends the TensorFlow version the user picks as the tag.
        _env(
            "ml-pipeline-ui",
            "VIEWER_TENSORBOARD_TF_IMAGE_NAME",
            Form.REPOSITORY,
            default="tensorflow/tensorflow",
        ),
        "the UI's TensorBoard viewers run this image in the team's namespace",
    ),
    Rule(
        "tools--katib",
        "ConfigMap",
        "katib-config",
        "data.katib-config.yaml: " + ", ".join(_KATIB_CONFIG),
        _structured("katib-config.yaml", _at(*_KATIB_CONFIG), _load),
        "Katib's controller runs suggestion and early-stopping services and injects "
        "metrics collectors",
    ),
    Rule(
        "tools--katib",
        "ConfigMap",
        "trial-templates",
        "data.*: pod spec container images",
        _structured("*", _pod_images_in, _load),
        "the Katib UI offers these trial templates; experiments run them in the team's namespace",
    ),
    Rule(
        "tools--jupyter-web-app",
        "ConfigMap",
        "jupyter-web-app-config",
        "data.spawner_ui_config.yaml: " + ", ".join(_SPAWNER),
        _structured("spawner_ui_config.yaml", _at(*_SPAWNER), _load),
        "the notebook spawner's image choices become the Notebook's image",
    ),
    Rule(
        "tools--tensorboard-controller",
        "ConfigMap",
        "tensorboard-controller-config",
        "data.TENSORBOARD_IMAGE",
        _data("TENSORBOARD_IMAGE", Form.IMAGE),
        "the TensorBoard controller runs this image for every Tensorboard",
    ),
    Rule(
        "tools--volumes-web-app",
        "Deployment",
        "volumes-web-app-deployment",
        "env VOLUME_VIEWER_IMAGE",
        _env("volumes-web-app", "VOLUME_VIEWER_IMAGE", Form.IMAGE),
        "the volumes app's PVCViewers (pvcviewer's file browser) run this image",
    ),
    Rule(
        "deps--istio",
        "ConfigMap",
        "istio-sidecar-injector",
        "data.values (JSON): global.hub",
        _istio_injector("values"),
        "istiod injects hub/proxyv2:tag into every meshed pod",
    ),
    Rule(
        "deps--istio",
        "ConfigMap",
        "istio-sidecar-injector",
        "data.config: literal image: lines of the templates",
        _text("config", r"^\s*image:\s*\"?(?P<ref>[^\"\s{}$]+)\"?\s*$", Form.IMAGE),
        "injection templates with a fixed image (grpc-simple's busybox init container)",
    ),
    Rule(
        "deps--istio",
        "ConfigMap",
        "values",
        "data.merged-values, data.original-values (JSON): global.hub",
        _every(
            _structured("merged-values", _istio_values(resolve=False), json.loads),
            _structured("original-values", _istio_values(resolve=False), json.loads),
        ),
        "the install's values as istioctl reads them; kept equal to the injector's",
    ),
    Rule(
        "deps--cert-manager",
        "Deployment",
        "cert-manager",
        "args --acme-http01-solver-image",
        _flag("cert-manager-controller", "--acme-http01-solver-image"),
        "cert-manager runs the ACME HTTP-01 solver as its own pod",
    ),
)


def visit_images(
    component: str, objects: list[dict], visit: Callable[[str, str, str, Form], str]
) -> None:
    """Visit every image of ``objects`` (in place): pod specs, then the component's rules.

    ``visit(obj_label, field, value, form)``; a rule of this component that finds
    nothing means the upstream tree changed under it: an error, not a silent skip.
    """
    for obj in objects:
        if obj.get("kind") in _NOT_POD_HOLDERS:
            continue
        label = _label(obj)
        argo = str(obj.get("apiVersion", "")).startswith("argoproj.io/")
        _pod_container_images(obj, "", argo, lambda f, v, form: visit(label, f, v, form))
    for rule in RULES:
        if rule.component != component:
            continue
        targets = [o for o in objects if rule.matches(o)]
        for obj in targets:
            label = _label(obj)
            try:
                found = rule.apply(obj, lambda f, v, form: visit(label, f, v, form))
            except ImageError as err:
                raise err.at(component, label, err.field or rule.field) from None
            if not found:
                raise ImageError(
                    "the image rule finds nothing here: upstream changed",
                    component,
                    label,
                    rule.field,
                )
        if not targets:
            raise ImageError(
                f"no {rule.kind} {rule.name} for the image rule: upstream changed",
                component,
                field=rule.field,
            )


def image_overlay(names: Names) -> Overlay:
    """The hydration overlay: ``overlay(component, objects)`` returns a copy of
    ``objects`` with every image under the region's mirrors.

    Raises ``ImageError`` naming the component, object and field for an image whose
    registry no mirror serves, and for any public registry reference left anywhere
    in the component afterwards (see ``public_references``).
    """

    def overlay(component: str, objects: list[dict]) -> list[dict]:
        out = copy.deepcopy(objects)

        def rewrite(label: str, field: str, value: str, form: Form) -> str:
            try:
                return mirror(names, value)
            except ImageError as err:
                raise err.at(component, label, field) from None

        visit_images(component, out, rewrite)
        left = public_references(names, component, out)
        if left:
            first = left[0]
            more = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
            raise ImageError(
                f"{first.value!r} still names a public registry and no image rule "
                f"rewrites it{more}",
                component,
                first.obj,
                first.field,
            )
        return out

    return overlay


# --- the images list a team copies or pre-pulls from.


def images_list(names: Names, tree: Mapping[str, Sequence[dict]]) -> list[dict]:
    """Every upstream image of ``tree`` (component -> its objects before the image
    overlay) and its in-region name, sorted by upstream name.

    Each entry: ``upstream`` (fully qualified), ``mirror``, ``components`` (sorted) and
    ``form``: ``image`` is pulled as written; ``repository`` has no tag because the
    launcher adds one at run time (the remote repository fetches whichever is used).
    """
    seen: dict[tuple[str, str], set[str]] = {}
    for component, objects in tree.items():

        def record(
            label: str, field: str, value: str, form: Form, component: str = component
        ) -> str:
            try:
                ref = str(parse(value))
            except ImageError as err:
                raise err.at(component, label, field) from None
            seen.setdefault((ref, form.value), set()).add(component)
            return value

        visit_images(component, copy.deepcopy(list(objects)), record)
    entries = []
    for (upstream, form), components in sorted(seen.items()):
        try:
            mirrored = mirror(names, upstream)
        except ImageError as err:
            raise err.at(", ".join(sorted(components)), "", "") from None
        entries.append(
            {
                "upstream": upstream,
                "mirror": mirrored,
                "components": sorted(components),
                "form": form,
            }
        )
    return entries


def write_images_json(entries: list[dict], path: Path) -> None:
    """``images.json``: the list as JSON, sorted, the same bytes for the same tree."""
    ordered = sorted(entries, key=lambda e: (e["upstream"], e["form"]))
    path.write_text(json.dumps(ordered, indent=2, sort_keys=True) + "\n")


def copy_list(entries: list[dict]) -> str:
    """One ``UPSTREAM MIRROR`` line per pulled image, for ``skopeo copy`` or
    ``crane copy`` (see docs/manifests.md); repositories without a tag are left out."""
    return "".join(
        f"{e['upstream']} {e['mirror']}\n"
        for e in sorted(entries, key=lambda e: e["upstream"])
        if e["form"] == "image"
    )


# --- the safety scan.


@dataclass(frozen=True)
class Finding:
    component: str
    obj: str
    field: str
    value: str


# Registries outside the mirror list a tree might name: the public ones beside the
# mirrored hosts, and any other Artifact Registry or GCR host (another region or
# project is not the platform's registry either).
_PUBLIC_HOSTS = frozenset(
    {
        "registry.k8s.io",
        "k8s.gcr.io",
        "nvcr.io",
        "mcr.microsoft.com",
        "public.ecr.aws",
        "ecr-public.aws.com",
        "registry.gitlab.com",
        "docker.elastic.co",
        "registry.redhat.io",
        "registry.access.redhat.com",
        "cgr.dev",
        "lscr.io",
    }
)
_PUBLIC_SUFFIXES = (".gcr.io", ".pkg.dev", ".azurecr.io", ".amazonaws.com")
_REF_TOKEN = re.compile(
    r"(?<![\w./@-])(?P<ref>(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+(?::\d+)?"  # a host with a dot
    r"/[\w./-]*[\w](?::[\w.-]+)?(?:@[\w:]+)?)"  # path, tag, digest
)
_IMAGE_LINE = re.compile(r"^\s*(?:-\s+)?image:\s*[\"']?(?P<ref>[^\"'\s#]+)[\"']?\s*(?:#.*)?$")
_IMAGE_FLAG = re.compile(r"^--[\w-]*image(?:=(?P<ref>.+))?$")


def _public_host(host: str) -> bool:
    host = host.lower()
    mirrored = {r.host for r in catalogue.registries()} | {
        a for r in catalogue.registries() for a in r.aliases
    }
    return host in mirrored or host in _PUBLIC_HOSTS or host.endswith(_PUBLIC_SUFFIXES)


def _image_key(key: str) -> bool:
    return key == "image" or key.endswith(("Image", "_IMAGE", "_IMAGE_NAME"))


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str | int, Any, str]]:
    """``(path, key or index, parent, string)`` for every string in ``node``."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for k, v in items:
        here = f"{path}[{k}]" if isinstance(k, int) else f"{path}.{k}" if path else str(k)
        if isinstance(v, str):
            yield here, k, node, v
        else:
            yield from _strings(v, here)


def _not_a_literal(value: str) -> bool:
    """Templates and variables (``{{ .ProxyImage }}``, ``$VOLUME_VIEWER_IMAGE``) are not images."""
    return "{{" in value or value.startswith("$") or not value


def public_references(names: Names, component: str, objects: Sequence[dict]) -> list[Finding]:
    """Every string of ``objects``, outside comment lines, that names an image not
    in the platform's registry.

    Found: any token ``host/path[:tag]`` whose host is a public registry (the
    mirrored ones, others such as registry.k8s.io or nvcr.io, any other GCR or
    Artifact Registry host); and, in image positions (keys ``image`` or ending in
    ``Image``/``_IMAGE``, env variables so named, ``--*image`` flags and ``image:``
    lines of embedded YAML), any reference at all, which catches Docker Hub's short
    names such as ``mysql:8.4``.
    """
    found: list[Finding] = []
    for obj in objects:
        label = _label(obj)
        for path, key, parent, value in _strings(obj):
            candidates: list[str] = []
            if isinstance(key, str) and (
                _image_key(key) or (key == "value" and _image_key(str(parent.get("name", ""))))
            ):
                candidates.append(value)
            if isinstance(key, int):
                if (m := _IMAGE_FLAG.match(value)) and m["ref"]:
                    candidates.append(m["ref"])
                before = parent[key - 1] if key > 0 else None
                if isinstance(before, str) and _IMAGE_FLAG.match(before) and "=" not in before:
                    candidates.append(value)
            for line in value.split("\n"):
                if line.lstrip().startswith("#"):
                    continue
                if m := _IMAGE_LINE.match(line):
                    candidates.append(m["ref"])
                candidates.extend(
                    m["ref"]
                    for m in _REF_TOKEN.finditer(line)
                    if _public_host(m["ref"].split("/", 1)[0])
                )
            for candidate in dict.fromkeys(candidates):
                if _not_a_literal(candidate) or in_region(names, candidate):
                    continue
                try:
                    parse(candidate)
                except ImageError:
                    continue
                found.append(Finding(component, label, path, candidate))
    return found
