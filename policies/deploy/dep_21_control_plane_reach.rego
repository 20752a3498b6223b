# METADATA
# title: An operator path reaches the control plane
# description: >
#   `pulumi up` creates the Kubernetes resources (Argo CD, storage classes) through the
#   API server, so some path the spec declares must reach it without opening it: the
#   DNS endpoint accepting external traffic (IAM-gated, and behind the perimeter only for
#   the operators' access levels), or the private IP endpoint from an authorized network
#   that a VPN tunnel, an Interconnect attachment or a private-pool runner connects to the
#   VPC. A private endpoint with the DNS endpoint closed and nothing connected locks the
#   operators out: the plan fails before anything is applied.
# custom:
#   control_id: DEP-21
#   severity: high
#   layers: [platform, foundation]
#   scope: [google_container_cluster]
#   frameworks:
#     iso27001_2022: ["5.30", "8.20"]
#   remediation: >
#     Give the spec a vpc_sc perimeter with operators.access_levels (the kit then opens the
#     DNS endpoint behind it), or connect the authorized networks to the VPC with Cloud VPN,
#     Interconnect or a Cloud Build private pool and run `pulumi up` from there.
package sluicegate

import rego.v1

# What connects a network outside Google Cloud, or a runner, to the VPC.
_dep_21_connections := {
	"google_compute_vpn_tunnel",
	"google_compute_interconnect_attachment",
	"google_cloudbuild_worker_pool",
}

_dep_21_connected if {
	some t in _dep_21_connections
	count(resources_of(t)) > 0
}

_dep_21_dns_open(r) if attr(r, ["control_plane_endpoints_config", "dns_endpoint_config", "allow_external_traffic"]) == true

# Behind an enforced perimeter, a request from outside is admitted only from the
# operators' access levels.
_dep_21_dns_path(r) if {
	_dep_21_dns_open(r)
	not params.vpc_sc
}

_dep_21_dns_path(r) if {
	_dep_21_dns_open(r)
	params.vpc_sc
	count(params.operator_access_levels) > 0
}

_dep_21_ip_path(r) if {
	count(items(attr_or(r, ["master_authorized_networks_config", "cidr_blocks"], []))) > 0
	_dep_21_connected
}

# A public IP endpoint is a path too (GKE-02 fails it on its own).
_dep_21_ip_path(r) if attr(r, ["private_cluster_config", "enable_private_endpoint"]) == false

fail_dep_21 contains finding(r, concat("", [_dep_21_dns_reason(r), "; and no VPN tunnel, Interconnect attachment or private-pool runner connects the authorized networks to the VPC: `pulumi up` cannot reach the API server"])) if {
	some r in resources_of("google_container_cluster")
	not _dep_21_dns_path(r)
	not _dep_21_ip_path(r)
}

_dep_21_dns_reason(r) := "the DNS endpoint accepts external traffic but the perimeter admits no operator access level" if {
	_dep_21_dns_open(r)
} else := "the DNS endpoint refuses external traffic and the operators work from outside the VPC (their access levels)" if {
	count(params.operator_access_levels) > 0
} else := "the DNS endpoint refuses external traffic"

examined_dep_21 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
