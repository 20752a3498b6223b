package sluicegate_test.net_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

deny_all := ["google_compute_firewall", "deny", {"direction": "EGRESS", "destination_ranges": ["0.0.0.0/0"], "deny": [{"protocol": "all"}], "priority": 65534}]

test_pass_deny_all_with_narrow_allow if {
	d := fx.tf([deny_all, ["google_compute_firewall", "vip", {"direction": "EGRESS", "destination_ranges": ["199.36.153.4/30"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}]])
	count(sluicegate.fail_net_04) == 0 with data.sluicegate.doc as d
}

test_fail_only_implied_allow if {
	d := fx.tf([["google_compute_firewall", "ssh", {"direction": "INGRESS", "allow": [{"protocol": "tcp"}]}]])
	fx.addresses(sluicegate.fail_net_04) == {"google_compute_firewall"} with data.sluicegate.doc as d
}

test_fail_allow_to_everywhere_in_pulumi if {
	d := fx.both(fx.tf([deny_all]), fx.pulumi([["gcp:compute/firewall:Firewall", "open", {"direction": "EGRESS", "allows": [{"protocol": "all"}]}]]))
	fx.addresses(sluicegate.fail_net_04) == {fx.urn("gcp:compute/firewall:Firewall", "open")} with data.sluicegate.doc as d
}
