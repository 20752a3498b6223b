"""The evidence is what each rule examined, from its own evaluation: asserted for every
control on the example plan and on a mutated one; a rule whose failures fall outside
what it examined, or that examined nothing where resources of its kind exist, fails."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sluicegate.policy import audit, catalogue, engine
from tests.policy.test_audit import _bucket_to_us, _no_default_deny, copy, planned  # noqa: F401

CLUSTER, POOL = "google_container_cluster", "google_container_node_pool"
BUCKET = "google_storage_bucket"
GRANTS = {
    ("foundation", "google_kms_crypto_key_iam_member"): 5,
    ("platform", "google_project_iam_member"): 1,
    ("platform", "google_artifact_registry_repository_iam_member"): 6,
    ("platform", "google_service_account_iam_policy"): 3,
    ("platform", "google_storage_bucket_iam_policy"): 2,
}
CLUSTER_ONLY = {("platform", CLUSTER): 1}
CLUSTER_POOLS = {("platform", CLUSTER): 1, ("platform", POOL): 2}
BUCKETS = {("foundation", BUCKET): 1, ("platform", BUCKET): 2}
REQUIRED = ("", "")  # the (layer, type) key of what a rule looked for: see _counts

# What every control examines in the example plan: (layer, type) -> how many, and the
# things it looked for (``looked_for`` in policies/lib/resources.rego) by address.
EXAMPLE: dict[str, tuple[dict[tuple[str, str], int], set[str]]] = {
    "DEP-01": ({("foundation", "google_access_context_manager_service_perimeter_resource"): 1}, set()),
    "DEP-02": ({("foundation", "google_kms_crypto_key_iam_member"): 5}, set()),
    "DEP-03": ({("foundation", "google_binary_authorization_policy"): 1, **CLUSTER_ONLY}, set()),
    "DEP-04": ({("foundation", "google_access_context_manager_service_perimeter_resource"): 1}, set()),
    "DEP-05": ({("platform", "google_artifact_registry_repository"): 4}, set()),
    "DEP-06": (
        {("foundation", "google_access_context_manager_service_perimeter_ingress_policy"): 2},
        {"accessPolicies/987654321098/accessLevels/sg_corp_egress"},
    ),
    "DEP-10": (
        {("manifests", "Deployment"): 36, ("manifests", "ConfigMap"): 8, ("manifests", "DaemonSet"): 1,
         ("manifests", "StatefulSet"): 1},
        set(),
    ),
    "DEP-11": (
        {("manifests", "Application"): 24, ("platform", "kubernetes:argoproj.io/v1alpha1:Application"): 1},
        set(),
    ),
    "DEP-12": (
        {("foundation", "google_compute_firewall"): 1, ("manifests", "MutatingWebhookConfiguration"): 7,
         ("manifests", "ValidatingWebhookConfiguration"): 5, ("manifests", "CustomResourceDefinition"): 1},
        set(),
    ),
    "DEP-13": (
        {("manifests", "ConfigMap"): 1, ("platform", "kubernetes:gateway.networking.k8s.io/v1:Gateway"): 1,
         ("platform", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"): 1,
         ("platform", "kubernetes:networking.gke.io/v1:GCPBackendPolicy"): 1},
        {"dashboard"},
    ),
    "DEP-20": ({("platform", "google_service_account_iam_policy"): 3}, set()),
    "DEP-21": (CLUSTER_ONLY, set()),
    "DEP-22": ({("manifests", "PersistentVolumeClaim"): 3}, set()),
    "ENC-01": (
        {("foundation", "google_kms_key_ring"): 1, ("foundation", "google_logging_project_bucket_config"): 1,
         ("foundation", BUCKET): 1, ("platform", "google_artifact_registry_repository"): 6,
         ("platform", BUCKET): 2, **CLUSTER_POOLS},
        set(),
    ),
    "ENC-02": (
        {("foundation", "google_org_policy_policy"): 2},
        {"gcp.restrictCmekCryptoKeyProjects", "gcp.restrictNonCmekServices", "params.cmek_services"},
    ),
    "ENC-03": (
        {("foundation", "google_logging_project_bucket_config"): 1, ("platform", "google_artifact_registry_repository"): 6,
         **BUCKETS},
        set(),
    ),
    **{cid: (CLUSTER_POOLS, set()) for cid in ("GKE-01", "GKE-04", "GKE-05", "GKE-06", "GKE-10", "GKE-11", "RES-06")},
    **{cid: (CLUSTER_ONLY, set()) for cid in ("GKE-02", "GKE-03", "GKE-07", "GKE-08", "GKE-09", "GKE-13", "GKE-14", "LOG-03")},
    "GKE-12": ({("platform", POOL): 2}, set()),
    "GKE-15": ({("platform", POOL): 2}, set()),
    "IAM-01": ({("foundation", "google_org_policy_policy"): 1}, {"iam.disableServiceAccountKeyCreation"}),
    "IAM-02": (GRANTS, set()),
    "IAM-04": (GRANTS, set()),
    "IAM-05": (
        {("platform", "google_project_iam_member"): 1, ("platform", "google_service_account_iam_policy"): 3,
         ("platform", "google_storage_bucket_iam_policy"): 2},
        set(),
    ),
    "K8S-01": ({("manifests", "Namespace"): 2}, {"Namespace/forecast", "Namespace/onco"}),
    "K8S-02": ({("manifests", "NetworkPolicy"): 14}, {"NetworkPolicy/forecast", "NetworkPolicy/onco"}),
    "K8S-03": (
        {("manifests", "Profile"): 2, ("manifests", "ResourceQuota"): 2},
        {"ResourceQuota/forecast", "ResourceQuota/onco"},
    ),
    "K8S-04": (
        {("manifests", "SluicegateAllowedRepos"): 1, ("manifests", "Deployment"): 36,
         ("manifests", "DaemonSet"): 1, ("manifests", "StatefulSet"): 1},
        {"SluicegateAllowedRepos"},
    ),
    "K8S-05": ({("manifests", "Service"): 31}, {"ResourceQuota/forecast", "ResourceQuota/onco"}),
    # The kit writes no RBAC of its own; the hydrated components' is out of its scope.
    "K8S-06": ({}, set()),
    "K8S-07": ({("manifests", "AuthorizationPolicy"): 16}, set()),
    "K8S-08": ({("manifests", "Namespace"): 2}, set()),
    "K8S-09": (
        {("manifests", "ServiceAccount"): 2},
        {"ServiceAccount/forecast/default-editor", "ServiceAccount/onco/default-editor",
         "sg-team-forecast@acme-ml-platform.iam.gserviceaccount.com",
         "sg-team-onco@acme-ml-platform.iam.gserviceaccount.com"},
    ),
    "LOG-01": (
        {("foundation", "google_logging_project_bucket_config"): 1, ("foundation", "google_logging_project_sink"): 1},
        {"google_logging_project_bucket_config"},
    ),
    "NET-01": ({("foundation", "google_org_policy_policy"): 1}, {"compute.vmExternalIpAccess"}),
    "NET-02": ({("foundation", "google_compute_subnetwork"): 1}, set()),
    # Every zone of the restricted VIP, gcr.io's too, and their records.
    "NET-03": (
        {("foundation", "google_compute_firewall"): 7, ("foundation", "google_compute_route"): 1,
         ("foundation", "google_dns_managed_zone"): 3, ("foundation", "google_dns_record_set"): 6},
        {"google_compute_firewall", "google_compute_route", "google_dns_managed_zone gcr.io.",
         "google_dns_managed_zone googleapis.com.", "google_dns_managed_zone pkg.dev.", "params.restricted_zones"},
    ),
    "NET-04": ({("foundation", "google_compute_firewall"): 4}, {"google_compute_firewall"}),
    "NET-06": (
        {("foundation", "google_access_context_manager_service_perimeter"): 1},
        {"google_access_context_manager_service_perimeter"},
    ),
    "RES-01": ({("foundation", "google_org_policy_policy"): 1}, {"google_org_policy_policy"}),
    "RES-02": (BUCKETS, set()),
    "RES-03": ({}, set()),
    "RES-04": ({("platform", "google_artifact_registry_repository"): 6}, set()),
    "RES-05": ({}, set()),
    "RES-07": ({}, set()),
    "RES-08": ({}, set()),
    # RES-11 examines every location-bearing type without a control of its own, beyond
    # the three of its METADATA scope.
    "RES-11": (
        {("foundation", "google_artifact_registry_vpcsc_config"): 1, ("foundation", "google_compute_router"): 1,
         ("foundation", "google_compute_router_nat"): 1, ("foundation", "google_compute_subnetwork"): 2,
         ("platform", "google_artifact_registry_repository_iam_member"): 6},
        set(),
    ),
    "STO-01": (BUCKETS, set()),
    "STO-02": (BUCKETS, set()),
}


def _counts(result) -> dict[str, tuple[dict, set]]:
    found = {}
    for r in result.results:
        resources = Counter((x["layer"], x["type"]) for x in r.examined if x["type"])
        required = {x["address"] for x in r.examined if not x["type"]}
        found[r.id] = (dict(resources), required)
    return found


def test_every_control_examines_what_it_guards_in_the_example(planned: Path) -> None:
    result = audit(planned)
    assert result.findings == []
    found = _counts(result)
    assert set(found) == set(EXAMPLE), "a control without an expected examined set, or one that is gone"
    wrong = {cid: found[cid] for cid in EXAMPLE if found[cid] != EXAMPLE[cid]}
    assert wrong == {}, {cid: (found[cid], EXAMPLE[cid]) for cid in wrong}


def test_a_mutated_plan_examines_the_same_and_its_failures_are_examined(copy: Path) -> None:
    urn = _bucket_to_us(copy)
    _no_default_deny(copy)
    result = audit(copy)
    found = _counts(result)
    # The onco namespace lost its default-deny policy: K8S-02 examined one policy fewer
    # and still looked for one; every other control examined what it did before.
    expected = {**EXAMPLE, "K8S-02": ({("manifests", "NetworkPolicy"): 13}, EXAMPLE["K8S-02"][1])}
    wrong = {cid: (found[cid], expected[cid]) for cid in expected if found[cid] != expected[cid]}
    assert wrong == {}
    failing = {r.id: r for r in result.results if not r.passed}
    assert set(failing) == {"RES-02", "K8S-02"}, [f.message for f in result.findings]
    for r in failing.values():
        examined = {(x["layer"], x["address"]) for x in r.examined}
        assert all((f.layer, f.address) in examined for f in r.findings), r.id
    assert [f.address for f in failing["RES-02"].findings] == [urn]
    assert [f.address for f in failing["K8S-02"].findings] == ["NetworkPolicy/onco"]


def _with_rule(monkeypatch, control_id: str, folder: Path, change) -> None:
    """The catalogue with one control's Rego file replaced by ``change(source)``."""
    original = catalogue.controls()
    target = next(c for c in original if c.id == control_id and c.engine == "rules")
    bad = folder / Path(target.file).name
    bad.write_text(change((catalogue.POLICIES.parent / target.file).read_text()))
    patched = tuple(
        catalogue.Control(**{**c.__dict__, "file": str(bad)}) if c is target else c for c in original
    )
    monkeypatch.setattr("sluicegate.policy.controls", lambda: patched)
    engine._compile.cache_clear()


