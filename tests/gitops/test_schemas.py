"""Every rendered object against its schema: Kubernetes' own for built-in kinds,
the CRD-derived schemas in src/sluicegate/gitops/schemas/ for the rest; and every
local kustomization builds."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from .conftest import Obj, objects_in

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "sluicegate" / "gitops" / "schemas"

# GKE's regular channel runs 1.35 or 1.36 during this release's life (an estimate
# from GKE trailing upstream by one or two minors: check the GKE release notes);
# the tree must be valid on both.
GKE_REGULAR_VERSIONS = ("1.35", "1.36")

CUSTOM_SCHEMAS = {
    ("argoproj.io/v1alpha1", "Application"): "argoproj.io_v1alpha1_Application.json",
    ("argoproj.io/v1alpha1", "AppProject"): "argoproj.io_v1alpha1_AppProject.json",
    ("kubeflow.org/v1", "Profile"): "kubeflow.org_v1_Profile.json",
    (
        "templates.gatekeeper.sh/v1",
        "ConstraintTemplate",
    ): "templates.gatekeeper.sh_v1_ConstraintTemplate.json",
}
CONSTRAINT_API = "constraints.gatekeeper.sh/v1beta1"


def strict(schema: Any) -> Any:
    """The API server prunes fields a structural schema does not declare, so a typo
    would vanish silently; refusing undeclared fields makes it an error here."""
    if isinstance(schema, list):
        return [strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: strict(v) for k, v in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def load_schema(name: str) -> dict[str, Any]:
    schema = json.loads((SCHEMAS / name).read_text())
    assert schema["$comment"].startswith("Derived from "), f"{name}: no source cited"
    return strict(schema)


def _api(obj: Obj) -> tuple[str, str]:
    return obj.doc["apiVersion"], obj.kind


def _constraint_schema(template: dict[str, Any]) -> dict[str, Any]:
    """A constraint's schema as Gatekeeper builds it: its template's parameters
    under spec.parameters, Gatekeeper's match schema under spec.match."""
    match = load_schema("constraints.gatekeeper.sh_match.json")["properties"]["embeddedMatch"]
    parameters = strict(template["spec"]["crd"]["spec"]["validation"]["openAPIV3Schema"])
    return {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": CONSTRAINT_API},
            "kind": {"const": template["spec"]["crd"]["spec"]["names"]["kind"]},
            "metadata": {"type": "object"},
            "spec": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "enforcementAction": {"enum": ["deny", "dryrun", "warn"]},
                    "match": match,
                    "parameters": parameters,
                },
            },
        },
    }


def _built_in(objects: list[Obj]) -> list[Obj]:
    custom = set(CUSTOM_SCHEMAS)
    return [o for o in objects if _api(o) not in custom and o.doc["apiVersion"] != CONSTRAINT_API]


BUILT_IN = {
    ("v1", "Namespace"),
    ("v1", "ResourceQuota"),
    ("v1", "LimitRange"),
    ("v1", "ServiceAccount"),
    ("v1", "ConfigMap"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
}


def test_every_object_is_of_a_kind_with_a_schema(objects):
    kinds = {_api(o) for o in objects}
    unknown = {k for k in kinds if k not in CUSTOM_SCHEMAS and k[0] != CONSTRAINT_API}
    assert unknown == BUILT_IN


@pytest.mark.parametrize("version", GKE_REGULAR_VERSIONS)
def test_built_in_kinds_pass_kubernetes_validate_strict(objects, version):
    checked = _built_in(objects)
    assert checked, "no built-in objects rendered"
    for obj in checked:
        try:
            kubernetes_validate.validate(obj.doc, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            pytest.fail(f"{obj}: Kubernetes {version}: {err.message} at {list(err.path)}")


@pytest.mark.parametrize(("api", "schema"), sorted(CUSTOM_SCHEMAS.items()))
def test_custom_kinds_match_their_crd_schema(objects, api, schema):
    validator = jsonschema.Draft7Validator(load_schema(schema))
    checked = [o for o in objects if _api(o) == api]
    assert checked, f"no {api[1]} rendered"
    for obj in checked:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(obj.doc)]
        assert not errors, f"{obj}: {errors}"


def test_constraints_match_their_template_parameters_and_gatekeeper_match(objects):
    templates = {
        o.doc["spec"]["crd"]["spec"]["names"]["kind"]: o.doc
        for o in objects
        if o.kind == "ConstraintTemplate"
    }
    constraints = [o for o in objects if o.doc["apiVersion"] == CONSTRAINT_API]
    assert constraints
    for obj in constraints:
        assert obj.kind in templates, f"{obj}: no ConstraintTemplate defines {obj.kind}"
        validator = jsonschema.Draft7Validator(_constraint_schema(templates[obj.kind]))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(obj.doc)]
        assert not errors, f"{obj}: {errors}"


def test_strict_schema_refuses_an_undeclared_field(objects):
    """The strictness above is real: a misspelt Profile field is an error."""
    profile = copy.deepcopy(next(o.doc for o in objects if o.kind == "Profile"))
    profile["spec"]["resourceQuotaSpecs"] = profile["spec"].pop("resourceQuotaSpec")
    validator = jsonschema.Draft7Validator(load_schema("kubeflow.org_v1_Profile.json"))
    assert any("resourceQuotaSpecs" in e.message for e in validator.iter_errors(profile))


def _kustomizations(rendered: Path) -> list[Path]:
    return sorted(p.parent for p in rendered.rglob("kustomization.yaml"))


def test_local_kustomizations_build_to_the_files_they_list(rendered):
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed, so `kubectl kustomize` cannot build the tree")
    folders = _kustomizations(rendered)
    assert {f.relative_to(rendered).as_posix() for f in folders} >= {"gatekeeper", "teams/onco"}
    for folder in folders:
        result = subprocess.run(
            ["kubectl", "kustomize", str(folder)],
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"{folder}: {result.stderr}"
        built = sorted(
            (d["kind"], d["metadata"]["name"]) for d in yaml.safe_load_all(result.stdout)
        )
        files = sorted((o.kind, o.name) for o in objects_in(folder))
        assert built == files, f"{folder}: kustomize built {built}, the folder holds {files}"


def test_kubernetes_validate_strict_refuses_a_misspelt_field(objects):
    """Strict mode is what catches a typo the API server would drop."""
    namespace = copy.deepcopy(next(o.doc for o in objects if o.kind == "Namespace"))
    namespace["metadata"]["lables"] = namespace["metadata"].pop("labels")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(namespace, GKE_REGULAR_VERSIONS[0], strict=True)
