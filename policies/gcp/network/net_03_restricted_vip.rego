# METADATA
# title: Google APIs are reached only through the restricted VIP
# description: >
#   Private DNS zones for every domain of the restricted VIP (googleapis.com., pkg.dev.
#   for Artifact Registry and gcr.io. for the Container Registry names GKE still pulls
#   system images from: catalogue/perimeter.yaml) answer with restricted.googleapis.com
#   (199.36.153.4/30), a route sends that range to the default internet gateway, and an
#   egress rule allows TCP 443 to it. Without them API calls resolve to public VIPs,
#   which the perimeter cannot hold, or fail under default-deny.
# custom:
#   control_id: NET-03
#   severity: high
#   layers: [foundation]
#   scope: [google_dns_managed_zone, google_dns_record_set, google_compute_route, google_compute_firewall]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.12", "8.20"]
#   remediation: >
#     Create private google_dns_managed_zone googleapis.com., pkg.dev. and gcr.io. with A records to
#     199.36.153.4-7 and wildcard CNAMEs, a google_compute_route for 199.36.153.4/30 via
#     default-internet-gateway, and an EGRESS firewall allowing tcp:443 to 199.36.153.4/30.
package sluicegate

import rego.v1

_net_03_vip := {"199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"}

_net_03_range := "199.36.153.4/30"

# The domains the restricted VIP serves: params.restricted_zones (catalogue/perimeter.yaml),
# the list the foundation creates its zones from.
_net_03_domains := params.restricted_zones

fail_net_03 contains missing("foundation", "params.restricted_zones", "the audit was given no restricted VIP domains to check") if {
	shared_resources_here
	count(_net_03_domains) == 0
}

_net_03_zones(dns_name) := [z |
	some z in resources_of("google_dns_managed_zone")
	attr_or(z, ["dns_name"], "") == dns_name
	lower(attr_or(z, ["visibility"], "public")) == "private"
]

# Records of zone z: by reference to it or by its name.
_net_03_records(z) := [rec |
	some rec in resources_of("google_dns_record_set")
	_net_03_in_zone(rec, z)
]

_net_03_in_zone(rec, z) if {
	parts := tf_ref(attr(rec, ["managed_zone"]))
	parts[0] == "google_dns_managed_zone"
	parts[1] == z.name
}

_net_03_in_zone(rec, z) if attr(rec, ["managed_zone"]) == attr(z, ["name"])

fail_net_03 contains missing("foundation", concat("", ["google_dns_managed_zone ", dns_name]), msg(["no private zone for ", dns_name])) if {
	shared_resources_here
	some dns_name in _net_03_domains
	count(_net_03_zones(dns_name)) == 0
}

fail_net_03 contains finding(z, msg(["zone ", attr(z, ["dns_name"]), " has no A record for the restricted VIP"])) if {
	some dns_name in _net_03_domains
	some z in _net_03_zones(dns_name)
	count([rec |
		some rec in _net_03_records(z)
		attr(rec, ["type"]) == "A"
		count({ip | some ip in attr(rec, ["rrdatas"])} - _net_03_vip) == 0
	]) == 0
}

fail_net_03 contains finding(rec, msg(["A record points to ", attr(rec, ["rrdatas"]), ", outside the restricted VIP"])) if {
	some dns_name in _net_03_domains
	some z in _net_03_zones(dns_name)
	some rec in _net_03_records(z)
	attr(rec, ["type"]) == "A"
	count({ip | some ip in attr(rec, ["rrdatas"])} - _net_03_vip) > 0
}

fail_net_03 contains missing("foundation", "google_compute_route", msg(["no route sends ", _net_03_range, " to the default internet gateway"])) if {
	shared_resources_here
	count([r |
		some r in resources_of("google_compute_route")
		attr(r, ["dest_range"]) == _net_03_range
		attr(r, ["next_hop_gateway"]) == "default-internet-gateway"
	]) == 0
}

fail_net_03 contains missing("foundation", "google_compute_firewall", msg(["no egress rule allows tcp:443 to ", _net_03_range])) if {
	shared_resources_here
	count([r |
		some r in resources_of("google_compute_firewall")
		attr(r, ["direction"]) == "EGRESS"
		_net_03_range in attr(r, ["destination_ranges"])
		some allow in items(attr_or(r, ["allow"], []))
		field(r, allow, "protocol") == "tcp"
		"443" in field(r, allow, "ports")
	]) == 0
}

examined_net_03 contains looked_for("foundation", what) if {
	shared_resources_here
	some what in array.concat(
		[concat("", ["google_dns_managed_zone ", d]) | some d in _net_03_domains],
		["google_compute_route", "google_compute_firewall"],
	)
}

examined_net_03 contains looked_for("foundation", "params.restricted_zones") if shared_resources_here

examined_net_03 contains seen(r) if {
	some dns_name in _net_03_domains
	some z in _net_03_zones(dns_name)
	some r in array.concat([z], _net_03_records(z))
}

examined_net_03 contains seen(r) if {
	some t in ["google_compute_route", "google_compute_firewall"]
	some r in resources_of(t)
}
