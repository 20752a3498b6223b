"""The Kubeflow dashboard's way in: an internal HTTPS load balancer with Identity-Aware Proxy.

A GKE Gateway of class ``gke-l7-rilb`` is a regional internal Application Load
Balancer: its address is in the nodes' subnet, reachable from the corporate network
(over the VPN or Interconnect the authorized networks already use), never from the
internet. The GKE Gateway controller builds it from these objects, all in
``istio-system`` beside the Istio ingress gateway's Service they point at:

- the Gateway, HTTPS on 443 with the certificate from the Kubernetes Secret
  ``TLS_SECRET`` (the operator creates it: a certificate for ``dashboard.hostname``
  from the corporate CA; docs/platform.md, "How a data scientist logs in");
- an HTTPRoute from the Gateway to the ingress gateway's plain-HTTP port: TLS ends
  at the load balancer, and the ingress gateway routes as it always has;
- a GCPBackendPolicy turning IAP on for that backend, with the OAuth client named
  in the spec and its secret in the Secret ``OAUTH_SECRET`` (key ``key``), which
  the operator creates: a client secret never goes through Pulumi state;
- a HealthCheckPolicy probing Istio's readiness endpoint on the status port: the
  default probe (``/`` on the serving port) would get Kubeflow's redirect or 403.

The GKE Gateway API CRDs and the GKE policies' CRDs come with the cluster's
``gateway_api_config`` (cluster.py). The Kubernetes objects of the synced tree that
accept IAP's user (and nothing else) are the login overlay (sluicegate.gitops.login).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from sluicegate.gitops.login import (
    GATEWAY_NAMESPACE,
    GATEWAY_SERVICE,
    HEALTH_PATH,
    STATUS_TARGET_PORT,
)
from sluicegate.spec.model import Dashboard as DashboardSpec

TYPE = "sluicegate:k8s:Dashboard"

# GKE's regional internal Application Load Balancer class
# (cloud.google.com/kubernetes-engine/docs/concepts/gateway-api, "GatewayClass capabilities").
GATEWAY_CLASS = "gke-l7-rilb"
GATEWAY_NAME = "kubeflow-dashboard"
ROUTE_NAME = "kubeflow-dashboard"
BACKEND_POLICY_NAME = "kubeflow-dashboard-iap"
HEALTH_CHECK_POLICY_NAME = "kubeflow-dashboard-health"
# Created by the operator before the first user signs in (docs/platform.md).
TLS_SECRET = "kubeflow-dashboard-tls"
OAUTH_SECRET = "kubeflow-dashboard-iap-oauth"
# The Service port of the ingress gateway the route sends to (its http2 port 80,
# target port 8080 on the pods: login.HTTP_TARGET_PORT, which the foundation opens).
GATEWAY_HTTP_PORT = 80
# Labels of the istio-system Namespace as the synced tree declares it
# (deps--istio-namespace in Kubeflow 26.03), so that Pulumi and Argo CD agree on it.
NAMESPACE_LABELS = {
    "istio-injection": "disabled",
    "istio-operator-managed": "Reconcile",
    "pod-security.kubernetes.io/enforce": "restricted",
}


@dataclass(frozen=True)
class DashboardArgs:
    spec: DashboardSpec
    provider: k8s.Provider
    # The cluster (its Gateway API CRDs) and anything else the objects wait for.
    depends_on: tuple[pulumi.Resource, ...] = ()


def _service_ref() -> dict:
    return {"group": "", "kind": "Service", "name": GATEWAY_SERVICE}


def gateway(spec: DashboardSpec) -> dict:
    """The internal Gateway's spec: one HTTPS listener for ``spec.hostname``."""
    return {
        "gatewayClassName": GATEWAY_CLASS,
        "listeners": [
            {
                "name": "https",
                "protocol": "HTTPS",
                "port": 443,
                "hostname": spec.hostname,
                "tls": {
                    "mode": "Terminate",
                    "certificateRefs": [{"kind": "Secret", "group": "", "name": TLS_SECRET}],
                },
                "allowedRoutes": {"namespaces": {"from": "Same"}},
            }
        ],
    }


def http_route(spec: DashboardSpec) -> dict:
    """The HTTPRoute's spec: everything for ``spec.hostname`` to the Istio ingress gateway."""
    return {
        "parentRefs": [{"kind": "Gateway", "name": GATEWAY_NAME}],
        "hostnames": [spec.hostname],
        "rules": [
            {
                "backendRefs": [
                    {"kind": "Service", "name": GATEWAY_SERVICE, "port": GATEWAY_HTTP_PORT}
                ]
            }
        ],
    }


def backend_policy(spec: DashboardSpec) -> dict:
    """The GCPBackendPolicy's spec: IAP on the ingress gateway's backend service."""
    return {
        "default": {
            "iap": {
                "enabled": True,
                "clientID": spec.iap_client_id,
                "oauth2ClientSecret": {"name": OAUTH_SECRET},
            }
        },
        "targetRef": _service_ref(),
    }


def health_check_policy() -> dict:
    """The HealthCheckPolicy's spec: Istio's readiness endpoint on the status port."""
    return {
        "default": {
            "config": {
                "type": "HTTP",
                "httpHealthCheck": {"port": STATUS_TARGET_PORT, "requestPath": HEALTH_PATH},
            }
        },
        "targetRef": _service_ref(),
    }


class Dashboard(pulumi.ComponentResource):
    """The internal Gateway with IAP in front of the Istio ingress gateway."""

    def __init__(self, name: str, args: DashboardArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        on_cluster = pulumi.ResourceOptions(
            parent=self, provider=args.provider, depends_on=list(args.depends_on)
        )
        # The synced tree creates istio-system too (deps--istio-namespace), but only
        # once Argo CD syncs, after `pulumi up`; the objects below need it now. The
        # same labels, and kept on `pulumi destroy`: Argo CD owns it from then on.
        self.namespace = k8s.core.v1.Namespace(
            f"{name}-namespace",
            metadata={"name": GATEWAY_NAMESPACE, "labels": dict(NAMESPACE_LABELS)},
            opts=pulumi.ResourceOptions.merge(
                on_cluster, pulumi.ResourceOptions(retain_on_delete=True)
            ),
        )
        in_namespace = pulumi.ResourceOptions.merge(
            on_cluster, pulumi.ResourceOptions(depends_on=[self.namespace])
        )

        def resource(suffix: str, api_version: str, kind: str, object_name: str, spec: dict):
            return k8s.apiextensions.CustomResource(
                f"{name}-{suffix}",
                api_version=api_version,
                kind=kind,
                metadata={
                    "name": object_name,
                    "namespace": GATEWAY_NAMESPACE,
                    "labels": {"app.kubernetes.io/managed-by": "sluicegate"},
                },
                spec=spec,
                opts=in_namespace,
            )

        self.gateway = resource(
            "gateway", "gateway.networking.k8s.io/v1", "Gateway", GATEWAY_NAME, gateway(args.spec)
        )
        self.route = resource(
            "route", "gateway.networking.k8s.io/v1", "HTTPRoute", ROUTE_NAME, http_route(args.spec)
        )
        self.backend_policy = resource(
            "iap",
            "networking.gke.io/v1",
            "GCPBackendPolicy",
            BACKEND_POLICY_NAME,
            backend_policy(args.spec),
        )
        self.health_check_policy = resource(
            "health",
            "networking.gke.io/v1",
            "HealthCheckPolicy",
            HEALTH_CHECK_POLICY_NAME,
            health_check_policy(),
        )
        self.register_outputs({"hostname": args.spec.hostname, "gateway": GATEWAY_NAME})
