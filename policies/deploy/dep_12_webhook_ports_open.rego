# METADATA
# title: The control plane reaches every webhook the synced tree serves
# description: >
#   A private cluster's control plane reaches the nodes only on 443 and 10250 unless a
#   firewall rule opens more. Every admission webhook, CRD conversion webhook and
#   APIService in the synced tree is resolved (in Python, from the audited manifests) to
#   the pod port it calls, and that port must be allowed by an ingress firewall rule from
#   the control-plane range to the nodes. Most Kubeflow webhooks fail closed, so a closed
#   port rejects every pod in the namespaces they watch. A webhook whose Service or port
#   cannot be found in the tree fails too.
# custom:
#   control_id: DEP-12
#   severity: high
#   layers: [manifests, foundation]
#   scope: [MutatingWebhookConfiguration, ValidatingWebhookConfiguration, CustomResourceDefinition, APIService, google_compute_firewall]
#   frameworks:
#     iso27001_2022: ["8.20", "8.32"]
#   remediation: >
#     Re-plan so the foundation's allow-ingress-control-plane-webhooks rule lists the
#     webhook ports the hydration derives, or add an INGRESS google_compute_firewall from
#     network.control_plane_cidr to the node service account for the port named.
package sluicegate

import rego.v1

# GKE's own rule for a private cluster opens these from the control plane.
_dep_12_gke_opens := {443, 10250}

_dep_12_rules := [r |
	some r in resources_of("google_compute_firewall")
	upper(attr_or(r, ["direction"], "INGRESS")) == "INGRESS"
	some cidr in attr_or(r, ["source_ranges"], [])
	cidr == params.control_plane_cidr
	_dep_12_targets_nodes(r)
]

_dep_12_targets_nodes(r) if {
	count(attr_or(r, ["target_service_accounts"], [])) == 0
	count(attr_or(r, ["target_tags"], [])) == 0
}

_dep_12_targets_nodes(r) if {
	some sa in attr_or(r, ["target_service_accounts"], [])
	sa == params.node_service_account
}

_dep_12_allows(r, port) if {
	some a in items(attr_or(r, ["allow"], []))
	lower(field(r, a, "protocol")) in {"tcp", "all"}
	count(field_or(r, a, "ports", [])) == 0
}

_dep_12_allows(r, port) if {
	some a in items(attr_or(r, ["allow"], []))
	lower(field(r, a, "protocol")) in {"tcp", "all"}
	some p in field_or(r, a, "ports", [])
	_dep_12_in_range(p, port)
}

_dep_12_in_range(p, port) if to_number(p) == port

_dep_12_in_range(p, port) if {
	contains(p, "-")
	[low, high] := split(p, "-")
	to_number(low) <= port
	port <= to_number(high)
}

_dep_12_open(port) if _dep_12_gke_opens[port]

_dep_12_open(port) if {
	some r in _dep_12_rules
	_dep_12_allows(r, port)
}

_dep_12_finding(t, text) := {
	"address": concat("", [t.file, "#", t.kind, "/", t.name]),
	"layer": "manifests", "type": t.kind, "file": t.file, "msg": text,
}

# The firewall rules are shared resources: checked where they are.
fail_dep_12 contains _dep_12_finding(t, msg(["webhook ", t.hook, " calls ", t.service, " on pod port ", t.port, ", which no ingress rule from the control plane (", params.control_plane_cidr, ") opens to the nodes"])) if {
	shared_resources_here
	some t in object.get(object.get(doc, "derived", {}), "webhook_targets", [])
	t.port != null
	not _dep_12_open(t.port)
}

fail_dep_12 contains _dep_12_finding(t, msg(["webhook ", t.hook, " cannot be resolved to a pod port: ", t.error])) if {
	shared_resources_here
	some t in object.get(object.get(doc, "derived", {}), "webhook_targets", [])
	t.port == null
}

examined_dep_12 contains seen(r) if {
	some r in _dep_12_rules
}

examined_dep_12 contains {"address": f.address, "layer": f.layer, "type": f.type} if {
	shared_resources_here
	some t in object.get(object.get(doc, "derived", {}), "webhook_targets", [])
	f := _dep_12_finding(t, "")
}
