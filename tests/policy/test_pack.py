"""The Pulumi policy pack `sluicegate plan` generates: the same Rego, the stack's own
parameters, run over Pulumi's analyzer input shape, and never a silent pass on a
value Pulumi does not know at preview."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from sluicegate.policy import pack
from sluicegate.policy.catalogue import POLICIES
from tests.conftest import REPO

# Pulumi's marker for a value unknown at preview (pulumi.runtime.rpc.UNKNOWN in the
# Python SDK, plugin.UnknownStringValue in Go), and the shape pulumi-analyzer-policy-opa
# hands OPA after unmarshalling it (a computed value's Mappable()).
SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
COMPUTED = {"Element": {"V": ""}}


@pytest.fixture(scope="module")
def spec() -> dict:
    from sluicegate import spec as spec_module

    return spec_module.load(REPO).model_dump(mode="json", by_alias=True)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from sluicegate import platform as platform_layer
    from sluicegate import spec as spec_module

    dest = tmp_path_factory.mktemp("platform")
    platform_layer.write(spec_module.load(REPO), dest, gitops_revision="sha256:" + "5e" * 32)
    return json.loads((dest / "graph.json").read_text())


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory, spec: dict) -> Path:
    dest = tmp_path_factory.mktemp("pack") / "pulumi-pack"
    pack.write(dest, spec)
    return dest


def _fired(messages: dict[str, list[str]]) -> dict[str, list[str]]:
    return {rule: texts for rule, texts in messages.items() if texts}


def test_the_pack_is_the_rego_of_policies_in_one_package(example_pack: Path) -> None:
    for folder in ("lib", "gcp"):
        for source in (POLICIES / folder).rglob("*.rego"):
            if source.name.endswith("_test.rego"):
                continue
            rel = source.relative_to(POLICIES)
            assert (example_pack / rel).read_text() == source.read_text(), rel
    modules = sorted(example_pack.rglob("*.rego"))
    packages = {re.search(r"^package (\S+)", p.read_text(), re.MULTILINE).group(1) for p in modules}
    assert packages == {"sluicegate"}, f"the analyzer needs one package in a pack, got {packages}"
    assert "runtime: opa" in (example_pack / "PulumiPolicy.yaml").read_text()
    rules = pack.rules(example_pack)
    assert all(re.fullmatch(r"stack_(deny|warn)(_[a-z0-9]+)+", r) for r in rules), rules
    assert {"stack_deny_res_02", "stack_warn_unknown_res_02", "stack_warn_unknown_values"} <= set(rules)


def test_the_example_passes_and_a_bucket_in_the_us_is_denied(example_pack: Path, graph: dict) -> None:
    assert _fired(pack.evaluate(example_pack, pack.analyzer_input(graph))) == {}
    moved = copy.deepcopy(graph)
    bucket = next(r for r in moved["resources"] if r["type"] == "gcp:storage/bucket:Bucket" and "onco" in r["name"])
    bucket["inputs"]["location"] = "US"
    fired = _fired(pack.evaluate(example_pack, pack.analyzer_input(moved)))
    assert list(fired) == ["stack_deny_res_02"], fired
    (text,) = fired["stack_deny_res_02"]
    assert text.startswith(f"RES-02 {bucket['urn']}: ") and "US" in text, text


def test_the_pack_carries_the_stack_parameters_and_the_plan_check_catches_a_wrong_one(
    tmp_path: Path, spec: dict, graph: dict, example_pack: Path
) -> None:
    """A pack built for another region denies the example's buckets, and the check the
    plan runs refuses it for the example: the committed copy this replaces had one spec
    baked in, so every other stack was checked against the example's region."""
    assert pack.check(example_pack, spec) == len(pack.rules(example_pack))
    other = dict(spec, region="europe-west4")
    wrong = tmp_path / "pulumi-pack"
    pack.write(wrong, other)
    assert '"region": "europe-west4"' in (wrong / "params.rego").read_text()
    fired = _fired(pack.evaluate(wrong, pack.analyzer_input(graph)))
    assert "stack_deny_res_02" in fired
    with pytest.raises(pack.PackError, match=r"params.rego is not this spec's: .*region"):
        pack.check(wrong, spec)


def test_a_pack_that_does_not_compile_fails_the_check(tmp_path: Path, spec: dict) -> None:
    broken = tmp_path / "pulumi-pack"
    pack.write(broken, spec)
    with (broken / "controls.rego").open("a") as f:
        f.write("stack_deny_broken contains text if {\n\ttext := \"unclosed\"\n")
    with pytest.raises(pack.PackError, match="pulumi-pack: the pack does not compile: "):
        pack.check(broken, spec)


