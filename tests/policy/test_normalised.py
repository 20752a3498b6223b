"""The rules' view built in Python (`sluicegate.policy.normalised`) must be the one the
lib builds in Rego: compared inside Rego, on a real plan and its parts and on odd
documents, and by the verdicts an audit reaches either way."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from sluicegate.policy import artifacts, engine, normalised
from sluicegate.policy.catalogue import controls
from tests.policy.test_audit import planned  # noqa: F401
from tests.policy.test_shards import _verdicts

# What the lib builds from the raw document (which has no `normalised`), against what
# the Python view hands over beside it (under keys no rule reads).
_SAME = {
    "resources": "data.sluicegate.resources == input._py.resources",
    "tf_resources": "data.sluicegate.tf_resources == [r | some r in input._py.resources; r.dialect == \"terraform\"]",
    "objects": "data.sluicegate.k8s_objects == input._py.objects",
    "by_type": "data.sluicegate.by_type == {t: [input._py.resources[i] | some i in at] | some t; at := input._py.types[t]}",
    "by_kind": "data.sluicegate.k8s_by_kind == {k: [input._py.objects[i] | some i in at] | some k; at := input._py.kinds[k]}",
    "inventory": "data.sluicegate.inventory == input._inventory",
}


def _lib() -> engine.Compiled:
    rules = [c for c in controls() if c.engine == "rules"]
    return engine.compiled([*engine.lib_files(), *(engine._repo_path(c.file) for c in rules)],
                           engine._rule_refs(rules))


def _view(doc: dict) -> dict | None:
    lib = _lib()
    return normalised.view(doc, lambda tokens: engine._terraform_types(lib, tokens))


def _differences(doc: dict, view: dict) -> list[str]:
    """The names of ``_SAME`` on which Rego's view of ``doc`` and ``view`` differ."""
    rego = engine.interpreter(engine.lib_files())
    rego.set_input({**doc, "_py": view, "_inventory": normalised.inventory(view)})
    checks = ", ".join(f'"{name}": {expr}' for name, expr in _SAME.items())
    out = rego.query(f"x := {{{checks}}}")
    assert out.ok(), engine.rego_get_error(rego._impl)
    found = out.results[0].bindings["x"]
    assert set(found) == set(_SAME), f"a comparison did not evaluate: {found}"
    return [name for name, same in found.items() if same is not True]


@pytest.fixture(scope="module")
def doc(planned: Path) -> dict:  # noqa: F811
    return artifacts.load(planned).doc


def test_the_view_of_a_plan_and_of_each_part_is_the_libs(doc: dict) -> None:
    for part in [doc, *engine.partition(doc)]:
        view = _view(part)
        assert view is not None, "the view declined a plan the kit wrote"
        assert view["resources"] and view["objects"]
        assert _differences(part, view) == []


def test_a_view_that_differs_is_seen_to_differ(doc: dict) -> None:
    # The comparison can fail: a view with one resource at another address and one
    # object in another namespace.
    view = copy.deepcopy(_view(doc))
    view["resources"][0]["address"] += ".other"
    view["objects"][0]["namespace"] = "elsewhere"
    assert set(_differences(doc, view)) == {"resources", "tf_resources", "by_type", "objects", "by_kind", "inventory"}


_ODD_OBJECTS = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "cluster-scoped"}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": ""}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "ns", "name": "d"}},
    {"apiVersion": "v1", "kind": "List"},
]


def _odd(doc: dict) -> dict:
    """A small document with the shapes the view must read as the lib does: a
    cluster-scoped object, an empty namespace, an object with no metadata, a Terraform
    file with an explicit layer, a Pulumi resource with no inputs nor dependencies, a
    token of another provider."""
    graph = doc["pulumi"]
    return {
        "params": doc["params"],
        "terraform": [
            {"file": "foundation/b.tf.json", "json": {"resource": {"z_type": {"b": {}, "a": {"x": 1}}, "a_type": {"n": {}}}}},
            {"file": "foundation/a.tf.json", "layer": "elsewhere", "json": {}},
        ],
        "pulumi": {**graph, "resources": [
            {"urn": "urn:a", "type": "gcp:storage/bucket:Bucket", "name": "a"},
            {"urn": "urn:b", "type": "kubernetes:core/v1:Namespace", "name": "b", "inputs": {"k": [1]}},
        ]},
        "manifests": [{"file": f"manifests/odd/{i}.yaml", "object": o} for i, o in enumerate(copy.deepcopy(_ODD_OBJECTS))],
    }


def test_the_view_of_odd_shapes_is_the_libs(doc: dict) -> None:
    odd = _odd(doc)
    view = _view(odd)
    assert view is not None
    assert [o["address"] for o in view["objects"]] == [
        "manifests/odd/0.yaml#Namespace/cluster-scoped",
        "manifests/odd/1.yaml#ConfigMap//c",
        "manifests/odd/2.yaml#ConfigMap/ns/d",
        "manifests/odd/3.yaml#List/",
    ]
    assert [r["address"] for r in view["resources"]] == ["z_type.b", "z_type.a", "a_type.n", "urn:a", "urn:b"]
    assert _differences(odd, view) == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["manifests"][0]["object"].update(kind=7),
        lambda d: d["manifests"][0]["object"].update(metadata=["not", "a", "map"]),
        lambda d: d["manifests"][1]["object"]["metadata"].update(namespace=None),
        lambda d: d["manifests"][1]["object"]["metadata"].pop("name"),
        lambda d: d["terraform"][0]["json"].update(resource=[]),
        lambda d: d["pulumi"]["resources"][0].pop("urn"),
        lambda d: d["pulumi"].update(resources={}),
        lambda d: d.update(terraform={}),
    ],
    ids=["kind-not-a-string", "metadata-not-a-map", "namespace-null", "namespace-without-name",
         "resource-blocks-a-list", "resource-without-urn", "resources-not-a-list", "terraform-not-a-list"],
)
def test_the_view_declines_what_it_does_not_expect(doc: dict, spoil) -> None:
    odd = _odd(doc)
    spoil(odd)
    assert _view(odd) is None


def test_an_unknown_token_declines_the_view(doc: dict) -> None:
    odd = _odd(doc)
    assert normalised.view(odd, lambda tokens: dict.fromkeys(tokens)) is None


def _spoiled(doc: dict) -> dict:
    """``doc`` with findings: every bucket of both layers in the US."""
    spoiled = copy.deepcopy(doc)
    for f in spoiled["terraform"]:
        for bucket in f["json"].get("resource", {}).get("google_storage_bucket", {}).values():
            bucket["location"] = "US"
    for r in spoiled["pulumi"]["resources"]:
        if r["type"] == "gcp:storage/bucket:Bucket":
            r["inputs"]["location"] = "US"
    return spoiled


@pytest.mark.parametrize("findings", [False, True], ids=["clean", "failing"])
def test_an_audit_through_the_view_reaches_the_libs_verdicts(
    doc: dict, findings: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited = _spoiled(doc) if findings else doc
    catalogue = list(controls())
    through_view = _verdicts(engine.evaluate_unsharded(catalogue, audited))
    built = []
    monkeypatch.setattr(normalised, "view", lambda d, types: built.append(d) and None)
    in_rego = _verdicts(engine.evaluate_unsharded(catalogue, audited))
    assert built, "the audit did not ask for the view"
    assert through_view == in_rego
    assert through_view[3], "the audit examined something"
    assert bool(through_view[0]) == findings
    assert not through_view[1], f"no control errs: {through_view[1]}"
