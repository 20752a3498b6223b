"""OSCAL assessment results (validated by compliance-trestle's models), the evidence
bundle and its verification, and the audit bound to the committed spec."""

from __future__ import annotations

import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from pydantic import ValidationError
from trestle.oscal import assessment_results as ar

from sluicegate.cli import main
from sluicegate.policy import audit, bundle
from tests.policy.test_audit import REPO, _bucket_to_us, _gpu_pool_untainted, copy, planned  # noqa: F401


def test_oscal_validates_with_trestle_models(copy: Path) -> None:
    urn = _bucket_to_us(copy)
    result = audit(copy, formats=("oscal",))
    path = copy / "audit" / "assessment-results.json"
    assert sorted(p.name for p in (copy / "audit").iterdir()) == ["assessment-results.json", "findings.json"]
    document = json.loads(path.read_text())
    assert list(document) == ["assessment-results"]
    assert ar.AssessmentResults.oscal_read(path) is not None  # trestle's reader: parsed and validated
    model = ar.Model.model_validate(document)  # the typed models validate every field
    [run] = model.assessment_results.results
    assert len(run.findings) == len(result.results) == len(run.observations)
    states = {f.target.target_id: f.target.status.state.value for f in run.findings}
    assert states["RES-02"] == "not-satisfied"
    assert {s for c, s in states.items() if c != "RES-02"} == {"satisfied"}
    res02 = next(f for f in run.findings if f.target.target_id == "RES-02")
    assert ("app", "APP8") in {(p.name, p.value) for p in res02.props}
    observation = next(o for o in run.observations if o.uuid == res02.related_observations[0].observation_uuid)
    assert f"failed: platform {urn}: bucket location 'US'" in observation.description
    assert "2 examined in platform" in observation.description
    included = run.reviewed_controls.control_selections[0].include_controls
    assert [c.control_id for c in included] == [r.id for r in result.results]
    # The models do refuse what OSCAL does not allow.
    document["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "maybe"
    with pytest.raises(ValidationError, match="state"):
        ar.Model.model_validate(document)


def _repack(bundle_path: Path, change) -> None:
    """The bundle with ``change(name, data) -> data`` applied to every member."""
    with tarfile.open(bundle_path, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(bundle_path, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.fixture
def bundled(copy: Path, tmp_path: Path) -> Path:
    _gpu_pool_untainted(copy)
    (copy / "waivers.yaml").write_text(
        "waivers:\n  - {control: GKE-15, resource: '*gpu*', reason: drained, owner: ops@acme.example,"
        " ticket: SEC-1, expires: 2099-01-01}\n"
    )
    path = tmp_path / "evidence.tar.gz"
    assert main(["audit", str(copy), "--format", "json", "--format", "md", "--format", "oscal",
                 "--bundle", str(path)]) == 0
    return path


def test_the_bundle_holds_what_it_says_and_verifies(bundled: Path, capsys) -> None:
    members = _members(bundled)
    manifest = json.loads(members["manifest.json"])
    assert set(manifest["files"]) == set(members) - {"manifest.json"}
    assert {"artifacts/spec.json", "artifacts/platform/graph.json", "waivers.yaml",
            "reports/findings.json", "reports/report.md", "reports/assessment-results.json",
            "policies/lib/resources.rego", "policies/gcp/gke/gke_15_gpu_pools_tainted.rego"} <= set(members)
    assert not any(n.startswith(("artifacts/audit/", "policies/pulumi-pack/")) for n in members)
    assert manifest["tool"]["name"] == "sluicegate" and manifest["tool"]["version"]
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["policy_version"])
    assert manifest["audit"]["formats"] == ["assessment-results.json", "findings.json", "report.md"]
    assert json.loads(members["reports/findings.json"])["summary"]["waived"] == 1

    capsys.readouterr()
    assert main(["audit", "--verify", str(bundled)]) == 0
    out = capsys.readouterr().out
    assert f"hashes: all {len(manifest['files'])} files match the manifest" in out
    assert "write the same 3 reports" in out


def test_one_byte_of_an_artifact_changed_fails_verification(bundled: Path, capsys) -> None:
    def flip(name: str, data: bytes) -> bytes:
        if name != "artifacts/platform/graph.json":
            return data
        at = data.index(b"AUSTRALIA-SOUTHEAST1")
        return data[:at] + b"B" + data[at + 1:]  # one byte: the first bucket's location

    _repack(bundled, flip)
    assert main(["audit", "--verify", str(bundled)]) == 1
    out = capsys.readouterr().out
    assert "FAIL: artifacts/platform/graph.json: its SHA-256 is not the manifest's" in out
    assert "audit again" not in out


def test_a_changed_artifact_with_its_hash_rewritten_fails_on_the_reports(bundled: Path, capsys) -> None:
    """Rewriting the manifest's hash does not help: the audit of the changed artifact
    writes other reports than the bundle's."""
    changed: dict[str, str] = {}

    def flip(name: str, data: bytes) -> bytes:
        if name == "artifacts/platform/graph.json":
            at = data.index(b"AUSTRALIA-SOUTHEAST1")
            data = data[:at] + b"B" + data[at + 1:]
            changed[name] = bundle._sha256(data)
        return data

    _repack(bundled, flip)
    _repack(bundled, lambda name, data: data if name != "manifest.json" else json.dumps(
        {**json.loads(data), "files": {**json.loads(data)["files"], **changed}}).encode())
    assert main(["audit", "--verify", str(bundled)]) == 1
    out = capsys.readouterr().out
    assert "hashes: all" in out
    assert "FAIL: reports/findings.json: the audit of the bundle's artifacts writes another report" in out


def test_a_file_added_to_the_bundle_fails(bundled: Path, tmp_path: Path, capsys) -> None:
    members = _members(bundled)
    with tarfile.open(bundled, "w:gz") as tar:
        for name, data in {**members, "artifacts/extra.json": b"{}"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert main(["audit", "--verify", str(bundled)]) == 1
    assert "FAIL: artifacts/extra.json: in the bundle, not in the manifest" in capsys.readouterr().out


def test_verify_of_something_that_is_not_a_bundle_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "b.tar.gz"
    path.write_bytes(b"not a tarball")
    assert main(["audit", "--verify", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {path}: not a readable evidence bundle")


def test_spec_binds_the_reference_values(copy: Path, capsys) -> None:
    """A copy of OUT moved to another region, its spec.json and buckets with it, audits
    clean against its own spec.json; against the committed spec it fails, and says so."""
    for path in [p for p in copy.rglob("*") if p.is_file()]:
        text = path.read_text()
        moved = re.sub("australia-southeast1", "us-central1", text, flags=re.IGNORECASE)
        if moved != text:
            path.write_text(moved)
    assert json.loads((copy / "spec.json").read_text())["region"] == "us-central1"
    assert main(["audit", str(copy)]) == 0
    capsys.readouterr()
    assert main(["audit", str(copy), "--spec", str(REPO)]) == 1
    captured = capsys.readouterr()
    assert "OUT/spec.json differs from the committed spec" in captured.err and " region" in captured.err
    data = json.loads((copy / "audit" / "findings.json").read_text())
    assert data["reference"]["source"] == str(REPO) and "region" in data["reference"]["differs"]
    failed = {f["control_id"] for f in data["findings"]}
    assert {"RES-02", "RES-06"} <= failed


def test_spec_that_does_not_load_exits_2(copy: Path, tmp_path: Path, capsys) -> None:
    shutil.copytree(REPO / "teams", tmp_path / "spec" / "teams")
    (tmp_path / "spec" / "platform.yaml").write_text("region: nowhere\n")
    assert main(["audit", str(copy), "--spec", str(tmp_path / "spec")]) == 2
    assert capsys.readouterr().err.startswith("error: platform.yaml")
