# METADATA
# title: Nothing in the tree is exposed outside the cluster
# description: >
#   No Service is of type LoadBalancer or NodePort or lists externalIPs, and every team
#   namespace's quota allows zero load balancers and node ports, so users reach
#   workloads only through the authenticated Istio ingress gateway.
# custom:
#   control_id: K8S-05
#   severity: high
#   layers: [manifests]
#   scope: [Service, ResourceQuota]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.20"]
#   remediation: >
#     Use type ClusterIP behind the Istio gateway; set services.loadbalancers and
#     services.nodeports to "0" in the team's ResourceQuota.
package sluicegate

import rego.v1

fail_k8s_05 contains k8s_finding(o, msg(["Service of type ", o.object.spec.type])) if {
	some o in k8s_of("Service")
	o.object.spec.type in {"LoadBalancer", "NodePort"}
}

fail_k8s_05 contains k8s_finding(o, "Service lists externalIPs") if {
	some o in k8s_of("Service")
	count(object.get(o.object.spec, "externalIPs", [])) > 0
}

fail_k8s_05 contains missing("manifests", concat("", ["ResourceQuota/", ns]), msg(["namespace ", ns, "'s quota does not hold ", key, " at 0"])) if {
	some ns, _ in team_namespaces
	some key in ["services.loadbalancers", "services.nodeports"]
	not _k8s_05_held[[ns, key]]
}

# [namespace, key] of every quota that holds key at zero.
_k8s_05_held := {[o.namespace, key] |
	some o in k8s_of("ResourceQuota")
	some key in ["services.loadbalancers", "services.nodeports"]
	to_number(object.get(o.object, ["spec", "hard", key], "-1")) == 0
}

examined_k8s_05 contains seen(o) if {
	some o in k8s_of("Service")
}

examined_k8s_05 contains looked_for("manifests", concat("", ["ResourceQuota/", ns])) if {
	some ns, _ in team_namespaces
}
