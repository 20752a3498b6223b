"""End to end: the example plan audits clean, and each hand-made change to a copy of
it is caught by the control that guards against it; the CLI's exit codes and reports."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sluicegate import plan, spec
from sluicegate.cli import main
from sluicegate.policy import ArtifactError, audit

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> Path:
    """The example platform, planned once (every layer, offline) for this module."""
    out = tmp_path_factory.mktemp("example") / "out"
    plan.run(spec.load(REPO), out)
    return out


@pytest.fixture
def copy(planned: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(planned, out)
    shutil.rmtree(out / "audit", ignore_errors=True)
    return out


def _json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _pulumi(out: Path, token: str, name_part: str, change: Callable[[dict], None]) -> str:
    """Change the inputs of the one graph.json resource of `token` whose name has `name_part`."""
    urns = []

    def edit(graph: dict) -> None:
        found = [r for r in graph["resources"] if r["type"] == token and name_part in r["name"]]
        assert len(found) == 1, f"{token} {name_part}: {len(found)} resources"
        change(found[0]["inputs"])
        urns.append(found[0]["urn"])

    _json(out / "platform" / "graph.json", edit)
    return urns[0]


def _terraform(out: Path, type_: str, change: Callable[[str, dict], None]) -> None:
    for path in (out / "foundation").rglob("*.tf.json"):
        _json(path, lambda tf: [change(n, v) for n, v in tf.get("resource", {}).get(type_, {}).items()])


def _yaml_docs(path: Path, change: Callable[[list[dict]], list[dict]]) -> None:
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
    path.write_text(yaml.safe_dump_all(change(docs)))


def _ids(result) -> set[str]:
    return {f.control_id for f in result.findings}


def test_example_plan_audits_clean(planned: Path) -> None:
    result = audit(planned)
    problems = [f"{f.control_id} {f.address}: {f.message}" for f in result.findings]
    assert problems == []
    assert result.controls_failed == 0 and result.controls_total >= 45
    assert not result.blocking
    # Every layer was read: the clean result is not an empty one.
    assert {r.id for r in result.results if r.examined} >= {"RES-02", "GKE-01", "K8S-02", "NET-04"}


# Each case: the change, the control that must catch it, and what the finding must name.
def _bucket_to_us(out):
    return _pulumi(out, "gcp:storage/bucket:Bucket", "onco", lambda i: i.update(location="US"))


def _public_endpoint(out):
    return _pulumi(out, "gcp:container/cluster:Cluster", "", lambda i: i["privateClusterConfig"].update(enablePrivateEndpoint=False))


def _private_nodes_off(out):
    return _pulumi(out, "gcp:container/cluster:Cluster", "", lambda i: i["privateClusterConfig"].update(enablePrivateNodes=False))


def _gpu_pool_untainted(out):
    return _pulumi(out, "gcp:container/nodePool:NodePool", "gpu", lambda i: i["nodeConfig"].pop("taints"))


def _key_ring_elsewhere(out):
    _terraform(out, "google_kms_key_ring", lambda n, v: v.update(location="us-central1"))
    return "google_kms_key_ring."


def _bucket_key_elsewhere(out):
    other = "projects/acme-ml-platform/locations/us-central1/keyRings/r/cryptoKeys/k"
    return _pulumi(out, "gcp:storage/bucket:Bucket", "forecast", lambda i: i["encryption"].update(defaultKmsKeyName=other))


def _no_egress_deny(out):
    _terraform(out, "google_compute_firewall", lambda n, v: v.pop("deny", None))
    return "google_compute_firewall"


def _public_bucket(out):
    def add(inputs):
        policy = json.loads(inputs["policyData"])
        policy["bindings"].append({"role": "roles/storage.objectViewer", "members": ["allUsers"]})
        inputs["policyData"] = json.dumps(policy)

    return _pulumi(out, "gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "onco", add)


def _team_reads_other_bucket(out):
    def add(inputs):
        policy = json.loads(inputs["policyData"])
        member = "serviceAccount:sg-team-forecast@acme-ml-platform.iam.gserviceaccount.com"
        policy["bindings"][0]["members"].append(member)
        inputs["policyData"] = json.dumps(policy)

    return _pulumi(out, "gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "onco", add)


def _log_bucket_global(out):
    _terraform(out, "google_logging_project_bucket_config", lambda n, v: v.update(location="global"))
    return "google_logging_project_bucket_config."


def _no_default_deny(out):
    _yaml_docs(
        out / "manifests/teams/onco/networkpolicies.yaml",
        lambda docs: [d for d in docs if d["metadata"]["name"] != "default-deny-all"],
    )
    return "NetworkPolicy/onco"


def _privileged_namespace(out):
    def edit(docs):
        docs[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] = "privileged"
        return docs

    _yaml_docs(out / "manifests/teams/onco/namespace.yaml", edit)
    return "#Namespace/onco"


def _quota_raised(out):
    def edit(docs):
        docs[0]["spec"]["hard"]["requests.nvidia.com/gpu"] = "16"
        return docs

    _yaml_docs(out / "manifests/teams/onco/resourcequota.yaml", edit)
    return "#ResourceQuota/onco/"


def _wrong_wi_annotation(out):
    def edit(docs):
        docs[0]["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] = "sg-team-forecast@acme-ml-platform.iam.gserviceaccount.com"
        return docs

    _yaml_docs(out / "manifests/teams/onco/serviceaccounts.yaml", edit)
    return "#ServiceAccount/onco/default-editor"


def _dry_run_perimeter(out):
    def edit(name, v):
        v["spec"] = v.pop("status")
        v["use_explicit_dry_run_spec"] = True

    _terraform(out, "google_access_context_manager_service_perimeter", edit)
    return "google_access_context_manager_service_perimeter."


MUTATIONS = [
    ("bucket moved out of the region", _bucket_to_us, "RES-02"),
    ("cluster endpoint made public", _public_endpoint, "GKE-02"),
    ("private nodes turned off", _private_nodes_off, "GKE-01"),
    ("GPU pool without its taint", _gpu_pool_untainted, "GKE-15"),
    ("key ring in another region", _key_ring_elsewhere, "ENC-01"),
    ("bucket encrypted with a key elsewhere", _bucket_key_elsewhere, "ENC-01"),
    ("egress no longer denied", _no_egress_deny, "NET-04"),
    ("bucket readable by allUsers", _public_bucket, "IAM-02"),
    ("team granted another team's bucket", _team_reads_other_bucket, "IAM-05"),
    ("log bucket left global", _log_bucket_global, "LOG-01"),
    ("namespace without default deny", _no_default_deny, "K8S-02"),
    ("namespace allows privileged pods", _privileged_namespace, "K8S-01"),
    ("GPU quota above the spec", _quota_raised, "K8S-03"),
    ("team KSA mapped to another team", _wrong_wi_annotation, "K8S-09"),
    ("perimeter only in dry run", _dry_run_perimeter, "NET-06"),
]


@pytest.mark.parametrize(("what", "mutate", "control"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutation_is_caught_by_its_control(copy: Path, what, mutate, control: str) -> None:
    where = mutate(copy)
    result = audit(copy)
    caught = [f for f in result.findings if f.control_id == control]
    assert caught, f"{what}: {control} found nothing; findings: {sorted(_ids(result))}"
    assert any(where in f.address for f in caught), (
        f"{what}: {control} findings name {[f.address for f in caught]}, not {where!r}"
    )
    errors = [f for f in result.findings if f.layer == "policy"]
    assert errors == [], f"{what}: rules failed to evaluate: {[f.message for f in errors]}"


def test_a_rule_that_errors_is_a_finding(copy: Path, monkeypatch) -> None:
    """Fail closed: a rule whose evaluation errors fails its control, with the error."""
    from sluicegate.policy import catalogue, engine

    broken = catalogue.POLICIES / "gcp" / "storage" / "sto_01_uniform_access.rego"
    original = catalogue.controls()
    bad = copy / "sto_01_broken.rego"
    # A type error at run time: lower() of an object, refused under strict builtin errors.
    bad.write_text(broken.read_text().replace(
        'attr_or(r, ["uniform_bucket_level_access"], false) != true',
        'lower(r.values) != "x"',
    ))
    patched = tuple(
        catalogue.Control(**{**c.__dict__, "file": str(bad)}) if c.id == "STO-01" else c
        for c in original
    )
    monkeypatch.setattr("sluicegate.policy.controls", lambda: patched)
    engine._compile.cache_clear()
    result = audit(copy)
    errors = [f for f in result.findings if f.control_id == "STO-01"]
    assert errors and errors[0].layer == "policy", [f.message for f in result.findings]
    assert "did not evaluate" in errors[0].message
    assert result.blocking
    assert {f.control_id for f in result.findings} == {"STO-01"}


def test_missing_out_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match=r"no such plan output folder"):
        audit(tmp_path / "nowhere")


def test_unreadable_graph_names_the_file(copy: Path) -> None:
    (copy / "platform" / "graph.json").write_text("{not json")
    with pytest.raises(ArtifactError, match=r"^platform/graph\.json: cannot be read as JSON"):
        audit(copy)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("kind: [Namespace\n", r"line 2, column 1: did not find expected ',' or '\]'"),
        ("spec: {replicas: !!int many}\n", r"line 1, column 1: invalid literal for int\(\)"),
    ],
    ids=["malformed", "a tagged value not of its type"],
)
def test_a_manifest_that_is_not_yaml_is_one_line_naming_the_file_and_place(
    copy: Path, capsys, text: str, why: str
) -> None:
    manifest = sorted((copy / "manifests" / "teams").rglob("*.yaml"))[0]
    manifest.write_text(text)
    rel = manifest.relative_to(copy)
    with pytest.raises(ArtifactError, match=rf"^{re.escape(str(rel))}: cannot be read as YAML \({why}"):
        audit(copy)
    assert main(["audit", str(copy)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {rel}: cannot be read as YAML (line ") and len(err.splitlines()) == 1, err


@pytest.mark.parametrize(
    ("fail_on", "code"), [("critical", 0), ("high", 0), ("medium", 1), ("low", 1)]
)
def test_cli_exit_code_follows_fail_on(copy: Path, capsys, fail_on: str, code: int) -> None:
    _gpu_pool_untainted(copy)  # GKE-15 is medium
    assert main(["audit", str(copy), "--fail-on", fail_on]) == code
    out = capsys.readouterr().out
    assert re.search(r"controls: \d+ passed, 1 failed of \d+", out), out


def test_cli_clean_plan_exits_0_and_high_finding_exits_1(copy: Path, planned: Path) -> None:
    assert main(["audit", str(planned)]) == 0
    _bucket_to_us(copy)
    assert main(["audit", str(copy)]) == 1


def test_cli_missing_out_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    assert main(["audit", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {tmp_path / 'nowhere'}: no such plan output folder"


def test_format_writes_only_what_was_asked(copy: Path) -> None:
    assert main(["audit", str(copy), "--format", "sarif"]) == 0
    assert sorted(p.name for p in (copy / "audit").iterdir()) == ["findings.json", "report.sarif"]


def test_reports(copy: Path) -> None:
    urn = _bucket_to_us(copy)
    result = audit(copy)
    folder = result.report_dir
    findings = json.loads((folder / "findings.json").read_text())
    bad = [f for f in findings["findings"] if f["control_id"] == "RES-02"]
    assert bad and bad[0]["severity"] == "critical" and bad[0]["layer"] == "platform"
    assert bad[0]["frameworks"]["app"] == ["APP8"], bad[0]
    assert findings["summary"]["controls_failed"] == 1

    sarif = json.loads((folder / "report.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert [r["ruleId"] for r in run["results"]] == ["RES-02"]
    assert rule_ids[run["results"][0]["ruleIndex"]] == "RES-02"
    assert run["results"][0]["level"] == "error"

    html = (folder / "report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "report.html loads something from outside"
    for r in result.results:
        assert f'id="{r.id}"' in html, f"report.html has no section for {r.id}"
    # The evidence names the failing resource, and every bucket that passed.
    assert re.search(rf"<code>{re.escape(urn)}</code></td><td>platform</td><td class=\"fail\">", html)
    assert html.count('<td class="pass">Pass</td>') >= 100

    md = (folder / "report.md").read_text()
    assert "| [RES-02](#res-02) | Buckets stay in the region | critical | **FAIL** |" in md
