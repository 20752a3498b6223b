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

# The custom resources' inputs are read as the manifest they are (not with attr, which
# unwraps one-element lists such as parentRefs).
_dep_13_gateways contains r.values.metadata.name if {
	some r in resources_of("kubernetes:gateway.networking.k8s.io/v1:Gateway")
	object.get(r.values, ["spec", "gatewayClassName"], "") == _dep_13_internal_class
}

# Services behind IAP.
_dep_13_iap_services contains r.values.spec.targetRef.name if {
	some r in resources_of("kubernetes:networking.gke.io/v1:GCPBackendPolicy")
	object.get(r.values, ["spec", "default", "iap", "enabled"], false) == true
	object.get(r.values, ["spec", "targetRef", "kind"], "") == "Service"
}

# An internal Gateway whose route reaches a Service behind IAP.
_dep_13_reachable if {
	some r in resources_of("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")
	some parent in object.get(r.values, ["spec", "parentRefs"], [])
	_dep_13_gateways[parent.name]
	some rule in object.get(r.values, ["spec", "rules"], [])
	some backend in object.get(rule, "backendRefs", [])
	_dep_13_iap_services[backend.name]
}

_dep_13_platform_planned if {
	shared_resources_here
	count(pulumi_resources) > 0
}

fail_dep_13 contains missing("platform", "dashboard", "no internal (gke-l7-rilb) Gateway routes to a Service behind IAP: no user can sign in to Kubeflow") if {
	_dep_13_platform_planned
	not _dep_13_reachable
}

# Dex's password database keys (dexidp/dex cmd/dex/config.go) at the top level of its
# config.yaml: the database turned on, or static passwords listed. Read line by line:
# a top-level key starts a line.
_dep_13_password_keys(config) := {key |
	some line in split(config, "\n")
	some key in ["enablePasswordDB", "staticPasswords"]
	startswith(line, concat("", [key, ":"]))
	not _dep_13_turned_off(line)
}

_dep_13_turned_off(line) if trim_space(split(line, ":")[1]) == "false"

fail_dep_13 contains k8s_finding(o, msg(["Dex's config.yaml keeps ", key, ": a static password is a way in that bypasses IAP"])) if {
	some o in k8s_of("ConfigMap")
	o.name == "dex"
	some key in _dep_13_password_keys(object.get(o.object, ["data", "config.yaml"], ""))
}

examined_dep_13 contains looked_for("platform", "dashboard") if _dep_13_platform_planned

examined_dep_13 contains seen(r) if {
	_dep_13_platform_planned
	some t in [
		"kubernetes:gateway.networking.k8s.io/v1:Gateway",
		"kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
		"kubernetes:networking.gke.io/v1:GCPBackendPolicy",
	]
	some r in resources_of(t)
}

examined_dep_13 contains seen(o) if {
	some o in k8s_of("ConfigMap")
	o.name == "dex"
}
