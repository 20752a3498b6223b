"""The login overlay on the hydrated Kubeflow tree: no static password, IAP's user as
kubeflow-userid, the ingress gateway only from the load balancer's proxy-only subnet."""

from __future__ import annotations

import copy

import pytest
import yaml

from sluicegate.gitops import login
from sluicegate.gitops.hydrate import Hydrated

PROXY_ONLY = "10.10.16.0/23"


@pytest.fixture(scope="module")
def overlaid(hydrated: Hydrated) -> dict[str, list[dict]]:
    """The session's hydrated tree, copied, with the login overlay applied."""
    overlay = login.login_overlay(PROXY_ONLY)
    return {app: overlay(app, copy.deepcopy(objects)) for app, objects in hydrated.items()}


def _named(objects: list[dict], kind: str, name: str) -> list[dict]:
    return [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]


def test_the_upstream_tree_has_what_the_overlay_changes(hydrated: Hydrated) -> None:
    # The names the overlay relies on, as Kubeflow 26.03 ships them.
    dex = hydrated["deps--dex"]
    config = yaml.safe_load(_named(dex, "ConfigMap", "dex")[0]["data"]["config.yaml"])
    assert config["enablePasswordDB"] is True and config["staticPasswords"], "deps--dex: dex ConfigMap"
    assert _named(dex, "Secret", "dex-passwords"), "deps--dex: no dex-passwords Secret"
    proxy = {(o["kind"], o["metadata"]["name"]) for o in hydrated["deps--oauth2-proxy"]}
    assert login.DEX_GATEWAY_AUTH <= proxy, f"deps--oauth2-proxy: {sorted(login.DEX_GATEWAY_AUTH - proxy)}"


def test_no_static_password_remains(overlaid: dict[str, list[dict]]) -> None:
    dex = overlaid["deps--dex"]
    [cm] = _named(dex, "ConfigMap", "dex")
    config = yaml.safe_load(cm["data"]["config.yaml"])
    assert "enablePasswordDB" not in config and "staticPasswords" not in config, config
    # The rest of Dex's config is untouched.
    assert config["issuer"] == "http://dex.auth.svc.cluster.local:5556/dex", config
    assert not [o for app in overlaid.values() for o in app if o["metadata"]["name"] == "dex-passwords"]
    [deployment] = _named(dex, "Deployment", "dex")
    # With neither password database nor connector Dex would crash-loop.
    assert deployment["spec"]["replicas"] == 0, "deps--dex: Deployment/dex"
    refs = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"]
    assert refs == [{"secretRef": {"name": "dex-oidc-client"}}], refs


def test_the_gateway_no_longer_sends_users_to_dex(overlaid: dict[str, list[dict]]) -> None:
    left = {(o["kind"], o["metadata"]["name"]) for o in overlaid["deps--oauth2-proxy"]}
    assert not left & login.DEX_GATEWAY_AUTH, sorted(left & login.DEX_GATEWAY_AUTH)
    custom = [
        o for app in overlaid.values() for o in app
        if o["kind"] == "AuthorizationPolicy" and o["spec"].get("action") == "CUSTOM"
    ]
    assert not custom, [o["metadata"]["name"] for o in custom]


def test_the_gateway_refuses_every_peer_outside_the_proxy_only_subnet(
    overlaid: dict[str, list[dict]],
) -> None:
    [policy] = _named(overlaid["deps--istio"], "AuthorizationPolicy", login.SOURCE_POLICY)
    assert policy["metadata"]["namespace"] == "istio-system"
    assert policy["spec"] == {
        "selector": {"matchLabels": {"app": "istio-ingressgateway", "istio": "ingressgateway"}},
        "action": "DENY",
        "rules": [{"from": [{"source": {"notIpBlocks": [PROXY_ONLY]}}]}],
    }, policy


def test_the_selector_matches_the_ingress_gateway_pods(overlaid: dict[str, list[dict]]) -> None:
    [service] = _named(overlaid["deps--istio"], "Service", login.GATEWAY_SERVICE)
    assert service["spec"]["selector"] == login.GATEWAY_SELECTOR, service["spec"]["selector"]


def test_iaps_user_becomes_kubeflow_userid_first_in_the_chain(
    overlaid: dict[str, list[dict]],
) -> None:
    [envoy_filter] = _named(overlaid["deps--istio"], "EnvoyFilter", login.USER_FILTER)
    [patch] = envoy_filter["spec"]["configPatches"]
    assert patch["match"]["context"] == "GATEWAY"
    assert patch["patch"]["operation"] == "INSERT_FIRST"
    lua = patch["patch"]["value"]["typed_config"]["default_source_code"]["inline_string"]
    # A client's own header is dropped before IAP's is read.
    assert lua.index('headers:remove("kubeflow-userid")') < lua.index(
        'headers:get("x-goog-authenticated-user-email")'
    ), lua
    assert '"accounts.google.com:"' in lua, lua


def test_the_foundation_opens_the_gateways_real_target_ports(hydrated: Hydrated) -> None:
    ports = login.gateway_target_ports(hydrated["deps--istio"])
    assert ports[login.HTTP_PORT_NAME] == login.HTTP_TARGET_PORT, ports
    assert ports[login.STATUS_PORT_NAME] == login.STATUS_TARGET_PORT, ports


def test_a_tree_without_the_dex_config_is_refused() -> None:
    with pytest.raises(login.LoginError, match="no ConfigMap/dex in the hydrated tree"):
        login.login_overlay(PROXY_ONLY)("deps--dex", [])


def test_without_passwords_keeps_the_rest() -> None:
    out = yaml.safe_load(
        login.without_passwords("issuer: x\nenablePasswordDB: true\nstaticPasswords: [a]\nweb: {http: ':1'}\n")
    )
    assert out == {"issuer": "x", "web": {"http": ":1"}}, out
