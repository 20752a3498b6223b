# METADATA
# title: Only internal networks may reach the control plane
# description: >
#   The cluster restricts its control plane to master authorized networks, every one of
#   them a private (RFC 1918) range, and does not also admit Google Cloud's public ranges.
# custom:
#   control_id: GKE-03
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["8.20", "8.22"]
#     cis_gke: ["5.6.3"]
#   remediation: >
#     Set master_authorized_networks_config with cidr_blocks of internal ranges only and
#     gcp_public_cidrs_access_enabled = false.
package sluicegate

import rego.v1

fail_gke_03 contains finding(r, "no master_authorized_networks_config: any address that reaches the endpoint may try it") if {
	some r in resources_of("google_container_cluster")
	not attr(r, ["master_authorized_networks_config"])
}

fail_gke_03 contains finding(r, msg(["authorized network '", cidr, "' is not a private range"])) if {
	some r in resources_of("google_container_cluster")
	some block in items(attr_or(r, ["master_authorized_networks_config", "cidr_blocks"], []))
	cidr := field(r, block, "cidr_block")
	not private_cidr(cidr)
}

fail_gke_03 contains finding(r, "gcp_public_cidrs_access_enabled admits every Google Cloud public IP") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["master_authorized_networks_config", "gcp_public_cidrs_access_enabled"]) == true
}

# RFC 1918 ranges, by their first octets (rego-cpp has no net.cidr_contains).
private_cidr(cidr) if startswith(cidr, "10.")

private_cidr(cidr) if startswith(cidr, "192.168.")

private_cidr(cidr) if {
	octets := split(cidr, ".")
	octets[0] == "172"
	to_number(octets[1]) >= 16
	to_number(octets[1]) <= 31
}

examined_gke_03 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
