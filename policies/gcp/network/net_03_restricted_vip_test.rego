package sluicegate_test.net_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

zone(id, dns_name) := ["google_dns_managed_zone", id, {"dns_name": dns_name, "name": id, "visibility": "private"}]

a_record(id, zone_id, ips) := ["google_dns_record_set", id, {"managed_zone": concat("", ["${google_dns_managed_zone.", zone_id, ".name}"]), "type": "A", "rrdatas": ips}]

vip := ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"]

route := ["google_compute_route", "vip", {"dest_range": "199.36.153.4/30", "next_hop_gateway": "default-internet-gateway"}]

allow := ["google_compute_firewall", "vip", {"direction": "EGRESS", "destination_ranges": ["199.36.153.4/30"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}]

gcr := [zone("gcr", "gcr.io."), a_record("gcr_a", "gcr", vip)]

good := array.concat([zone("apis", "googleapis.com."), a_record("apis_a", "apis", vip), zone("pkg", "pkg.dev."), a_record("pkg_a", "pkg", vip), route, allow], gcr)

test_pass_zones_route_and_egress if {
	count(sluicegate.fail_net_03) == 0 with data.sluicegate.doc as fx.tf(good)
}

test_fail_nothing_configured if {
	count(sluicegate.fail_net_03) == 5 with data.sluicegate.doc as fx.tf([])
}

# The foundation creates a gcr.io. zone too: a plan without it fails.
test_fail_no_gcr_zone if {
	d := fx.tf([x | some x in good; not x in gcr])
	fx.addresses(sluicegate.fail_net_03) == {"google_dns_managed_zone gcr.io."} with data.sluicegate.doc as d
}

test_fail_gcr_zone_pointing_elsewhere if {
	d := fx.tf(array.concat([x | some x in good; not x in gcr], [zone("gcr", "gcr.io."), a_record("gcr_a", "gcr", ["8.8.8.8"])]))
	fx.addresses(sluicegate.fail_net_03) == {"google_dns_managed_zone.gcr", "google_dns_record_set.gcr_a"} with data.sluicegate.doc as d
}

# No domains to check is no pass.
test_fail_no_domains_given if {
	d := json.patch(fx.tf(good), [{"op": "replace", "path": "/params/restricted_zones", "value": []}])
	fx.addresses(sluicegate.fail_net_03) == {"params.restricted_zones"} with data.sluicegate.doc as d
}

# What it examined holds every failure and every zone, record, route and firewall.
test_examined_holds_the_failures if {
	d := fx.tf([zone("apis", "googleapis.com."), a_record("apis_a", "apis", ["199.36.153.8"]), route])
	failed := {f.address | some f in sluicegate.fail_net_03} with data.sluicegate.doc as d
	entries := sluicegate.examined_net_03 with data.sluicegate.doc as d
	examined := {x | some x in entries; is_string(x)} | {x.address | some x in entries; is_object(x)}
	count(failed - examined) == 0
	{"google_dns_managed_zone.apis", "google_dns_record_set.apis_a", "google_compute_route.vip"} - examined == set()
}

test_fail_private_vip_instead_of_restricted if {
	d := fx.tf(array.concat([zone("apis", "googleapis.com."), a_record("apis_a", "apis", ["199.36.153.8"]), zone("pkg", "pkg.dev."), a_record("pkg_a", "pkg", vip), route, allow], gcr))
	fx.addresses(sluicegate.fail_net_03) == {"google_dns_managed_zone.apis", "google_dns_record_set.apis_a"} with data.sluicegate.doc as d
}
