package sluicegate_test.net_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

zone(id, dns_name) := ["google_dns_managed_zone", id, {"dns_name": dns_name, "name": id, "visibility": "private"}]

a_record(id, zone_id, ips) := ["google_dns_record_set", id, {"managed_zone": concat("", ["${google_dns_managed_zone.", zone_id, ".name}"]), "type": "A", "rrdatas": ips}]

vip := ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"]

route := ["google_compute_route", "vip", {"dest_range": "199.36.153.4/30", "next_hop_gateway": "default-internet-gateway"}]

allow := ["google_compute_firewall", "vip", {"direction": "EGRESS", "destination_ranges": ["199.36.153.4/30"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}]

good := [zone("apis", "googleapis.com."), a_record("apis_a", "apis", vip), zone("pkg", "pkg.dev."), a_record("pkg_a", "pkg", vip), route, allow]

test_pass_zones_route_and_egress if {
	count(sluicegate.fail_net_03) == 0 with data.sluicegate.doc as fx.tf(good)
}

test_fail_nothing_configured if {
	count(sluicegate.fail_net_03) == 4 with data.sluicegate.doc as fx.tf([])
}

test_fail_private_vip_instead_of_restricted if {
	d := fx.tf([zone("apis", "googleapis.com."), a_record("apis_a", "apis", ["199.36.153.8"]), zone("pkg", "pkg.dev."), a_record("pkg_a", "pkg", vip), route, allow])
	fx.addresses(sluicegate.fail_net_03) == {"google_dns_managed_zone.apis", "google_dns_record_set.apis_a"} with data.sluicegate.doc as d
}
