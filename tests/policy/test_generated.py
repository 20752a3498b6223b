"""Generated files match their sources, and the Pulumi policy pack runs the same rules
over Pulumi's own (analyzer) input shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sluicegate.policy import generate
from sluicegate.policy.catalogue import POLICIES, controls
from sluicegate.policy.engine import Compiled


@pytest.fixture(scope="module")
def spec() -> dict:
    return generate.example_spec()


def test_generated_files_are_up_to_date(spec: dict) -> None:
    stale = []
    for path, text in generate.generated(spec).items():
        if not path.is_file() or path.read_text() != text:
            stale.append(str(path.relative_to(generate.REPO)))
    extra = sorted(
        str(p.relative_to(generate.REPO))
        for p in generate.PACK.rglob("*")
        if p.is_file() and p not in generate.generated(spec)
    )
    assert not stale and not extra, (
        f"out of date: {stale}; not generated: {extra}; run `python -m sluicegate.policy.generate`"
    )


def test_catalogue_lists_every_control_once() -> None:
    text = (POLICIES / "controls.yaml").read_text()
    ids = re.findall(r"^- id: (\S+)$", text, re.MULTILINE)
    assert ids == sorted({c.id for c in controls()})


def _analyzer_input(graph: dict) -> dict:
    """A stack as pulumi-analyzer-policy-opa hands it to stack_* rules: each resource's
    properties overlaid on its metadata, with the collision-safe __ names."""
    resources = []
    for r in graph["resources"]:
        meta = {"type": r["type"], "urn": r["urn"], "name": r["name"], "properties": r["inputs"]}
        resources.append(
            {**meta, **r["inputs"], **{f"__{k}": v for k, v in meta.items()}}
        )
    return {"resources": resources}


def _pack(tmp_path: Path, spec: dict) -> tuple[Compiled, list[str]]:
    pack = tmp_path / "pack"
    generate.write_pack(pack, spec)
    modules = sorted(pack.rglob("*.rego"))
    packages = {re.search(r"^package (\S+)", p.read_text(), re.MULTILINE).group(1) for p in modules}
    assert packages == {"sluicegate"}, f"the analyzer needs one package in a pack, got {packages}"
    rules = sorted(set(re.findall(r"^(stack_(?:deny|warn)_\w+) contains", (pack / "controls.rego").read_text(), re.MULTILINE)))
    assert all(re.fullmatch(r"stack_(deny|warn)(_[a-zA-Z0-9]+)*", r) for r in rules)
    return Compiled(modules, [f"data.sluicegate.{r}" for r in rules]), rules


def test_pulumi_pack_passes_the_example_and_denies_a_bucket_in_the_us(tmp_path: Path, spec: dict) -> None:
    from sluicegate import platform as platform_layer
    from sluicegate import spec as spec_module

    graph_dir = tmp_path / "platform"
    graph_dir.mkdir()
    platform_layer.write(spec_module.load(generate.REPO), graph_dir, gitops_revision="sha256:" + "5e" * 32)
    graph = json.loads((graph_dir / "graph.json").read_text())
    compiled, rules = _pack(tmp_path, spec)
    assert "stack_deny_res_02" in rules and "stack_deny_gke_02" in rules

    compiled.set_input(_analyzer_input(graph))
    messages = {r: compiled.value(f"data.sluicegate.{r}") for r in rules}
    assert all(m == [] for m in messages.values()), messages

    for r in graph["resources"]:
        if r["type"] == "gcp:storage/bucket:Bucket" and "onco" in r["name"]:
            r["inputs"]["location"] = "US"
    compiled.set_input(_analyzer_input(graph))
    denied = compiled.value("data.sluicegate.stack_deny_res_02")
    assert len(denied) == 1 and denied[0].startswith("RES-02 urn:pulumi:"), denied
