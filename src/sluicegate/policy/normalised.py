"""The rules' view of a plan, built in Python for the offline audit.

``policies/lib`` reads every resource and object through three normalisers:
``resources`` (Terraform and Pulumi resources in one shape), ``k8s_objects`` and the
groupings ``by_type`` and ``k8s_by_kind``. Built in Rego they were about a fifth of an
audit's rule time; here they cost a few milliseconds a part. The offline audit hands
them over as ``doc.normalised`` and the lib reads them from there; the Pulumi policy pack
and the Rego tests, which have no such view, build them in Rego as before. Rego stays
the one source of what the rules check, and of the one mapping that is not plain
reshaping (a Pulumi token to its Terraform type, ``pulumi_type_to_terraform``), which
this module asks the compiled lib for.

``view`` builds exactly what the lib's comprehensions build, or declines (``None``) on
anything it does not expect, and the lib then builds the view itself, with its own
rules for odd input: `tests/policy/test_normalised.py` compares the two, inside Rego.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# The keys of a plan document that only the normalisers read.
RAW = ("terraform", "pulumi", "manifests")

GRAPH_FILE = "platform/graph.json"


def view(doc: dict, terraform_types: Callable[[Iterable[str]], dict[str, str | None]]) -> dict | None:
    """``doc.normalised`` for ``doc`` (as ``artifacts.load`` or ``engine.partition``
    builds it): ``resources``, ``objects``, and the positions of each type's resources
    (``types``) and each kind's objects (``kinds``). ``terraform_types`` maps Pulumi
    tokens to Terraform types, ``None`` where the lib has no type for one. ``None``
    when ``doc`` holds something the lib's own comprehensions would read differently
    (a missing field, a value of another type)."""
    terraform = _terraform(doc.get("terraform", []))
    pulumi = _pulumi(doc, terraform_types)
    objects = _objects(doc.get("manifests", []))
    if terraform is None or pulumi is None or objects is None:
        return None
    resources = terraform + pulumi
    return {
        "resources": resources,
        "types": _positions(r["type"] for r in resources),
        "objects": objects,
        "kinds": _positions(o["kind"] for o in objects),
    }


def rules_input(doc: dict, normalised: dict) -> dict:
    """The document the rules read: ``doc`` with its view in place of what it was
    built from (no rule reads those but through the lib's normalisers)."""
    return {**{k: v for k, v in doc.items() if k not in RAW}, "normalised": normalised}


def inventory(normalised: dict) -> dict[str, list[dict]]:
    """What ``data.sluicegate.inventory`` is for this view: every resource by type,
    then every object by kind (a kind named like a type replaces it, as
    ``object.union`` does)."""
    resources, objects = normalised["resources"], normalised["objects"]
    found = {
        t: [{"address": resources[i]["address"], "layer": resources[i]["layer"], "type": t} for i in at]
        for t, at in normalised["types"].items()
    }
    found.update(
        (k, [{"address": objects[i]["address"], "layer": "manifests", "type": k} for i in at])
        for k, at in normalised["kinds"].items()
    )
    return found


def _positions(keys: Iterable[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        found.setdefault(key, []).append(i)
    return found


def _terraform(files) -> list[dict] | None:
    # As the lib's `_tf_from_doc` (rego-cpp walks an object's keys in the order given).
    if not isinstance(files, list):
        return None
    out = []
    for f in files:
        if not isinstance(f, dict) or not isinstance(f.get("json"), dict) or not isinstance(f.get("file"), str):
            return None
        blocks = f["json"].get("resource", {})
        layer = f.get("layer", "foundation")
        if not isinstance(blocks, dict):
            return None
        for type_, by_name in blocks.items():
            if not isinstance(by_name, dict):
                return None
            out.extend(
                {
                    "layer": layer,
                    "dialect": "terraform",
                    "type": type_,
                    "name": name,
                    "address": f"{type_}.{name}",
                    "file": f["file"],
                    "values": values,
                }
                for name, values in by_name.items()
            )
    return out


def _pulumi(doc: dict, terraform_types) -> list[dict] | None:
    # As the lib's `_pulumi_from_doc` over graph.json's resources. The analyzer's input
    # (a `resources` list beside no graph) is the Pulumi pack's, never the audit's.
    graph = doc.get("pulumi")
    if graph is None and "resources" not in doc:
        return []
    if not isinstance(graph, dict) or not isinstance(graph.get("resources", []), list):
        return None
    raw = graph.get("resources", [])
    if not all(isinstance(p, dict) and all(isinstance(p.get(k), str) for k in ("urn", "type", "name")) for p in raw):
        return None
    types = terraform_types({p["type"] for p in raw})
    if any(types.get(p["type"]) is None for p in raw):
        return None
    return [
        {
            "layer": "platform",
            "dialect": "pulumi",
            "type": types[p["type"]],
            "pulumi_type": p["type"],
            "name": p["name"],
            "address": p["urn"],
            "file": GRAPH_FILE,
            "values": p.get("inputs", {}),
            "dependencies": p.get("dependencies", []),
        }
        for p in raw
    ]


def _objects(manifests) -> list[dict] | None:
    # As the lib's `_k8s_from_doc` and `_k8s_display_name`.
    if not isinstance(manifests, list):
        return None
    out = []
    for m in manifests:
        obj = m.get("object") if isinstance(m, dict) else None
        if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str) or not isinstance(m.get("file"), str):
            return None
        meta = obj.get("metadata", {})
        if not isinstance(meta, dict):
            return None
        name = meta.get("name", "")
        if not isinstance(name, str) or ("namespace" in meta and not isinstance(meta["namespace"], str)):
            return None
        if "namespace" in meta and "name" not in meta:
            return None
        # Rego takes any namespace that is there, the empty one too, as one to show.
        shown = f"{meta['namespace']}/{name}" if "namespace" in meta else name
        out.append({
            "layer": "manifests",
            "kind": obj["kind"],
            "name": name,
            "namespace": meta.get("namespace", ""),
            "address": f"{m['file']}#{obj['kind']}/{shown}",
            "file": m["file"],
            "object": obj,
        })
    return out
