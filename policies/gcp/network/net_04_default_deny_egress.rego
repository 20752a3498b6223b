# METADATA
# title: Egress is denied by default
# description: >
#   An EGRESS firewall rule denies all protocols to 0.0.0.0/0, replacing the implied
#   allow-all egress, and no EGRESS rule allows traffic to the whole internet: nodes
#   reach only what an explicit rule allows (the restricted VIP, the control plane, the
#   VPC's own ranges).
# custom:
#   control_id: NET-04
#   severity: critical
#   layers: [foundation]
#   scope: [google_compute_firewall]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.12", "8.20"]
#   remediation: >
#     Add google_compute_firewall with direction = "EGRESS", deny { protocol = "all" },
#     destination_ranges = ["0.0.0.0/0"] and a low priority (65534); allow only narrow ranges.
package sluicegate

import rego.v1

_net_04_egress := [r |
	some r in resources_of("google_compute_firewall")
	attr(r, ["direction"]) == "EGRESS"
]

# No destination_ranges on an egress rule means every destination.
_net_04_everywhere(r) if "0.0.0.0/0" in attr(r, ["destination_ranges"])

_net_04_everywhere(r) if not attr(r, ["destination_ranges"])

fail_net_04 contains missing("foundation", "google_compute_firewall", "no EGRESS rule denies all traffic to 0.0.0.0/0") if {
	shared_resources_here
	count([r |
		some r in _net_04_egress
		_net_04_everywhere(r)
		some deny in items(attr_or(r, ["deny"], []))
		field(r, deny, "protocol") == "all"
		not attr(r, ["disabled"]) == true
	]) == 0
}

fail_net_04 contains finding(r, "an EGRESS rule allows traffic to every destination") if {
	some r in _net_04_egress
	_net_04_everywhere(r)
	count(items(attr_or(r, ["allow"], []))) > 0
}

examined_net_04 contains looked_for("foundation", "google_compute_firewall") if shared_resources_here

examined_net_04 contains seen(r) if {
	some r in _net_04_egress
}
