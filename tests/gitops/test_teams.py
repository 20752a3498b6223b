"""What each team gets: values that matter, checked team by team."""

from __future__ import annotations

import ipaddress

import pytest

from sluicegate.names import DATA_CLASSIFICATION_LABEL, TEAM_KSAS, TEAM_LABEL

from .conftest import one

GOOGLE_APIS_VIP = "199.36.153.4/30"


@pytest.fixture(params=["forecast", "onco"])
def team(request, platform):
    return platform.team(request.param)


def _in(objects, team, kind):
    return [o for o in objects if o.kind == kind and o.file.startswith(f"teams/{team.name}/")]


def test_namespace_labels(objects, team):
    ns = one(objects, "Namespace", team.name)
    labels = ns.doc["metadata"]["labels"]
    assert labels[TEAM_LABEL] == team.name
    assert labels[DATA_CLASSIFICATION_LABEL] == team.data_classification
    assert labels["pod-security.kubernetes.io/enforce"] == "baseline"
    assert labels["pod-security.kubernetes.io/warn"] == "restricted"
    assert labels["pod-security.kubernetes.io/audit"] == "restricted"
    assert labels["istio-injection"] == "enabled"
    assert ns.doc["metadata"]["annotations"]["owner"] == team.owners[0]


def test_profile_owner_and_quota_match_the_resource_quota(objects, team):
    profile = one(objects, "Profile", team.name).doc
    assert profile["spec"]["owner"] == {"kind": "User", "name": team.owners[0]}
    quota = one(objects, "ResourceQuota", "kf-resource-quota", team.name).doc
    assert quota["spec"]["hard"]["requests.nvidia.com/gpu"] == str(team.gpu_quota)
    assert profile["spec"]["resourceQuotaSpec"] == quota["spec"], (
        f"{team.name}: Profile.resourceQuotaSpec and kf-resource-quota differ, so the "
        "profile controller and Argo CD would fight over the quota"
    )
    assert quota["spec"]["hard"]["services.loadbalancers"] == "0"


def test_quota_values_of_the_example(objects):
    """The teams' quotas (upstream components bring ResourceQuotas of their own)."""
    quotas = [o for o in objects if o.kind == "ResourceQuota" and o.file.startswith("teams/")]
    for quota in quotas:
        assert quota.file.split("/")[1] == quota.doc["metadata"]["namespace"], (
            f"{quota}: not in its team's namespace"
        )
    got = {
        o.doc["metadata"]["namespace"]: o.doc["spec"]["hard"]["requests.nvidia.com/gpu"]
        for o in quotas
    }
    assert got == {"forecast": "2", "onco": "4"}
    assert len(quotas) == len(got), f"a team has more than one ResourceQuota: {quotas}"


def test_service_accounts_act_as_the_team_google_service_account(objects, team, names):
    for ksa in TEAM_KSAS:
        sa = one(objects, "ServiceAccount", ksa, team.name).doc
        assert sa["metadata"]["annotations"] == {
            "iam.gke.io/gcp-service-account": names.team_service_account_email(team.name)
        }
    onco = one(objects, "ServiceAccount", "default-editor", "onco").doc
    assert onco["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] == (
        "sg-team-onco@acme-ml-platform.iam.gserviceaccount.com"
    )


def test_pipeline_root_is_the_team_bucket(objects, team, names):
    launcher = one(objects, "ConfigMap", "kfp-launcher", team.name).doc
    assert launcher["data"] == {"defaultPipelineRoot": names.pipeline_root(team.name)}
    assert launcher["data"]["defaultPipelineRoot"].startswith(
        f"gs://{names.team_bucket(team.name)}/"
    )


def test_limit_range_gives_containers_defaults(objects, team):
    (limits,) = one(objects, "LimitRange", "container-defaults", team.name).doc["spec"]["limits"]
    assert limits["type"] == "Container" and limits["default"] and limits["defaultRequest"]


def test_network_policies_deny_by_default(objects, team):
    deny = one(objects, "NetworkPolicy", "default-deny-all", team.name).doc["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_egress_leaves_the_cluster_only_for_google_apis_metadata_and_control_plane(
    objects, team, platform
):
    blocks = {
        peer["ipBlock"]["cidr"]
        for policy in _in(objects, team, "NetworkPolicy")
        for rule in policy.doc["spec"].get("egress", [])
        for peer in rule.get("to", [])
        if "ipBlock" in peer
    }
    assert blocks == {
        GOOGLE_APIS_VIP,
        "169.254.169.254/32",
        "169.254.169.252/32",
        platform.network.control_plane_cidr,
    }
    assert not any(ipaddress.ip_network(b).prefixlen < 28 for b in blocks), blocks


def test_every_egress_rule_names_its_peers(objects, team):
    """An egress rule without `to` would allow every destination."""
    for policy in _in(objects, team, "NetworkPolicy"):
        for rule in policy.doc["spec"].get("egress", []):
            assert rule.get("to"), f"{policy}: an egress rule with no peer allows everything"
        for rule in policy.doc["spec"].get("ingress", []):
            assert rule.get("from"), f"{policy}: an ingress rule with no peer allows everything"


def test_dns_istiod_and_kubeflow_are_allowed(objects, team):
    def ports(name):
        policy = one(objects, "NetworkPolicy", name, team.name).doc["spec"]
        return {
            (p["protocol"], p["port"]) for r in policy.get("egress", []) for p in r.get("ports", [])
        }

    assert ports("allow-dns") == {("UDP", 53), ("TCP", 53)}
    assert ports("allow-istio") == {("TCP", 15012)}
    assert {("TCP", 8888), ("TCP", 8080)} <= ports("allow-kubeflow")
