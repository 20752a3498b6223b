# METADATA
# title: No VM or node has an external IP
# description: >
#   The organization policy compute.vmExternalIpAccess denies every external IP, and no
#   VM or instance template in the configuration asks for one (an access_config block).
#   GKE nodes are covered by GKE-01.
# custom:
#   control_id: NET-01
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_org_policy_policy, google_compute_instance, google_compute_instance_template]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15", "8.20"]
#   remediation: >
#     Set google_org_policy_policy compute.vmExternalIpAccess with deny_all = "TRUE" and
#     remove access_config from network interfaces; reach the internet through Cloud NAT.
package sluicegate

import rego.v1

fail_net_01 contains missing("foundation", "compute.vmExternalIpAccess", "no organization policy denies external IPs on VMs") if {
	shared_resources_here
	not org_policy_denies_all("compute.vmExternalIpAccess")
}

fail_net_01 contains finding(r, "a network interface has an access_config (external IP)") if {
	some t in _net_01_vm_types
	some r in resources_of(t)
	some nic in items(attr_or(r, ["network_interface"], []))
	count(items(field_or(r, nic, "access_config", []))) > 0
}

examined_net_01 contains looked_for("foundation", "compute.vmExternalIpAccess") if shared_resources_here

examined_net_01 contains seen(r) if {
	some r in org_policies("compute.vmExternalIpAccess")
}

examined_net_01 contains seen(r) if {
	some t in _net_01_vm_types
	some r in resources_of(t)
}

_net_01_vm_types := [
	"google_compute_instance",
	"google_compute_instance_from_template",
	"google_compute_instance_template",
	"google_compute_region_instance_template",
]
