"""What makes a re-audit cheap must not change a verdict: the parsed objects a plan hands
its audit, the slimmed CRDs, and parts found in the audit cache across
plans that differ only in their content tags or in other teams."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sluicegate import plan, spec
from sluicegate.gitops import objects as parsed
from sluicegate.policy import artifacts, engine
from sluicegate.policy.catalogue import POLICIES, controls
from tests.policy.test_audit import _no_default_deny, _wrong_wi_annotation, planned  # noqa: F401
from tests.policy.test_shards import _verdicts

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """The audit cache in a folder of its own, and the teams of each part evaluated."""
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    evaluated: list[list[str]] = []
    real = engine._evaluate_part

    def counting(controls_, part, context):
        evaluated.append([t["name"] for t in part["params"]["teams"]])
        return real(controls_, part, context)

    monkeypatch.setattr(engine, "_evaluate_part", counting)
    return evaluated


def test_the_objects_a_plan_hands_its_audit_are_the_ones_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict] = []
    real = artifacts.load

    def loading(out):
        loaded = real(out)
        seen.append(loaded.doc)
        return loaded

    hits: list[Path] = []
    real_recall = artifacts.recall

    def recalling(path, data):
        found = real_recall(path, data)
        if found is not None:
            hits.append(path)
        return found

    monkeypatch.setattr(artifacts, "recall", recalling)
    import sluicegate.policy as policy

    monkeypatch.setattr(policy.artifacts, "load", loading)
    out = tmp_path / "out"
    plan.run(spec.load(REPO), out)
    assert len(seen) == 1
    files = {str(p.relative_to(out)) for p in (out / "manifests").rglob("*.yaml")}
    assert len(hits) == len(files), f"{len(files) - len(hits)} of {len(files)} files were parsed again"
    parsed.forget()
    monkeypatch.setattr(artifacts, "recall", real_recall)
    assert real(out).doc == seen[0], "the remembered objects differ from the files' own"


def test_a_file_changed_after_it_was_written_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
    path.write_text(text)
    parsed.remember(path, text, parsed.parse_objects(text))
    assert parsed.recall(path, path.read_bytes()) == [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}
    ]
    path.write_text(text.replace("name: a", "name: b"))
    assert parsed.recall(path, path.read_bytes()) is None
    parsed.forget()


def test_crds_reach_the_rules_without_their_schemas_and_no_rule_reads_one(planned: Path) -> None:
    doc = artifacts.load(planned).doc
    crds = [m["object"] for m in doc["manifests"] if m["object"]["kind"] == "CustomResourceDefinition"]
    assert crds, "the example installs CRDs"
    for crd in crds:
        assert all("schema" not in v for v in crd["spec"]["versions"]), crd["metadata"]["name"]
        assert all("name" in v and "served" in v for v in crd["spec"]["versions"])
    converted = [c for c in crds if "conversion" in c["spec"]]
    assert converted and all(c["spec"]["conversion"] for c in converted), "conversion webhooks stay"
    rego = [p for p in POLICIES.rglob("*.rego") if "pulumi-pack" not in p.parts]
    reads = [p.name for p in rego if re.search(r"openAPIV3Schema|\"schema\"|\.schema\b", p.read_text())]
    assert reads == [], f"rules read CRD schemas, which the audit drops: {reads}"


def test_a_crd_is_slimmed_without_changing_the_object_it_came_from() -> None:
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.com"},
        "spec": {"group": "example.com", "versions": [{"name": "v1", "served": True, "schema": {"x": 1}}]},
    }
    before = json.dumps(crd, sort_keys=True)
    slim = artifacts.audited(crd)
    assert slim["spec"]["versions"] == [{"name": "v1", "served": True}]
    assert json.dumps(crd, sort_keys=True) == before
    other = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "spec": {"versions": [{"schema": 1}]}}
    assert artifacts.audited(other) is other


def _retag(out: Path, new: str) -> None:
    """Every content tag in the plan's manifests and graph replaced by ``new``."""
    pattern = re.compile(r"sha256-[0-9a-f]{32}")
    for path in [*(out / "manifests").rglob("*.yaml"), out / "platform/graph.json"]:
        path.write_text(pattern.sub(new, path.read_text()))


def test_parts_that_differ_only_in_content_tags_share_verdicts(
    planned: Path, tmp_path: Path, counted: list
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out, tag in ((first, "sha256-" + "a" * 32), (second, "sha256-" + "b" * 32)):
        shutil.copytree(planned, out)
        _no_default_deny(out)
        _wrong_wi_annotation(out)
        _retag(out, tag)
    a = artifacts.load(first).doc
    b = artifacts.load(second).doc
    assert a != b
    found = _verdicts(engine.evaluate(controls(), a, workers=1))
    assert counted, "the first plan is evaluated"
    counted.clear()
    cached = engine.evaluate(controls(), b, workers=1)
    assert counted == [], "a part was evaluated again though only its tags changed"
    assert _verdicts(cached) == _verdicts(engine.evaluate_unsharded(controls(), b)) == found
    ids = {c for c, _, _ in found[0]}
    assert {"K8S-02", "K8S-09"} <= ids, ids


def test_a_cached_verdict_shows_the_parts_own_tags() -> None:
    text = json.dumps({"a": "sha256-" + "1" * 32, "b": ["sha256-" + "2" * 32, "sha256-" + "1" * 32]})
    tags = engine._Tags(text)
    hidden = tags.hide(text)
    assert "sha256-1" not in hidden and hidden.count("<content-tag-0>") == 2
    other = engine._Tags(text.replace("1" * 32, "3" * 32))
    record = tags.hide(json.dumps({"msg": "pins sha256-" + "1" * 32}))
    assert json.loads(other.show(record)) == {"msg": "pins sha256-" + "3" * 32}
    # A digest of an image (64 hex digits, a colon) is not a content tag.
    image = "a@sha256:" + "f" * 64
    assert engine._Tags(image).hide(image) == image


def test_a_new_namespace_elsewhere_leaves_a_parts_context_alone(planned: Path) -> None:
    doc = artifacts.load(planned).doc
    whole = engine._gatekeeper_context(doc)
    grown = json.loads(json.dumps(whole))
    grown["namespace_labels"]["team-new"] = {"sluicegate.dev/team": "new"}
    for part in engine.partition(doc):
        assert engine._context_of(part, whole) == engine._context_of(part, grown)
    team = engine.partition(doc)[1]
    spaces = set(engine._context_of(team, whole)["namespace_labels"])
    assert spaces and spaces <= {t["namespace"] for t in team["params"]["teams"]}, spaces


def test_onboarding_a_team_evaluates_its_part_and_the_shared_one(
    tmp_path: Path, counted: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two real plans, the second with one team more (a new owner too): only the shared
    part and the new team's part are evaluated again, though the content tag every
    Application pins and the namespaces changed. One team per part, to see it."""
    monkeypatch.setattr(engine, "PART_SIZE", 1)
    root = tmp_path / "platform"
    root.mkdir()
    shutil.copy(REPO / "platform.yaml", root / "platform.yaml")
    shutil.copytree(REPO / "teams", root / "teams")
    plan.run(spec.load(root), root / "out")
    counted.clear()
    (root / "teams" / "newt.yaml").write_text(
        "name: newt\nowners: [ada.new@acme.example]\ndata_classification: pii\n"
    )
    result = plan.run(spec.load(root), root / "out2")
    assert sorted(counted) == [[], ["newt"]], counted
    assert result.audit.blocking is False
