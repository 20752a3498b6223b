# METADATA
# title: Users reach the Kubeflow dashboard through an internal Gateway with IAP
# description: >
#   With default-deny egress nothing in the cluster reaches accounts.google.com, so the
#   only sign-in that works is Identity-Aware Proxy on an internal Application Load
#   Balancer. The platform must declare a gke-l7-rilb Gateway whose HTTPRoute sends to
#   a Service that a GCPBackendPolicy puts behind IAP; and no static password may remain
#   in Dex's config, the way in that would bypass IAP.
# custom:
#   control_id: DEP-13
#   severity: high
#   layers: [manifests, platform]
#   scope: [ConfigMap, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "kubernetes:networking.gke.io/v1:GCPBackendPolicy"]
#   frameworks:
#     hipaa: ["164.312(d)"]
#     iso27001_2022: ["5.17", "8.5"]
#   remediation: >
#     Set dashboard.hostname and dashboard.iap_client_id in platform.yaml and re-plan (the
#     Dashboard component declares the Gateway, HTTPRoute and GCPBackendPolicy); re-render
#     the tree so the login overlay removes enablePasswordDB and staticPasswords from the
#     dex ConfigMap.
package sluicegate

import rego.v1

_dep_13_internal_class := "gke-l7-rilb"

_dep_13_gateways contains attr(r, ["metadata", "name"]) if {
	some r in resources_of("kubernetes:gateway.networking.k8s.io/v1:Gateway")
	attr(r, ["spec", "gatewayClassName"]) == _dep_13_internal_class
}

# Services behind IAP.
_dep_13_iap_services contains attr(r, ["spec", "targetRef", "name"]) if {
	some r in resources_of("kubernetes:networking.gke.io/v1:GCPBackendPolicy")
	attr(r, ["spec", "default", "iap", "enabled"]) == true
	attr(r, ["spec", "targetRef", "kind"]) == "Service"
}

# An internal Gateway whose route reaches a Service behind IAP.
_dep_13_reachable if {
	some r in resources_of("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")
	some parent in attr(r, ["spec", "parentRefs"])
	_dep_13_gateways[parent.name]
	some rule in attr(r, ["spec", "rules"])
	some backend in rule.backendRefs
	_dep_13_iap_services[backend.name]
}

_dep_13_platform_planned if count(pulumi_resources) > 0

fail_dep_13 contains missing("platform", "dashboard", "no internal (gke-l7-rilb) Gateway routes to a Service behind IAP: no user can sign in to Kubeflow") if {
	_dep_13_platform_planned
	not _dep_13_reachable
}

# Dex's password database, on (or static passwords listed) in its config.yaml.
_dep_13_password_key(config) := "enablePasswordDB" if regex.match(`(?m)^enablePasswordDB:\s*true\s*$`, config)

_dep_13_password_key(config) := "staticPasswords" if {
	not regex.match(`(?m)^enablePasswordDB:\s*true\s*$`, config)
	regex.match(`(?m)^staticPasswords:`, config)
}

fail_dep_13 contains k8s_finding(o, msg(["Dex's config.yaml keeps ", key, ": a static password is a way in that bypasses IAP"])) if {
	some o in k8s_of("ConfigMap")
	o.name == "dex"
	key := _dep_13_password_key(object.get(o.object, ["data", "config.yaml"], ""))
}
