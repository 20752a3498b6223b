# Locations: what "in the region" means for each kind of location value, and where a
# KMS key lives, resolved through Terraform references when the value is one.
package sluicegate

import rego.v1

# Locations compare case-insensitively: buckets report AUSTRALIA-SOUTHEAST1.
in_region(loc) if lower(loc) == region

# A zone of the region: australia-southeast1-a.
zone_in_region(z) if regex.match(`^[a-z]$`, trim_prefix(lower(z), concat("", [region, "-"])))

# A regional or zonal location in the region.
location_ok(loc) if in_region(loc)

location_ok(loc) if zone_in_region(loc)

# --- Terraform references ---------------------------------------------------------------------

# "${google_kms_crypto_key.buckets.id}" -> ["google_kms_crypto_key", "buckets", "id"]
tf_ref(v) := split(trim_suffix(trim_prefix(v, "${"), "}"), ".") if {
	is_string(v)
	regex.match(`^\$\{[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$`, v)
}

tf_resource(type, name) := r if {
	some r in resources_of(type)
	r.dialect == "terraform"
	r.name == name
}

# The location segment of a resource ID: projects/p/locations/<loc>/keyRings/...
id_location(id) := m[1] if {
	is_string(id)
	m := regex.find_all_string_submatch_n(`/locations/([^/]+)/`, id, 1)[0]
}

# key_ring_location(ref): a key ring's location from its ID or from a reference to it.
key_ring_location(ref) := id_location(ref)

key_ring_location(ref) := attr(tf_resource("google_kms_key_ring", parts[1]), ["location"]) if {
	parts := tf_ref(ref)
	parts[0] == "google_kms_key_ring"
}

# kms_key_location(ref): a crypto key's location from its ID, or through the Terraform
# key and key ring it refers to. Undefined when it cannot be resolved; rules then fail
# closed with a finding that says so.
kms_key_location(ref) := id_location(ref)

kms_key_location(ref) := key_ring_location(attr(tf_resource("google_kms_crypto_key", parts[1]), ["key_ring"])) if {
	parts := tf_ref(ref)
	parts[0] == "google_kms_crypto_key"
}

# kms_key_resolves(ref): the key behind ref is known (a literal ID or a resolvable reference).
kms_key_resolves(ref) if kms_key_location(ref)