def test_a_failure_the_rule_did_not_examine_fails_closed(copy: Path, tmp_path: Path, monkeypatch) -> None:
    """A rule that reports a failure outside its examined set is an error of the control,
    and the failure is kept."""
    urn = _bucket_to_us(copy)
    # RES-02 examines only the foundation's bucket: the platform's failure is outside.
    _with_rule(monkeypatch, "RES-02", tmp_path, lambda s: s.replace(
        'examined_res_02 contains seen(r) if {\n\tsome r in resources_of("google_storage_bucket")\n}',
        'examined_res_02 contains seen(r) if {\n\tsome r in resources_of("google_storage_bucket")\n\tr.layer == "foundation"\n}',
    ))
    result = audit(copy)
    res02 = [f for f in result.findings if f.control_id == "RES-02"]
    errors = [f for f in res02 if f.layer == "policy"]
    assert len(errors) == 1 and "failures outside what the rule examined" in errors[0].message
    assert urn in errors[0].message
    assert urn in [f.address for f in res02]
    assert result.blocking


def test_a_rule_that_examines_nothing_where_its_kind_exists_fails(copy: Path, tmp_path: Path, monkeypatch) -> None:
    """A rule that silently skips a layer would show its resources as passing; one that
    examines nothing at all although the plan holds its kind is a finding."""
    _with_rule(monkeypatch, "STO-01", tmp_path, lambda s: s.replace(
        'examined_sto_01 contains seen(r) if {\n\tsome r in resources_of("google_storage_bucket")\n}',
        'examined_sto_01 contains seen(r) if {\n\tsome r in resources_of("no_such_type")\n}',
    ))
    result = audit(copy)
    errors = [f for f in result.findings if f.control_id == "STO-01"]
    assert len(errors) == 1 and errors[0].layer == "policy"
    assert "examined nothing, though the plan holds 3 google_storage_bucket" in errors[0].message
    assert {f.control_id for f in result.findings} == {"STO-01"}