def _about(pack_dir: Path, stack: dict, urn: str) -> dict[str, list[str]]:
    fired = _fired(pack.evaluate(pack_dir, pack.analyzer_input(stack)))
    about = {rule: [t for t in texts if t.split(": ", 1)[0].endswith(urn)] for rule, texts in fired.items()}
    assert sum(len(texts) for texts in about.values()) == sum(len(t) for t in fired.values()), fired
    return {rule: texts for rule, texts in about.items() if texts}


def _with_unknown(graph: dict, type_: str, key: str, unknown) -> tuple[dict, str]:
    stack = copy.deepcopy(graph)
    resource = next(r for r in stack["resources"] if r["type"] == type_)
    resource["inputs"][key] = unknown
    return stack, resource["urn"]


@pytest.mark.parametrize("unknown", [SENTINEL, COMPUTED], ids=["sentinel", "computed"])
def test_an_unknown_value_a_rule_compares_is_a_violation(example_pack: Path, graph: dict, unknown) -> None:
    """RES-02 compares a bucket's location with the region: unknown is not the region.
    The other controls over buckets cannot tell whether they read it: advisories."""
    stack, urn = _with_unknown(graph, "gcp:storage/bucket:Bucket", "location", unknown)
    about = _about(example_pack, stack, urn)
    assert about.pop("stack_deny_res_02") == [
        f"RES-02 {urn}: bucket location '{SENTINEL}' is not the region 'australia-southeast1'"
    ]
    assert sorted(about) == ["stack_warn_unknown_enc_01", "stack_warn_unknown_enc_03",
                             "stack_warn_unknown_sto_01", "stack_warn_unknown_sto_02"], about


@pytest.mark.parametrize("unknown", [SENTINEL, COMPUTED], ids=["sentinel", "computed"])
def test_an_unknown_value_a_rule_looks_through_is_an_advisory_with_its_reason(
    example_pack: Path, graph: dict, unknown
) -> None:
    """IAM-02, -04 and -05 look for forbidden members; an unknown member matches none of
    them, so each says it could not check it, and why, rather than passing it."""
    stack, urn = _with_unknown(graph, "gcp:projects/iAMMember:IAMMember", "member", unknown)
    reason = (
        "not checked at preview, unknown until the resources it depends on exist: member "
        "(pulumi up checks again once they are known)"
    )
    assert _about(example_pack, stack, urn) == {
        f"stack_warn_unknown_iam_0{n}": [f"IAM-0{n} {urn}: {reason}"] for n in (2, 4, 5)
    }


def test_an_unknown_value_no_control_scopes_is_an_advisory(example_pack: Path, graph: dict) -> None:
    stack, urn = _with_unknown(graph, "kubernetes:core/v1:Namespace", "metadata", SENTINEL)
    assert _about(example_pack, stack, urn) == {
        "stack_warn_unknown_values": [
            f"{urn}: not checked at preview, unknown until the resources it depends on exist: "
            "metadata (pulumi up checks again once they are known)"
        ]
    }


def _top_level_paths(stack: dict) -> list[tuple[int, str]]:
    return [(i, key) for i, r in enumerate(stack["resources"]) for key in sorted(r["inputs"])]


@pytest.mark.parametrize("unknown", [SENTINEL, COMPUTED], ids=["sentinel", "computed"])
def test_any_unknown_input_of_any_resource_is_reported(example_pack: Path, graph: dict, unknown) -> None:
    """Every input of every resource in turn made unknown (one per resource per round):
    each such resource appears in a violation or in an advisory that names the input."""
    paths = _top_level_paths(graph)
    rounds: dict[int, list[tuple[int, str]]] = {}
    for i, key in paths:
        rounds.setdefault(sum(1 for j, _ in paths if j == i and _ < key), []).append((i, key))
    assert sum(len(r) for r in rounds.values()) == len(paths) > 100
    for batch in rounds.values():
        stack = copy.deepcopy(graph)
        for i, key in batch:
            stack["resources"][i]["inputs"][key] = unknown
        fired = _fired(pack.evaluate(example_pack, pack.analyzer_input(stack)))
        texts = [(rule, t) for rule, ts in fired.items() for t in ts]
        for i, key in batch:
            urn = stack["resources"][i]["urn"]
            mine = [(rule, t) for rule, t in texts if f"{urn}: " in t]
            assert mine, f"{urn}: {key} unknown passed silently"
            for rule, t in mine:
                if rule.startswith("stack_warn_unknown"):
                    assert re.search(rf"exist: (.*, )?{re.escape(key)}\b", t), t
