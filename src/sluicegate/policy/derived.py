"""Facts the deployability controls need that are cheap in Python and costly in Rego,
derived from the audited artifacts alone (never from the code that generated them).

``derive(doc)`` takes the evaluation document the audit read and returns its
``derived`` part, which every part of a partitioned evaluation carries whole:

- ``clusters``: the URNs of the GKE clusters the platform graph creates, which a
  Workload Identity grant must wait for, also in a team's part;
- ``repositories``: the Artifact Registry repositories the platform graph creates,
  ``{"repository_id", "location"}``: what images and Argo CD sources may name, also
  in a part that holds only one team's objects;
- ``config_images``: the images controllers launch from configuration (ConfigMaps,
  environment, arguments) in the hydrated components, found by the same rules the
  image overlay rewrites them with, plus every public registry reference the safety
  scan still finds anywhere in those components; ``{"file", "address", "kind", "name",
  "where", "image"}`` (``address`` as policies/lib/k8s.rego writes it, so a rule needs no
  join over every object to name one), with ``error`` instead of ``image`` when a rule
  no longer matches;
- ``webhook_targets``: every call the API server makes to a Service in the tree
  (admission webhooks, CRD conversion webhooks, APIServices), resolved to the pod
  port it reaches, or marked unresolved with the reason (the webhook would time out,
  so that is a finding, not a pass).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sluicegate.gitops import images, webhooks
from sluicegate.gitops.hydrate import HYDRATED
from sluicegate.names import Names


def webhook_targets(manifests: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each webhook call of the tree with the pod port it reaches, one entry per port;
    an unresolved call gets ``port: None`` and the ``error``."""
    entries = list(manifests)
    index = webhooks.Index(e["object"] for e in entries)
    found: list[dict[str, Any]] = []
    for entry in entries:
        for caller in webhooks.callers(entry["file"], [entry["object"]]):
            where = {
                "file": entry["file"],
                "kind": caller.kind,
                "name": caller.name,
                "hook": caller.hook,
                "service": f"{caller.namespace}/{caller.service}:{caller.port}",
            }
            try:
                ports = index.resolve(caller)
            except webhooks.WebhookError as err:
                found.append({**where, "port": None, "error": str(err).split(": ", 1)[-1]})
                continue
            found.extend({**where, "port": port} for port in ports)
    return found


REPOSITORY = "gcp:artifactregistry/repository:Repository"
CLUSTER = "gcp:container/cluster:Cluster"
_HYDRATED = ("manifests", HYDRATED)


def config_images(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Images in configuration, and public references left (see the module doc)."""
    params = doc.get("params") or {}
    names = Names(params.get("prefix", ""), params.get("project_id", ""), params.get("region", ""))
    by_file: dict[str, list[dict]] = {}
    for entry in doc.get("manifests") or []:
        by_file.setdefault(entry["file"], []).append(entry["object"])
    found: list[dict[str, Any]] = []
    for file, objects in sorted(by_file.items()):
        parts = Path(file).parts
        if parts[:2] != _HYDRATED or len(parts) < 4:
            continue
        component = parts[2]
        where = {"file": file}

        def record(label: str, field: str, value: str, form: images.Form) -> str:
            kind, _, name = label.partition("/")
            found.append({**where, "address": f"{file}#{label}", "kind": kind,
                          "name": name.rsplit("/", 1)[-1], "where": field, "image": value})
            return value

        try:
            images.visit_images(component, copy.deepcopy(objects), record)
        except images.ImageError as err:
            found.append({**where, "kind": "", "name": "", "where": err.field or "",
                          "error": str(err)})
        for left in images.public_references(names, component, objects):
            kind, _, name = left.obj.partition("/")
            found.append({**where, "address": f"{file}#{left.obj}", "kind": kind,
                          "name": name.rsplit("/", 1)[-1], "where": left.field, "image": left.value})
    return found


def repositories(graph: Mapping[str, Any]) -> list[dict[str, str]]:
    """The Artifact Registry repositories the Pulumi graph creates."""
    found = {
        (str(inputs.get("repositoryId", "")), str(inputs.get("location", "")).lower())
        for r in graph.get("resources", [])
        if r.get("type") == REPOSITORY
        for inputs in [r.get("inputs") or {}]
    }
    return [{"repository_id": i, "location": loc} for i, loc in sorted(found)]


def derive(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The ``derived`` part of the evaluation document (see the module doc)."""
    graph = doc.get("pulumi") or {}
    return {
        "clusters": sorted(r["urn"] for r in graph.get("resources", []) if r.get("type") == CLUSTER),
        "config_images": config_images(doc),
        "repositories": repositories(doc.get("pulumi") or {}),
        "webhook_targets": webhook_targets(doc.get("manifests") or []),
    }