def test_a_rule_without_an_examined_set_is_refused(tmp_path: Path, monkeypatch) -> None:
    source = (catalogue.POLICIES / "gcp" / "storage" / "sto_01_uniform_access.rego").read_text()
    path = tmp_path / "policies" / "gcp" / "sto_01.rego"
    path.parent.mkdir(parents=True)
    path.write_text(source[: source.index("examined_sto_01 contains")])
    monkeypatch.setattr(catalogue, "POLICIES", tmp_path / "policies")
    with pytest.raises(catalogue.CatalogueError, match=r"must define `examined_sto_01 contains \.\.\.`"):
        catalogue._control(path, "rules")


def test_findings_json_shows_examined_by_layer_failed_with_why_and_clauses(copy: Path) -> None:
    urn = _bucket_to_us(copy)
    audit(copy)
    data = json.loads((copy / "audit" / "findings.json").read_text())
    res02 = next(c for c in data["controls"] if c["control_id"] == "RES-02")
    assert sorted(res02["examined"]) == ["foundation", "platform"]
    assert urn in res02["examined"]["platform"] and len(res02["examined"]["platform"]) == 2
    assert res02["failed"] == [{"layer": "platform", "address": urn, "why": "bucket location 'US' is not the region 'australia-southeast1'"}]
    assert res02["frameworks"]["app"] == ["APP8"]
    md = (copy / "audit" / "report.md").read_text()
    assert f"| `{urn}` | platform | FAIL | bucket location 'US'" in md


