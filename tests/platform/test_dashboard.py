"""The dashboard's internal Gateway with IAP, on the cluster's provider, in istio-system."""

from __future__ import annotations

from sluicegate.platform.dashboard import OAUTH_SECRET, TLS_SECRET
from tests.platform.conftest import Run

GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway"
ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"
BACKEND_POLICY = "kubernetes:networking.gke.io/v1:GCPBackendPolicy"
HEALTH_POLICY = "kubernetes:networking.gke.io/v1:HealthCheckPolicy"
INGRESS_SERVICE = {"group": "", "kind": "Service", "name": "istio-ingressgateway"}


def test_the_gateway_is_internal_https_for_the_spec_hostname(run: Run) -> None:
    gw = run.one(GATEWAY)
    assert gw.inputs["metadata"]["namespace"] == "istio-system", gw.urn
    spec = gw.inputs["spec"]
    assert spec["gatewayClassName"] == "gke-l7-rilb", f"{gw.urn}: not the internal class"
    [listener] = spec["listeners"]
    assert (listener["protocol"], listener["port"]) == ("HTTPS", 443), gw.urn
    assert listener["hostname"] == run.platform.dashboard.hostname, gw.urn
    assert listener["tls"]["certificateRefs"] == [{"kind": "Secret", "group": "", "name": TLS_SECRET}], gw.urn


def test_the_route_sends_the_hostname_to_the_istio_ingress_gateway(run: Run) -> None:
    route = run.one(ROUTE)
    spec = route.inputs["spec"]
    assert spec["parentRefs"] == [{"kind": "Gateway", "name": run.one(GATEWAY).inputs["metadata"]["name"]}]
    assert spec["hostnames"] == [run.platform.dashboard.hostname], route.urn
    assert spec["rules"] == [
        {"backendRefs": [{"kind": "Service", "name": "istio-ingressgateway", "port": 80}]}
    ], route.urn


def test_iap_guards_the_ingress_gateway_with_the_spec_client(run: Run) -> None:
    policy = run.one(BACKEND_POLICY)
    spec = policy.inputs["spec"]
    assert spec["targetRef"] == INGRESS_SERVICE, policy.urn
    assert spec["default"]["iap"] == {
        "enabled": True,
        "clientID": run.platform.dashboard.iap_client_id,
        # Only the Secret's name: the client secret never passes through Pulumi.
        "oauth2ClientSecret": {"name": OAUTH_SECRET},
    }, policy.urn


def test_health_checks_probe_istios_readiness_on_the_status_port(run: Run) -> None:
    policy = run.one(HEALTH_POLICY)
    spec = policy.inputs["spec"]
    assert spec["targetRef"] == INGRESS_SERVICE, policy.urn
    assert spec["default"]["config"] == {
        "type": "HTTP",
        "httpHealthCheck": {"port": 15021, "requestPath": "/healthz/ready"},
    }, policy.urn


def test_dashboard_objects_are_on_the_clusters_provider_after_the_cluster(run: Run) -> None:
    provider = run.one("pulumi:providers:kubernetes")
    component = run.one("sluicegate:k8s:Dashboard")
    cluster = run.one("gcp:container/cluster:Cluster")
    namespace = run.one("kubernetes:core/v1:Namespace", "dashboard-namespace")
    assert namespace.parent == component.urn, namespace.urn
    # Argo CD manages istio-system too: `pulumi destroy` must leave it.
    assert namespace.options.get("retainOnDelete") is True, namespace.options
    assert namespace.inputs["metadata"]["name"] == "istio-system", namespace.urn
    for token in (GATEWAY, ROUTE, BACKEND_POLICY, HEALTH_POLICY):
        r = run.one(token)
        assert r.provider and r.provider.startswith(f"{provider.urn}::"), f"{r.urn}: {r.provider}"
        assert r.parent == component.urn, r.urn
        assert cluster.urn in r.dependencies and namespace.urn in r.dependencies, (
            f"{r.urn}: depends on {r.dependencies}"
        )


def test_the_cluster_enables_the_gateway_api(run: Run) -> None:
    cluster = run.one("gcp:container/cluster:Cluster")
    assert cluster.inputs["gatewayApiConfig"] == {"channel": "CHANNEL_STANDARD"}, cluster.urn
