"""Every object of the tree against the schema the API server holds it to.

Built-in kinds: Kubernetes' own, with kubernetes-validate in strict mode. Custom
kinds: the served version of their CustomResourceDefinition, taken from the
hydrated tree itself (the CRDs Argo CD applies with them); the kinds whose CRD the
tree does not carry use the CRD-derived schemas in src/sluicegate/gitops/schemas/,
and Gatekeeper constraints their ConstraintTemplate. And every local kustomization
builds.
"""

from __future__ import annotations

import copy
import functools
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import kubernetes_validate.utils
import pytest
import yaml

from .conftest import Obj, kit_objects, objects_in, one

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "sluicegate" / "gitops" / "schemas"

# GKE's regular channel runs 1.35 or 1.36 during this release's life (an estimate
# from GKE trailing upstream by one or two minors: check the GKE release notes);
# the tree must be valid on both.
GKE_REGULAR_VERSIONS = ("1.35", "1.36")

# Custom kinds whose CRD is not in the tree: Argo CD's CRDs come with its Helm
# chart, which the platform layer installs before anything is synced.
COMMITTED_SCHEMAS = {
    ("argoproj.io/v1alpha1", "Application"): "argoproj.io_v1alpha1_Application.json",
    ("argoproj.io/v1alpha1", "AppProject"): "argoproj.io_v1alpha1_AppProject.json",
}
# Gatekeeper generates each constraint kind's CRD from its ConstraintTemplate.
CONSTRAINT_API = "constraints.gatekeeper.sh/v1beta1"

# Upstream objects that set a field their own CRD does not declare (the API server
# prunes it, so it never takes effect): (file, kind/name, field path). None today;
# an entry needs a comment citing the upstream object and field, and the test
# fails when a listed deviation no longer occurs.
UPSTREAM_DEVIATIONS: set[tuple[str, str, str]] = set()


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


def _json_schema(node: dict[str, Any], *, value_only: bool = False) -> dict[str, Any]:
    """One node of a CRD's openAPIV3Schema as JSON Schema, with the Kubernetes
    extensions read the way the API server reads them."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties"):
            out[key] = {name: _json_schema(s, value_only=value_only) for name, s in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = _json_schema(value, value_only=value_only or key == "not")
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [_json_schema(s, value_only=True) for s in value]
        else:
            out[key] = value
    if node.get("x-kubernetes-embedded-resource"):
        pytest.fail("x-kubernetes-embedded-resource is not translated yet: teach _json_schema")
    if value_only:
        # Under allOf/anyOf/oneOf/not a structural schema only constrains values: the
        # fields are declared (and pruned) by the schema around it.
        if "properties" in out:
            out.setdefault("additionalProperties", True)
        return out
    if node.get("x-kubernetes-int-or-string"):
        out.setdefault("type", ["integer", "string"])
    if (
        out.get("type") == "object"
        and "properties" not in out
        and "additionalProperties" not in out
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        # An object whose schema declares no field keeps none: the API server prunes all.
        out["properties"] = {}
    if node.get("nullable") and "type" in out:
        out["type"] = [*([out["type"]] if isinstance(out["type"], str) else out["type"]), "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def structural(openapi: dict[str, Any], api_version: str, kind: str) -> dict[str, Any]:
    """A CRD version's ``openAPIV3Schema`` as the strict JSON Schema of its objects.

    ``apiVersion``, ``kind`` and ``metadata`` are the API server's, whatever the CRD
    says of them: the first two are fixed by the CRD's group, version and kind, and
    metadata is ObjectMeta (checked by ``_object_meta_errors``)."""
    schema = strict(_json_schema(openapi))
    schema.setdefault("properties", {}).update(
        apiVersion={"const": api_version}, kind={"const": kind}, metadata={"type": "object"}
    )
    return schema


def load_schema(name: str) -> dict[str, Any]:
    schema = json.loads((SCHEMAS / name).read_text())
    assert schema.pop("$comment").startswith("Derived from "), f"{name}: no source cited"
    return schema


def _api(obj: Obj) -> tuple[str, str]:
    return obj.doc["apiVersion"], obj.kind


def _constraint_schema(template: dict[str, Any]) -> dict[str, Any]:
    """A constraint's schema as Gatekeeper builds it: its template's parameters
    under spec.parameters, Gatekeeper's match schema under spec.match."""
    match = strict(load_schema("constraints.gatekeeper.sh_match.json"))["properties"][
        "embeddedMatch"
    ]
    parameters = strict(
        _json_schema(template["spec"]["crd"]["spec"]["validation"]["openAPIV3Schema"])
    )
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


