"""How users reach Kubeflow: Identity-Aware Proxy in front, no password in the cluster.

Nodes have no egress but the restricted Google APIs VIP, so nothing in the cluster
can reach accounts.google.com: Dex's Google or OIDC connector could never redeem a
code. IAP on the internal Application Load Balancer (the platform's ``Dashboard``)
signs users in in the browser instead, and forwards each request to the Istio
ingress gateway with the user in ``x-goog-authenticated-user-email``
(``accounts.google.com:EMAIL``). The overlay here makes the synced tree accept that:

- Dex keeps no static password: ``enablePasswordDB`` and ``staticPasswords`` leave
  its config and the ``dex-passwords`` Secret leaves the tree. Dex refuses to start
  with neither a password database nor a connector ("server: no connectors
  specified", dexidp/dex server/server.go), so its Deployment is scaled to zero
  rather than left crash-looping (Argo CD would report it Degraded for ever);
- the gateway no longer sends users to oauth2-proxy and Dex: the CUSTOM ext-authz
  policy, the DENY that demands a Dex JWT and Dex's RequestAuthentication go. With
  them left, a request from IAP carries no Dex cookie or token and would be
  redirected to a Dex login page that has no way to sign anyone in;
- a DENY policy refuses every request to the gateway whose peer is not in the
  proxy-only subnet, so the identity header can only have been set by IAP;
- a Lua filter, first in the gateway's HTTP chain, drops any ``kubeflow-userid`` a
  client sent and sets it from IAP's header without the ``accounts.google.com:``
  prefix: the header every Kubeflow web app and AuthorizationPolicy reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from sluicegate.errors import SluicegateError
from sluicegate.gitops.hydrate import Objects, Overlay

DEX_APP = "deps--dex"
OAUTH2_PROXY_APP = "deps--oauth2-proxy"
ISTIO_APP = "deps--istio"
DEX_CONFIG = "dex"
DEX_PASSWORDS = "dex-passwords"
# The password-database keys of Dex's config.yaml (dexidp/dex cmd/dex/config.go).
PASSWORD_KEYS = ("enablePasswordDB", "staticPasswords")
# The gateway's authentication through oauth2-proxy and Dex (kubeflow/manifests
# common/oauth2-proxy): what IAP replaces.
DEX_GATEWAY_AUTH = {
    ("AuthorizationPolicy", "istio-ingressgateway-oauth2-proxy"),
    ("AuthorizationPolicy", "istio-ingressgateway-require-jwt"),
    ("RequestAuthentication", "dex-jwt"),
}

GATEWAY_NAMESPACE = "istio-system"
GATEWAY_SERVICE = "istio-ingressgateway"
GATEWAY_SELECTOR = {"app": "istio-ingressgateway", "istio": "ingressgateway"}
# The Service ports the load balancer uses: plain HTTP to the gateway (TLS ends at the
# load balancer) and Istio's status port, whose /healthz/ready answers 200 while the
# gateway is ready; the dashboard's own path answers a redirect or 403 to a probe.
HTTP_PORT_NAME = "http2"
STATUS_PORT_NAME = "status-port"
HEALTH_PATH = "/healthz/ready"
# What those Service ports map to on the pods in Kubeflow 26.03's Istio 1.29 gateway
# (the hydrated Service istio-ingressgateway; gateway_target_ports checks the tree):
# the foundation opens exactly these to the nodes.
HTTP_TARGET_PORT = 8080
STATUS_TARGET_PORT = 15021

USER_HEADER = "kubeflow-userid"
IAP_USER_HEADER = "x-goog-authenticated-user-email"
IAP_USER_PREFIX = "accounts.google.com:"

SOURCE_POLICY = "istio-ingressgateway-from-load-balancer"
USER_FILTER = "istio-ingressgateway-iap-user"

# Runs for every request before routing and authorization. A client's own
# kubeflow-userid is never believed; without IAP's header (or with another
# prefix) the request goes on with no user and Kubeflow refuses it.
USER_LUA = f"""function envoy_on_request(handle)
  local headers = handle:headers()
  headers:remove("{USER_HEADER}")
  local value = headers:get("{IAP_USER_HEADER}")
  if value == nil then
    return
  end
  local prefix = "{IAP_USER_PREFIX}"
  if string.sub(value, 1, string.len(prefix)) == prefix then
    headers:add("{USER_HEADER}", string.sub(value, string.len(prefix) + 1))
  end
