"""Derive the JSON schemas in this folder from upstream CustomResourceDefinitions.

The schemas are data, not code: each is one CRD version's ``openAPIV3Schema``
with its ``description`` fields dropped (they are most of the bytes and the
upstream file keeps them), wrapped with ``$comment`` naming the source file, tag
and commit. Re-run this when a pinned version moves::

    git -C MIRROR show TAG:PATH > crd.yaml
    python -m sluicegate.gitops.schemas.derive crd.yaml v1 OUT.json "REPO PATH @ TAG (COMMIT)"
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml


def _strip(node: Any, *, is_properties: bool = False) -> Any:
    """Drop documentation, keeping a property that happens to be called
    ``description`` (AppProject.spec has one)."""
    if isinstance(node, dict):
        return {
            k: _strip(v, is_properties=(k == "properties" and not is_properties))
            for k, v in node.items()
            if is_properties or k != "description"
        }
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def openapi_schema(crd: dict[str, Any], version: str) -> dict[str, Any]:
    """The ``openAPIV3Schema`` of ``version`` in ``crd``, descriptions removed."""
    for entry in crd["spec"]["versions"]:
        if entry["name"] == version:
            return _strip(entry["schema"]["openAPIV3Schema"])
    raise KeyError(f"{crd['metadata']['name']} has no version {version!r}")


def derive(crd_file: Path, version: str, out: Path, source: str) -> None:
    crd = next(d for d in yaml.safe_load_all(crd_file.read_text()) if d)
    schema = {
        "$comment": f"Derived from {source}: openAPIV3Schema of {version}, descriptions removed.",
        **openapi_schema(crd, version),
    }
    out.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    crd_path, crd_version, out_path, source_text = sys.argv[1:5]
    derive(Path(crd_path), crd_version, Path(out_path), source_text)