@dataclass(frozen=True)
class Schema:
    """The schema a custom kind is validated against, and where it comes from."""

    source: str
    validator: jsonschema.Draft7Validator


def _crds(objects: list[Obj]) -> dict[tuple[str, str], Obj]:
    """The tree's CustomResourceDefinitions by (group, kind)."""
    crds: dict[tuple[str, str], Obj] = {}
    for crd in (o for o in objects if o.kind == "CustomResourceDefinition"):
        key = (crd.doc["spec"]["group"], crd.doc["spec"]["names"]["kind"])
        assert key not in crds, f"{crd}: {key} is defined by {crds[key]} too"
        crds[key] = crd
    return crds


def _crd_schema(crd: Obj, api_version: str, kind: str) -> Schema:
    version = api_version.rpartition("/")[2]
    entries = [v for v in crd.doc["spec"]["versions"] if v["name"] == version]
    assert entries and entries[0]["served"], f"{crd}: does not serve {api_version} {kind}"
    openapi = entries[0]["schema"]["openAPIV3Schema"]
    return Schema(str(crd), jsonschema.Draft7Validator(structural(openapi, api_version, kind)))


@pytest.fixture(scope="module")
def custom_schemas(objects) -> dict[tuple[str, str], Schema]:
    """Every custom kind of the tree and its schema, each compiled once. A kind that
    is not here is a built-in kind (or has no schema: kubernetes-validate says so)."""
    crds = _crds(objects)
    templates = {
        o.doc["spec"]["crd"]["spec"]["names"]["kind"]: o
        for o in objects
        if o.kind == "ConstraintTemplate"
    }
    schemas: dict[tuple[str, str], Schema] = {}
    for api in sorted({_api(o) for o in objects}):
        api_version, kind = api
        group = api_version.rpartition("/")[0]
        if (group, kind) in crds:
            schemas[api] = _crd_schema(crds[(group, kind)], api_version, kind)
        elif api in COMMITTED_SCHEMAS:
            name = COMMITTED_SCHEMAS[api]
            schema = structural(load_schema(name), api_version, kind)
            schemas[api] = Schema(name, jsonschema.Draft7Validator(schema))
        elif api_version == CONSTRAINT_API and kind in templates:
            schema = _constraint_schema(templates[kind].doc)
            schemas[api] = Schema(str(templates[kind]), jsonschema.Draft7Validator(schema))
    return schemas


@pytest.fixture(scope="module")
def k8s_validate():
    """``kubernetes_validate.validate``, reading each of its schema files once: it
    reads and parses them (the definitions are megabytes of JSON) for every object
    otherwise, ten times the cost over the hydrated tree. The files never change."""
    cached = functools.cache(kubernetes_validate.utils.schema_contents)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kubernetes_validate.utils, "schema_contents", cached)
        yield kubernetes_validate.validate


def _kubernetes_knows(k8s_validate, api: tuple[str, str], version: str) -> bool:
    try:
        k8s_validate({"apiVersion": api[0], "kind": api[1]}, version, strict=True)
    except kubernetes_validate.SchemaNotFoundError:
        return False
    except kubernetes_validate.ValidationError:
        pass  # the schema exists and refuses an object without metadata
    return True


def _built_in(objects: list[Obj], custom_schemas) -> list[Obj]:
    return [o for o in objects if _api(o) not in custom_schemas]