end
"""


class LoginError(SluicegateError):
    """The hydrated tree lacks an object the login overlay changes or reads."""


def _named(objects: Iterable[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    for obj in objects:
        if obj.get("kind") == kind and obj["metadata"]["name"] == name:
            return obj
    raise LoginError(f"no {kind}/{name} in the hydrated tree: the login overlay cannot apply")


def without_passwords(config_yaml: str) -> str:
    """Dex's ``config.yaml`` with the password database and static passwords removed."""
    config = yaml.safe_load(config_yaml) or {}
    for key in PASSWORD_KEYS:
        config.pop(key, None)
    return yaml.safe_dump(config, sort_keys=False)


def _dex(objects: Objects) -> Objects:
    config = _named(objects, "ConfigMap", DEX_CONFIG)
    config["data"]["config.yaml"] = without_passwords(config["data"]["config.yaml"])
    deployment = _named(objects, "Deployment", "dex")
    deployment["spec"]["replicas"] = 0
    pod = deployment["spec"]["template"]["spec"]
    for container in pod["containers"]:
        refs = container.get("envFrom") or []
        container["envFrom"] = [
            r for r in refs if (r.get("secretRef") or {}).get("name") != DEX_PASSWORDS
        ]
    return [o for o in objects if not (o["kind"] == "Secret" and o["metadata"]["name"] == DEX_PASSWORDS)]


def source_policy(proxy_only_cidr: str) -> dict[str, Any]:
    """DENY every request to the ingress gateway whose peer is outside the proxy-only subnet.

    ``ipBlocks`` is the connection's source address (Istio's ``source.ip``), which a
    client cannot forge with a header, unlike ``remoteIpBlocks`` (X-Forwarded-For).
    The load balancer's Envoy proxies connect to the gateway pods directly
    (container-native load balancing), from the proxy-only subnet. A DENY, because
    the upstream ALLOW-all policy on the gateway would make an ALLOW a no-op.
    """
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": SOURCE_POLICY, "namespace": GATEWAY_NAMESPACE},
        "spec": {
            "selector": {"matchLabels": dict(GATEWAY_SELECTOR)},
            "action": "DENY",
            "rules": [{"from": [{"source": {"notIpBlocks": [proxy_only_cidr]}}]}],
        },
    }


def user_filter() -> dict[str, Any]:
    """The EnvoyFilter that maps IAP's user header to ``kubeflow-userid`` on the gateway."""
    return {
        "apiVersion": "networking.istio.io/v1alpha3",
        "kind": "EnvoyFilter",
        "metadata": {"name": USER_FILTER, "namespace": GATEWAY_NAMESPACE},
        "spec": {
            "workloadSelector": {"labels": dict(GATEWAY_SELECTOR)},
            "configPatches": [
                {
                    "applyTo": "HTTP_FILTER",
                    "match": {
                        "context": "GATEWAY",
                        "listener": {
                            "filterChain": {
                                "filter": {"name": "envoy.filters.network.http_connection_manager"}
                            }
                        },
                    },
                    "patch": {
                        "operation": "INSERT_FIRST",
                        "value": {
                            "name": "envoy.filters.http.lua",
                            "typed_config": {
                                "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
                                "default_source_code": {"inline_string": USER_LUA},
                            },
                        },
                    },
                }
            ],
        },
    }


def login_overlay(proxy_only_cidr: str) -> Overlay:
    """Overlay: IAP is the only way in (see the module doc); ``proxy_only_cidr`` is
    ``network.proxy_only_cidr``, where the load balancer's requests come from."""

    def overlay(app: str, objects: Objects) -> Objects:
        if app == DEX_APP:
            return _dex(objects)
        if app == OAUTH2_PROXY_APP:
            return [o for o in objects if (o["kind"], o["metadata"]["name"]) not in DEX_GATEWAY_AUTH]
        if app == ISTIO_APP:
            _named(objects, "Service", GATEWAY_SERVICE)
            return [*objects, source_policy(proxy_only_cidr), user_filter()]
        return objects

    return overlay


def gateway_target_ports(objects: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The ingress gateway Service's target port by port name, from the hydrated tree."""
    service = _named(
        (o for o in objects if o.get("metadata", {}).get("namespace") == GATEWAY_NAMESPACE),
        "Service",
        GATEWAY_SERVICE,
    )
    return {p["name"]: int(p.get("targetPort", p["port"])) for p in service["spec"]["ports"]}
