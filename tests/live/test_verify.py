"""`verify --live` over the stand-ins: the planned example verifies clean, each drift is
caught by its control and named by its field, each fault is one line and no reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sluicegate.cli import main
from sluicegate.live import KubeconfigMismatch, LiveError, normalise
from sluicegate.live.drift import drift
from sluicegate.live.verify import REPORTS, cluster_id, read, verify
from sluicegate.policy import audit_document
from tests.live.conftest import OTHER_CA, planned_cluster


def _read(planned, planned_doc, fake_gke, kubeconfig):
    spec = json.loads((planned / "spec.json").read_text())
    return read(planned_doc, cluster_id(spec), gke_client=fake_gke.client(), kubeconfig=kubeconfig, timeout=5)


def test_planned_example_served_live_verifies_clean(planned, live, capsys):
    fake_gke, _, kubeconfig = live
    code = main(["verify", "--live", "--out", str(planned), "--kubeconfig", str(kubeconfig),
                 "--gke-endpoint", fake_gke.server.url])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    findings = json.loads((planned / REPORTS / "findings.json").read_text())
    assert findings["out"].startswith("live projects/acme-ml-platform/locations/"), findings["out"]
    assert findings["findings"] == [], f"live example has findings {findings['findings']}"
    assert findings["summary"]["controls_failed"] == 0 and findings["summary"]["controls_total"] > 50
    assert json.loads((planned / REPORTS / "drift.json").read_text())["drift"] == []
    assert "0 planned values differ live" in printed.out
    assert any("/clusters/sg-gke" in r for r in fake_gke.requests), fake_gke.requests


def _untaint(pool: dict) -> None:
    pool["config"].pop("taints")


def test_drift_is_caught_by_its_control_and_field(planned, planned_doc, live, tmp_path):
    fake_gke, kube, kubeconfig = live
    cluster = json.loads(type(fake_gke.cluster).to_json(fake_gke.cluster, use_integers_for_enums=False))
    cluster["privateClusterConfig"]["enablePrivateEndpoint"] = False
    gpu = next(p for p in cluster["nodePools"] if "accelerators" in p.get("config", {}))
    _untaint(gpu)
    fake_gke.cluster = type(fake_gke.cluster).from_json(json.dumps(cluster))
    team, other = planned_doc["params"]["teams"][:2]
    # Namespace without default deny: its deny-all NetworkPolicy deleted.
    deny = [o for o in kube.objects if o["kind"] == "NetworkPolicy" and o["metadata"]["namespace"] == team["namespace"]
            and not o["spec"].get("podSelector") and not o["spec"].get("ingress") and not o["spec"].get("egress")]
    assert deny, f"no default-deny NetworkPolicy planned in {team['namespace']}"
    kube.objects = [o for o in kube.objects if o not in deny]
    ksa = next(o for o in kube.objects if o["kind"] == "ServiceAccount" and o["metadata"]["namespace"] == team["namespace"])
    ksa["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] = other["service_account"]

    found = _read(planned, planned_doc, fake_gke, kubeconfig)
    drifted = {(d.resource, d.field): d for d in drift(planned_doc, found.cluster, found.objects)}
    assert drifted[("GKE cluster sg-gke", "privateClusterConfig.enablePrivateEndpoint")].live is False
    assert drifted[(f"GKE node pool sg-gke/{gpu['name']}", "config.taints")].live == "(absent)"
    for d in deny:
        assert (f"NetworkPolicy/{team['namespace']}/{d['metadata']['name']}", "(object)") in drifted
    ksa_drift = drifted[(f"ServiceAccount/{team['namespace']}/{ksa['metadata']['name']}",
                         "metadata.annotations.iam.gke.io/gcp-service-account")]
    assert (ksa_drift.planned, ksa_drift.live) == (team["service_account"], other["service_account"])

    doc = normalise.document(planned_doc, found.cluster, found.objects)
    result = audit_document(doc, out=planned, report_dir=tmp_path / "audit", resource_count=1,
                            fail_on="high", formats={"json"})
    by_control = {}
    for f in result.findings:
        by_control.setdefault(f.control_id, []).append(f)
    assert any("sg-gke" in f.address for f in by_control.get("GKE-02", [])), by_control.keys()
    assert any(gpu["name"] in f.address or "gpu" in f.address for f in by_control.get("GKE-15", [])), by_control.keys()
    assert any(team["namespace"] in f.address for f in by_control.get("K8S-02", [])), by_control.keys()
    assert any(ksa["metadata"]["name"] in f.address and other["service_account"] in f.message
               for f in by_control.get("K8S-09", [])), by_control.get("K8S-09")
    assert set(by_control) <= {"GKE-02", "GKE-15", "K8S-02", "K8S-09", "DEP-21"}, sorted(by_control)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("unreachable", "the GKE API cannot be reached"),
        ("403", "403 forbidden"),
        ("404", "404 not found"),
        ("kube-403", "403 forbidden"),
        ("other-cluster", "is this another cluster's kubeconfig?"),
    ],
)
def test_faults_are_one_line_and_write_nothing(planned, live, tmp_path, capsys, fault, expected):
    fake_gke, kube, kubeconfig = live
    endpoint = fake_gke.server.url
    if fault == "unreachable":
        fake_gke.server.close()
    elif fault in ("403", "404"):
        fake_gke.error = (int(fault), "refused by the stand-in")
    elif fault == "kube-403":
        kube.error = 403
    else:
        kubeconfig = kube.kubeconfig(tmp_path / "other", ca=OTHER_CA)
    before = sorted(p.name for p in planned.iterdir())
    reports = planned / REPORTS
    mtime = reports.stat().st_mtime_ns if reports.exists() else None
    code = main(["verify", "--live", "--out", str(planned), "--kubeconfig", str(kubeconfig), "--gke-endpoint", endpoint])
    err = capsys.readouterr().err.strip()
    assert code == (2 if fault == "other-cluster" else 3), err
    assert len(err.splitlines()) == 1 and expected in err, err
    assert sorted(p.name for p in planned.iterdir()) == before
    assert (reports.stat().st_mtime_ns if reports.exists() else None) == mtime


def test_cluster_provisioning_past_the_timeout_is_one_line(planned, live):
    from sluicegate.live import gke

    fake_gke, _, _ = live
    fake_gke.statuses = ["PROVISIONING"]
    cluster = cluster_id(json.loads((planned / "spec.json").read_text()))
    seen: list[str] = []
    with pytest.raises(LiveError) as failed:
        gke.wait_running(lambda: gke.read_cluster(fake_gke.client(), cluster, timeout=5),
                         timeout=0.2, poll=0.05, progress=seen.append)
    assert str(failed.value) == "not RUNNING after 0.2 s: cluster sg-gke: PROVISIONING"
    assert seen and all("PROVISIONING" in line for line in seen), seen