# The kinds the kit itself renders that are Kubernetes' own.
BUILT_IN = {
    ("v1", "Namespace"),
    ("v1", "ResourceQuota"),
    ("v1", "LimitRange"),
    ("v1", "ServiceAccount"),
    ("v1", "ConfigMap"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
}


def test_every_object_is_of_a_kind_with_a_schema(objects, custom_schemas, k8s_validate):
    built_in = {_api(o) for o in _built_in(objects, custom_schemas)}
    unknown = sorted(
        api
        for api in built_in
        if not all(_kubernetes_knows(k8s_validate, api, v) for v in GKE_REGULAR_VERSIONS)
    )
    assert unknown == [], (
        "kinds with no schema (no CRD in the tree, none committed, not one of Kubernetes "
        f"{' and '.join(GKE_REGULAR_VERSIONS)}'s own): {unknown}"
    )
    assert {_api(o) for o in _built_in(kit_objects(objects), custom_schemas)} == BUILT_IN
    from_tree = {api for api, s in custom_schemas.items() if s.source.startswith("hydrated/")}
    assert {
        ("cert-manager.io/v1", "Certificate"),
        ("cert-manager.io/v1", "ClusterIssuer"),
        ("networking.istio.io/v1alpha3", "VirtualService"),
        ("security.istio.io/v1beta1", "AuthorizationPolicy"),
        ("metacontroller.k8s.io/v1alpha1", "DecoratorController"),
        ("kubeflow.org/v1", "Profile"),
        ("templates.gatekeeper.sh/v1", "ConstraintTemplate"),
    } <= from_tree, f"custom kinds not checked against the tree's CRDs: {sorted(from_tree)}"


def test_committed_schemas_are_for_kinds_whose_crd_is_not_in_the_tree(objects, custom_schemas):
    """A committed copy of a CRD the tree carries could only drift from it."""
    crds = _crds(objects)
    for (api_version, kind), name in COMMITTED_SCHEMAS.items():
        assert (api_version.rpartition("/")[0], kind) not in crds, (
            f"{name}: the tree has the CRD of {kind}; validate against it and delete the copy"
        )
        assert custom_schemas[(api_version, kind)].source == name, f"no {kind} rendered"
    assert {p.name for p in SCHEMAS.glob("*.json")} == {
        *COMMITTED_SCHEMAS.values(),
        "constraints.gatekeeper.sh_match.json",
    }, "a committed schema no test uses"


@pytest.mark.parametrize("version", GKE_REGULAR_VERSIONS)
def test_built_in_kinds_pass_kubernetes_validate_strict(
    objects, custom_schemas, k8s_validate, version
):
    checked = _built_in(objects, custom_schemas)
    assert any(o.hydrated for o in checked) and any(not o.hydrated for o in checked), (
        "the built-in objects are not the whole tree's"
    )
    errors = []
    for obj in checked:
        try:
            k8s_validate(obj.doc, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            errors.append(f"{obj}: Kubernetes {version}: {err.message} at {list(err.path)}")
        except kubernetes_validate.SchemaNotFoundError as err:
            errors.append(f"{obj}: no schema: {err.message}")
    assert errors == []


def _object_meta_errors(k8s_validate, obj: Obj) -> list[str]:
    """The API server holds every object's metadata to ObjectMeta, a custom kind's
    too: checked here as the metadata of a ConfigMap, which is ObjectMeta."""
    errors = []
    for version in GKE_REGULAR_VERSIONS:
        probe = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": obj.doc["metadata"]}
        try:
            k8s_validate(probe, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            errors.append(
                f"{obj}: Kubernetes {version} ObjectMeta: {err.message} at {list(err.path)}"
            )
    return errors


def _path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path)


def test_custom_kinds_match_their_crd_schema(objects, custom_schemas, k8s_validate):
    checked = [o for o in objects if _api(o) in custom_schemas]
    assert {_api(o) for o in checked} == set(custom_schemas)
    errors, deviations = [], set()
    for obj in checked:
        schema = custom_schemas[_api(obj)]
        for error in schema.validator.iter_errors(obj.doc):
            where = (obj.file, f"{obj.kind}/{obj.name}", _path(error))
            if where in UPSTREAM_DEVIATIONS:
                deviations.add(where)
            else:
                errors.append(f"{obj}: {where[2]}: {error.message} (schema: {schema.source})")
        errors += _object_meta_errors(k8s_validate, obj)
    assert errors == []
    assert deviations == UPSTREAM_DEVIATIONS, (
        f"listed upstream deviations that no longer occur: {UPSTREAM_DEVIATIONS - deviations}"
    )


def test_constraints_are_checked_against_their_template(objects, custom_schemas):
    constraints = [o for o in objects if o.doc["apiVersion"] == CONSTRAINT_API]
    assert constraints
    for obj in constraints:
        assert _api(obj) in custom_schemas, f"{obj}: no ConstraintTemplate defines {obj.kind}"
        template = custom_schemas[_api(obj)].source
        assert template == str(one(objects, "ConstraintTemplate", obj.kind.lower())), str(obj)


def test_strict_schema_refuses_an_undeclared_field(objects, custom_schemas):
    """The strictness above is real: a misspelt field is an error, in the kit's
    objects (a Profile) and upstream's (an Istio VirtualService)."""
    profile = copy.deepcopy(next(o.doc for o in objects if o.kind == "Profile"))
    profile["spec"]["resourceQuotaSpecs"] = profile["spec"].pop("resourceQuotaSpec")
    validator = custom_schemas[("kubeflow.org/v1", "Profile")].validator
    assert any("resourceQuotaSpecs" in e.message for e in validator.iter_errors(profile))
    service = copy.deepcopy(next(o.doc for o in objects if o.kind == "VirtualService"))
    service["spec"]["http"][0]["rout"] = service["spec"]["http"][0].pop("route")
    validator = custom_schemas[("networking.istio.io/v1alpha3", "VirtualService")].validator
    assert any("rout" in e.message for e in validator.iter_errors(service))


def test_a_custom_objects_metadata_is_held_to_object_meta(objects, k8s_validate):
    certificate = copy.deepcopy(next(o for o in objects if o.kind == "Certificate"))
    certificate.doc["metadata"]["lables"] = {"a": "b"}
    assert _object_meta_errors(k8s_validate, certificate)


def _validate(openapi: dict[str, Any], value: Any) -> list[str]:
    schema = structural(
        {"type": "object", "properties": {"spec": openapi}}, "example.com/v1", "Example"
    )
    doc = {"apiVersion": "example.com/v1", "kind": "Example", "metadata": {}, "spec": value}
    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]


def test_the_kubernetes_extensions_are_read_as_the_api_server_reads_them():
    int_or_string = {"x-kubernetes-int-or-string": True}
    assert _validate(int_or_string, 8080) == _validate(int_or_string, "http") == []
    assert _validate(int_or_string, True)
    assert _validate({"type": "string", "nullable": True}, None) == []
    assert _validate({"type": "string"}, None)
    assert _validate({"type": "object"}, {"pruned": 1}), "an object that declares no field"
    preserved = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
    assert _validate(preserved, {"kept": 1}) == []
    declared = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert _validate(declared, {"b": "x"})
    one_of = {**declared, "oneOf": [{"required": ["a"]}, {"properties": {"a": {"enum": ["x"]}}}]}
    assert _validate(one_of, {"a": "y"}) == [], "a oneOf branch constrains values, not fields"
    assert _validate(one_of, {"a": "y", "b": "x"})


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
    namespace = copy.deepcopy(one(objects, "Namespace", "onco").doc)
    namespace["metadata"]["lables"] = namespace["metadata"].pop("labels")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(namespace, GKE_REGULAR_VERSIONS[0], strict=True)