def test_the_foundation_and_the_audit_read_one_restricted_list(planned: Path) -> None:
    """The perimeter's restricted services and the restricted VIP's zones: what the
    foundation writes is what the audit requires, both from catalogue/perimeter.yaml."""
    from sluicegate import catalogue as lists
    from sluicegate.foundation import perimeter, private_dns
    from sluicegate.policy import artifacts

    assert perimeter.RESTRICTED_SERVICES == artifacts.RESTRICTED_SERVICES == lists.restricted_services()
    assert private_dns.DOMAINS == lists.restricted_zones()
    assert "gcr.io." in lists.restricted_zones()
    params = artifacts.load(planned).doc["params"]
    written: dict[str, list] = {}
    for path in (planned / "foundation").rglob("*.tf.json"):
        resources = json.loads(path.read_text()).get("resource", {})
        for p in resources.get("google_access_context_manager_service_perimeter", {}).values():
            written.setdefault("services", []).append(p["status"]["restricted_services"])
        for z in resources.get("google_dns_managed_zone", {}).values():
            written.setdefault("zones", []).append(z["dns_name"])
    assert written["services"] == [params["restricted_services"]]
    assert sorted(written["zones"]) == sorted(params["restricted_zones"])


def test_the_foundation_and_the_audit_read_one_cmek_list(planned: Path) -> None:
    from sluicegate import catalogue as lists
    from sluicegate.foundation import org_policies
    from sluicegate.policy import artifacts

    assert org_policies.CMEK_SERVICES == lists.cmek_services()
    params = artifacts.load(planned).doc["params"]
    denied = []
    for path in (planned / "foundation").rglob("*.tf.json"):
        for p in json.loads(path.read_text()).get("resource", {}).get("google_org_policy_policy", {}).values():
            if p["name"].endswith("gcp.restrictNonCmekServices"):
                denied += p["spec"]["rules"][0]["values"]["denied_values"]
    assert sorted(denied) == params["cmek_services"] == list(lists.cmek_services())


def test_examined_addresses_take_the_inventory_entry_and_unknown_ones_fail_closed() -> None:
    """seen(r) is an address: the engine gives it the inventory's layer and type; an
    address the plan does not hold makes the control an error, never a pass."""
    held = engine._held({"google_storage_bucket": [
        {"address": "google_storage_bucket.data", "layer": "foundation", "type": "google_storage_bucket"}]})
    wanted = {"address": "NetworkPolicy/onco", "layer": "manifests", "type": ""}
    examined, unknown = engine._examined(["google_storage_bucket.data", wanted], held)
    assert examined == [held["google_storage_bucket.data"], wanted] and unknown == []
    control = catalogue.controls()[0]
    values = {control.query: [], control.examined_query: ["google_storage_bucket.data", "google_storage_bucket.gone"]}
    outcome = engine._outcome(control, values, {}, held)
    assert outcome.error == "examined what the plan does not hold: google_storage_bucket.gone"
    values[control.examined_query] = ["google_storage_bucket.data"]
    assert engine._outcome(control, values, {}, held).error is None
